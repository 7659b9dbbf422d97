"""Writes for practice: submissions (with checked files), reviews, helper sessions,
the showcase and the points ledger.

Every function is keyword-only and atomic. Writes that can race lock the row they
change (``select_for_update``; SQLite serialises writers anyway) and check the state
they expect, so a double click, a retry or two reviewers at once leave one result and
the loser gets a ``PracticeError`` saying what happened. Uploaded files are checked
completely before anything is written; files written to storage by a transaction that
then fails are deleted again, so a failed hand-in leaves no orphan files.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import PostType
from accounts.roles import EDITORS, HR, REVIEWERS, STAFF, user_has_role
from events.outbox import publish

from . import review_engine
from .models import (
    CriterionScore,
    Decision,
    HelperSession,
    HelperSessionState,
    PointsEntry,
    PointsKind,
    PointsMode,
    PracticeTask,
    Review,
    Submission,
    SubmissionFile,
    SubmissionState,
    SubmissionVersion,
)
from .uploads import CheckedFile, UploadRefused, check_upload, max_files

log = logging.getLogger("digiladder.practice")
CENT = Decimal("0.01")


class PracticeError(Exception):
    """Something the person asked cannot be done; ``message`` says why, in words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReviewConflict(PracticeError):
    """Someone else decided first (or the work changed) while this reviewer worked."""


# --------------------------------------------------------------------- events


def _send_practice_changed(entry: PointsEntry) -> None:
    """Publish ``practice_changed`` through the durable outbox, in this transaction."""
    publish(
        "practice.signals.practice_changed",
        entry_id=entry.pk,
        user_id=entry.user_id,
        kind=str(entry.kind),
        points=str(entry.points),
        occurred_on=entry.occurred_on.isoformat(),
    )


# --------------------------------------------------------------------- permissions


def can_submit(*, user, task: PracticeTask) -> bool:
    if not user_has_role(user, STAFF) or not task.is_open():
        return False
    communities = [c.pk for c in task.communities.all()]
    return not communities or user.org_unit_id in communities


def is_task_reviewer(*, user, task: PracticeTask) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    named = {u.pk for u in task.reviewers.all()}
    if user.pk in named:
        return True
    if task.reviewer_group_id:
        return user.groups.filter(pk=task.reviewer_group_id).exists()
    if not named:
        return user_has_role(user, REVIEWERS)
    return False


def can_view_submission(*, user, submission: Submission) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.pk == submission.author_id or user.is_superuser:
        return True
    if user_has_role(user, HR):
        return True
    return is_task_reviewer(user=user, task=submission.task)


