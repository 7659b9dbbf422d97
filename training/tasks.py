"""Celery tasks: take ids, idempotent, safe to retry; each calls one service."""

from __future__ import annotations

import logging

from celery import shared_task

log = logging.getLogger("digiladder.training")


@shared_task(bind=True, max_retries=3)
def render_booklet(self, booklet_id: int) -> bool:
    """Draw a large-print booklet (a whole course takes a while: never in a request
    when a worker runs). A booklet already drawn is left alone."""
    from .models import Booklet
    from .services import booklet_render

    try:
        booklet_render(booklet_id=booklet_id)
    except Booklet.DoesNotExist:
        return False
    except Exception as exc:
        if self.request.is_eager:
            # In-process: the failure is on the row; the page offers "try again".
            log.exception("booklet %s failed", booklet_id)
            return False
        raise self.retry(exc=exc, countdown=20 * 2**self.request.retries) from exc
    return True
