"""Background jobs over a filtered set of certificates: re-render every PDF (after a
design change) or build one ZIP of their PDFs. Progress is stored on the ``BulkJob``
row as it goes; the ZIP is written to a temporary file and streamed into storage, a
PDF at a time, never held in memory as a whole."""

from __future__ import annotations

import logging
import shutil
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import BulkJob, Certificate

log = logging.getLogger("digiladder.certificates")

CHUNK = 1024 * 256


def bulk_job_create(*, actor, kind: str, certificate_ids: list[int]) -> BulkJob:
    from .services import _require_manager
    from .tasks import run_bulk_job

    _require_manager(actor)
    with transaction.atomic():
        job = BulkJob.objects.create(
            kind=kind, requested_by=actor, certificate_ids=list(certificate_ids)
        )
        transaction.on_commit(lambda: run_bulk_job.delay(job.pk))
    return job


def _tick(job: BulkJob, *, ok: bool) -> None:
    field = "done" if ok else "failed"
    BulkJob.objects.filter(pk=job.pk).update(**{field: F(field) + 1})


def bulk_job_run(*, job_id: int) -> int:
    from .services import certificate_render_pdf

    job = BulkJob.objects.get(pk=job_id)
    if job.finished_at is not None:
        return job.done
    BulkJob.objects.filter(pk=job.pk).update(done=0, failed=0)
    if job.kind == BulkJob.Kind.RERENDER:
        for pk in job.certificate_ids:
            try:
                certificate_render_pdf(certificate_id=pk)
            except Exception:  # noqa: BLE001 - counted, recorded on the certificate
                log.exception("bulk re-render of certificate %s failed", pk)
                _tick(job, ok=False)
            else:
                _tick(job, ok=True)
    else:
        _build_zip(job)
    BulkJob.objects.filter(pk=job.pk).update(finished_at=timezone.now())
    return BulkJob.objects.get(pk=job.pk).done


def _build_zip(job: BulkJob) -> None:
    from .services import certificate_render_pdf

    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            for pk in job.certificate_ids:
                try:
                    certificate = Certificate.objects.get(pk=pk)
                    if not certificate.pdf:
                        certificate = certificate_render_pdf(certificate_id=pk)
                    with (
                        certificate.pdf.open("rb") as src,
                        archive.open(f"{certificate.serial}.pdf", "w") as dst,
                    ):
                        shutil.copyfileobj(src, dst, CHUNK)
                except Exception:  # noqa: BLE001 - counted; the rest still zip
                    log.exception("certificate %s left out of ZIP %s", pk, job.pk)
                    _tick(job, ok=False)
                else:
                    _tick(job, ok=True)
        tmp.seek(0)
        job.result.save(f"certificates-{job.pk}.zip", File(tmp), save=False)
    BulkJob.objects.filter(pk=job.pk).update(result=job.result.name)
