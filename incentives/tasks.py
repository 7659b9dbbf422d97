"""Celery tasks: thin, idempotent, safe to retry."""

from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

#: While set, a run is already queued: a burst of changes costs one evaluation.
QUEUED_KEY = "incentives:evaluation-queued"


@shared_task
def evaluate_incentives_task(as_of: str | None = None) -> dict:
    """Evaluate all staff against the policies in effect and sync the HR queue."""
    from datetime import date

    from .services import cases_sync

    cache.delete(QUEUED_KEY)
    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    return cases_sync(as_of=day)


def enqueue_soon() -> None:
    """Queue one evaluation within a minute (called on commit by receivers)."""
    if cache.add(QUEUED_KEY, "1", timeout=60):
        evaluate_incentives_task.apply_async(countdown=20)
