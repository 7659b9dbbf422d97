"""Celery tasks: take ids, idempotent, safe to retry."""

from celery import shared_task


@shared_task
def submit_overdue_attempts() -> int:
    """Hand in every attempt past its deadline and grace (beat, every minute)."""
    from .services import submit_overdue

    return submit_overdue()


@shared_task
def course_recheck_after_attempt(attempt_id: int) -> bool:
    """A passed attempt may complete the linked course; ask training to recheck."""
    from .models import Attempt

    attempt = (
        Attempt.objects.select_related("test__course", "user")
        .filter(pk=attempt_id)
        .first()
    )
    if attempt is None or not attempt.passed or attempt.test.course_id is None:
        return False
    try:
        from training.services import course_completion_recheck
    except ImportError:  # pragma: no cover
        return False
    course = attempt.test.course.specific
    course_completion_recheck(user=attempt.user, course=course)
    return True


@shared_task
def gift_import_run(job_id: int) -> str:
    """Run or resume a confirmed GIFT import (resumes from its last commit)."""
    from .services import gift_job_run

    job = gift_job_run(job_id=job_id)
    return job.status if job else "missing"
