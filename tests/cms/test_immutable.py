"""The shared append-only guard (cms.immutable) on a real model that uses its defaults
(accounts' staff-fact history), and that every append-only model of the apps uses it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.models import OneTimePasswordIssue, StaffFactChange
from accounts.roles import HR, STAFF
from assessments.models import MarkChange
from cms.immutable import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from incentives.models import AllowanceEnd, AuditEntry, PromotionRecord, RewardRecord
from practice.models import LedgerImmutable, PointsEntry
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def history_row():
    hr = make_user("hr_guard", role=HR)
    staff = make_user("staff_guard", role=STAFF)
    [row] = services.staff_facts_update(actor=hr, user=staff, post_type="other")
    return row


def test_a_saved_row_is_never_saved_again_nor_deleted(history_row):
    history_row.new_value = "chief"
    with pytest.raises(AppendOnlyError, match="StaffFactChange rows are never changed"):
        history_row.save()
    with pytest.raises(AppendOnlyError, match="never deleted"):
        history_row.delete()
    assert StaffFactChange.objects.get(pk=history_row.pk).new_value == "other"


def test_bulk_update_and_delete_are_refused(history_row):
    with pytest.raises(AppendOnlyError, match="never changed"):
        StaffFactChange.objects.filter(pk=history_row.pk).update(new_value="chief")
    with pytest.raises(AppendOnlyError, match="never deleted"):
        StaffFactChange.objects.all().delete()
    assert StaffFactChange.objects.get(pk=history_row.pk).new_value == "other"


def test_a_new_row_with_a_preset_key_is_inserted_never_updated(history_row):
    # given a fresh instance that reuses an existing row's key
    copy = StaffFactChange.objects.get(pk=history_row.pk)
    copy._state.adding = True
    copy.new_value = "deputy"
    # when it is saved, it is an INSERT (refused by the key), not an UPDATE
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert StaffFactChange.objects.get(pk=history_row.pk).new_value == "other"


@pytest.mark.parametrize(
    ("model", "error"),
    [
        (StaffFactChange, AppendOnlyError),
        (OneTimePasswordIssue, AppendOnlyError),
        (MarkChange, ValueError),
        (PointsEntry, LedgerImmutable),
        (PromotionRecord, ValidationError),
        (RewardRecord, ValidationError),
        (AuditEntry, ValidationError),
        (AllowanceEnd, ValidationError),
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_every_append_only_model_uses_the_shared_guard(model, error):
    assert issubclass(model, AppendOnlyModel)
    assert isinstance(model.objects.all(), AppendOnlyQuerySet)
    # each app keeps its own exception
    assert isinstance(model.append_only_error("change"), error)
    with pytest.raises(error):
        model.objects.all().update()
    with pytest.raises(error):
        model.objects.all().delete()
