"""Small housekeeping tasks; ``ping`` proves a worker round trip."""

from celery import shared_task


@shared_task
def ping(value: int) -> int:
    """Echo a value back, doubled, so a test can tell the worker really ran it."""
    return value * 2


@shared_task
def heartbeat() -> str:
    return "ok"
