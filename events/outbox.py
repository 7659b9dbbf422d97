"""Durable events between apps (the transactional outbox).

Contract:

- ``publish(signal_path, **payload)`` is called inside the transaction that makes the
  change. It stores an ``OutboxEvent`` row in that same transaction, so the event exists
  exactly when the change does: a rollback drops both, a commit keeps both.
- After commit, ``events.tasks.deliver_event`` sends
  ``signal.send(sender=None, event_id=<id>, **payload)``. If the process dies between
  commit and delivery, or a receiver raises, the event stays pending and the relay
  (``events.tasks.relay_pending_events`` on Celery beat every minute, or
  ``manage.py relay_events``) delivers it again.
- Delivery is therefore *at least once*: receivers must be idempotent (they should only
  enqueue a Celery task whose work is idempotent). ``event_id`` lets a receiver
  de-duplicate if it needs to.
- Payload values must be JSON (ints, strings, bools, None, lists, dicts).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxEvent

logger = logging.getLogger(__name__)

#: How long one delivery may take before another relay may try the same event.
LEASE = timedelta(minutes=2)
#: Pending events younger than this are left to their own after-commit delivery.
RELAY_GRACE = timedelta(seconds=30)


def publish(signal_path: str, /, **payload) -> OutboxEvent:
    """Record an event in the current transaction; deliver it after commit."""
    import_string(signal_path)  # fail fast on a typo, inside the caller's transaction
    event = OutboxEvent.objects.create(signal=signal_path, payload=payload)
    event_id = event.pk

    def _enqueue() -> None:
        from .tasks import deliver_event

        try:
            deliver_event.delay(event_id)
        except Exception:  # broker down: the relay delivers it later
            logger.exception("Could not enqueue delivery of event %s", event_id)

    transaction.on_commit(_enqueue)
    return event


def _claim(event_id: int, now: datetime) -> bool:
    """Take a short lease on a pending event; False if delivered or leased elsewhere."""
    from django.db.models import Q

    return bool(
        OutboxEvent.objects.filter(pk=event_id, delivered_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + LEASE)
    )


def deliver(event_id: int, *, now: datetime | None = None) -> bool:
    """Send one pending event to its receivers. True when it is now delivered.

    Receivers run outside any transaction of ours (each does its own work); a receiver
    that raises leaves the event pending for the relay, and the others are not undone —
    which is why they must be idempotent.
    """
    now = now or timezone.now()
    if not _claim(event_id, now):
        return False
    event = OutboxEvent.objects.get(pk=event_id)
    errors: list[str] = []
    try:
        signal = import_string(event.signal)
        results = signal.send_robust(sender=None, event_id=event.pk, **event.payload)
        for receiver, result in results:
            if isinstance(result, Exception):
                logger.error(
                    "Receiver %r of %s failed",
                    receiver,
                    event.signal,
                    exc_info=(type(result), result, result.__traceback__),
                )
                errors.append(
                    f"{getattr(receiver, '__qualname__', receiver)}: {result!r}"
                )
    except Exception as exc:  # the signal path itself no longer imports
        logger.exception("Event %s (%s) could not be sent", event.pk, event.signal)
        errors.append(repr(exc))
    fields = {"attempts": event.attempts + 1, "claimed_until": None}
    if errors:
        fields["last_error"] = "\n".join(errors)[:4000]
    else:
        fields["delivered_at"] = timezone.now()
        fields["last_error"] = ""
    OutboxEvent.objects.filter(pk=event.pk).update(**fields)
    return not errors


def relay_pending(
    *, now: datetime | None = None, grace: timedelta = RELAY_GRACE, limit: int = 500
) -> int:
    """Deliver pending events older than ``grace``; return how many were delivered."""
    now = now or timezone.now()
    ids = list(
        OutboxEvent.objects.filter(
            delivered_at__isnull=True, created_at__lte=now - grace
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(event_id, now=now) for event_id in ids)
