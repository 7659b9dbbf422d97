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
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import REVIEWERS, may_grant_accommodation, user_has_role
from cms.compiled import CompiledQuery
from events.outbox import publish

from . import scoring
from .models import (
    Accommodation,
    Attempt,
    AttemptAnswer,
    AttemptState,
    GiftImportJob,
    GradingMethod,
    ImportStatus,
    MarkChange,
    MarkChangeKind,
    Question,
    QuestionCategory,
    QuestionKind,
    QuestionVersion,
    SkillTest,
)
from .responses import shuffle_for
from .spec_json import spec_from_json, spec_to_json
from .versions import versions_by_id

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


def category_ensure(*, path: str, created: list[int] | None = None) -> QuestionCategory:
    """The category at "A/B/C", creating missing levels (their ids are appended to
    ``created`` when given)."""
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
            if created is not None:
                created.append(node.pk)
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
    import_job: GiftImportJob | None = None,
) -> Question:
    """Create a question, or give an existing one a new version if anything changed.

    Versions are never edited: attempts that used an older version keep it.
    """
    rubric = _check_rubric(rubric or [])
    # The bank's category lives on the model; a stale copy in the spec would mislead.
    spec = _with_category(spec, "")
    if question is None:
        question = Question(
            category=category,
            name=spec.name[:200],
            kind=spec.kind,
            import_job=import_job,
        )
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


#: Pasted or uploaded GIFT larger than this is refused before parsing.
MAX_GIFT_BYTES = 2 * 1024 * 1024
#: A background import commits at least this often, so no write lock is held long.
IMPORT_CHUNK_SECONDS = 0.5
IMPORT_CHUNK_MAX = 500
_NAME_MAX = QuestionCategory._meta.get_field("name").max_length
_PATH_MAX = QuestionCategory._meta.get_field("path").max_length


@dataclass
class GiftCheck:
    """What an import would do: the good questions, each one's category path, and
    the problems (line-numbered, in both languages)."""

    specs: list
    paths: list[str]
    problems: list


def _path_levels(path: str) -> list[str]:
    return [level.strip() for level in path.split("/") if level.strip()]


def _category_path_error(path: str) -> tuple[str, str] | None:
    """Why a category path cannot be stored (English, Chinese), or None."""
    levels = _path_levels(path)
    if not levels:
        return (
            "Give a category path, e.g. 数字技能/防诈骗.",
            "请填写分类路径，例如 数字技能/防诈骗。",
        )
    if "\x00" in path:
        return (
            "The category contains an invisible NUL character.",
            "分类名称里有看不见的空字符。",
        )
    if any(len(level) > _NAME_MAX for level in levels):
        return (
            f"Each category name can have at most {_NAME_MAX} characters.",
            f"每一级分类名称最多 {_NAME_MAX} 个字。",
        )
    if len("/".join(levels)) > _PATH_MAX:
        return (
            f"The whole category path can have at most {_PATH_MAX} characters.",
            f"整个分类路径最多 {_PATH_MAX} 个字。",
        )
    return None


def _in_language(pair: tuple[str, str]) -> str:
    from django.utils.translation import get_language

    return pair[1] if (get_language() or "").startswith("zh") else pair[0]


def gift_check(
    *, text: str, category_path: str, max_bytes: int | None = MAX_GIFT_BYTES
) -> GiftCheck:
    """The one validation of a GIFT import, used by the preview, the confirm step,
    the background job and the command alike.

    ValidationError for what makes the whole upload unusable (too big, a bad target
    category); per-question problems (syntax, NUL characters, category names too
    long for the bank) are listed with their line numbers.
    """
    from . import gift

    if max_bytes is not None and len(text) * 4 > max_bytes:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise ValidationError(
                _(
                    "The GIFT text is %(size)s MB; the most that can be imported at "
                    "once is %(max)s MB. Split it into smaller files."
                )
                % {
                    "size": f"{size / 1024 / 1024:.1f}",
                    "max": f"{max_bytes / 1024 / 1024:g}",
                },
                code="too_big",
            )
    base = category_path.strip().strip("/")
    wrong = _category_path_error(base)
    if wrong:
        raise ValidationError({"category": _in_language(wrong)})
    specs, problems = gift.parse_gift_lenient(text)
    good, paths = [], []
    for spec in specs:
        path = base
        if spec.category:
            path = f"{base}/{spec.category.strip('/')}"
        path = "/".join(_path_levels(path))
        wrong = _category_path_error(path)
        if wrong:
            problems.append(
                gift.GiftProblem(
                    line=spec.line,
                    code="bad_category",
                    message_en=wrong[0],
                    message_zh=wrong[1],
                    excerpt=spec.name[:60],
                )
            )
            continue
        good.append(spec)
        paths.append(path)
    problems.sort(key=lambda p: p.line)
    return GiftCheck(specs=good, paths=paths, problems=problems)


