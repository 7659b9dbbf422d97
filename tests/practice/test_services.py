"""Submissions, reviews, permissions and files on the database."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from practice import services
from practice.models import (
    PointsEntry,
    Review,
    Submission,
    SubmissionFile,
    SubmissionState,
    SubmissionVersion,
)
from practice.services import CriterionMark, PracticeError, ReviewConflict
from practice.signals import practice_changed

from .conftest import PDF, exe_bytes, jpeg_with_gps, png_bytes

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path / "media"


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def marks(task, *points):
    return [
        CriterionMark(criterion_id=c.pk, points=D(p), comment=f"c{i}")
        for i, (c, p) in enumerate(zip(task.rubric.criteria.all(), points, strict=True))
    ]


def hand_in(task, author, **kwargs):
    kwargs.setdefault("text", "我的分析")
    return services.submission_save(task=task, author=author, submit=True, **kwargs)


# ------------------------------------------------------------------ submitting


def test_draft_then_submit_stores_checked_files_under_random_names(
    people, make_task, media, django_capture_on_commit_callbacks
):
    task = make_task()
    services.submission_save(
        task=task,
        author=people.staff,
        text="草稿",
        uploads=[("../../etc/photo.jpg", jpeg_with_gps())],
    )
    sub = hand_in(task, people.staff, uploads=[("报告.pdf", PDF)])
    assert sub.state == SubmissionState.SUBMITTED
    files = list(SubmissionFile.objects.filter(version__submission=sub))
    assert [f.original_name for f in files] == ["photo.jpg", "报告.pdf"]
    for f in files:
        assert "photo" not in f.storage_name
        assert "报告" not in f.storage_name
        assert len(Path(f.storage_name).stem) >= 30
    assert len(stored_files(media)) == 2


def test_a_bad_file_refuses_the_whole_hand_in_and_writes_nothing(
    people, make_task, media
):
    task = make_task()
    with pytest.raises(PracticeError, match="program"):
        hand_in(
            task,
            people.staff,
            uploads=[("ok.png", png_bytes()), ("evil.pdf", exe_bytes())],
        )
    assert stored_files(media) == []
    assert not SubmissionFile.objects.exists()


def test_files_written_before_a_failure_are_deleted_no_orphans(
    people, make_task, media, settings
):
    # given a hand-in whose files pass but which fails after they were written
    # (too many files once the draft's existing files are counted)
    settings.PRACTICE_UPLOAD_MAX_FILES = 2
    task = make_task()
    services.submission_save(
        task=task, author=people.staff, uploads=[("a.png", png_bytes())]
    )
    assert len(stored_files(media)) == 1
    # when one more pair comes in
    with pytest.raises(PracticeError, match="at most 2"):
        services.submission_save(
            task=task,
            author=people.staff,
            uploads=[("b.png", png_bytes()), ("c.pdf", PDF)],
        )
    # then only the first file exists on disk and in the database
    assert len(stored_files(media)) == 1
    assert SubmissionFile.objects.count() == 1


def test_failure_after_storage_write_cleans_up(people, make_task, media, monkeypatch):
    task = make_task()

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(SubmissionFile.objects, "create", boom)
    with pytest.raises(RuntimeError):
        hand_in(task, people.staff, uploads=[("a.png", png_bytes())])
    assert stored_files(media) == []


def test_empty_submission_and_double_submit_are_refused(people, make_task):
    task = make_task()
    with pytest.raises(PracticeError, match="nothing to hand in"):
        services.submission_save(task=task, author=people.staff, text="  ", submit=True)
    assert not Submission.objects.filter(state=SubmissionState.SUBMITTED).exists()
    hand_in(task, people.staff)
    with pytest.raises(PracticeError, match="already handed this in"):
        hand_in(task, people.staff)
    assert SubmissionVersion.objects.count() == 1


def test_who_may_submit_staff_of_the_listed_community_while_open(
    people, make_task, communities
):
    task = make_task(communities=[communities.east])
    with pytest.raises(PracticeError, match="not open to you"):
        hand_in(task, people.west_staff)
    with pytest.raises(PracticeError, match="not open to you"):
        hand_in(task, people.resident)
    later = make_task(opens_at=timezone.now() + timezone.timedelta(days=1))
    with pytest.raises(PracticeError, match="not open to you"):
        hand_in(later, people.staff)
    hand_in(task, people.staff)


# ------------------------------------------------------------------ reviewing


def test_accept_scores_each_criterion_and_adds_scaled_points_once(
    people, make_task, django_capture_on_commit_callbacks
):
    task = make_task(points_mode="scaled", points=D(20))
    sub = hand_in(task, people.staff)
    sent = []

    def receiver(sender, signal, event_id, **kwargs):
        assert event_id  # delivered through the durable outbox
        sent.append(kwargs)

    practice_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.review_submit(
                submission_id=sub.pk,
                reviewer=people.reviewer,
                expected_revision=sub.revision,
                decision="accepted",
                marks=marks(task, 8, 7),
            )
    finally:
        practice_changed.disconnect(receiver)
    sub.refresh_from_db()
    assert sub.state == SubmissionState.ACCEPTED
    assert sub.final_score == D(15)
    entry = PointsEntry.objects.get(submission=sub)
    assert entry.points == D("15.00")  # 20 × 15/20
    assert sent == [
        {
            "entry_id": entry.pk,
            "user_id": people.staff.pk,
            "kind": "task",
            "points": "15.00",
            "occurred_on": entry.occurred_on.isoformat(),
        }
    ]


def test_nobody_reviews_their_own_work_and_only_task_reviewers_review(
    people, make_task
):
    task = make_task(reviewers=[people.reviewer2])
    people.staff.groups.add(people.reviewer.groups.first())  # staff is also reviewer
    sub = hand_in(task, people.staff)
    with pytest.raises(PracticeError, match="own work"):
        services.review_submit(
            submission_id=sub.pk,
            reviewer=people.staff,
            expected_revision=sub.revision,
            decision="accepted",
            marks=marks(task, 1, 1),
        )
    with pytest.raises(PracticeError, match="not a reviewer"):
        services.review_submit(
            submission_id=sub.pk,
            reviewer=people.reviewer,  # in Reviewers, but the task names reviewer2
            expected_revision=sub.revision,
            decision="accepted",
            marks=marks(task, 1, 1),
        )
    assert not Review.objects.exists()


def test_marks_must_cover_every_criterion_within_its_maximum(people, make_task):
    task = make_task()
    sub = hand_in(task, people.staff)
    criteria = list(task.rubric.criteria.all())
    with pytest.raises(PracticeError, match="every criterion"):
        services.review_submit(
            submission_id=sub.pk,
            reviewer=people.reviewer,
            expected_revision=sub.revision,
            decision="accepted",
            marks=[CriterionMark(criteria[0].pk, D(5))],
        )
    with pytest.raises(PracticeError, match="between 0 and 10"):
        services.review_submit(
            submission_id=sub.pk,
            reviewer=people.reviewer,
            expected_revision=sub.revision,
            decision="accepted",
            marks=marks(task, 11, 5),
        )
    with pytest.raises(PracticeError, match="comment"):
        services.review_submit(
            submission_id=sub.pk,
            reviewer=people.reviewer,
            expected_revision=sub.revision,
            decision="returned",
            marks=marks(task, 5, 5),
        )
    assert not Review.objects.exists()


def test_second_reviewer_with_a_stale_view_is_told_who_decided(people, make_task):
    task = make_task()
    sub = hand_in(task, people.staff)
    seen = sub.revision
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer,
        expected_revision=seen,
        decision="rejected",
        comment="不是本社区的数据",
        marks=marks(task, 2, 2),
    )
    with pytest.raises(ReviewConflict, match="审核甲 has already decided"):
        services.review_submit(
            submission_id=sub.pk,
            reviewer=people.reviewer2,
            expected_revision=seen,
            decision="accepted",
            marks=marks(task, 9, 9),
        )
    assert Review.objects.count() == 1
    assert not PointsEntry.objects.exists()


def test_returned_work_gets_a_new_version_and_old_reviews_stay(people, make_task):
    task = make_task()
    sub = hand_in(task, people.staff, uploads=[("v1.pdf", PDF)])
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer,
        expected_revision=sub.revision,
        decision="returned",
        comment="请加上图表标题",
        marks=marks(task, 5, 4),
    )
    sub = hand_in(
        task, people.staff, text="第二版", uploads=[("chart.png", png_bytes())]
    )
    v1, v2 = SubmissionVersion.objects.filter(submission=sub).order_by("number")
    assert (v1.text, v1.outcome) == ("我的分析", "returned")
    assert [f.original_name for f in v1.files.all()] == ["v1.pdf"]
    assert [f.original_name for f in v2.files.all()] == ["v1.pdf", "chart.png"]
    assert v1.reviews.get().comment == "请加上图表标题"
    assert v2.text == "第二版"
    assert sub.state == SubmissionState.SUBMITTED
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer,
        expected_revision=sub.revision,
        decision="accepted",
        marks=marks(task, 9, 9),
    )
    assert PointsEntry.objects.get().points == D(20)


def test_removing_a_shared_file_from_a_new_draft_keeps_the_old_versions_blob(
    people, make_task, media, django_capture_on_commit_callbacks
):
    task = make_task()
    sub = hand_in(task, people.staff, uploads=[("v1.pdf", PDF)])
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer,
        expected_revision=sub.revision,
        decision="returned",
        comment="再改改",
        marks=marks(task, 5, 4),
    )
    services.submission_save(task=task, author=people.staff, text="v2")
    draft_file = SubmissionFile.objects.get(version__number=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_save(
            task=task, author=people.staff, text="v2", remove_file_ids=[draft_file.pk]
        )
    assert len(stored_files(media)) == 1  # v1 still shows what was reviewed
    assert SubmissionFile.objects.get().version.number == 1


@pytest.mark.parametrize(
    ("second", "third", "state", "score"),
    [
        pytest.param(("accepted", 8, 8), None, "accepted", D(17), id="agree-average"),
        pytest.param(
            ("accepted", 2, 2),
            ("accepted", 8, 9),
            "accepted",
            D("17.50"),
            id="far-apart-third-decides",
        ),
    ],
)
def test_two_independent_reviews(people, make_task, second, third, state, score):
    task = make_task(reviews_required=2, review_margin=D(20))
    sub = hand_in(task, people.staff)
    rev = sub.revision
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer,
        expected_revision=rev,
        decision="accepted",
        marks=marks(task, 9, 9),
    )
    sub.refresh_from_db()
    assert sub.state == SubmissionState.SUBMITTED  # one review is not enough
    decision, *pts = second
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer2,
        expected_revision=rev,
        decision=decision,
        marks=marks(task, *pts),
    )
    if third:
        sub.refresh_from_db()
        assert sub.state == SubmissionState.SUBMITTED
        decision, *pts = third
        services.review_submit(
            submission_id=sub.pk,
            reviewer=people.reviewer3,
            expected_revision=rev,
            decision=decision,
            marks=marks(task, *pts),
        )
    sub.refresh_from_db()
    assert (sub.state, sub.final_score) == (state, score)


def test_same_reviewer_cannot_review_one_version_twice(people, make_task):
    task = make_task(reviews_required=2)
    sub = hand_in(task, people.staff)
    kwargs = {
        "submission_id": sub.pk,
        "reviewer": people.reviewer,
        "expected_revision": sub.revision,
        "decision": "accepted",
        "marks": marks(task, 9, 9),
    }
    services.review_submit(**kwargs)
    with pytest.raises(ReviewConflict, match="already reviewed"):
        services.review_submit(**kwargs)


# ------------------------------------------------------------------ permissions


def test_who_may_see_a_submission(people, make_task):
    task = make_task(reviewers=[people.reviewer2])
    sub = hand_in(task, people.staff)
    allowed = [people.staff, people.reviewer2, people.hr]
    denied = [people.staff2, people.reviewer, people.resident, people.editor]
    assert all(services.can_view_submission(user=u, submission=sub) for u in allowed)
    assert not any(services.can_view_submission(user=u, submission=sub) for u in denied)


def test_showcase_share_only_accepted_and_editors_feature(people, make_task):
    task = make_task()
    sub = hand_in(task, people.staff)
    with pytest.raises(PracticeError, match="Only accepted"):
        services.submission_share(
            submission_id=sub.pk, author=people.staff, share=True, title="图表"
        )
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer,
        expected_revision=sub.revision,
        decision="accepted",
        marks=marks(task, 9, 9),
    )
    with pytest.raises(PracticeError, match="Only the author"):
        services.submission_share(
            submission_id=sub.pk, author=people.staff2, share=True, title="x"
        )
    services.submission_share(
        submission_id=sub.pk, author=people.staff, share=True, title="图表"
    )
    with pytest.raises(PracticeError, match="Only editors"):
        services.showcase_feature(
            submission_id=sub.pk, editor=people.staff, featured=True
        )
    services.showcase_feature(submission_id=sub.pk, editor=people.editor, featured=True)
    sub.refresh_from_db()
    assert sub.featured
    assert not sub.share_publicly
