"""Pages and admin screens: who sees what, bad input gets a message, exports work."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from practice import services
from practice.models import (
    HelperSession,
    PointsEntry,
    Submission,
    SubmissionFile,
    SubmissionState,
)
from practice.services import CriterionMark

from .conftest import PDF, exe_bytes, jpeg_with_gps

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


def login(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def test_staff_hand_in_through_the_page_and_bad_file_is_explained(
    client, people, make_task, media
):
    task = make_task()
    login(client, people.staff)
    url = reverse("practice:task", args=[task.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "text": "答案",
            "submit": "1",
            "files": [SimpleUploadedFile("report.pdf", exe_bytes())],
        },
    )
    assert bad.status_code == 400
    assert "is a program" in bad.content.decode()
    assert not Submission.objects.filter(state=SubmissionState.SUBMITTED).exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    ok = client.post(
        url,
        {
            "text": "答案",
            "submit": "1",
            "files": [SimpleUploadedFile("photo.jpg", jpeg_with_gps())],
        },
    )
    assert ok.status_code == 302
    sub = Submission.objects.get()
    assert sub.state == SubmissionState.SUBMITTED
    page = client.get(url).content.decode()
    assert "photo.jpg" in page
    assert "Hand in for review" not in page  # no form while it waits for review


def test_files_are_served_only_to_author_reviewers_hr_and_superusers(
    client, people, make_task, django_user_model
):
    task = make_task(reviewers=[people.reviewer2])
    services.submission_save(
        task=task, author=people.staff, text="x", uploads=[("r.pdf", PDF)], submit=True
    )
    token = SubmissionFile.objects.get().token
    url = reverse("practice:file", args=[token])
    assert client.get(url).status_code == 404  # anonymous
    for user, status in [
        (people.staff, 200),
        (people.reviewer2, 200),
        (people.hr, 200),
        (django_user_model.objects.create_superuser("root", password="x" * 12), 200),
        (people.staff2, 404),
        (people.reviewer, 404),  # a reviewer, but not of this task
        (people.resident, 404),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "attachment" in response["Content-Disposition"]
    client.force_login(people.staff)
    assert client.get(reverse("practice:file", args=["nope"])).status_code == 404


def test_my_practice_shows_tasks_feedback_sessions_and_points(
    client, people, make_task
):
    task = make_task(title="统计需求", title_en="")
    sub = services.submission_save(
        task=task, author=people.staff, text="x", submit=True
    )
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer,
        expected_revision=sub.revision,
        decision="returned",
        comment="请补充图表",
        marks=[CriterionMark(c.pk, D(3)) for c in task.rubric.criteria.all()],
    )
    services.points_adjust(user=people.staff, points=D(7), reason="活动", by=people.hr)
    login(client, people.staff)
    page = client.get(reverse("practice:my_practice")).content.decode()
    assert "统计需求" in page
    assert "请补充图表" in page
    assert 'data-testid="points-year">7<' in page
    client.force_login(people.resident)
    assert client.get(reverse("practice:my_practice")).status_code == 403


def test_resident_confirms_own_session_only(client, people):
    start = timezone.now() - timedelta(hours=3)
    session = services.helper_session_record(
        helper=people.staff,
        starts_at=start,
        minutes=60,
        place="社区活动室",
        residents=[people.resident],
    )
    login(client, people.resident2)
    assert "社区活动室" not in client.get(reverse("practice:confirm")).content.decode()
    response = client.post(
        reverse("practice:confirm_session", args=[session.pk]), follow=True
    )
    assert "Only the residents listed" in response.content.decode()
    assert not PointsEntry.objects.exists()
    client.force_login(people.resident)
    page = client.get(reverse("practice:confirm")).content.decode()
    assert "Yes, they helped me" in page
    client.post(reverse("practice:confirm_session", args=[session.pk]))
    session.refresh_from_db()
    assert session.state == "confirmed"
    assert PointsEntry.objects.get().user == people.staff


def test_helper_form_is_prefilled_from_the_days_assisted_steps(client, people):
    from tests.training.conftest import make_course, make_site
    from training import services as training_services
    from training.models import LessonPage

    _, index = make_site()
    course = make_course(index, title="手机挂号")
    lesson = LessonPage.objects.child_of(course).first()
    training_services.progress_record_step(
        user=people.resident, lesson=lesson, step=1, helper=people.staff
    )
    login(client, people.staff)
    page = client.get(reverse("practice:helper_new")).content.decode()
    assert "Filled in from the lesson steps" in page
    assert f'value="{people.resident.pk}" id="id_residents_0" checked' in page.replace(
        'class="" ', ""
    ) or ("checked" in page and f'value="{people.resident.pk}"' in page)
    assert f'<option value="{course.pk}" selected>' in page
    response = client.post(
        reverse("practice:helper_new"),
        {
            "day": timezone.localdate().isoformat(),
            "start": "00:00",
            "minutes": "30",
            "place": "",
            "residents_without_account": "0",
        },
    )
    assert response.status_code == 400
    assert not HelperSession.objects.exists()


def test_admin_review_queue_review_and_conflict_message(client, people, make_task):
    task = make_task(due_at=timezone.now() - timedelta(days=1))
    sub = services.submission_save(
        task=task, author=people.staff, text="x", submit=True
    )
    login(client, people.reviewer)
    queue = client.get(reverse("practice-reviews:queue")).content.decode()
    assert "overdue" in queue
    assert "1 piece of work waiting" in queue
    criteria = list(task.rubric.criteria.all())
    data = {"decision": "accepted", "comment": "", "revision": sub.revision}
    for c in criteria:
        data[f"points_{c.pk}"] = "9"
    stale = dict(data)
    # another reviewer decides first
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer2,
        expected_revision=sub.revision,
        decision="rejected",
        comment="不符合要求",
        marks=[CriterionMark(c.pk, D(1)) for c in criteria],
    )
    response = client.post(
        reverse("practice-reviews:review", args=[sub.pk]), stale, follow=True
    )
    assert "审核乙 has already decided this work" in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == SubmissionState.REJECTED
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Practice work to review" in home


def test_admin_review_form_accepts(client, people, make_task):
    task = make_task()
    sub = services.submission_save(
        task=task, author=people.staff, text="x", submit=True
    )
    login(client, people.reviewer)
    data = {"decision": "accepted", "comment": "好", "revision": sub.revision}
    for c in task.rubric.criteria.all():
        data[f"points_{c.pk}"] = "10"
        data[f"comment_{c.pk}"] = "清楚"
    response = client.post(reverse("practice-reviews:review", args=[sub.pk]), data)
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == SubmissionState.ACCEPTED
    assert PointsEntry.objects.get().points == D(20)
    client.force_login(people.staff)
    assert client.get(reverse("practice-reviews:queue")).status_code in (302, 403)


def test_report_exports_csv_and_xlsx(client, people, make_task):
    task = make_task()
    sub = services.submission_save(
        task=task, author=people.staff, text="x", submit=True
    )
    services.review_submit(
        submission_id=sub.pk,
        reviewer=people.reviewer,
        expected_revision=sub.revision,
        decision="accepted",
        marks=[CriterionMark(c.pk, D(10)) for c in task.rubric.criteria.all()],
    )
    session = services.helper_session_record(
        helper=people.staff,
        starts_at=timezone.now() - timedelta(hours=2),
        minutes=90,
        place="活动室",
        residents=[people.resident],
        residents_without_account=2,
    )
    services.helper_session_confirm(session_id=session.pk, user=people.resident)
    login(client, people.hr)
    url = reverse("practice-report:index")
    page = client.get(url).content.decode()
    assert "东社区" in page
    assert "Helper hours per month" in page
    csv = client.get(url + "?export=csv")
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Community,Tasks,Submissions,Accepted")
    assert lines[1] == "东社区,1,1,1,100%,90,3,23.00"
    xlsx = client.get(url + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [c.value for c in sheet[2]][:4] == ["东社区", 1, 1, 1]
    client.force_login(people.staff)
    assert client.get(url).status_code in (302, 403)