def _problem_json(problem) -> dict:
    return {
        "line": problem.line,
        "message_en": problem.message_en,
        "message_zh": problem.message_zh,
    }


def gift_import(
    *,
    text: str,
    category_path: str,
    partial: bool = False,
    dry_run: bool = False,
    skip_existing: bool = True,
    user=None,
) -> ImportResult:
    """Import GIFT text under ``category_path`` ($CATEGORY: lines nest below it),
    here and now (the command line); the admin uses :func:`gift_preview` and a
    background job instead.

    All-or-nothing unless ``partial``: with problems and not partial, nothing is
    written. A question whose name already exists in its category is skipped. Runs
    in short transactions like the background job.
    """
    check = gift_check(text=text, category_path=category_path, max_bytes=None)
    problems = list(check.problems)
    if problems and not partial:
        return ImportResult(0, 0, problems)
    if dry_run:
        return ImportResult(len(check.specs), 0, problems)
    job = GiftImportJob.objects.create(
        text=text.replace("\x00", "\ufffd"),  # see gift_preview
        category_path=category_path.strip().strip("/"),
        partial=partial,
        skip_existing=skip_existing,
        created_by=user if getattr(user, "pk", None) else None,
        status=ImportStatus.QUEUED,
        total=len(check.specs),
        problems=[_problem_json(p) for p in problems],
    )
    job = gift_job_run(job_id=job.pk, max_bytes=None)
    if job.status != ImportStatus.DONE:
        raise RuntimeError(f"GIFT import failed: {job.error}")
    return ImportResult(job.created_count, job.skipped_count, problems)


def gift_preview(
    *, text: str, category_path: str, partial: bool, user
) -> tuple[GiftImportJob, GiftCheck]:
    """Check an upload and keep it on the server for the confirm step."""
    check = gift_check(text=text, category_path=category_path)
    with transaction.atomic():
        # Previews nobody confirmed within a day are dropped.
        GiftImportJob.objects.filter(
            status=ImportStatus.PREVIEWED,
            created_at__lt=timezone.now() - timedelta(days=1),
        ).delete()
        job = GiftImportJob.objects.create(
            # NUL cannot be stored (PostgreSQL); U+FFFD keeps the same problem on
            # the same line for the confirm step's check.
            text=text.replace("\x00", "\ufffd"),
            category_path=category_path.strip().strip("/"),
            partial=partial,
            created_by=user,
            status=ImportStatus.PREVIEWED,
            total=len(check.specs),
            problems=[_problem_json(p) for p in check.problems],
        )
    return job, check


def gift_import_confirm(*, token, user, partial: bool) -> GiftImportJob:
    """Start importing a previewed upload (by its token) in the background.

    Checks the stored text again with :func:`gift_check`, exactly as the preview
    did. Confirming twice starts one import.
    """
    from .tasks import gift_import_run

    with transaction.atomic():
        job = (
            GiftImportJob.objects.select_for_update().filter(token=token).first()
            if token
            else None
        )
        if job is None:
            raise ValidationError(
                _("This preview has expired. Choose the file again, please.")
            )
        if job.created_by_id != user.pk and not user.is_superuser:
            raise PermissionDenied(_("This upload belongs to someone else."))
        if job.status != ImportStatus.PREVIEWED:
            return job
        check = gift_check(text=job.text, category_path=job.category_path)
        if not check.specs:
            raise ValidationError(_("There are no good questions to import."))
        if check.problems and not partial:
            raise ValidationError(
                _(
                    "Nothing was imported: the file has problems. Fix them, or "
                    "choose to import only the good questions."
                )
            )
        job.partial = partial
        job.status = ImportStatus.QUEUED
        job.total = len(check.specs)
        job.problems = [_problem_json(p) for p in check.problems]
        job.save(update_fields=["partial", "status", "total", "problems"])
        transaction.on_commit(lambda: gift_import_run.delay(job.pk))
    return job


