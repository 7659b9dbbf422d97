"""Signal receivers: they only enqueue tasks (the signal is sent after commit)."""

from django.dispatch import receiver

from .signals import attempt_graded


@receiver(attempt_graded, dispatch_uid="assessments.course_recheck")
def _recheck_course(sender, attempt_id, passed, is_practice, **kwargs):
    if passed and not is_practice:
        from .tasks import course_recheck_after_attempt

        course_recheck_after_attempt.delay(attempt_id)
