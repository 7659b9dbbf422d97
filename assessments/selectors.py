"""Reads for learner pages, reviewers and reports: a constant number of queries."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from cms.compiled import CompiledQuery
from cms.pagecache import fragment_cached

from . import itemstats as stats
from . import scoring
from .models import (
    Accommodation,
    Attempt,
    AttemptAnswer,
    AttemptState,
    GiftImportJob,
    ImportStatus,
    MarkChange,
    QuestionKind,
    ReviewLevel,
    ReviewWhen,
    SkillTest,
)
from .responses import Display, display_for
from .services import accommodation_of, grade_for, person_attempts, start_check
from .versions import versions_by_id

COUNTED_STATES = (AttemptState.GRADED,)


# --------------------------------------------------------------------- my tests


@dataclass
class TestSummary:
    test: SkillTest
    attempts: list[Attempt]
    in_progress: Attempt | None
    grade: Decimal | None
    passed: bool | None
    can_start_reason: str | None = None

    @property
    def attempts_used(self) -> int:
        return len([a for a in self.attempts if a.state != AttemptState.IN_PROGRESS])

    @property
    def attempts_left(self) -> int | None:
        if not self.test.max_attempts:
            return None
        return max(self.test.max_attempts - self.attempts_used, 0)

    @property
    def last_finished(self) -> Attempt | None:
        done = [a for a in self.attempts if a.state != AttemptState.IN_PROGRESS]
        return done[-1] if done else None


def _summary(test: SkillTest, attempts: list[Attempt]) -> TestSummary:
    attempts = sorted(attempts, key=lambda a: a.number)
    counted = [
        a.score_percent
        for a in attempts
        if a.state in COUNTED_STATES
        and not a.is_practice
        and a.score_percent is not None
    ]
    grade = grade_for(test.grading_method, counted)
    in_progress = next(
        (a for a in attempts if a.state == AttemptState.IN_PROGRESS), None
    )
    return TestSummary(
        test=test,
        attempts=attempts,
        in_progress=in_progress,
        grade=grade,
        passed=None if grade is None else grade >= test.pass_mark_percent,
    )


#: The attempt fields the tests list needs.
_LIST_ATTEMPT_FIELDS = (
    "pk",
    "test_id",
    "number",
    "state",
    "score_percent",
    "passed",
    "is_practice",
    "submitted_at",
    "started_at",
    "deadline",
    "grace_seconds",
)


def published_tests() -> list[SkillTest]:
    """Every published test in list order (audience, title), read once per content
    generation: saving a test or one of its slots starts a new one
    (``cms.pagecache.CONTENT_MODELS``). Shared between requests: read them, never
    change them (``published_test`` hands out a copy)."""
    return fragment_cached(
        ("skilltests",),
        lambda: list(
            SkillTest.objects.filter(is_published=True).order_by("audience", "title")
        ),
    )


def published_test(slug: str) -> SkillTest | None:
    """The published test with this slug (a copy the caller may change), or None.
    No query while the content is unchanged."""
    for test in published_tests():
        if test.slug == slug:
            return copy.copy(test)
    return None


def test_by_id(test_id: int) -> SkillTest | None:
    """Any test, published or not (an attempt keeps its test), as a copy the caller
    may change; read once per content generation."""
    test = fragment_cached(
        ("skilltest", test_id), lambda: SkillTest.objects.filter(pk=test_id).first()
    )
    return copy.copy(test) if test is not None else None


def test_question_count(test: SkillTest) -> int:
    """How many questions an attempt at this test has (a random slot counts its
    draws), read once per content generation."""

    def build() -> int:
        slots = test.slots.values_list("question_id", "random_count")
        return sum(count if not question else 1 for question, count in slots)

    return fragment_cached(("skilltest-questions", test.pk), build)


def person_tests(*, user, audience: str | None = None) -> list[TestSummary]:
    """Published tests with this person's attempts: one query (the tests themselves
    are read once per content generation)."""
    tests = [t for t in published_tests() if not audience or t.audience == audience]
    if not tests:
        return []
    mine: dict[int, list[Attempt]] = {t.pk: [] for t in tests}
    attempts = Attempt.objects.filter(user=user).only(*_LIST_ATTEMPT_FIELDS).order_by()
    for attempt in attempts:
        if attempt.test_id in mine:
            mine[attempt.test_id].append(attempt)
    return [_summary(t, mine[t.pk]) for t in tests]


def summary_for_test(
    *, user, test: SkillTest, now: datetime | None = None
) -> TestSummary:
    attempts = person_attempts(user=user, test=test)
    summary = _summary(test, attempts)
    if summary.in_progress is None:
        summary.can_start_reason = start_check(
            user=user, test=test, now=now, attempts=attempts
        )
    return summary


def accommodation_for(*, user, test: SkillTest) -> Accommodation | None:
    return accommodation_of(user=user, test=test)


def grade_of_test(*, user, test: SkillTest) -> Decimal | None:
    scores = list(
        Attempt.objects.filter(
            user=user, test=test, state__in=COUNTED_STATES, is_practice=False
        )
        .order_by("number")
        .values_list("score_percent", flat=True)
    )
    return grade_for(test.grading_method, [s for s in scores if s is not None])


def passed_linked_test(user, course) -> tuple[bool, str]:
    """Training completion requirement: a course that needs a passed test has one."""
    from django.utils.translation import gettext as _

    if not getattr(course, "requires_passed_test", False):
        return True, ""
    tests = list(SkillTest.objects.filter(course_id=course.pk, is_published=True))
    if not tests:
        return True, ""
    for test in tests:
        grade = grade_of_test(user=user, test=test)
        if grade is not None and grade >= test.pass_mark_percent:
            return True, ""
    return False, _("Pass the skill test “%(title)s” to complete this course.") % {
        "title": tests[0].display_title
    }


# --------------------------------------------------------------------- taking


@dataclass
class QuestionView:
    position: int
    number: int  # 1-based, counting only questions (not descriptions)
    section: str
    kind: str
    marks: Decimal
    display: Display | None  # None: not displayed on this page
    answered: bool
    saved_at: datetime | None
    # Filled only when review allows:
    fraction: Decimal | None = None
    feedback: str = ""
    correct: Any = None
    correct_text: str = ""
    needs_manual: bool = False
    grader_comment: str = ""
    rubric_scores: list = field(default_factory=list)


def attach_versions(answers: list[AttemptAnswer]) -> None:
    """Give each answer its question version, read once per process
    (``assessments.versions``)."""
    found = versions_by_id({answer.version_id for answer in answers})
    for answer in answers:
        answer.version = found[answer.version_id]


def attempt_with_answers(
    *, attempt_id: int, owner=None
) -> tuple[Attempt, list[AttemptAnswer]]:
    """The attempt (with its test) and its answers with their versions: 2 queries
    (a third, once per process, for versions not read before; the test is read
    once per content generation).

    ``owner``: the person the caller expects it to belong to (the request's user):
    their row is not read again, and someone else's attempt comes back with
    ``user`` unloaded (the caller refuses it)."""
    if owner is None:
        attempt = Attempt.objects.select_related("user").get(pk=attempt_id)
    else:
        # The person's own attempt pages, opened by a crowd on every question: the
        # SQL is built once per process (cms.compiled).
        found = _ATTEMPT_BY_ID(int(attempt_id))
        if not found:
            raise Attempt.DoesNotExist(f"no attempt {attempt_id}")
        attempt = found[0]
        if attempt.user_id == owner.pk:
            attempt.user = owner
    test = test_by_id(attempt.test_id)
    if test is not None:  # (else it is read when asked for)
        attempt.test = test
    answers = _ANSWERS_OF_ATTEMPT(attempt.pk)
    attach_versions(answers)
    return attempt, answers


_ATTEMPT_BY_ID = CompiledQuery(
    Attempt, lambda pk: Attempt.objects.filter(pk=pk).order_by()
)
_ANSWERS_OF_ATTEMPT = CompiledQuery(
    AttemptAnswer,
    lambda attempt_id: AttemptAnswer.objects.filter(attempt_id=attempt_id).order_by(
        "position"
    ),
)


def question_views(
    attempt: Attempt, answers: list[AttemptAnswer], *, shown: int | None = None
) -> list[QuestionView]:
    """One view per answer, in order. ``shown``: the only position whose question is
    displayed (a one-question page): the others get ``display=None``, so the page's
    work does not grow with the test's length."""
    views = []
    number = 0
    for answer in answers:
        entry = attempt.layout[answer.position]
        spec = answer.version.as_spec
        if spec.kind != QuestionKind.DESCRIPTION:
            number += 1
        displayed = shown is None or answer.position == shown
        views.append(
            QuestionView(
                position=answer.position,
                number=number,
                section=entry.get("section", ""),
                kind=spec.kind,
                marks=answer.marks,
                display=(
                    display_for(spec, entry, answer.response) if displayed else None
                ),
                answered=answer.is_answered or spec.kind == QuestionKind.DESCRIPTION,
                saved_at=answer.saved_at,
            )
        )
    return views


def review_allowed(attempt: Attempt, now: datetime | None = None) -> str | None:
    """What the person may see of a finished attempt: None, "score", "feedback",
    "answers" (each including the previous)."""
    if attempt.state == AttemptState.IN_PROGRESS:
        return None
    test = attempt.test
    if test.review_level == ReviewLevel.SCORE:
        return ReviewLevel.SCORE
    now = now or timezone.now()
    if test.review_when == ReviewWhen.AFTER_CLOSE and not (
        test.closes_at and now >= test.closes_at
    ):
        return ReviewLevel.SCORE
    return test.review_level


def _correct_text(spec, display: Display) -> str:
    correct = scoring.correct_response(spec)
    if correct is None:
        return ""
    kind = spec.kind
    if kind == "truefalse":
        return str(display.options[0].text if correct else display.options[1].text)
    if kind == "multichoice":
        return spec.answers[correct].text
    if kind == "multiresponse":
        return "；".join(spec.answers[i].text for i in sorted(correct))
    if kind == "matching":
        return "；".join(f"{k} → {v}" for k, v in correct.items())
    if kind == "ordering":
        return " → ".join(correct)
    return str(correct)


def review_views(
    attempt: Attempt, answers: list[AttemptAnswer], level: str | None
) -> list[QuestionView]:
    views = question_views(attempt, answers)
    if level not in (ReviewLevel.FEEDBACK, ReviewLevel.ANSWERS):
        return views
    for view, answer in zip(views, answers, strict=True):
        spec = answer.version.as_spec
        view.fraction = answer.fraction
        view.needs_manual = answer.needs_manual and answer.graded_at is None
        view.grader_comment = answer.grader_comment
        view.rubric_scores = answer.rubric_scores
        if spec.kind != QuestionKind.DESCRIPTION:
            try:
                view.feedback = scoring.feedback_for(
                    spec, scoring.response_from_json(spec, answer.response)
                )
            except scoring.ResponseError:
                view.feedback = spec.general_feedback
        if level == ReviewLevel.ANSWERS:
            view.correct_text = _correct_text(spec, view.display)
    return views


# --------------------------------------------------------------------- reviewers


def grading_queue(*, exclude_user=None) -> list[AttemptAnswer]:
    qs = (
        AttemptAnswer.objects.filter(
            needs_manual=True,
            graded_at__isnull=True,
            attempt__state=AttemptState.NEEDS_GRADING,
        )
        .select_related("attempt__user", "attempt__test", "version__question")
        .order_by("attempt__submitted_at", "position")
    )
    if exclude_user is not None:
        qs = qs.exclude(attempt__user=exclude_user)
    return list(qs[:200])


# --------------------------------------------------------------------- statistics


@dataclass
class QuestionRow:
    position: int
    name: str
    kind: str
    stats: stats.QuestionStats


@dataclass
class TestReport:
    test: SkillTest
    quiz: stats.QuizStats | None
    rows: list[QuestionRow]
    bins: tuple
    scores: list[Decimal]
    note: str = ""


def statistics_report(*, test: SkillTest) -> TestReport:
    """Moodle-style statistics over every graded, counted attempt of the test.

    Random slots draw different questions, so statistics are per *position*; the
    name shown is the question most attempts saw there.
    """
    attempts = list(
        Attempt.objects.filter(test=test, state=AttemptState.GRADED, is_practice=False)
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=AttemptAnswer.objects.select_related(
                    "version__question"
                ).order_by("position"),
            )
        )
        .order_by("pk")
    )
    if not attempts:
        return TestReport(test, None, [], (), [])
    width = max(len(a.layout) for a in attempts)
    same = [a for a in attempts if len(a.layout) == width]
    rows_in: list[stats.AttemptScores] = []
    names: dict[int, dict[str, int]] = {}
    kinds: dict[tuple[int, str], str] = {}
    for a in same:
        answers = list(a.answers.all())
        fractions = []
        marks = []
        for ans in answers:
            fractions.append(ans.fraction)
            marks.append(ans.marks)
            bucket = names.setdefault(ans.position, {})
            qname = ans.version.question.name
            bucket[qname] = bucket.get(qname, 0) + 1
            kinds[(ans.position, qname)] = ans.version.question.kind
        rows_in.append(stats.AttemptScores(tuple(fractions), tuple(marks)))
    quiz = stats.quiz_statistics(rows_in)
    rows = []
    for q in quiz.questions:
        bucket = names.get(q.slot, {})
        name = max(bucket, key=bucket.get) if bucket else ""
        kind = kinds.get((q.slot, name), "")
        if len(bucket) > 1:
            name = f"{name} (+{len(bucket) - 1})"
        label = QuestionKind(kind).label if kind else ""
        rows.append(QuestionRow(q.slot + 1, name, str(label), q))
    scores = [a.score_percent for a in same if a.score_percent is not None]
    bins = stats.histogram(scores, low=0, high=100, bins=10)
    note = ""
    if len(same) != len(attempts):
        note = "mixed"
    return TestReport(test, quiz, rows, bins, scores, note)