def gift_job_run(
    *, job_id: int, max_bytes: int | None = MAX_GIFT_BYTES
) -> GiftImportJob:
    """Run (or resume) a queued import in short transactions; publish at the end.

    Each transaction writes questions for at most ~IMPORT_CHUNK_SECONDS and records
    how far it got, so a killed worker resumes where the last commit ended. The new
    questions carry the job and stay hidden until every one is in; then one UPDATE
    publishes them all. On an error everything the job wrote is removed again.
    """
    import time

    job = GiftImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return job
    GiftImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    user = job.created_by
    try:
        check = gift_check(
            text=job.text, category_path=job.category_path, max_bytes=max_bytes
        )
        if check.problems and not job.partial:
            raise ValidationError("the stored text has problems")
        total = len(check.specs)
        done = job.processed
        created, skipped = job.created_count, job.skipped_count
        made: list[int] = list(job.created_categories)
        cache: dict[str, QuestionCategory] = {}
        while done < total:
            started = time.monotonic()
            with transaction.atomic():
                batch_start = done
                while done < total and (
                    done == batch_start
                    or (
                        done - batch_start < IMPORT_CHUNK_MAX
                        and time.monotonic() - started < IMPORT_CHUNK_SECONDS
                    )
                ):
                    spec, path = check.specs[done], check.paths[done]
                    if path not in cache:
                        cache[path] = category_ensure(path=path, created=made)
                    category = cache[path]
                    if (
                        job.skip_existing
                        and Question.objects.filter(
                            category=category, name=spec.name[:200]
                        ).exists()
                    ):
                        skipped += 1
                    else:
                        question_save(
                            spec=spec, category=category, user=user, import_job=job
                        )
                        created += 1
                    done += 1
                GiftImportJob.objects.filter(pk=job.pk).update(
                    processed=done,
                    total=total,
                    created_count=created,
                    skipped_count=skipped,
                    created_categories=made,
                )
        with transaction.atomic():
            Question.objects.filter(import_job=job).update(import_job=None)
            GiftImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.DONE, finished_at=timezone.now(), text=""
            )
    except Exception as exc:
        log.exception("GIFT import %s failed", job.pk)
        _gift_job_undo(job, error=str(exc)[:500] or exc.__class__.__name__)
    job.refresh_from_db()
    return job


def _gift_job_undo(job: GiftImportJob, *, error: str) -> None:
    """Remove what a failed import wrote, in short transactions."""
    while True:
        with transaction.atomic():
            ids = list(
                Question.objects.filter(import_job=job).values_list("pk", flat=True)[
                    :IMPORT_CHUNK_MAX
                ]
            )
            if not ids:
                break
            Question.objects.filter(pk__in=ids).update(current_version=None)
            QuestionVersion.objects.filter(question_id__in=ids).delete()
            Question.objects.filter(pk__in=ids).delete()
    made = GiftImportJob.objects.values_list("created_categories", flat=True).get(
        pk=job.pk
    )
    with transaction.atomic():
        # Deepest first; keep any category someone else has put something into.
        for category in QuestionCategory.objects.filter(pk__in=made).order_by("-path"):
            if not category.questions.exists() and not category.children.exists():
                category.delete()
        GiftImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), error=error
        )


def gift_export(
    *, category: QuestionCategory, include_subcategories: bool = True
) -> str:
    from . import gift

    if include_subcategories:
        ids = category.descendant_ids()
    else:
        ids = [category.pk]
    current = Question.objects.filter(
        category_id__in=ids, import_job__isnull=True
    ).values("current_version_id")
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