def is_supervisor_of(*, user, helper) -> bool:
    """HR, superusers, or the head/deputy of the helper's community (not oneself)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.pk == helper.pk:
        return False
    if user.is_superuser or user_has_role(user, HR):
        return True
    return (
        user_has_role(user, STAFF)
        and user.post_type in (PostType.CHIEF, PostType.DEPUTY)
        and user.org_unit_id is not None
        and user.org_unit_id == helper.org_unit_id
    )


# --------------------------------------------------------------------- files


def _store(checked: CheckedFile) -> str:
    now = timezone.now()
    name = f"practice/{now:%Y/%m}/{secrets.token_urlsafe(24)}.{checked.kind}"
    return default_storage.save(name, ContentFile(checked.data))


def _delete_blobs(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # pragma: no cover - storage outage: log, do not fail
            log.exception("could not delete practice file %s", name)


def _delete_unreferenced_after_commit(names: set[str]) -> None:
    def run():
        still_used = set(
            SubmissionFile.objects.filter(storage_name__in=names).values_list(
                "storage_name", flat=True
            )
        )
        _delete_blobs(names - still_used)

    if names:
        transaction.on_commit(run)


def check_uploads(uploads: Sequence[tuple[str, bytes]]) -> list[CheckedFile]:
    """Check every file first; one bad file refuses the whole hand-in."""
    checked = []
    problems = []
    for name, data in uploads:
        try:
            checked.append(check_upload(name, data))
        except UploadRefused as refused:
            problems.append(refused.message)
    if problems:
        raise PracticeError(" ".join(problems))
    return checked


# --------------------------------------------------------------------- submissions


def _draft_version(submission: Submission) -> SubmissionVersion:
    latest = submission.versions.order_by("-number").first()
    if latest is not None and latest.submitted_at is None:
        return latest
    number = latest.number + 1 if latest else 1
    version = SubmissionVersion.objects.create(
        submission=submission,
        number=number,
        text=latest.text if latest else "",
        link=latest.link if latest else "",
    )
    if latest is not None:
        # The new draft starts from the last hand-in; blobs are shared, never
        # rewritten, so the earlier version keeps showing exactly what was reviewed.
        SubmissionFile.objects.bulk_create(
            SubmissionFile(
                version=version,
                storage_name=f.storage_name,
                original_name=f.original_name,
                kind=f.kind,
                content_type=f.content_type,
                size=f.size,
            )
            for f in latest.files.all()
        )
    return version


def submission_save(
    *,
    task: PracticeTask,
    author,
    text: str = "",
    link: str = "",
    uploads: Sequence[tuple[str, bytes]] = (),
    remove_file_ids: Sequence[int] = (),
    submit: bool = False,
) -> Submission:
    """Save the author's draft (text, link, new files) and optionally hand it in."""
    if not can_submit(user=author, task=task):
        raise PracticeError(_("This task is not open to you."))
    text = (text or "").strip()
    link = (link or "").strip()
    if text and not task.accepts_text:
        raise PracticeError(_("This task does not take text; attach files instead."))
    if link and not task.accepts_link:
        raise PracticeError(_("This task does not take a link."))
    if uploads and not task.accepts_files:
        raise PracticeError(_("This task does not take files."))
    if len(uploads) > max_files():
        raise PracticeError(
            _("Attach at most %(n)s files to one hand-in.") % {"n": max_files()}
        )
    checked = check_uploads(uploads)  # before any write
    written: list[str] = []
    try:
        with transaction.atomic():
            submission = _submission_locked(task=task, author=author)
            if not submission.is_editable:
                if submission.state == SubmissionState.SUBMITTED:
                    raise PracticeError(
                        _(
                            "You have already handed this in; it is waiting for "
                            "review. You can change it if it is returned to you."
                        )
                    )
                raise PracticeError(
                    _("This work has been decided (%(state)s) and cannot be changed.")
                    % {"state": submission.get_state_display()}
                )
            version = _draft_version(submission)
            removed = set()
            if remove_file_ids:
                doomed = list(version.files.filter(pk__in=list(remove_file_ids)))
                removed = {f.storage_name for f in doomed}
                version.files.filter(pk__in=[f.pk for f in doomed]).delete()
            if version.files.count() + len(checked) > max_files():
                raise PracticeError(
                    _("Attach at most %(n)s files to one hand-in. Remove a file first.")
                    % {"n": max_files()}
                )
            if task.accepts_text:
                version.text = text
            if task.accepts_link:
                version.link = link
            for item in checked:
                stored = _store(item)
                written.append(stored)
                SubmissionFile.objects.create(
                    version=version,
                    storage_name=stored,
                    original_name=item.original_name,
                    kind=item.kind,
                    content_type=item.content_type,
                    size=item.size,
                )
            version.full_clean(exclude=["submission"])
            if submit:
                if not (version.text or version.link or version.files.exists()):
                    raise PracticeError(
                        _(
                            "There is nothing to hand in yet: write your answer, add "
                            "a link or attach a file."
                        )
                    )
                now = timezone.now()
                version.submitted_at = now
                submission.state = SubmissionState.SUBMITTED
                submission.submitted_at = now
                submission.revision += 1
                submission.save(update_fields=["state", "submitted_at", "revision"])
            version.save()
            _delete_unreferenced_after_commit(removed)
    except ValidationError as error:
        _delete_blobs(written)
        raise PracticeError(" ".join(error.messages)) from None
    except BaseException:
        _delete_blobs(written)
        raise
    return submission


