"""Grading integrity: reviewers grade only written answers waiting for a grade; any
other mark changes only with the override permission and a reason, is kept in an
append-only history, recomputes the attempt and is shown to the person."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import EDITORS, HR, REVIEWERS
from assessments import services
from assessments.models import (
    AttemptAnswer,
    AttemptState,
    MarkChange,
    MarkChangeKind,
    TestSlot,
)
from assessments.signals import attempt_graded

from .conftest import essay, mc, tf

pytestmark = pytest.mark.django_db
D = Decimal


def _refused(resp) -> bool:
    """Wagtail turns PermissionDenied into a redirect to the dashboard."""
    if resp.status_code == 302:
        return resp["Location"] == reverse("wagtailadmin_home")
    return resp.status_code == 403


def _admin(user):
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def seventy_percent(staff, make_test):
    """9 true/false (7 right) and a multiple choice answered wrong: 70%, pass 75%."""
    specs = [tf(name=f"tf{i}") for i in range(9)] + [mc()]
    test = make_test(specs, pass_mark_percent=D(75))
    attempt = services.attempt_start(user=staff, test=test)
    for pos, entry in enumerate(attempt.layout):
        if entry["kind"] == "truefalse":
            services.attempt_answer_save(
                attempt_id=attempt.pk, user=staff, position=pos, response=pos < 7
            )
        else:
            mc_pos = pos
            services.attempt_answer_save(
                attempt_id=attempt.pk, user=staff, position=pos, response=1
            )
    attempt, _ = services.attempt_submit(attempt_id=attempt.pk, user=staff)
    assert attempt.score_percent == D(70)
    assert attempt.passed is False
    return attempt, AttemptAnswer.objects.get(attempt=attempt, position=mc_pos)


@pytest.fixture
def essay_attempt(staff, make_test, category):
    q = services.question_save(spec=essay(), category=category)
    test = make_test([tf()])
    TestSlot.objects.create(test=test, question=q, sort_order=5, marks=D(1))
    attempt = services.attempt_start(user=staff, test=test)
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=staff, position=0, response=True
    )
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=staff, position=1, response="挂断电话"
    )
    attempt, _ = services.attempt_submit(attempt_id=attempt.pk, user=staff)
    assert attempt.state == AttemptState.NEEDS_GRADING
    return attempt, AttemptAnswer.objects.get(attempt=attempt, position=1)


# ------------------------------------------------------------------ reviewers


def test_a_reviewer_cannot_set_a_wrong_multiple_choice_answer_to_full_marks_by_id(
    client, reviewer, seventy_percent
):
    attempt, answer = seventy_percent
    client.force_login(_admin(reviewer))
    # given: the grading URL of an automatically marked answer, guessed by id
    url = reverse("assessments-grading:grade", args=[answer.pk])
    # when: the reviewer opens and posts 100% to it
    assert _refused(client.get(url))
    resp = client.post(url, {"percent": "100", "comment": "fine"})
    # then: refused, and nothing changed
    assert _refused(resp)
    with pytest.raises(PermissionDenied):
        services.attempt_answer_grade(
            answer_id=answer.pk, grader=reviewer, fraction=D(1)
        )
    answer.refresh_from_db()
    attempt.refresh_from_db()
    assert answer.fraction == 0
    assert answer.grader_id is None
    assert attempt.score_percent == D(70)
    assert attempt.passed is False
    assert not MarkChange.objects.exists()


def test_an_essay_already_graded_cannot_be_graded_again(reviewer, essay_attempt):
    attempt, answer = essay_attempt
    services.attempt_answer_grade(
        answer_id=answer.pk, grader=reviewer, fraction=D("0.5"), comment="ok"
    )
    with pytest.raises(services.GradingRefused) as refused:
        services.attempt_answer_grade(
            answer_id=answer.pk, grader=reviewer, fraction=D(1)
        )
    assert "reviewer1" in refused.value.messages[0]
    answer.refresh_from_db()
    assert answer.fraction == D("0.5")
    assert MarkChange.objects.filter(kind=MarkChangeKind.GRADE).count() == 1


def test_two_reviewers_grading_at_once_the_first_wins_and_the_second_is_told(
    client, make_user, reviewer, essay_attempt
):
    attempt, answer = essay_attempt
    other = _admin(make_user(REVIEWERS, username="reviewer2"))
    _admin(reviewer)
    url = reverse("assessments-grading:grade", args=[answer.pk])
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(other)
    # both open the form before either saves
    assert 'name="percent"' in first.get(url).content.decode()
    assert 'name="percent"' in second.get(url).content.decode()
    assert first.post(url, {"percent": "40", "comment": "A"}).status_code == 302
    resp = second.post(url, {"percent": "100", "comment": "B"})
    assert resp.status_code == 409
    html = resp.content.decode()
    assert "reviewer1 graded this answer at" in html
    assert "Your grade was not saved" in html
    answer.refresh_from_db()
    assert answer.fraction == D("0.4")
    assert answer.grader_id == reviewer.pk
    assert answer.grader_comment == "A"
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert attempt.score_percent == D(70)
    assert MarkChange.objects.count() == 1


def test_the_reviewers_first_grade_is_recorded_in_the_history(reviewer, essay_attempt):
    attempt, answer = essay_attempt
    services.attempt_answer_grade(
        answer_id=answer.pk, grader=reviewer, fraction=D(1), comment="完整"
    )
    change = MarkChange.objects.get()
    assert change.kind == MarkChangeKind.GRADE
    assert change.changed_by == reviewer
    assert change.old_fraction is None
    assert change.new_fraction == 1
    assert change.new_score_percent == D(100)
    assert change.new_passed is True


# ------------------------------------------------------------------ overrides


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        pytest.param(REVIEWERS, False, id="reviewer-refused"),
        pytest.param(HR, False, id="hr-refused"),
        pytest.param(EDITORS, True, id="editor-allowed"),
        pytest.param("superuser", True, id="superuser-allowed"),
    ],
)
def test_who_may_override_a_mark(make_user, seventy_percent, role, allowed):
    attempt, answer = seventy_percent
    if role == "superuser":
        user = make_user(username="root")
        user.is_superuser = True
        user.save()
    else:
        user = make_user(role, username=f"who-{role}")
    assert services.can_override_marks(user) is allowed
    if allowed:
        services.attempt_answer_override(
            answer_id=answer.pk, user=user, fraction=D(1), reason="Key was wrong"
        )
        answer.refresh_from_db()
        assert answer.fraction == 1
    else:
        with pytest.raises(PermissionDenied):
            services.attempt_answer_override(
                answer_id=answer.pk, user=user, fraction=D(1), reason="Key was wrong"
            )
        answer.refresh_from_db()
        assert answer.fraction == 0


def test_an_override_needs_a_reason(make_user, seventy_percent):
    attempt, answer = seventy_percent
    editor = make_user(EDITORS)
    with pytest.raises(ValidationError):
        services.attempt_answer_override(
            answer_id=answer.pk, user=editor, fraction=D(1), reason="   "
        )
    answer.refresh_from_db()
    assert answer.fraction == 0
    assert not MarkChange.objects.exists()


def test_an_override_recomputes_the_attempt_keeps_history_and_announces_again(
    make_user, seventy_percent, django_capture_on_commit_callbacks
):
    attempt, answer = seventy_percent
    editor = make_user(EDITORS, username="editor1")
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    attempt_graded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.attempt_answer_override(
                answer_id=answer.pk,
                user=editor,
                fraction=D(1),
                reason="Both answers are right for this phone model.",
            )
    finally:
        attempt_graded.disconnect(listener)
    attempt.refresh_from_db()
    assert attempt.score_percent == D(80)
    assert attempt.passed is True
    # what depends on the result (course completion, certificates) rechecks
    assert [r["attempt_id"] for r in received] == [attempt.pk]
    assert received[0]["passed"] is True
    change = MarkChange.objects.get()
    assert (change.kind, change.changed_by, change.changed_by_name) == (
        MarkChangeKind.OVERRIDE,
        editor,
        "editor1",
    )
    assert (change.old_fraction, change.new_fraction) == (0, 1)
    assert (change.old_score_percent, change.new_score_percent) == (70, 80)
    assert (change.old_passed, change.new_passed) == (False, True)
    # the history is append-only
    change.reason = "edited"
    with pytest.raises(ValueError, match="append-only"):
        change.save()
    with pytest.raises(ValueError, match="append-only"):
        change.delete()
    assert MarkChange.objects.get().reason.startswith("Both answers")


def test_an_override_of_a_mark_changed_meanwhile_is_refused(make_user, seventy_percent):
    attempt, answer = seventy_percent
    first, second = make_user(EDITORS), make_user(EDITORS)
    services.attempt_answer_override(
        answer_id=answer.pk,
        user=first,
        fraction=D("0.5"),
        reason="half",
        expected_fraction=D(0),
    )
    with pytest.raises(services.GradingRefused):
        services.attempt_answer_override(
            answer_id=answer.pk,
            user=second,
            fraction=D(1),
            reason="full",
            expected_fraction=D(0),  # what the second one saw before
        )
    answer.refresh_from_db()
    assert answer.fraction == D("0.5")
    assert MarkChange.objects.count() == 1


def test_nobody_overrides_their_own_attempt(make_user, make_test):
    editor = make_user(EDITORS)
    test = make_test([tf()])
    a = services.attempt_start(user=editor, test=test)
    services.attempt_answer_save(
        attempt_id=a.pk, user=editor, position=0, response=False
    )
    services.attempt_submit(attempt_id=a.pk, user=editor)
    answer = AttemptAnswer.objects.get(attempt=a)
    with pytest.raises(PermissionDenied):
        services.attempt_answer_override(
            answer_id=answer.pk, user=editor, fraction=D(1), reason="me"
        )


def test_an_ungraded_essay_is_graded_in_the_queue_not_overridden(
    make_user, essay_attempt
):
    attempt, answer = essay_attempt
    with pytest.raises(services.GradingRefused):
        services.attempt_answer_override(
            answer_id=answer.pk, user=make_user(EDITORS), fraction=D(1), reason="x"
        )


def test_editor_changes_a_mark_in_the_admin_and_the_person_sees_why(
    client, make_user, staff, seventy_percent
):
    attempt, answer = seventy_percent
    editor = _admin(make_user(EDITORS, username="editor1"))
    client.force_login(editor)
    index = client.get(reverse("assessments-marks:index"))
    assert index.status_code == 200
    url = reverse("assessments-marks:attempt", args=[attempt.pk])
    assert url in index.content.decode()
    form = client.get(url, {"answer": answer.position})
    assert 'name="reason"' in form.content.decode()
    # without a reason: refused, nothing changes
    resp = client.post(
        url + f"?answer={answer.position}",
        {"position": answer.position, "percent": "100", "expected": "0", "reason": ""},
    )
    assert resp.status_code == 400
    answer.refresh_from_db()
    assert answer.fraction == 0
    resp = client.post(
        url + f"?answer={answer.position}",
        {
            "position": answer.position,
            "percent": "100",
            "expected": "0.0000000",
            "reason": "答案有两种都对",
        },
    )
    assert resp.status_code == 302
    html = client.get(url).content.decode()
    assert "答案有两种都对" in html
    assert "70% → 80%" in html
    # the person sees it on their result page
    client.force_login(staff)
    result = client.get(reverse("assessments:result", args=[attempt.pk]))
    page = result.content.decode()
    assert "Changes to your marks" in page
    assert "答案有两种都对" in page
    assert "from 70% to 80%" in page
    assert "Passed" in page


def test_reviewers_cannot_open_the_marks_pages(client, reviewer, seventy_percent):
    # (HR is refused by the same check, see test_who_may_override_a_mark; its
    # admin pages additionally need TOTP first.)
    attempt, _answer = seventy_percent
    client.force_login(_admin(reviewer))
    assert _refused(client.get(reverse("assessments-marks:index")))
    assert _refused(client.get(reverse("assessments-marks:attempt", args=[attempt.pk])))