# --------------------------------------------------------------------- accommodations


@transaction.atomic
def accommodation_save(*, actor, accommodation: Accommodation) -> Accommodation:
    """Create or change a test accommodation: HR's decision, never for oneself.

    Checks the person both before and (for a change) as stored, so an edit cannot
    move someone else's accommodation onto oneself.
    """
    people = [accommodation.user]
    if accommodation.pk is not None:
        stored = Accommodation.objects.select_related("user").filter(
            pk=accommodation.pk
        )
        people += [row.user for row in stored]
    if not all(may_grant_accommodation(actor, person) for person in people):
        raise PermissionDenied(
            _("Only HR grants test accommodations, and never to themselves.")
        )
    accommodation.full_clean()
    accommodation.save()
    return accommodation


# --------------------------------------------------------------------------- attempts


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# What a crowd starting a test reads for each person: SQL built once per process
# (cms.compiled).
_ATTEMPTS_OF_PERSON = CompiledQuery(
    Attempt,
    lambda user_id, test_id: Attempt.objects.filter(
        user_id=user_id, test_id=test_id
    ).order_by("number"),
)
_ACCOMMODATION_OF_PERSON = CompiledQuery(
    Accommodation,
    lambda user_id, test_id: Accommodation.objects.filter(
        user_id=user_id, test_id=test_id
    ).order_by("pk")[:1],
)


def person_attempts(*, user, test: SkillTest) -> list[Attempt]:
    """This person's attempts at this test, by number."""
    return _ATTEMPTS_OF_PERSON(user.pk, test.pk)


def accommodation_of(*, user, test: SkillTest) -> Accommodation | None:
    """This person's accommodation for this test (extra time), if any."""
    found = _ACCOMMODATION_OF_PERSON(user.pk, test.pk)
    return found[0] if found else None


def _limit_for(*, test: SkillTest, user) -> timedelta | None:
    if not test.time_limit_minutes:
        return None
    acc = accommodation_of(user=user, test=test)
    if acc and acc.no_time_limit:
        return None
    extra = acc.extra_minutes if acc else 0
    return timedelta(minutes=test.time_limit_minutes + extra)


@dataclass(frozen=True)
class _Drawn:
    """A question drawn for an attempt: its id and the version it is asked in."""

    pk: int
    current_version_id: int


def _pool_for(slot, exclude: set[int]) -> list[_Drawn]:
    qs = Question.objects.filter(
        current_version__isnull=False, import_job__isnull=True
    ).exclude(kind=QuestionKind.DESCRIPTION)
    if slot.random_category_id:
        if slot.include_subcategories:
            # The category and its descendants, in the same query.
            category = slot.random_category
            qs = qs.filter(
                Q(category_id=category.pk)
                | Q(category__path__startswith=category.path + "/")
            )
        else:
            qs = qs.filter(category_id=slot.random_category_id)
    if slot.random_tag_id:
        qs = qs.filter(tags=slot.random_tag_id)
    # Two columns, no model objects: a crowd starts a test at once.
    rows = qs.order_by("pk").distinct().values_list("pk", "current_version_id")
    return [_Drawn(pk, version) for pk, version in rows if pk not in exclude]


def _draw(
    *, test: SkillTest, seen: set[int], rng: random.Random
) -> list[tuple[Any, _Drawn]]:
    """(slot, question) pairs; random slots prefer questions not seen before."""
    slots = list(
        test.slots.select_related("random_category")
        .annotate(fixed_version_id=F("question__current_version_id"))
        .order_by("sort_order", "pk")
    )
    fixed = {s.question_id for s in slots if s.question_id}
    chosen: set[int] = set(fixed)
    picked: list[tuple[Any, _Drawn]] = []
    for slot in slots:
        if slot.question_id:
            if slot.fixed_version_id:
                picked.append((slot, _Drawn(slot.question_id, slot.fixed_version_id)))
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


