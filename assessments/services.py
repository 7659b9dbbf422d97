"""Writes for the question bank and attempts.

Every function is keyword-only and atomic. Attempt writes lock the attempt row
(``select_for_update``; a no-op on SQLite, which serialises writers anyway), so
autosaves racing a submit or the deadline leave one consistent attempt: a save that
arrives after the submit is refused, never half-applied.
"""

from __future__ import annotations

import logging
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import REVIEWERS, user_has_role
from events.outbox import publish

from . import scoring
from .models import (
    Accommodation,
    Attempt,
    AttemptAnswer,
    AttemptState,
    GradingMethod,
    Question,
    QuestionCategory,
    QuestionKind,
    QuestionVersion,
    SkillTest,
)
from .responses import shuffle_for
from .spec_json import spec_from_json, spec_to_json

log = logging.getLogger("digiladder.assessments")

HUNDRED = Decimal(100)


class AttemptNotAllowed(Exception):
    """Starting an attempt is refused; ``message`` says why, in words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AnswerRefused(Exception):
    """An answer that cannot be saved (wrong slot, wrong shape): HTTP 400."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AttemptClosed(Exception):
    """The attempt is no longer open for answers (submitted, or just auto-submitted)."""

    def __init__(self, attempt: Attempt, message: str):
        super().__init__(message)
        self.attempt = attempt
        self.message = message


# --------------------------------------------------------------------------- bank


def category_ensure(*, path: str) -> QuestionCategory:
    """The category at "A/B/C", creating missing levels."""
    parent = None
    node = None
    for raw in path.split("/"):
        name = raw.strip()
        if not name:
            continue
        node = QuestionCategory.objects.filter(parent=parent, name=name).first()
        if node is None:
            node = QuestionCategory(parent=parent, name=name)
            node.full_clean()
            node.save()
        parent = node
    if node is None:
        raise ValidationError(
            {"category": _("Give a category path, e.g. 数字技能/防诈骗.")}
        )
    return node


def _check_rubric(rubric: list[dict]) -> list[dict]:
    cleaned = []
    for row in rubric or []:
        label = str(row.get("label", "")).strip()
        try:
            points = Decimal(str(row.get("max_points", "")))
        except ArithmeticError:
            points = Decimal(-1)
        if not label or points <= 0:
            raise ValidationError(
                {
                    "rubric": _(
                        "Each rubric line needs a description and points above 0."
                    )
                }
            )
        cleaned.append({"label": label, "max_points": str(points)})
    return cleaned


@transaction.atomic
def question_save(
    *,
    spec: scoring.QuestionSpec,
    category: QuestionCategory,
    question: Question | None = None,
    rubric: list[dict] | None = None,
    source_gift: str = "",
    user=None,
) -> Question:
    """Create a question, or give an existing one a new version if anything changed.

    Versions are never edited: attempts that used an older version keep it.
    """
    rubric = _check_rubric(rubric or [])
    # The bank's category lives on the model; a stale copy in the spec would mislead.
    spec = _with_category(spec, "")
    if question is None:
        question = Question(category=category, name=spec.name[:200], kind=spec.kind)
        question.full_clean(exclude=["current_version"])
        question.save()
        current = None
    else:
        question = Question.objects.select_for_update().get(pk=question.pk)
        current = question.current_version
    data = spec_to_json(spec)
    if current is not None and current.spec == data and current.rubric == rubric:
        if question.category_id != category.pk:
            question.category = category
            question.save(update_fields=["category", "updated_at"])
        return question
    number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = QuestionVersion.objects.create(
        question=question,
        number=number,
        spec=data,
        rubric=rubric,
        source_gift=source_gift,
        created_by=user if getattr(user, "pk", None) else None,
    )
    question.current_version = version
    question.name = spec.name[:200]
    question.kind = spec.kind
    question.category = category
    question.save(
        update_fields=["current_version", "name", "kind", "category", "updated_at"]
    )
    return question


@dataclass
class ImportResult:
    created: int
    skipped: int
    problems: list


