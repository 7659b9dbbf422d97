"""Celery tasks: take ids, idempotent, safe to retry."""

from celery import shared_task


@shared_task
def deliver_event(event_id: int) -> bool:
    """Deliver one outbox event right after its transaction commits."""
    from .outbox import deliver

    return deliver(event_id)


@shared_task
def relay_pending_events() -> int:
    """Deliver events whose first delivery was lost (beat, every minute)."""
    from .outbox import relay_pending

    return relay_pending()
