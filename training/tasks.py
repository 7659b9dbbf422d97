"""Celery tasks: take ids, idempotent, safe to retry; each calls one service."""

from __future__ import annotations

import logging

from celery import shared_task

log = logging.getLogger("digiladder.training")


@shared_task(bind=True, max_retries=3)
def render_booklet(self, booklet_id: int) -> bool:
    """Draw a large-print booklet (a whole course takes a while: never in a request
    when a worker runs). A booklet already drawn is left alone."""
    from cms.render_tasks import render_with_retry

    from .models import Booklet
    from .services import booklet_render

    return render_with_retry(
        self,
        lambda: booklet_render(booklet_id=booklet_id),
        missing=Booklet.DoesNotExist,
        what=f"booklet {booklet_id}",
        countdown=20,
        log=log,
    )
