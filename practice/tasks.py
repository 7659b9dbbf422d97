"""Celery tasks for practice: thin, idempotent, safe to retry."""

from celery import shared_task

from . import services


@shared_task
def expire_helper_sessions() -> int:
    """Beat: pending helper sessions past their confirmation window expire."""
    return services.helper_sessions_expire()
