"""Attempts on the database: starting, saving, submitting, grading."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments import services
from assessments.models import (
    Accommodation,
    Attempt,
    AttemptAnswer,
    AttemptState,
    GradingMethod,
    QuestionVersion,
)
from assessments.signals import attempt_graded
from assessments.tasks import submit_overdue_attempts

from .conftest import essay, mc, tf

D = Decimal
pytestmark = pytest.mark.django_db


def answer_all_right(attempt):
    for pos, entry in enumerate(attempt.layout):
        if entry["kind"] == "truefalse":
            services.attempt_answer_save(
                attempt_id=attempt.pk, user=attempt.user, position=pos, response=True
            )
        elif entry["kind"] == "multichoice":
            services.attempt_answer_save(
                attempt_id=attempt.pk, user=attempt.user, position=pos, response=0
            )


# ------------------------------------------------------------------ versions


def test_editing_a_used_question_makes_a_new_version_and_old_attempts_keep_theirs(
    staff, make_test, category
):
    # given a test whose question was used in an attempt
    test = make_test([tf(correct=True)])
    attempt = services.attempt_start(user=staff, test=test)
    question = test.slots.get().question
    old_version_id = question.current_version_id
    # when an editor flips the right answer
    services.question_save(spec=tf(correct=False), category=category, question=question)
    # then the question has version 2 and the attempt still grades against version 1
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert attempt.layout[0]["version"] == old_version_id
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=staff, position=0, response=True
    )
    attempt, _ = services.attempt_submit(attempt_id=attempt.pk, user=staff)
    assert attempt.score_percent == D(100)


def test_saving_an_unchanged_question_makes_no_new_version(category):
    q = services.question_save(spec=tf(), category=category)
    services.question_save(spec=tf(), category=category, question=q)
    assert QuestionVersion.objects.filter(question=q).count() == 1


def test_versions_cannot_be_edited_in_place(category):
    q = services.question_save(spec=tf(), category=category)
    version = q.current_version
    version.spec = {"kind": "essay"}
    with pytest.raises(ValueError, match="immutable"):
        version.save()


# ------------------------------------------------------------------ start rules


def test_a_closed_test_cannot_be_started(staff, make_test):
    test = make_test([tf()], closes_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(services.AttemptNotAllowed, match="closed"):
        services.attempt_start(user=staff, test=test)


def test_a_test_not_yet_open_cannot_be_started(staff, make_test):
    test = make_test([tf()], opens_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(services.AttemptNotAllowed, match="opens"):
        services.attempt_start(user=staff, test=test)


def test_max_attempts_is_enforced(staff, make_test):
    test = make_test([tf()], max_attempts=2)
    for _ in range(2):
        a = services.attempt_start(user=staff, test=test)
        services.attempt_submit(attempt_id=a.pk, user=staff)
    with pytest.raises(services.AttemptNotAllowed, match="all 2 attempts"):
        services.attempt_start(user=staff, test=test)
    assert Attempt.objects.filter(user=staff, test=test).count() == 2


def test_wait_between_attempts_is_enforced(staff, make_test):
    test = make_test([tf()], wait_minutes=30)
    now = timezone.now()
    a = services.attempt_start(user=staff, test=test, now=now)
    services.attempt_submit(attempt_id=a.pk, user=staff, now=now)
    with pytest.raises(services.AttemptNotAllowed, match="try again"):
        services.attempt_start(user=staff, test=test, now=now + timedelta(minutes=10))
    again = services.attempt_start(
        user=staff, test=test, now=now + timedelta(minutes=31)
    )
    assert again.number == 2


def test_starting_again_resumes_the_attempt_in_progress(staff, make_test):
    test = make_test([tf(), mc()])
    first = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(
        attempt_id=first.pk, user=staff, position=0, response=True
    )
    second = services.attempt_start(user=staff, test=test)
    assert second.pk == first.pk
    assert Attempt.objects.filter(user=staff, test=test).count() == 1
    assert AttemptAnswer.objects.get(attempt=first, position=0).response is True


def test_random_draws_avoid_questions_seen_before_while_the_pool_allows(
    staff, make_test, category
):
    for i in range(6):
        services.question_save(spec=tf(name=f"pool-{i}"), category=category)
    test = make_test(random_from=category, random_count=2)
    rng = random.Random(7)
    seen: list[set[int]] = []
    for _ in range(3):
        a = services.attempt_start(user=staff, test=test, rng=rng)
        seen.append({e["question"] for e in a.layout})
        services.attempt_submit(attempt_id=a.pk, user=staff)
    # three attempts of 2 drew all 6 questions, none twice
    assert len(set().union(*seen)) == 6
    # a fourth attempt has to repeat, but still gets two distinct questions
    a = services.attempt_start(user=staff, test=test, rng=rng)
    assert len({e["question"] for e in a.layout}) == 2


def test_questions_are_frozen_when_the_attempt_starts(staff, make_test, category):
    test = make_test([tf()])
    a = services.attempt_start(user=staff, test=test)
    services.question_save(
        spec=tf(text="Changed"), category=category, question=test.slots.get().question
    )
    a.refresh_from_db()
    answer = AttemptAnswer.objects.get(attempt=a, position=0)
    assert answer.version.as_spec.text == "The sky is blue."


# ------------------------------------------------------------------ saving


def test_an_answer_for_a_position_outside_the_attempt_is_refused(staff, make_test):
    test = make_test([tf()])
    a = services.attempt_start(user=staff, test=test)
    with pytest.raises(services.AnswerRefused):
        services.attempt_answer_save(
            attempt_id=a.pk, user=staff, position=5, response=True
        )


def test_an_answer_of_the_wrong_shape_is_refused(staff, make_test):
    test = make_test([mc()])
    a = services.attempt_start(user=staff, test=test)
    with pytest.raises(services.AnswerRefused):
        services.attempt_answer_save(
            attempt_id=a.pk, user=staff, position=0, response=9
        )
    assert AttemptAnswer.objects.get(attempt=a).response is None


def test_someone_elses_attempt_is_refused(staff, make_user, make_test):
    test = make_test([tf()])
    a = services.attempt_start(user=staff, test=test)
    intruder = make_user()
    with pytest.raises(PermissionDenied):
        services.attempt_answer_save(
            attempt_id=a.pk, user=intruder, position=0, response=True
        )
    assert AttemptAnswer.objects.get(attempt=a).response is None


def test_an_answer_after_deadline_and_grace_submits_the_attempt_instead(
    staff, make_test
):
    test = make_test([tf(), mc()], time_limit_minutes=10, grace_seconds=30)
    start = timezone.now()
    a = services.attempt_start(user=staff, test=test, now=start)
    services.attempt_answer_save(
        attempt_id=a.pk, user=staff, position=0, response=True, now=start
    )
    # within grace: still accepted
    services.attempt_answer_save(
        attempt_id=a.pk,
        user=staff,
        position=1,
        response=1,
        now=start + timedelta(minutes=10, seconds=20),
    )
    with pytest.raises(services.AttemptClosed):
        services.attempt_answer_save(
            attempt_id=a.pk,
            user=staff,
            position=1,
            response=0,
            now=start + timedelta(minutes=11),
        )
    a.refresh_from_db()
    assert a.state == AttemptState.GRADED
    assert a.auto_submitted
    assert AttemptAnswer.objects.get(attempt=a, position=1).response == 1
    assert a.score_percent == D(50)


def test_saving_the_same_answer_twice_leaves_one_row(staff, make_test):
    test = make_test([tf()])
    a = services.attempt_start(user=staff, test=test)
    for _ in range(2):
        services.attempt_answer_save(
            attempt_id=a.pk, user=staff, position=0, response=False
        )
    assert AttemptAnswer.objects.filter(attempt=a).count() == 1


def test_accommodation_gives_extra_time_or_none(staff, make_user, make_test):
    test = make_test([tf()], time_limit_minutes=20)
    Accommodation.objects.create(user=staff, test=test, extra_minutes=10)
    now = timezone.now()
    a = services.attempt_start(user=staff, test=test, now=now)
    assert a.deadline == now + timedelta(minutes=30)
    other = make_user()
    Accommodation.objects.create(user=other, test=test, no_time_limit=True)
    assert services.attempt_start(user=other, test=test, now=now).deadline is None


# ------------------------------------------------------------------ submitting


def test_submitting_twice_changes_state_once_and_signals_once(
    staff, make_test, django_capture_on_commit_callbacks
):
    test = make_test([tf(), mc()])
    a = services.attempt_start(user=staff, test=test)
    answer_all_right(a)
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    attempt_graded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first, changed1 = services.attempt_submit(attempt_id=a.pk, user=staff)
        with django_capture_on_commit_callbacks(execute=True):
            second, changed2 = services.attempt_submit(attempt_id=a.pk, user=staff)
    finally:
        attempt_graded.disconnect(listener)
    assert (changed1, changed2) == (True, False)
    assert first.submitted_at == second.submitted_at
    assert len(received) == 1
    assert received[0]["passed"] is True
    assert first.score_percent == D(100)


def test_negative_marks_never_make_a_total_below_zero(staff, make_test):
    test = make_test([mc()])
    a = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(attempt_id=a.pk, user=staff, position=0, response=2)
    a, _ = services.attempt_submit(attempt_id=a.pk, user=staff)
    assert a.marks == D(0)
    assert a.passed is False


def test_overdue_task_submits_with_saved_answers(staff, make_test):
    test = make_test([tf()], time_limit_minutes=1, grace_seconds=0)
    past = timezone.now() - timedelta(minutes=5)
    a = services.attempt_start(user=staff, test=test, now=past)
    services.attempt_answer_save(
        attempt_id=a.pk, user=staff, position=0, response=True, now=past
    )
    fresh = services.attempt_start(
        user=staff, test=make_test([tf()], slug="t2", time_limit_minutes=60)
    )
    assert submit_overdue_attempts() == 1
    assert submit_overdue_attempts() == 0  # idempotent
    a.refresh_from_db()
    fresh.refresh_from_db()
    assert a.state == AttemptState.GRADED
    assert a.auto_submitted
    assert a.passed
    assert fresh.state == AttemptState.IN_PROGRESS


def test_an_overdue_attempt_is_submitted_on_next_start(staff, make_test):
    test = make_test([tf()], time_limit_minutes=1, grace_seconds=0)
    past = timezone.now() - timedelta(minutes=5)
    a = services.attempt_start(user=staff, test=test, now=past)
    b = services.attempt_start(user=staff, test=test)
    assert b.pk != a.pk
    a.refresh_from_db()
    assert a.state == AttemptState.GRADED
    assert a.auto_submitted


# ------------------------------------------------------------------ grading


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        pytest.param(GradingMethod.HIGHEST, D(80), id="highest"),
        pytest.param(GradingMethod.AVERAGE, D("53.3333"), id="average"),
        pytest.param(GradingMethod.FIRST, D(50), id="first"),
        pytest.param(GradingMethod.LAST, D(30), id="last"),
    ],
)
def test_grade_for_each_method(method, expected):
    assert services.grade_for(method, [D(50), D(80), D(30)]) == expected


def test_grade_for_no_attempts_is_none():
    assert services.grade_for(GradingMethod.HIGHEST, []) is None


def test_test_grade_ignores_practice_and_unfinished(staff, make_test):
    from assessments.selectors import grade_of_test

    test = make_test([tf()], grading_method=GradingMethod.LAST)
    a = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(attempt_id=a.pk, user=staff, position=0, response=True)
    services.attempt_submit(attempt_id=a.pk, user=staff)
    b = services.attempt_start(user=staff, test=test)
    assert grade_of_test(user=staff, test=test) == D(100)
    services.attempt_submit(attempt_id=b.pk, user=staff)
    assert grade_of_test(user=staff, test=test) == D(0)
    practice = make_test([tf()], slug="p", is_practice=True)
    p = services.attempt_start(user=staff, test=practice)
    services.attempt_answer_save(attempt_id=p.pk, user=staff, position=0, response=True)
    p, _ = services.attempt_submit(attempt_id=p.pk, user=staff)
    assert p.is_practice
    assert grade_of_test(user=staff, test=practice) is None


def test_essay_waits_for_a_reviewer_and_rubric_points_complete_the_grade(
    staff, reviewer, make_test, category
):
    q = services.question_save(
        spec=essay(),
        category=category,
        rubric=[
            {"label": "Names the trick", "max_points": "2"},
            {"label": "Says what to do", "max_points": "2"},
        ],
    )
    test = make_test([tf()])
    from assessments.models import TestSlot

    TestSlot.objects.create(test=test, question=q, sort_order=5, marks=D(3))
    a = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(attempt_id=a.pk, user=staff, position=0, response=True)
    services.attempt_answer_save(
        attempt_id=a.pk, user=staff, position=1, response="He asked for my code."
    )
    a, _ = services.attempt_submit(attempt_id=a.pk, user=staff)
    assert a.state == AttemptState.NEEDS_GRADING
    assert a.passed is None
    essay_answer = AttemptAnswer.objects.get(attempt=a, position=1)
    # nobody grades their own test, and only reviewers grade
    with pytest.raises(PermissionDenied):
        services.attempt_answer_grade(
            answer_id=essay_answer.pk, grader=staff, rubric_points=[D(2), D(2)]
        )
    # out-of-range points are a validation error
    with pytest.raises(ValidationError):
        services.attempt_answer_grade(
            answer_id=essay_answer.pk, grader=reviewer, rubric_points=[D(3), D(0)]
        )
    services.attempt_answer_grade(
        answer_id=essay_answer.pk,
        grader=reviewer,
        rubric_points=[D(2), D(1)],
        comment="Good",
    )
    a.refresh_from_db()
    assert a.state == AttemptState.GRADED
    # 1 (tf) + 3 × 3/4 = 3.25 of 4
    assert a.marks == D("3.25")
    assert a.score_percent == D("81.25")
    assert a.passed is True


def test_a_reviewer_cannot_grade_their_own_attempt(reviewer, make_test, category):
    q = services.question_save(spec=essay(), category=category)
    test = make_test()
    from assessments.models import TestSlot

    TestSlot.objects.create(test=test, question=q)
    a = services.attempt_start(user=reviewer, test=test)
    services.attempt_answer_save(
        attempt_id=a.pk, user=reviewer, position=0, response="x"
    )
    services.attempt_submit(attempt_id=a.pk, user=reviewer)
    answer = AttemptAnswer.objects.get(attempt=a)
    with pytest.raises(PermissionDenied):
        services.attempt_answer_grade(
            answer_id=answer.pk, grader=reviewer, fraction=D(1)
        )
    answer.refresh_from_db()
    assert answer.graded_at is None