def gift_import(
    *,
    text: str,
    category_path: str,
    partial: bool = False,
    dry_run: bool = False,
    skip_existing: bool = True,
    user=None,
) -> ImportResult:
    """Import GIFT text under ``category_path`` ($CATEGORY: lines nest below it).

    All-or-nothing unless ``partial``: with problems and not partial, nothing is
    written. A question whose name already exists in its category is skipped.
    """
    from . import gift

    if partial:
        specs, problems = gift.parse_gift_lenient(text)
    else:
        try:
            specs = gift.parse_gift(text)
            problems = []
        except gift.GiftError as exc:
            return ImportResult(0, 0, list(exc.problems))
    created = skipped = 0
    if dry_run:
        return ImportResult(len(specs), 0, list(problems))
    with transaction.atomic():
        cache: dict[str, QuestionCategory] = {}
        for spec in specs:
            path = category_path.strip("/")
            if spec.category:
                path = f"{path}/{spec.category.strip('/')}" if path else spec.category
            if path not in cache:
                cache[path] = category_ensure(path=path)
            category = cache[path]
            if (
                skip_existing
                and Question.objects.filter(
                    category=category, name=spec.name[:200]
                ).exists()
            ):
                skipped += 1
                continue
            question_save(spec=spec, category=category, user=user)
            created += 1
    return ImportResult(created, skipped, list(problems))


def gift_export(
    *, category: QuestionCategory, include_subcategories: bool = True
) -> str:
    from . import gift

    if include_subcategories:
        ids = category.descendant_ids()
    else:
        ids = [category.pk]
    current = Question.objects.filter(category_id__in=ids).values("current_version_id")
    versions = (
        QuestionVersion.objects.filter(pk__in=current)
        .select_related("question__category")
        .order_by("question__category__path", "question__name")
    )
    specs = []
    for v in versions:
        spec = spec_from_json(v.spec)
        rel = v.question.category.path
        base = category.path.rsplit("/", 1)[0] if "/" in category.path else ""
        rel = rel[len(base) + 1 :] if base else rel
        specs.append(_with_category(spec, rel))
    return gift.dump_gift(specs)


def _with_category(spec, category: str):
    import dataclasses

    return dataclasses.replace(spec, category=category)


# --------------------------------------------------------------------------- attempts


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _limit_for(*, test: SkillTest, user) -> timedelta | None:
    if not test.time_limit_minutes:
        return None
    acc = Accommodation.objects.filter(user=user, test=test).first()
    if acc and acc.no_time_limit:
        return None
    extra = acc.extra_minutes if acc else 0
    return timedelta(minutes=test.time_limit_minutes + extra)


def _pool_for(slot, exclude: set[int]) -> list[Question]:
    qs = Question.objects.filter(current_version__isnull=False).exclude(
        kind=QuestionKind.DESCRIPTION
    )
    if slot.random_category_id:
        if slot.include_subcategories:
            qs = qs.filter(category_id__in=slot.random_category.descendant_ids())
        else:
            qs = qs.filter(category_id=slot.random_category_id)
    if slot.random_tag_id:
        qs = qs.filter(tags=slot.random_tag_id)
    return [q for q in qs.order_by("pk").distinct() if q.pk not in exclude]


def _draw(
    *, test: SkillTest, seen: set[int], rng: random.Random
) -> list[tuple[Any, Question]]:
    """(slot, question) pairs; random slots prefer questions not seen before."""
    slots = list(
        test.slots.select_related(
            "question__current_version", "random_category"
        ).order_by("sort_order", "pk")
    )
    fixed = {s.question_id for s in slots if s.question_id}
    chosen: set[int] = set(fixed)
    picked: list[tuple[Any, Question]] = []
    for slot in slots:
        if slot.question_id:
            if slot.question.current_version_id:
                picked.append((slot, slot.question))
            continue
        pool = _pool_for(slot, chosen)
        fresh = [q for q in pool if q.pk not in seen]
        old = [q for q in pool if q.pk in seen]
        rng.shuffle(fresh)
        rng.shuffle(old)
        for q in (fresh + old)[: slot.random_count]:
            chosen.add(q.pk)
            picked.append((slot, q))
    return picked


def _previously_seen(*, user, test: SkillTest) -> set[int]:
    seen: set[int] = set()
    for layout in Attempt.objects.filter(user=user, test=test).values_list(
        "layout", flat=True
    ):
        seen.update(e["question"] for e in layout)
    return seen


def start_check(*, user, test: SkillTest, now: datetime | None = None) -> str | None:
    """Why a new attempt cannot start now (a translated sentence), or None."""
    now = _now(now)
    if not test.is_published:
        return _("This test is not available.")
    if test.opens_at and now < test.opens_at:
        return _("This test opens on %(when)s.") % {
            "when": timezone.localtime(test.opens_at).strftime("%Y-%m-%d %H:%M")
        }
    if test.closes_at and now >= test.closes_at:
        return _("This test closed on %(when)s.") % {
            "when": timezone.localtime(test.closes_at).strftime("%Y-%m-%d %H:%M")
        }
    previous = Attempt.objects.filter(user=user, test=test).exclude(
        state=AttemptState.IN_PROGRESS
    )
    if test.max_attempts and previous.count() >= test.max_attempts:
        return _("You have used all %(n)s attempts for this test.") % {
            "n": test.max_attempts
        }
    if test.wait_minutes:
        last = previous.aggregate(last=Max("submitted_at"))["last"]
        if last and now < last + timedelta(minutes=test.wait_minutes):
            when = timezone.localtime(last + timedelta(minutes=test.wait_minutes))
            return _("You can try again from %(when)s.") % {
                "when": when.strftime("%Y-%m-%d %H:%M")
            }
    return None