def start_check(
    *,
    user,
    test: SkillTest,
    now: datetime | None = None,
    attempts: list[Attempt] | None = None,
) -> str | None:
    """Why a new attempt cannot start now (a translated sentence), or None.

    ``attempts``: this person's attempts at this test, when the caller has already
    read them (no query then)."""
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
    if not (test.max_attempts or test.wait_minutes):
        return None
    if attempts is None:
        attempts = list(
            Attempt.objects.filter(user=user, test=test).only(
                "pk", "state", "submitted_at"
            )
        )
    previous = [a for a in attempts if a.state != AttemptState.IN_PROGRESS]
    if test.max_attempts and len(previous) >= test.max_attempts:
        return _("You have used all %(n)s attempts for this test.") % {
            "n": test.max_attempts
        }
    if test.wait_minutes:
        last = max((a.submitted_at for a in previous if a.submitted_at), default=None)
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
    """Start an attempt, or resume the one in progress. Freezes the questions drawn.

    A new attempt comes back with ``just_started = True`` (it has no answers yet, so
    a caller looking for the first unanswered question need not ask)."""
    now = _now(now)
    # One read of this person's attempts serves the resume, the checks and the
    # questions seen before (the start of a test is the page a crowd hits at once).
    attempts = person_attempts(user=user, test=test)
    current = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    if current is not None:
        if not current.is_overdue(now):
            return current
        attempt_submit(attempt_id=current.pk, now=now, auto=True)
        attempts = person_attempts(user=user, test=test)
    reason = start_check(user=user, test=test, now=now, attempts=attempts)
    if reason:
        raise AttemptNotAllowed(reason)
    rng = rng or random.SystemRandom()
    seen = {e["question"] for a in attempts for e in a.layout}
    picked = _draw(test=test, seen=seen, rng=rng)
    if not picked:
        raise AttemptNotAllowed(_("This test has no questions yet."))
    # Question versions are immutable: read once per process, in one query.
    versions = versions_by_id({q.current_version_id for _slot, q in picked})
    layout = []
    for slot, question in picked:
        spec = versions[question.current_version_id].as_spec
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
            # From the attempts read above: a start that raced in between makes the
            # number (or the one-in-progress rule) clash, and is resumed below.
            number = max((a.number for a in attempts), default=0) + 1
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
        attempt.just_started = True  # no answers yet: callers need not look
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
    """The spec of a question version: read once per process (``versions``, which
    keeps only committed versions, so an id a rolled-back insert used cannot come
    back with other contents). QuestionVersion.DoesNotExist for an unknown id."""
    version = versions_by_id({version_id}).get(version_id)
    if version is None:
        raise QuestionVersion.DoesNotExist(f"no question version {version_id}")
    return version.as_spec


# The two rows an autosave locks, by the crowd's hottest write: SQL built once per
# process (cms.compiled).
_LOCK_ATTEMPT_FOR_SAVE = CompiledQuery(
    Attempt,
    lambda pk: (
        Attempt.objects.select_for_update()
        .only("pk", "user_id", "state", "deadline", "grace_seconds")
        .filter(pk=pk)
        .order_by()
    ),
)
_LOCK_ANSWER_FOR_SAVE = CompiledQuery(
    AttemptAnswer,
    lambda attempt_id, position: (
        AttemptAnswer.objects.select_for_update()
        .only("pk", "version_id", "response", "saved_at")
        .filter(attempt_id=attempt_id, position=position)
        .order_by()
    ),
)


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
        # Only what the checks need: the layout JSON is not parsed on every save.
        try:
            found = _LOCK_ATTEMPT_FOR_SAVE(int(attempt_id))
        except (TypeError, ValueError):
            found = []
        if not found:
            raise AnswerRefused(_("There is no such attempt."))
        attempt = found[0]
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
            rows = _LOCK_ANSWER_FOR_SAVE(attempt.pk, position)
            answer = rows[0] if rows else None
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


class GradingRefused(ValidationError):
    """A grade or mark change that cannot be saved as asked; ``message`` says why.

    Raised when someone else graded or changed the mark in the meantime (the first
    one wins), or the answer is not one that can be graded this way.
    """


