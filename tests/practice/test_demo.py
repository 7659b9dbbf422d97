"""The practice demo loads through the services and is idempotent."""

from __future__ import annotations

import io

import pytest
from django.conf import settings as django_settings

from accounts import demo as accounts_demo
from practice import demo
from practice.models import (
    HelperSession,
    PointsEntry,
    PracticeTask,
    ResidentStory,
    Submission,
    SubmissionFile,
)
from practice.uploads import check_upload

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_real_files_and_runs_twice(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    out = io.StringIO()
    accounts_demo.seed(out)
    demo.seed(out)
    demo.seed(out)
    assert PracticeTask.objects.count() == 4
    states = set(Submission.objects.values_list("state", flat=True))
    assert {"accepted", "returned", "rejected", "submitted"} <= states
    assert set(HelperSession.objects.values_list("state", flat=True)) == {
        "confirmed",
        "pending",
        "expired",
    }
    assert Submission.objects.filter(share_in_showcase=True, featured=True).exists()
    assert ResidentStory.objects.filter(is_published=True).exists()
    assert PointsEntry.objects.filter(kind="helper").count() == 1
    # every stored demo file passes the same content checks as an upload
    for item in SubmissionFile.objects.all():
        data = (tmp_path / item.storage_name).read_bytes()
        assert check_upload(item.original_name, data).kind == item.kind