def attempt_start(
    *,
    user,
    test: SkillTest,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Start an attempt, or resume the one in progress. Freezes the questions drawn."""
    now = _now(now)
    current = Attempt.objects.filter(
        user=user, test=test, state=AttemptState.IN_PROGRESS
    ).first()
    if current is not None:
        if not current.is_overdue(now):
            return current
        attempt_submit(attempt_id=current.pk, now=now, auto=True)
    reason = start_check(user=user, test=test, now=now)
    if reason:
        raise AttemptNotAllowed(reason)
    rng = rng or random.SystemRandom()
    seen = _previously_seen(user=user, test=test)
    picked = _draw(test=test, seen=seen, rng=rng)
    if not picked:
        raise AttemptNotAllowed(_("This test has no questions yet."))
    layout = []
    for slot, question in picked:
        spec = spec_from_json(question.current_version.spec)
        entry = {
            "slot": slot.pk,
            "section": slot.section,
            "question": question.pk,
            "version": question.current_version_id,
            "kind": spec.kind,
            "marks": "0" if spec.kind == QuestionKind.DESCRIPTION else str(slot.marks),
        }
        entry.update(shuffle_for(spec, rng, test.shuffle_answers))
        layout.append(entry)
    limit = _limit_for(test=test, user=user)
    deadline = now + limit if limit else None
    if test.closes_at and (deadline is None or deadline > test.closes_at):
        # A test that closes hands in open attempts then, time limit or not.
        deadline = test.closes_at
    try:
        with transaction.atomic():
            number = (
                Attempt.objects.filter(user=user, test=test).aggregate(n=Max("number"))[
                    "n"
                ]
                or 0
            ) + 1
            attempt = Attempt.objects.create(
                user=user,
                test=test,
                number=number,
                started_at=now,
                deadline=deadline,
                grace_seconds=test.grace_seconds,
                is_practice=test.is_practice,
                layout=layout,
                submit_token=secrets.token_hex(8),
            )
            AttemptAnswer.objects.bulk_create(
                AttemptAnswer(
                    attempt=attempt,
                    position=i,
                    version_id=e["version"],
                    marks=Decimal(e["marks"]),
                )
                for i, e in enumerate(layout)
            )
    except IntegrityError:
        # Two starts raced (double click, two tabs): the other one won; resume it.
        existing = Attempt.objects.filter(
            user=user, test=test, state=AttemptState.IN_PROGRESS
        ).first()
        if existing is None:
            raise
        return existing
    return attempt


def spec_for_version(version_id: int) -> scoring.QuestionSpec:
    """The spec of a question version (one small query, no joins).

    Not cached across requests on purpose: SQLite may reuse the id of a deleted
    version, and a stale spec would grade the wrong question.
    """
    data = QuestionVersion.objects.values_list("spec", flat=True).get(pk=version_id)
    return spec_from_json(data)


def _lock_attempt(attempt_id: int) -> Attempt:
    return Attempt.objects.select_for_update().select_related("test").get(pk=attempt_id)


def attempt_answer_save(
    *,
    attempt_id: int,
    user,
    position: int,
    response: Any,
    now: datetime | None = None,
) -> AttemptAnswer:
    """Save one answer as given (idempotent).

    PermissionDenied for someone else's attempt; AnswerRefused for a position outside
    the attempt or a response the engine rejects; AttemptClosed when the attempt is
    already submitted or past its deadline and grace (it is then submitted with the
    answers saved so far).
    """
    with transaction.atomic():
        try:
            # Only what the checks need: the layout JSON is not parsed on every save.
            attempt = (
                Attempt.objects.select_for_update()
                .only("pk", "user_id", "state", "deadline", "grace_seconds")
                .get(pk=attempt_id)
            )
        except Attempt.DoesNotExist:
            raise AnswerRefused(_("There is no such attempt.")) from None
        # The clock is read once the row is ours, so times follow the lock order.
        now = _now(now)
        if attempt.user_id != getattr(user, "pk", None):
            log.warning(
                "answer refused: user %s wrote to attempt %s of user %s",
                getattr(user, "pk", None),
                attempt.pk,
                attempt.user_id,
            )
            raise PermissionDenied(_("This is not your attempt."))
        if attempt.state != AttemptState.IN_PROGRESS:
            raise AttemptClosed(attempt, _("This attempt has already been handed in."))
        answer = None
        if not attempt.is_overdue(now) and isinstance(position, int):
            answer = (
                AttemptAnswer.objects.select_for_update()
                .only("pk", "version_id", "response", "saved_at")
                .filter(attempt_id=attempt.pk, position=position)
                .first()
            )
            if answer is None:
                log.warning(
                    "answer refused: attempt %s has no position %r",
                    attempt.pk,
                    position,
                )
                raise AnswerRefused(_("That question is not part of this attempt."))
        elif not attempt.is_overdue(now):
            raise AnswerRefused(_("That question is not part of this attempt."))
        if answer is not None:
            spec = spec_for_version(answer.version_id)
            try:
                stored = (
                    None
                    if spec.kind == QuestionKind.DESCRIPTION
                    else scoring.response_to_json(spec, response)
                )
            except scoring.ResponseError as exc:
                log.warning("answer refused: attempt %s: %s", attempt.pk, exc)
                raise AnswerRefused(
                    _("That answer does not fit this question.")
                ) from None
            answer.response = stored
            answer.saved_at = now
            answer.save(update_fields=["response", "saved_at"])
            return answer
    # Past the deadline and grace: hand in what was saved, outside the refused write.
    attempt, _changed = attempt_submit(attempt_id=attempt_id, now=now, auto=True)
    raise AttemptClosed(
        attempt,
        _("Time was up, so your test was handed in with the answers saved before."),
    )


def _grade_answer(answer: AttemptAnswer) -> None:
    spec = answer.version.as_spec
    answer.needs_manual = False
    if spec.kind == QuestionKind.DESCRIPTION:
        answer.fraction = None
        return
    if not answer.is_answered:
        answer.fraction = Decimal(0)
        return
    if spec.kind in (QuestionKind.ESSAY,):
        answer.fraction = None
        answer.needs_manual = True
        return
    try:
        fraction = scoring.grade(
            spec, scoring.response_from_json(spec, answer.response)
        )
    except scoring.ResponseError:
        # A stored answer the engine rejects (should not happen: saves validate).
        fraction = Decimal(0)
    answer.fraction = Decimal(0) if fraction is None else fraction


def _totals(attempt: Attempt, answers: list[AttemptAnswer]) -> None:
    marks = Decimal(0)
    max_marks = Decimal(0)
    pending = False
    for a in answers:
        if a.version.as_spec.kind == QuestionKind.DESCRIPTION:
            continue
        max_marks += a.marks
        if a.needs_manual and a.graded_at is None:
            pending = True
            continue
        if a.fraction is not None:
            marks += a.fraction * a.marks
    marks = max(marks, Decimal(0))
    attempt.marks = marks
    attempt.max_marks = max_marks
    attempt.score_percent = (
        (marks * HUNDRED / max_marks).quantize(Decimal("0.0001"))
        if max_marks
        else Decimal(0)
    )
    if pending:
        attempt.state = AttemptState.NEEDS_GRADING
        attempt.passed = None
    else:
        attempt.state = AttemptState.GRADED
        attempt.passed = attempt.score_percent >= attempt.test.pass_mark_percent


def _announce(attempt: Attempt) -> None:
    payload = {
        "attempt_id": attempt.pk,
        "user_id": attempt.user_id,
        "test_id": attempt.test_id,
        "passed": bool(attempt.passed),
        "is_practice": attempt.is_practice,
    }
    # Durable: written with the grading, delivered after commit, relayed if lost.
    publish("assessments.signals.attempt_graded", **payload)


def attempt_submit(
    *,
    attempt_id: int,
    user=None,
    now: datetime | None = None,
    auto: bool = False,
) -> tuple[Attempt, bool]:
    """Hand in an attempt and grade it. Idempotent: returns (attempt, changed).

    ``user`` is checked when given (a person submitting); the overdue job passes None.
    """
    with transaction.atomic():
        attempt = _lock_attempt(attempt_id)
        now = _now(now)  # after the lock: later than every save it includes
        if user is not None and attempt.user_id != user.pk:
            raise PermissionDenied(_("This is not your attempt."))
        if attempt.state != AttemptState.IN_PROGRESS:
            return attempt, False
        answers = list(
            AttemptAnswer.objects.select_for_update()
            .filter(attempt=attempt)
            .select_related("version")
            .order_by("position")
        )
        groups: dict[tuple, list[int]] = {}
        for a in answers:
            _grade_answer(a)
            groups.setdefault((a.fraction, a.needs_manual), []).append(a.pk)
        # One UPDATE per distinct grade (usually 2–4) is much cheaper than
        # bulk_update's CASE over every row.
        for (fraction, needs_manual), ids in groups.items():
            AttemptAnswer.objects.filter(pk__in=ids).update(
                fraction=fraction, needs_manual=needs_manual
            )
        attempt.submitted_at = now
        attempt.auto_submitted = auto
        _totals(attempt, answers)
        if attempt.state == AttemptState.GRADED:
            attempt.graded_at = now
        attempt.save(
            update_fields=[
                "state",
                "submitted_at",
                "auto_submitted",
                "graded_at",
                "marks",
                "max_marks",
                "score_percent",
                "passed",
            ]
        )
        if attempt.state == AttemptState.GRADED:
            _announce(attempt)
    return attempt, True


def submit_overdue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Hand in every attempt past its deadline and grace; returns how many."""
    now = _now(now)
    candidates = Attempt.objects.filter(
        state=AttemptState.IN_PROGRESS, deadline__isnull=False, deadline__lt=now
    ).values_list("pk", "deadline", "grace_seconds")[:limit]
    count = 0
    for pk, deadline, grace in candidates:
        if now > deadline + timedelta(seconds=grace):
            _attempt, changed = attempt_submit(attempt_id=pk, now=now, auto=True)
            count += int(changed)
    return count


def attempt_answer_grade(
    *,
    answer_id: int,
    grader,
    rubric_points: list[Decimal] | None = None,
    fraction: Decimal | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> AttemptAnswer:
    """A reviewer grades an essay/practical answer (by rubric or as a fraction)."""
    now = _now(now)
    if not user_has_role(grader, REVIEWERS):
        raise PermissionDenied(_("Only reviewers can grade answers."))
    with transaction.atomic():
        answer = AttemptAnswer.objects.select_related("version").get(pk=answer_id)
        attempt = _lock_attempt(answer.attempt_id)
        if attempt.user_id == grader.pk:
            raise PermissionDenied(_("Nobody grades their own test."))
        if attempt.state == AttemptState.IN_PROGRESS:
            raise ValidationError(_("This attempt has not been handed in yet."))
        rubric = answer.version.rubric
        scores: list[dict] = []
        if rubric:
            points = list(rubric_points or [])
            if len(points) != len(rubric):
                raise ValidationError(_("Give points for every rubric line."))
            total = Decimal(0)
            top = Decimal(0)
            for row, got in zip(rubric, points, strict=True):
                most = Decimal(row["max_points"])
                got = Decimal(got)
                if not Decimal(0) <= got <= most:
                    raise ValidationError(
                        _("Points for “%(label)s” must be between 0 and %(max)s.")
                        % {"label": row["label"], "max": most}
                    )
                scores.append({"label": row["label"], "points": str(got)})
                total += got
                top += most
            fraction = total / top
        else:
            if fraction is None or not Decimal(0) <= Decimal(fraction) <= Decimal(1):
                raise ValidationError(_("Give a mark between 0 and 100%."))
            fraction = Decimal(fraction)
        answer.fraction = fraction.quantize(Decimal("0.0000001"))
        answer.rubric_scores = scores
        answer.grader = grader
        answer.grader_comment = comment
        answer.graded_at = now
        answer.save(
            update_fields=[
                "fraction",
                "rubric_scores",
                "grader",
                "grader_comment",
                "graded_at",
            ]
        )
        answers = list(
            AttemptAnswer.objects.filter(attempt=attempt).select_related("version")
        )
        was = attempt.state
        _totals(attempt, answers)
        if attempt.state == AttemptState.GRADED:
            attempt.graded_at = now
        attempt.save(
            update_fields=[
                "state",
                "graded_at",
                "marks",
                "max_marks",
                "score_percent",
                "passed",
            ]
        )
        if attempt.state == AttemptState.GRADED and was != AttemptState.GRADED:
            _announce(attempt)
    return answer


def grade_for(method: str, scores: list[Decimal]) -> Decimal | None:
    """The test grade from the counted attempts' scores, oldest first."""
    if not scores:
        return None
    if method == GradingMethod.HIGHEST:
        return max(scores)
    if method == GradingMethod.FIRST:
        return scores[0]
    if method == GradingMethod.LAST:
        return scores[-1]
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.0001"))
