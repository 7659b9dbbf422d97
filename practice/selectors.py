"""Reads for practice, each in a constant number of queries whatever the data size.

Public API for other apps (incentives, certificates):

* ``points_by_user(user_ids=…, start=…, end=…) -> {user_id: Decimal}`` — ledger
  points whose ``occurred_on`` falls in [start, end] (both inclusive), summed in SQL;
  every asked id is in the result (0 when none).
* ``helper_minutes_by_user(user_ids=…, start=…, end=…) -> {user_id: int}`` — minutes
  of *confirmed* helper sessions that started on a day in [start, end].
* ``has_accepted_work(user_id=…, task_ids=…, skill_area_ids=…) -> bool`` — whether
  the person has accepted practice work for any of the tasks / skill areas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import (
    HelperSession,
    HelperSessionState,
    PointsEntry,
    PracticeTask,
    ResidentStory,
    Review,
    Submission,
    SubmissionState,
    SubmissionVersion,
)

ZERO = Decimal(0)


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    low = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    high = timezone.make_aware(
        datetime.combine(end + timedelta(days=1), datetime.min.time())
    )
    return low, high


# --------------------------------------------------------------------- ledger


def points_by_user(
    *, user_ids: Iterable[int], start: date, end: date
) -> dict[int, Decimal]:
    ids = list(dict.fromkeys(int(i) for i in user_ids))
    result = dict.fromkeys(ids, ZERO)
    if not ids:
        return result
    rows = (
        PointsEntry.objects.filter(
            user_id__in=ids, occurred_on__gte=start, occurred_on__lte=end
        )
        .order_by()
        .values("user_id")
        .annotate(total=Sum("points"))
    )
    for row in rows:
        result[row["user_id"]] = row["total"] or ZERO
    return result


def points_balance(*, user_id: int, start: date, end: date) -> Decimal:
    return points_by_user(user_ids=[user_id], start=start, end=end)[user_id]


def helper_minutes_by_user(
    *, user_ids: Iterable[int], start: date, end: date
) -> dict[int, int]:
    ids = list(dict.fromkeys(int(i) for i in user_ids))
    result = dict.fromkeys(ids, 0)
    if not ids:
        return result
    low, high = _day_bounds(start, end)
    rows = (
        HelperSession.objects.filter(
            helper_id__in=ids,
            state=HelperSessionState.CONFIRMED,
            starts_at__gte=low,
            starts_at__lt=high,
        )
        .order_by()
        .values("helper_id")
        .annotate(total=Sum("minutes"))
    )
    for row in rows:
        result[row["helper_id"]] = int(row["total"] or 0)
    return result


def has_accepted_work(
    *,
    user_id: int,
    task_ids: Iterable[int] = (),
    skill_area_ids: Iterable[int] = (),
) -> bool:
    """The certificates seam: accepted work for any of these tasks or skill areas.

    With neither given, any accepted work counts.
    """
    task_ids, skill_area_ids = list(task_ids), list(skill_area_ids)
    accepted = Submission.objects.filter(
        author_id=user_id, state=SubmissionState.ACCEPTED
    )
    scope = Q()
    if task_ids:
        scope |= Q(task_id__in=task_ids)
    if skill_area_ids:
        scope |= Q(task__skill_area_id__in=skill_area_ids)
    return accepted.filter(scope).exists()


def ledger_for(*, user_id: int, limit: int = 50) -> list[PointsEntry]:
    return list(
        PointsEntry.objects.filter(user_id=user_id)
        .select_related("corrects")
        .order_by("-occurred_on", "-pk")[:limit]
    )


# ------------------------------------------------------------ tasks, my practice


def open_tasks_for(*, user, now=None) -> list[PracticeTask]:
    now = now or timezone.now()
    qs = (
        PracticeTask.objects.filter(is_published=True)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(communities__isnull=True) | Q(communities=user.org_unit_id))
        .select_related("skill_area", "course")
        .distinct()
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )
    return list(qs)


def my_submissions(*, user) -> list[Submission]:
    latest_versions = SubmissionVersion.objects.order_by("-number").prefetch_related(
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("reviewer").prefetch_related(
                "scores__criterion"
            ),
        )
    )
    return list(
        Submission.objects.filter(author=user)
        .select_related("task", "task__skill_area")
        .prefetch_related(Prefetch("versions", queryset=latest_versions))
        .order_by("-created_at")
    )


@dataclass
class MyPractice:
    tasks: list
    submissions: list
    sessions: list
    points_year: Decimal
    points_12m: Decimal
    minutes_12m: int
    pending_minutes: int = 0
    ledger: list = field(default_factory=list)


def my_practice(*, user, today: date | None = None) -> MyPractice:
    today = today or timezone.localdate()
    subs = my_submissions(user=user)
    by_task = {s.task_id: s for s in subs}
    tasks = open_tasks_for(user=user)
    for task in tasks:
        task.my_submission = by_task.get(task.pk)
    sessions = list(
        HelperSession.objects.filter(helper=user)
        .select_related("course")
        .prefetch_related("residents")
        .order_by("-starts_at")[:30]
    )
    year = points_balance(user_id=user.pk, start=date(today.year, 1, 1), end=today)
    start_12m = today - timedelta(days=365)
    months = points_balance(user_id=user.pk, start=start_12m, end=today)
    minutes = helper_minutes_by_user(user_ids=[user.pk], start=start_12m, end=today)
    return MyPractice(
        tasks=tasks,
        submissions=subs,
        sessions=sessions,
        points_year=year,
        points_12m=months,
        minutes_12m=minutes[user.pk],
        pending_minutes=sum(
            s.minutes for s in sessions if s.state == HelperSessionState.PENDING
        ),
        ledger=ledger_for(user_id=user.pk, limit=20),
    )


def task_detail(*, task_id: int):
    return (
        PracticeTask.objects.select_related("rubric", "skill_area", "course")
        .prefetch_related("rubric__criteria", "communities", "reviewers")
        .get(pk=task_id)
    )


def submission_history(*, submission_id: int) -> Submission:
    """A submission with every version, its files and its reviews with scores."""
    return (
        Submission.objects.select_related("task__rubric", "task__skill_area", "author")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=SubmissionVersion.objects.order_by("-number").prefetch_related(
                    "files",
                    Prefetch(
                        "reviews",
                        queryset=Review.objects.select_related(
                            "reviewer"
                        ).prefetch_related("scores__criterion"),
                    ),
                ),
            )
        )
        .get(pk=submission_id)
    )


# --------------------------------------------------------------------- residents


def sessions_to_confirm(*, resident, now=None) -> list[HelperSession]:
    now = now or timezone.now()
    return list(
        HelperSession.objects.filter(
            residents=resident,
            state=HelperSessionState.PENDING,
            expires_at__gt=now,
        )
        .select_related("helper", "course")
        .order_by("-starts_at")
    )


def sessions_for_supervisor(*, user, now=None) -> list[HelperSession]:
    from accounts.roles import HR, user_has_role

    now = now or timezone.now()
    qs = HelperSession.objects.filter(
        state=HelperSessionState.PENDING, expires_at__gt=now
    ).exclude(helper=user)
    if not (user.is_superuser or user_has_role(user, HR)):
        qs = qs.filter(helper__org_unit_id=user.org_unit_id)
    return list(
        qs.select_related("helper", "course", "community")
        .prefetch_related("residents")
        .order_by("starts_at")
    )


# --------------------------------------------------------------------- review queue


@dataclass
class QueueRow:
    submission: Submission
    version_number: int
    reviews_done: int
    needs_third: bool
    overdue: bool
    waiting_days: int


@dataclass
class ReviewQueue:
    rows: list[QueueRow]
    total: int
    overdue: int


def review_queue(*, reviewer, now=None, limit: int = 200) -> ReviewQueue:
    """Submitted work this reviewer may review and has not reviewed yet.

    Overdue: the task's due date passed, or it has waited more than
    ``PRACTICE_REVIEW_DAYS`` (default 7) days. Two queries whatever the size
    (plus one for the reviewer's groups).
    """
    from django.conf import settings

    from accounts.roles import REVIEWERS, user_has_role

    now = now or timezone.now()
    review_days = int(getattr(settings, "PRACTICE_REVIEW_DAYS", 7))
    qs = Submission.objects.filter(state=SubmissionState.SUBMITTED).exclude(
        author=reviewer
    )
    if not reviewer.is_superuser:
        group_ids = list(reviewer.groups.values_list("pk", flat=True))
        mine = Q(task__reviewers=reviewer) | Q(task__reviewer_group_id__in=group_ids)
        if user_has_role(reviewer, REVIEWERS):
            mine |= Q(task__reviewer_group__isnull=True, task__reviewers__isnull=True)
        qs = qs.filter(mine)
    qs = (
        qs.annotate(
            version_number=Max("versions__number"),
        )
        .select_related("task", "author", "author__org_unit")
        .distinct()
        .order_by("submitted_at", "pk")
    )
    subs = list(qs[:limit])
    if not subs:
        return ReviewQueue(rows=[], total=0, overdue=0)
    counts: dict[int, dict] = {}
    for row in (
        Review.objects.filter(version__submission_id__in=[s.pk for s in subs])
        .values("version__submission_id", "version__number", "reviewer_id")
        .order_by()
    ):
        counts.setdefault(row["version__submission_id"], {}).setdefault(
            row["version__number"], set()
        ).add(row["reviewer_id"])
    rows = []
    for s in subs:
        done = counts.get(s.pk, {}).get(s.version_number, set())
        if reviewer.pk in done:
            continue
        waited = now - (s.submitted_at or now)
        overdue = s.task.is_overdue(now) or waited > timedelta(days=review_days)
        rows.append(
            QueueRow(
                submission=s,
                version_number=s.version_number,
                reviews_done=len(done),
                needs_third=s.task.reviews_required == 2 and len(done) >= 2,
                overdue=overdue,
                waiting_days=waited.days,
            )
        )
    return ReviewQueue(
        rows=rows, total=len(rows), overdue=sum(1 for r in rows if r.overdue)
    )


# --------------------------------------------------------------------- showcase


@dataclass
class ShowcaseFilters:
    skill_area_id: int | None = None
    community_id: int | None = None
    start: date | None = None
    end: date | None = None


def showcase_items(*, filters: ShowcaseFilters, public: bool) -> dict:
    qs = Submission.objects.filter(
        state=SubmissionState.ACCEPTED, share_in_showcase=True
    )
    stories = ResidentStory.objects.filter(is_published=True).exclude(
        consent_given_on__isnull=True
    )
    if public:
        qs = qs.filter(share_publicly=True)
        stories = stories.filter(share_publicly=True)
    if filters.skill_area_id:
        qs = qs.filter(task__skill_area_id=filters.skill_area_id)
        stories = stories.filter(skill_area_id=filters.skill_area_id)
    if filters.community_id:
        qs = qs.filter(author__org_unit_id=filters.community_id)
        stories = stories.filter(community_id=filters.community_id)
    if filters.start:
        low, _ = _day_bounds(filters.start, filters.start)
        qs = qs.filter(decided_at__gte=low)
        stories = stories.filter(created_at__gte=low)
    if filters.end:
        _, high = _day_bounds(filters.end, filters.end)
        qs = qs.filter(decided_at__lt=high)
        stories = stories.filter(created_at__lt=high)
    items = list(
        qs.select_related("task__skill_area", "author__org_unit").order_by(
            "-featured", "-decided_at"
        )[:60]
    )
    return {
        "items": items,
        "stories": list(
            stories.select_related("community", "skill_area").order_by(
                "-featured", "-created_at"
            )[:30]
        ),
    }


# --------------------------------------------------------------------- reports


@dataclass
class CommunityReportRow:
    community: str
    tasks: int
    submissions: int
    accepted: int
    decided: int
    helper_minutes: int
    residents_helped: int
    points: Decimal

    @property
    def acceptance_rate(self) -> str:
        if not self.decided:
            return "—"
        return f"{100 * self.accepted / self.decided:.0f}%"


def community_report(*, start: date, end: date) -> list[CommunityReportRow]:
    """Per community: work handed in, help given and points counted in [start, end]."""
    from accounts.models import OrgUnit

    low, high = _day_bounds(start, end)
    names = dict(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).values_list("pk", "name")
    )
    subs = (
        Submission.objects.filter(submitted_at__gte=low, submitted_at__lt=high)
        .order_by()
        .values("author__org_unit_id")
        .annotate(
            n=Count("pk"),
            tasks=Count("task_id", distinct=True),
            accepted=Count("pk", filter=Q(state=SubmissionState.ACCEPTED)),
            decided=Count(
                "pk",
                filter=Q(
                    state__in=[SubmissionState.ACCEPTED, SubmissionState.REJECTED]
                ),
            ),
        )
    )
    sessions = (
        HelperSession.objects.filter(
            state=HelperSessionState.CONFIRMED, starts_at__gte=low, starts_at__lt=high
        )
        .order_by()
        .values("community_id")
        .annotate(
            minutes=Sum("minutes"),
            anon=Sum("residents_without_account"),
        )
    )
    helped = (
        HelperSession.residents.through.objects.filter(
            helpersession__state=HelperSessionState.CONFIRMED,
            helpersession__starts_at__gte=low,
            helpersession__starts_at__lt=high,
        )
        .order_by()
        .values("helpersession__community_id")
        .annotate(n=Count("user_id", distinct=True))
    )
    points = (
        PointsEntry.objects.filter(occurred_on__gte=start, occurred_on__lte=end)
        .order_by()
        .values("user__org_unit_id")
        .annotate(total=Sum("points"))
    )
    rows: dict = {}

    def row(cid):
        if cid not in rows:
            rows[cid] = CommunityReportRow(
                community=names.get(cid, "—"),
                tasks=0,
                submissions=0,
                accepted=0,
                decided=0,
                helper_minutes=0,
                residents_helped=0,
                points=ZERO,
            )
        return rows[cid]

    for r in subs:
        x = row(r["author__org_unit_id"])
        x.submissions, x.tasks = r["n"], r["tasks"]
        x.accepted, x.decided = r["accepted"], r["decided"]
    for r in sessions:
        x = row(r["community_id"])
        x.helper_minutes = int(r["minutes"] or 0)
        x.residents_helped += int(r["anon"] or 0)
    for r in helped:
        row(r["helpersession__community_id"]).residents_helped += r["n"]
    for r in points:
        row(r["user__org_unit_id"]).points = r["total"] or ZERO
    return sorted(rows.values(), key=lambda r: r.community)


def helper_minutes_by_month(*, start: date, end: date) -> list[tuple[date, int]]:
    low, high = _day_bounds(start, end)
    rows = (
        HelperSession.objects.filter(
            state=HelperSessionState.CONFIRMED, starts_at__gte=low, starts_at__lt=high
        )
        .annotate(month=TruncMonth("starts_at"))
        .order_by()
        .values("month")
        .annotate(minutes=Sum("minutes"))
        .order_by("month")
    )
    return [(r["month"], int(r["minutes"] or 0)) for r in rows]