def _submission_locked(*, task: PracticeTask, author) -> Submission:
    submission = Submission.objects.filter(task=task, author=author).first()
    if submission is None:
        try:
            with transaction.atomic():
                submission = Submission.objects.create(task=task, author=author)
        except IntegrityError:
            pass  # a parallel first save made it
    return Submission.objects.select_for_update().get(task=task, author=author)


def submission_share(
    *,
    submission_id: int,
    author,
    share: bool,
    public: bool = False,
    title: str = "",
    summary: str = "",
) -> Submission:
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if submission.author_id != author.pk:
            raise PracticeError(_("Only the author can share this work."))
        if share and submission.state != SubmissionState.ACCEPTED:
            raise PracticeError(_("Only accepted work can be shown in the showcase."))
        title, summary = title.strip(), summary.strip()
        if share and not title:
            raise PracticeError(_("Give your work a short title for the showcase."))
        submission.share_in_showcase = share
        submission.share_publicly = share and public
        submission.showcase_title = title[:200]
        submission.showcase_summary = summary
        if not share:
            submission.featured = False
        submission.save(
            update_fields=[
                "share_in_showcase",
                "share_publicly",
                "showcase_title",
                "showcase_summary",
                "featured",
            ]
        )
    return submission


def showcase_feature(*, submission_id: int, editor, featured: bool) -> Submission:
    if not user_has_role(editor, EDITORS):
        raise PracticeError(_("Only editors can feature work."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if featured and not submission.share_in_showcase:
            raise PracticeError(_("The author has not shared this work."))
        submission.featured = featured
        submission.save(update_fields=["featured"])
    return submission


# --------------------------------------------------------------------- reviews


@dataclass(frozen=True)
class CriterionMark:
    criterion_id: int
    points: Decimal
    comment: str = ""


def review_submit(
    *,
    submission_id: int,
    reviewer,
    expected_revision: int,
    decision: str,
    comment: str = "",
    marks: Sequence[CriterionMark] = (),
) -> Review:
    """Record one review; finalise the submission when the task's rule says so.

    ``expected_revision`` is the submission revision the reviewer looked at: if
    someone else decided (or the author handed in again) meanwhile, the review is
    refused with ``ReviewConflict`` and nothing is written.
    """
    if decision not in Decision.values:
        raise PracticeError(_("Choose accept, return for revision or reject."))
    comment = (comment or "").strip()
    if decision != Decision.ACCEPT and not comment:
        raise PracticeError(
            _("Say what should change (or why it is not accepted) in the comment.")
        )
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("task__rubric", "author")
            .get(pk=submission_id)
        )
        task = submission.task
        if submission.author_id == reviewer.pk:
            raise PracticeError(_("You cannot review your own work."))
        if not is_task_reviewer(user=reviewer, task=task):
            raise PracticeError(_("You are not a reviewer of this task."))
        if (
            submission.revision != expected_revision
            or submission.state != SubmissionState.SUBMITTED
        ):
            raise ReviewConflict(_conflict_message(submission))
        version = submission.versions.order_by("-number").first()
        earlier = list(version.reviews.select_related("reviewer"))
        if any(r.reviewer_id == reviewer.pk for r in earlier):
            raise ReviewConflict(
                _(
                    "You have already reviewed this version; a different reviewer is "
                    "needed now."
                )
            )
        criteria = list(task.rubric.criteria.all()) if task.rubric_id else []
        total = _check_marks(criteria, marks)
        review = Review.objects.create(
            version=version,
            reviewer=reviewer,
            decision=decision,
            score=total,
            comment=comment,
        )
        by_id = {m.criterion_id: m for m in marks}
        CriterionScore.objects.bulk_create(
            CriterionScore(
                review=review,
                criterion=c,
                points=by_id[c.pk].points,
                comment=by_id[c.pk].comment.strip(),
            )
            for c in criteria
        )
        max_total = sum((c.max_points for c in criteria), Decimal(0)) or None
        outcome = review_engine.combine(
            tuple(review_engine.Mark(r.decision, r.score) for r in [*earlier, review]),
            required=task.reviews_required,
            margin_percent=task.review_margin,
            max_total=max_total,
        )
        if outcome.final:
            _finalise(
                submission=submission,
                version=version,
                decision=outcome.decision,
                score=outcome.score,
                max_total=max_total,
            )
    return review


def _conflict_message(submission: Submission) -> str:
    if submission.state in (
        SubmissionState.ACCEPTED,
        SubmissionState.REJECTED,
        SubmissionState.RETURNED,
    ):
        last = (
            Review.objects.filter(version__submission=submission)
            .select_related("reviewer")
            .order_by("-created_at")
            .first()
        )
        who = str(last.reviewer) if last else _("another reviewer")
        return _(
            "%(who)s has already decided this work (%(state)s) while you were "
            "reviewing. Your review was not saved."
        ) % {"who": who, "state": submission.get_state_display()}
    return _(
        "This work changed while you were reviewing (it was handed in again). "
        "Open it again to review the latest version. Your review was not saved."
    )


def _check_marks(criteria, marks: Sequence[CriterionMark]) -> Decimal | None:
    if not criteria:
        return None
    by_id = {m.criterion_id: m for m in marks}
    missing = [c.display_title for c in criteria if c.pk not in by_id]
    if missing:
        raise PracticeError(
            _("Give points for every criterion: %(list)s.")
            % {"list": "、".join(missing)}
        )
    total = Decimal(0)
    for c in criteria:
        points = by_id[c.pk].points
        if points is None or points < 0 or points > c.max_points:
            raise PracticeError(
                _("“%(criterion)s”: give between 0 and %(max)s points.")
                % {"criterion": c.display_title, "max": c.max_points}
            )
        total += points
    return total


def _finalise(*, submission, version, decision, score, max_total) -> None:
    now = timezone.now()
    version.outcome = decision
    version.score = score
    version.save(update_fields=["outcome", "score"])
    submission.state = decision
    submission.decided_at = now
    submission.final_score = score
    submission.revision += 1
    submission.save(update_fields=["state", "decided_at", "final_score", "revision"])
    if decision == Decision.ACCEPT:
        task = submission.task
        points = (
            review_engine.scaled_points(
                points=task.points, score=score, max_total=max_total
            )
            if task.points_mode == PointsMode.SCALED
            else task.points
        )
        _ledger_add(
            user_id=submission.author_id,
            kind=PointsKind.TASK,
            points=points,
            occurred_on=timezone.localdate(now),
            reason=task.title[:300],
            submission=submission,
        )


# --------------------------------------------------------------------- ledger


def _ledger_add(
    *,
    user_id: int,
    kind: str,
    points: Decimal,
    occurred_on: date,
    reason: str = "",
    submission: Submission | None = None,
    helper_session: HelperSession | None = None,
    corrects: PointsEntry | None = None,
    created_by=None,
) -> PointsEntry:
    entry = PointsEntry(
        user_id=user_id,
        kind=kind,
        points=Decimal(points).quantize(CENT, ROUND_HALF_UP),
        occurred_on=occurred_on,
        reason=reason,
        submission=submission,
        helper_session=helper_session,
        corrects=corrects,
        created_by=created_by,
    )
    entry.full_clean(exclude=["user", "submission", "helper_session", "corrects"])
    entry.save()
    _send_practice_changed(entry)
    return entry


def _require_hr(user) -> None:
    if not (user_has_role(user, HR) or getattr(user, "is_superuser", False)):
        raise PracticeError(_("Only HR can change practice points."))


def points_adjust(
    *, user, points: Decimal, reason: str, by, occurred_on: date | None = None
) -> PointsEntry:
    """An HR adjustment (plus or minus) with a reason."""
    _require_hr(by)
    reason = (reason or "").strip()
    if not reason:
        raise PracticeError(_("Give a reason for the adjustment."))
    if not points:
        raise PracticeError(_("An adjustment of 0 points changes nothing."))
    if by.pk == user.pk:
        raise PracticeError(_("Nobody adjusts their own points."))
    with transaction.atomic():
        return _ledger_add(
            user_id=user.pk,
            kind=PointsKind.ADJUSTMENT,
            points=points,
            occurred_on=occurred_on or timezone.localdate(),
            reason=reason,
            created_by=by,
        )


def points_correct(*, entry_id: int, points: Decimal, reason: str, by) -> PointsEntry:
    """A correction is a new entry pointing at the one it corrects (never an edit).

    ``points`` is the amount the original entry should have had; the new entry adds
    the difference, on the same day as the original.
    """
    _require_hr(by)
    reason = (reason or "").strip()
    if not reason:
        raise PracticeError(_("Give a reason for the correction."))
    with transaction.atomic():
        original = PointsEntry.objects.select_for_update().get(pk=entry_id)
        if original.user_id == by.pk:
            raise PracticeError(_("Nobody corrects their own points."))
        already = original.corrections.aggregate(s=Sum("points"))["s"] or Decimal(0)
        delta = Decimal(points) - (original.points + already)
        if not delta:
            raise PracticeError(_("The entry already has that value."))
        return _ledger_add(
            user_id=original.user_id,
            kind=PointsKind.CORRECTION,
            points=delta,
            occurred_on=original.occurred_on,
            reason=reason,
            corrects=original,
            created_by=by,
        )


# --------------------------------------------------------------------- helper sessions


def helper_daily_cap() -> int:
    return int(getattr(settings, "PRACTICE_HELPER_DAILY_CAP_MINUTES", 240))


def helper_confirm_days() -> int:
    return int(getattr(settings, "PRACTICE_HELPER_CONFIRM_DAYS", 7))


def helper_points(minutes: int) -> Decimal:
    per_hour = Decimal(str(getattr(settings, "PRACTICE_HELPER_POINTS_PER_HOUR", "2")))
    return (per_hour * minutes / 60).quantize(CENT, ROUND_HALF_UP)


def helper_session_record(
    *,
    helper,
    starts_at: datetime,
    minutes: int,
    place: str,
    topic: str = "",
    course=None,
    residents: Sequence = (),
    residents_without_account: int = 0,
    now: datetime | None = None,
) -> HelperSession:
    from training.selectors import can_help

    now = now or timezone.now()
    if not user_has_role(helper, STAFF):
        raise PracticeError(_("Only community staff record helper sessions."))
    if timezone.is_naive(starts_at):
        raise PracticeError(_("Give the start time with its time zone."))
    place = (place or "").strip()
    if not place:
        raise PracticeError(_("Say where you helped (e.g. the community centre)."))
    if not 5 <= int(minutes) <= 480:
        raise PracticeError(_("A session lasts between 5 and 480 minutes."))
    ends_at = starts_at + timedelta(minutes=int(minutes))
    if ends_at > now + timedelta(minutes=5):
        raise PracticeError(_("Record a session after it has happened."))
    if starts_at < now - timedelta(days=helper_confirm_days()):
        raise PracticeError(
            _("Sessions older than %(days)s days can no longer be recorded.")
            % {"days": helper_confirm_days()}
        )
    residents = list({r.pk: r for r in residents}.values())
    for resident in residents:
        if not can_help(helper=helper, learner=resident):
            raise PracticeError(
                _("%(name)s is not a resident you can record help for.")
                % {"name": resident}
            )
    if residents_without_account < 0 or residents_without_account > 100:
        raise PracticeError(_("Count between 0 and 100 residents without an account."))
    if not residents and not residents_without_account:
        raise PracticeError(
            _("Choose the residents you helped, or count those without an account.")
        )
    User = get_user_model()
    with transaction.atomic():
        # One helper's sessions are checked one writer at a time.
        User.objects.select_for_update().filter(pk=helper.pk).first()
        live = HelperSession.objects.filter(helper=helper).exclude(
            state=HelperSessionState.EXPIRED
        )
        if live.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
            raise PracticeError(
                _("This overlaps a session you already recorded at that time.")
            )
        day = timezone.localdate(starts_at)
        day_start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        day_end = day_start + timedelta(days=1)
        used = (
            live.filter(starts_at__gte=day_start, starts_at__lt=day_end).aggregate(
                m=Sum("minutes")
            )["m"]
            or 0
        )
        if used + int(minutes) > helper_daily_cap():
            raise PracticeError(
                _(
                    "At most %(cap)s minutes of helping can be recorded per day; "
                    "%(used)s are already recorded for %(day)s."
                )
                % {"cap": helper_daily_cap(), "used": used, "day": day.isoformat()}
            )
        session = HelperSession(
            helper=helper,
            community_id=helper.org_unit_id,
            starts_at=starts_at,
            ends_at=ends_at,
            minutes=int(minutes),
            place=place[:200],
            topic=(topic or "").strip()[:200],
            course=course,
            residents_without_account=residents_without_account,
            expires_at=now + timedelta(days=helper_confirm_days()),
        )
        session.full_clean(exclude=["helper", "community", "course", "confirmed_by"])
        session.save()
        session.residents.set(residents)
    return session


def helper_session_confirm(*, session_id: int, user, now=None) -> HelperSession:
    """A listed resident (one tap) or the helper's supervisor confirms the session.

    Confirming twice is harmless: the second tap finds it confirmed and changes
    nothing. Only confirmation earns points.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = (
            HelperSession.objects.select_for_update(of=("self",))
            .select_related("helper")
            .filter(pk=session_id)
            .first()
        )
        if session is None:
            raise PracticeError(_("This helper session does not exist."))
        listed = session.residents.filter(pk=user.pk).exists()
        if not listed and not is_supervisor_of(user=user, helper=session.helper):
            raise PracticeError(
                _(
                    "Only the residents listed in this session, or the community "
                    "supervisor, can confirm it."
                )
            )
        if session.state == HelperSessionState.CONFIRMED:
            return session
        if session.state == HelperSessionState.EXPIRED or session.expires_at <= now:
            raise PracticeError(
                _("This session waited too long and can no longer be confirmed.")
            )
        session.state = HelperSessionState.CONFIRMED
        session.confirmed_by = user
        session.confirmed_at = now
        session.save(update_fields=["state", "confirmed_by", "confirmed_at"])
        _ledger_add(
            user_id=session.helper_id,
            kind=PointsKind.HELPER,
            points=helper_points(session.minutes),
            occurred_on=timezone.localdate(session.starts_at),
            reason=_("Helped residents: %(place)s") % {"place": session.place},
            helper_session=session,
        )
    return session


def helper_sessions_expire(*, now: datetime | None = None) -> int:
    """Pending sessions past their confirmation window expire (conditional update)."""
    now = now or timezone.now()
    return HelperSession.objects.filter(
        state=HelperSessionState.PENDING, expires_at__lte=now
    ).update(state=HelperSessionState.EXPIRED)


def helper_prefill(*, helper, day: date) -> dict:
    """Start time, minutes, residents and course from that day's assisted steps."""
    from training.models import StepAssist

    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    assists = list(
        StepAssist.objects.filter(
            helper=helper, created_at__gte=start, created_at__lt=start + timedelta(1)
        )
        .select_related("learner", "lesson")
        .order_by("created_at")
    )
    if not assists:
        return {}
    first, last = assists[0].created_at, assists[-1].created_at
    span = int((last - first).total_seconds() // 60) + 15
    minutes = max(15, min(480, (span + 4) // 5 * 5))
    course_ids = [a.lesson.path[: -a.lesson.steplen] for a in assists]
    from training.models import CoursePage

    common = max(set(course_ids), key=course_ids.count)
    course = CoursePage.objects.filter(path=common).first()
    residents = list({a.learner_id: a.learner for a in assists}.values())
    return {
        "starts_at": timezone.localtime(first).replace(second=0, microsecond=0),
        "minutes": minutes,
        "residents": residents,
        "course": course,
        "topic": course.title if course else "",
    }


def has_overlap_q(starts_at, ends_at) -> Q:
    return Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
