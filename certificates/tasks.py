"""Celery tasks: take ids, idempotent, safe to retry; each calls one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

log = logging.getLogger("digiladder.certificates")


@shared_task
def check_user(user_id: int) -> list[int]:
    """Issue whatever the person has earned and does not hold yet (idempotent)."""
    from .services import certificates_issue_earned

    return [c.pk for c in certificates_issue_earned(user_id=user_id)]


@shared_task(bind=True, max_retries=6)
def render_pdf(self, certificate_id: int) -> bool:
    from cms.render_tasks import render_with_retry

    from .models import Certificate
    from .services import certificate_render_pdf

    # In-process (no broker) the error is on the certificate for the admin and the
    # nightly sweep tries again.
    return render_with_retry(
        self,
        lambda: certificate_render_pdf(certificate_id=certificate_id),
        missing=Certificate.DoesNotExist,
        what=f"certificate {certificate_id} PDF",
        countdown=30,
        log=log,
    )


@shared_task
def nightly() -> dict:
    """Beat, once a night: expire, remind, re-check recent learners (a lost event
    must not mean a lost certificate) and re-queue PDFs that are missing."""
    from .services import certificates_nightly

    return certificates_nightly(today=timezone.localdate())


@shared_task
def run_bulk_job(job_id: int) -> int:
    from .bulk import bulk_job_run

    return bulk_job_run(job_id=job_id)