def tests_with_attempt_counts():
    from django.db.models import Count

    return SkillTest.objects.annotate(
        graded=Count("attempts", filter=Q(attempts__state=AttemptState.GRADED))
    ).order_by("title")


# --------------------------------------------------------------------- mark changes


def finished_attempts(*, query: str = "", limit: int = 200) -> list[Attempt]:
    """Handed-in attempts, newest first; ``query`` matches a username or test title."""
    qs = (
        Attempt.objects.exclude(state=AttemptState.IN_PROGRESS)
        .select_related("user", "test")
        .order_by("-submitted_at", "-pk")
    )
    if query:
        qs = qs.filter(
            Q(user__username__icontains=query)
            | Q(test__title__icontains=query)
            | Q(test__title_en__icontains=query)
        )
    return list(qs[:limit])


def mark_changes(*, attempt: Attempt, kind: str | None = None) -> list[MarkChange]:
    """The attempt's mark history, oldest first, with each answer's position."""
    qs = MarkChange.objects.filter(attempt=attempt).select_related(
        "answer__version__question"
    )
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("changed_at", "pk"))


def recent_gift_jobs(*, user, limit: int = 10) -> list[GiftImportJob]:
    """The person's latest confirmed GIFT imports (not the bare previews)."""
    return list(
        GiftImportJob.objects.filter(created_by=user)
        .exclude(status=ImportStatus.PREVIEWED)
        .defer("text")
        .order_by("-created_at", "-pk")[:limit]
    )
