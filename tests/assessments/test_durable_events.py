"""A hand-in whose process dies between commit and delivery still completes the course.

The subprocess hands in a passing attempt and is killed (SIGKILL) by an after-commit
hook registered before the outbox's own, i.e. after the grading committed and before
``attempt_graded`` left the process. The relay then delivers the event exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from assessments import services
from assessments.models import Attempt, AttemptState
from assessments.signals import attempt_graded
from events.models import OutboxEvent
from events.outbox import relay_pending
from training.models import CourseCompletion, LessonProgress

from .test_course_seam import course_with_test  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


KILLED_HAND_IN = textwrap.dedent(
    """
    import os, signal, sys
    import django
    django.setup()
    from django.db import transaction
    from django.contrib.auth import get_user_model
    from assessments import services
    attempt_id, user_id = int(sys.argv[1]), int(sys.argv[2])
    user = get_user_model().objects.get(pk=user_id)
    with transaction.atomic():
        # Runs first after commit: the grading is durable, the delivery never starts.
        transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
        services.attempt_submit(attempt_id=attempt_id, user=user)
    print("not killed")
    """
)


def test_event_survives_a_kill_between_commit_and_delivery(staff, course_with_test):  # noqa: F811
    course, lesson, test = course_with_test
    LessonProgress.objects.create(
        user=staff, lesson=lesson, course=course, completed_at=timezone.now()
    )
    attempt = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=staff, position=0, response=True
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "PYTHONPATH": ROOT,
    }
    env.pop("CELERY_BROKER_URL", None)  # eager in the child: no worker involved
    # when the hand-in process is killed right after its commit
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", KILLED_HAND_IN, str(attempt.pk), str(staff.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stderr[-2000:]
    assert "not killed" not in done.stdout
    # then the grading is kept and the event is pending, the course not yet complete
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert attempt.passed is True
    pending = OutboxEvent.objects.get(signal="assessments.signals.attempt_graded")
    assert pending.delivered_at is None
    assert pending.payload["attempt_id"] == attempt.pk
    assert not CourseCompletion.objects.filter(user=staff, course=course).exists()

    received = []

    def listener(sender, **kwargs):
        received.append(kwargs["attempt_id"])

    attempt_graded.connect(listener, weak=False)
    try:
        # a retried hand-in changes nothing and does not send the event again
        _again, changed = services.attempt_submit(attempt_id=attempt.pk, user=staff)
        assert changed is False
        # when the relay runs (beat, a minute later) — twice, as a crashed relay might
        later = timezone.now() + timedelta(minutes=1)
        assert relay_pending(now=later) == 1
        relay_pending(now=later + timedelta(minutes=5))
    finally:
        attempt_graded.disconnect(listener)
    # then it arrived exactly once and the course completion followed
    assert received == [attempt.pk]
    assert CourseCompletion.objects.filter(user=staff, course=course).count() == 1
    assert Attempt.objects.filter(pk=attempt.pk, passed=True).exists()
