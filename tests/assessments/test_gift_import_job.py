"""GIFT import through the admin: size cap, one validation path for preview and
confirm, the upload kept server-side, and a chunked background job that is
all-or-nothing for the editor and resumes after a crash."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import EDITORS
from assessments import services
from assessments.models import (
    GiftImportJob,
    ImportStatus,
    Question,
    QuestionCategory,
)
from tests.accounts.factories import activate_totp

from .conftest import tf

pytestmark = pytest.mark.django_db


def _bank(n: int, prefix: str = "Q") -> str:
    return "\n\n".join(f"::{prefix}{i}:: 题目 {i} {{T}}" for i in range(n)) + "\n"


@pytest.fixture
def editor(make_user):
    user = make_user(EDITORS, username="editor")
    user.is_superuser = True  # model permissions for the viewsets
    user.save()
    activate_totp(user)  # superusers must have an authenticator app
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _preview(client, **data):
    resp = client.post(reverse("assessments-gift:import"), data)
    html = resp.content.decode()
    found = re.search(r'name="job" value="([0-9a-f-]+)"', html)
    return resp, html, found.group(1) if found else None


def _confirm(client, capture, token, partial="0"):
    with capture(execute=True):
        return client.post(
            reverse("assessments-gift:import"),
            {"confirm": "1", "job": token, "partial": partial},
        )


# ------------------------------------------------------------------ size cap


def test_an_upload_over_2_mb_is_refused_with_a_clear_message(editor_client):
    big = SimpleUploadedFile("big.gift", b"x {T}\n\n" * 400_000)  # 2.8 MB
    resp = editor_client.post(
        reverse("assessments-gift:import"), {"category": "题库", "file": big}
    )
    assert resp.status_code == 400
    assert "larger than 2 MB" in resp.content.decode()
    assert not GiftImportJob.objects.exists()


def test_the_cap_is_checked_by_the_service_too():
    with pytest.raises(ValidationError, match="at once is 2 MB"):
        services.gift_check(text="q {T}\n\n" * 400_000, category_path="题库")


def test_the_size_message_is_in_chinese_too(client, editor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(editor)
    big = SimpleUploadedFile("big.gift", b"x {T}\n\n" * 400_000)
    resp = client.post(
        reverse("assessments-gift:import"),
        {"category": "题库", "file": big},
        headers={"accept-language": "zh-hans"},
    )
    assert "MB" in resp.content.decode()
    assert "请分成几个文件" in resp.content.decode()


# ------------------------------------------------------------------ one validation


def test_a_200_character_category_is_a_problem_at_preview_and_at_confirm(
    editor_client, django_capture_on_commit_callbacks
):
    long = "长" * 200
    text = f"::ok:: 好题 {{T}}\n\n$CATEGORY: {long}\n\n::too deep:: 题 {{F}}\n"
    resp, html, token = _preview(editor_client, category="题库", text=text)
    assert resp.status_code == 200
    assert "at most 120 characters" in html
    assert 'name="partial" value="0"' not in html  # only "the good ones"
    # confirming the whole file anyway (a crafted post) is refused, not a 500
    resp = _confirm(editor_client, django_capture_on_commit_callbacks, token, "0")
    assert resp.status_code == 302
    assert not Question.objects.exists()
    # the good ones, without uploading again
    resp = _confirm(editor_client, django_capture_on_commit_callbacks, token, "1")
    assert resp.status_code == 302
    assert list(Question.objects.values_list("name", flat=True)) == ["ok"]
    assert not QuestionCategory.objects.filter(name__startswith="长").exists()


def test_nul_bytes_rejected_at_preview_are_never_stored_at_confirm(
    editor_client, django_capture_on_commit_callbacks
):
    raw = "::clean:: 好题 {T}\n\n::dirty:: 坏\x00题 {F}\n".encode()
    upload = SimpleUploadedFile("nul.gift", raw)
    resp = editor_client.post(
        reverse("assessments-gift:import"), {"category": "题库", "file": upload}
    )
    html = resp.content.decode()
    assert "NUL character" in html
    token = re.search(r'name="job" value="([0-9a-f-]+)"', html).group(1)
    _confirm(editor_client, django_capture_on_commit_callbacks, token, "1")
    assert list(Question.objects.values_list("name", flat=True)) == ["clean"]
    assert not any(
        "\x00" in str(v.spec) for q in Question.objects.all() for v in q.versions.all()
    )


def test_a_bad_target_category_is_a_form_error_not_a_500(editor_client):
    resp, html, token = _preview(editor_client, category="x" * 130, text=_bank(1))
    assert resp.status_code == 400
    assert "at most 120 characters" in html
    assert token is None


# ------------------------------------------------------------------ server-side upload


def test_confirm_sends_only_the_token_and_a_double_confirm_imports_once(
    editor_client, django_capture_on_commit_callbacks
):
    resp, html, token = _preview(editor_client, category="题库", text=_bank(3))
    assert "Q0" in html
    assert token
    job = GiftImportJob.objects.get(token=token)
    assert job.status == ImportStatus.PREVIEWED
    assert Question.objects.count() == 0
    first = _confirm(editor_client, django_capture_on_commit_callbacks, token)
    second = _confirm(editor_client, django_capture_on_commit_callbacks, token)
    assert first["Location"] == second["Location"]
    assert Question.objects.count() == 3
    job.refresh_from_db()
    assert (job.status, job.created_count, job.processed) == (ImportStatus.DONE, 3, 3)
    # the progress page and its JSON for polling
    page = editor_client.get(first["Location"])
    assert page.status_code == 200
    assert "Imported" in page.content.decode()
    data = editor_client.get(first["Location"], {"format": "json"}).json()
    assert data["status"] == "done"
    assert data["percent"] == 100


def test_someone_elses_preview_cannot_be_confirmed(
    client, editor_client, make_user, django_capture_on_commit_callbacks
):
    _resp, _html, token = _preview(editor_client, category="题库", text=_bank(2))
    other = make_user(EDITORS, username="other")
    client.force_login(other)
    with pytest.raises(Exception):  # noqa: B017,PT011 - PermissionDenied or redirect
        services.gift_import_confirm(token=token, user=other, partial=False)
    assert Question.objects.count() == 0


# ------------------------------------------------------------------ background job


def _queued_job(editor, n: int) -> GiftImportJob:
    job, _check = services.gift_preview(
        text=_bank(n), category_path="题库/新", partial=False, user=editor
    )
    GiftImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    return job


def test_a_large_import_commits_in_chunks_and_shows_nothing_until_done(
    editor, monkeypatch
):
    monkeypatch.setattr(services, "IMPORT_CHUNK_MAX", 4)
    job = _queued_job(editor, 10)
    seen = []
    real_save = services.question_save

    def watching_save(**kwargs):
        # what anyone else sees while the job runs
        job_row = GiftImportJob.objects.get(pk=job.pk)
        seen.append(
            (
                job_row.processed,
                Question.objects.filter(import_job__isnull=True).count(),
            )
        )
        return real_save(**kwargs)

    monkeypatch.setattr(services, "question_save", watching_save)
    job = services.gift_job_run(job_id=job.pk)
    assert job.status == ImportStatus.DONE
    # progress was committed every 4 questions, and no question was visible before
    assert [p for p, _visible in seen] == [0, 0, 0, 0, 4, 4, 4, 4, 8, 8]
    assert all(visible == 0 for _p, visible in seen)
    assert Question.objects.filter(import_job__isnull=True).count() == 10
    assert job.text == ""  # the upload is not kept after the import


def test_a_failing_import_leaves_nothing_behind(editor, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_CHUNK_MAX", 3)
    job = _queued_job(editor, 8)
    real_save = services.question_save
    calls = {"n": 0}

    def failing_save(**kwargs):
        calls["n"] += 1
        if calls["n"] == 7:
            raise RuntimeError("disk full")
        return real_save(**kwargs)

    monkeypatch.setattr(services, "question_save", failing_save)
    job = services.gift_job_run(job_id=job.pk)
    assert job.status == ImportStatus.FAILED
    assert "disk full" in job.error
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()  # the categories it made are gone


def test_a_killed_import_resumes_where_it_stopped_without_duplicates(
    editor, monkeypatch
):
    monkeypatch.setattr(services, "IMPORT_CHUNK_MAX", 3)
    job = _queued_job(editor, 8)
    real_save = services.question_save
    calls = {"n": 0}

    class Killed(BaseException):
        """Like a worker killed mid-chunk: nothing of the open chunk commits."""

    def dying_save(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise Killed
        return real_save(**kwargs)

    monkeypatch.setattr(services, "question_save", dying_save)
    with pytest.raises(Killed):
        services.gift_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed) == (ImportStatus.RUNNING, 3)
    assert Question.objects.filter(import_job__isnull=True).count() == 0
    monkeypatch.setattr(services, "question_save", real_save)
    # the task is delivered again (acks_late) and resumes
    from assessments.tasks import gift_import_run

    assert gift_import_run(job.pk) == ImportStatus.DONE
    names = sorted(Question.objects.values_list("name", flat=True))
    assert names == [f"Q{i}" for i in range(8)]


def test_questions_of_a_running_import_are_never_drawn_into_a_test(
    editor, staff, make_test, monkeypatch
):
    job = _queued_job(editor, 2)
    services.question_save(
        spec=tf(), category=services.category_ensure(path="题库/新"), import_job=job
    )
    test = make_test(random_from=QuestionCategory.objects.get(path="题库/新"))
    with pytest.raises(services.AttemptNotAllowed):
        services.attempt_start(user=staff, test=test)


# ------------------------------------------------------------------ one page


def test_all_questions_on_one_page_is_refused_when_the_test_does_not_allow_it(
    client, staff, make_test
):
    test = make_test([tf(), tf(name="b")], allow_all_on_one_page=False)
    attempt = services.attempt_start(user=staff, test=test)
    client.force_login(staff)
    url = reverse("assessments:all", args=[attempt.pk])
    resp = client.get(url)
    assert resp.status_code == 302
    assert resp["Location"] == reverse("assessments:question", args=[attempt.pk, 1])
    # posting answers there is refused too: nothing is saved
    client.post(url, {"q0-answer": "true"})
    from assessments.models import AttemptAnswer

    assert AttemptAnswer.objects.get(attempt=attempt, position=0).response is None
    assert 'href="' + url not in client.get(resp["Location"]).content.decode()


def test_all_questions_on_one_page_still_works_when_allowed(client, staff, make_test):
    test = make_test([tf(), tf(name="b")], allow_all_on_one_page=True)
    attempt = services.attempt_start(user=staff, test=test)
    client.force_login(staff)
    assert client.get(reverse("assessments:all", args=[attempt.pk])).status_code == 200


def test_staff_role_is_what_allows_one_page(client, make_user, make_test):
    resident_like = make_user(username="plain")  # no staff role
    test = make_test(
        [tf()], allow_all_on_one_page=True, audience="resident", slug="gentle"
    )
    attempt = services.attempt_start(user=resident_like, test=test)
    client.force_login(resident_like)
    assert client.get(reverse("assessments:all", args=[attempt.pk])).status_code == 302