def _fraction_from(
    answer: AttemptAnswer,
    rubric_points: list[Decimal] | None,
    fraction: Decimal | None,
) -> tuple[Decimal, list[dict]]:
    """The answer's new fraction and rubric scores from rubric points or a fraction."""
    rubric = answer.version.rubric
    scores: list[dict] = []
    if rubric and rubric_points is not None:
        points = list(rubric_points)
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
        value = total / top
    elif rubric and fraction is None:
        raise ValidationError(_("Give points for every rubric line."))
    else:
        if fraction is None or not Decimal(0) <= Decimal(fraction) <= Decimal(1):
            raise ValidationError(_("Give a mark between 0 and 100%."))
        value = Decimal(fraction)
    return value.quantize(Decimal("0.0000001")), scores


def _who(user) -> str:
    return (user.get_full_name() or user.get_username())[:150]


def _finished_attempt_for(answer: AttemptAnswer, user) -> Attempt:
    """Lock the answer's attempt; refuse one's own or one still being taken."""
    attempt = _lock_attempt(answer.attempt_id)
    if attempt.user_id == user.pk:
        raise PermissionDenied(_("Nobody grades their own test."))
    if attempt.state == AttemptState.IN_PROGRESS:
        raise ValidationError(_("This attempt has not been handed in yet."))
    return attempt


def _retotal(attempt: Attempt, now: datetime) -> AttemptState:
    """Recompute the attempt's marks, score and pass state; returns the old state.

    Announces ``attempt_graded`` whenever the attempt is graded afterwards: the
    first time, and again after a changed mark, so what depends on the result (course
    completion, certificates) rechecks. Receivers are idempotent.
    """
    answers = list(
        AttemptAnswer.objects.filter(attempt=attempt).select_related("version")
    )
    was = attempt.state
    before = (attempt.marks, attempt.score_percent, attempt.passed)
    _totals(attempt, answers)
    if attempt.state == AttemptState.GRADED and was != AttemptState.GRADED:
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
    after = (attempt.marks, attempt.score_percent, attempt.passed)
    if attempt.state == AttemptState.GRADED and (
        was != AttemptState.GRADED or before != after
    ):
        _announce(attempt)
    return was


