"""Signal receivers: they only enqueue the idempotent ``check_user`` task.

Both signals are sent after commit (or by the durable outbox, at least once), so a
duplicate delivery just runs a check that finds nothing new to issue.
"""

from django.dispatch import receiver

from assessments.signals import attempt_graded
from practice.signals import practice_changed
from training.signals import course_completed


@receiver(attempt_graded, dispatch_uid="certificates.on_attempt_graded")
def _on_attempt_graded(sender, user_id=None, passed=None, is_practice=False, **kwargs):
    if passed and not is_practice and user_id:
        from .tasks import check_user

        check_user.delay(user_id)


@receiver(course_completed, dispatch_uid="certificates.on_course_completed")
def _on_course_completed(sender, user_id=None, **kwargs):
    if user_id:
        from .tasks import check_user

        check_user.delay(user_id)


@receiver(practice_changed, dispatch_uid="certificates.on_practice_changed")
def _on_practice_changed(sender, user_id=None, kind=None, **kwargs):
    # Accepted work may complete a type that requires it ("practice_accepted").
    if user_id and kind == "task":
        from .tasks import check_user

        check_user.delay(user_id)
