"""Small housekeeping tasks. ``ping`` and ``orgunit_path`` prove a worker round trip."""

from celery import shared_task


@shared_task
def ping(value: int) -> int:
    """Echo a value back, doubled, so a test can tell the worker really ran it."""
    return value * 2


@shared_task
def orgunit_path(org_unit_id: int) -> str:
    """The unit's path from its district, e.g. "和平区 / 劝业场街道 / 新华社区"."""
    from accounts.models import OrgUnit

    names = []
    unit = OrgUnit.objects.filter(pk=org_unit_id).first()
    while unit is not None:
        names.append(unit.name)
        unit = unit.parent
    return " / ".join(reversed(names))


@shared_task
def heartbeat() -> str:
    return "ok"
