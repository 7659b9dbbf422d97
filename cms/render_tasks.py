"""Shared shape of the project's "draw a file" Celery tasks (certificate PDFs,
large-print booklets). Not tasks themselves: helpers the apps' tasks call."""

from __future__ import annotations

import logging


def render_with_retry(
    task, render, *, missing: type[Exception], what: str, countdown: int, log=None
) -> bool:
    """Run ``render()`` for a bound task: False when its row is gone (``missing``);
    on any other error, retried with back-off on a worker, or logged and False when
    run in-process (the failure is recorded on the row by the service, and the page
    or the nightly sweep offers another try — a request is never broken)."""
    try:
        render()
    except missing:
        return False
    except Exception as exc:
        if task.request.is_eager:
            (log or logging.getLogger("digiladder")).exception("%s failed", what)
            return False
        raise task.retry(
            exc=exc, countdown=countdown * 2**task.request.retries
        ) from exc
    return True