def attempt_answer_grade(
    *,
    answer_id: int,
    grader,
    rubric_points: list[Decimal] | None = None,
    fraction: Decimal | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> AttemptAnswer:
    """A reviewer grades a written answer that waits for one (by rubric or fraction).

    Only answers that need manual grading and have no grade yet: an automatically
    marked answer, or one graded already, is refused (changing those is
    :func:`attempt_answer_override`, with a reason and the permission). When two
    reviewers grade the same answer at once, the first one wins and the other gets
    :class:`GradingRefused` saying who graded it.
    """
    now = _now(now)
    if not user_has_role(grader, REVIEWERS):
        raise PermissionDenied(_("Only reviewers can grade answers."))
    with transaction.atomic():
        answer = AttemptAnswer.objects.select_related("version").get(pk=answer_id)
        attempt = _finished_attempt_for(answer, grader)
        if not answer.needs_manual:
            log.warning(
                "grade refused: user %s tried to grade automatic answer %s",
                grader.pk,
                answer.pk,
            )
            raise PermissionDenied(
                _(
                    "This answer was marked automatically, so it is not graded "
                    "here. Changing it needs permission and a reason."
                )
            )
        value, scores = _fraction_from(
            answer, rubric_points if answer.version.rubric else None, fraction
        )
        old_score, old_passed = attempt.score_percent, attempt.passed
        # The condition makes the first of two racing reviewers win on every
        # database (SQLite does not lock rows on read).
        updated = AttemptAnswer.objects.filter(
            pk=answer.pk, needs_manual=True, graded_at__isnull=True
        ).update(
            fraction=value,
            rubric_scores=scores,
            grader=grader,
            grader_comment=comment,
            graded_at=now,
        )
        if updated != 1:
            raise _already_graded(answer.pk)
        _retotal(attempt, now)
        MarkChange.objects.create(
            attempt=attempt,
            answer=answer,
            kind=MarkChangeKind.GRADE,
            changed_by=grader,
            changed_by_name=_who(grader),
            changed_at=now,
            old_fraction=None,
            new_fraction=value,
            old_score_percent=old_score,
            new_score_percent=attempt.score_percent,
            old_passed=old_passed,
            new_passed=attempt.passed,
            reason=comment,
        )
    answer.refresh_from_db()
    return answer


def _already_graded(answer_id: int) -> GradingRefused:
    return GradingRefused(already_graded_message(answer_id))


def already_graded_message(answer_id: int) -> str:
    """Who graded the answer and when, to tell a reviewer who came second."""
    row = AttemptAnswer.objects.filter(pk=answer_id).select_related("grader").first()
    if row is None or row.graded_at is None:  # pragma: no cover - deleted meanwhile
        return _("This answer cannot be graded now.")
    return _(
        "%(who)s graded this answer at %(when)s, just before you. Your grade was "
        "not saved; their grade stands."
    ) % {
        "who": _who(row.grader) if row.grader else _("Another reviewer"),
        "when": timezone.localtime(row.graded_at).strftime("%Y-%m-%d %H:%M:%S"),
    }


OVERRIDE_PERMISSION = "assessments.override_mark"
_UNSET: Any = object()


def can_override_marks(user) -> bool:
    """Editors (via ``assessments.*``) and superusers, or anyone given the permission.

    Not reviewers: they grade what waits for them, and must not quietly change marks
    the engine gave. Not HR: they decide pay from these results.
    """
    return bool(
        getattr(user, "is_active", False) and user.has_perm(OVERRIDE_PERMISSION)
    )


def attempt_answer_override(
    *,
    answer_id: int,
    user,
    reason: str,
    fraction: Decimal | None = None,
    rubric_points: list[Decimal] | None = None,
    expected_fraction: Decimal | None = _UNSET,
    now: datetime | None = None,
) -> MarkChange:
    """Change a mark already given (automatic or a reviewer's), with a reason.

    Adds a row to the attempt's mark history, recomputes the attempt's score and pass
    state, and announces the attempt again if it is graded. ``expected_fraction`` is
    the mark the person saw: if it changed meanwhile, :class:`GradingRefused`.
    """
    now = _now(now)
    if not can_override_marks(user):
        raise PermissionDenied(_("You are not allowed to change marks."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the mark changes; the person will see it.")}
        )
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1000 characters.")})
    with transaction.atomic():
        answer = AttemptAnswer.objects.select_related("version").get(pk=answer_id)
        attempt = _finished_attempt_for(answer, user)
        if answer.version.as_spec.kind == QuestionKind.DESCRIPTION:
            raise GradingRefused(_("This item is for reading only and has no marks."))
        if answer.needs_manual and answer.graded_at is None:
            raise GradingRefused(
                _("This answer has not been graded yet. Grade it in the queue first.")
            )
        old = answer.fraction
        if expected_fraction is not _UNSET and expected_fraction != old:
            raise GradingRefused(
                _(
                    "Someone changed this mark while you were looking at it. "
                    "Nothing was saved; look at the new mark and try again."
                )
            )
        value, scores = _fraction_from(answer, rubric_points, fraction)
        if value == old:
            raise ValidationError(_("That is already the mark for this answer."))
        fields: dict[str, Any] = {"fraction": value}
        if scores:
            fields["rubric_scores"] = scores
        updated = AttemptAnswer.objects.filter(pk=answer.pk, fraction=old).update(
            **fields
        )
        if updated != 1:  # pragma: no cover - the attempt lock serialises changes
            raise GradingRefused(
                _("Someone changed this mark at the same time. Nothing was saved.")
            )
        old_score, old_passed = attempt.score_percent, attempt.passed
        _retotal(attempt, now)
        change = MarkChange.objects.create(
            attempt=attempt,
            answer=answer,
            kind=MarkChangeKind.OVERRIDE,
            changed_by=user,
            changed_by_name=_who(user),
            changed_at=now,
            old_fraction=old,
            new_fraction=value,
            old_score_percent=old_score,
            new_score_percent=attempt.score_percent,
            old_passed=old_passed,
            new_passed=attempt.passed,
            reason=reason,
        )
        log.info(
            "mark override: user %s changed answer %s from %s to %s",
            user.pk,
            answer.pk,
            old,
            value,
        )
    return change


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
