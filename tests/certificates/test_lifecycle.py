"""Expiry and reminders with the clock passed in; the nightly job is idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from certificates import services
from certificates.models import Certificate, CertificateNotice, Status

from .conftest import TODAY, make_person, pass_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def cert(cert_type, staff, hr):
    # issued 2026-12-02, valid 24 months: expires 2028-12-02
    return services.certificate_issue_by_hand(
        actor=hr, holder=staff, cert_type=cert_type, reason="r", today=TODAY
    )


def test_reminders_go_60_and_30_days_ahead_once_each(cert, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    expires = cert.expires_on
    assert services.certificates_remind(today=expires - timedelta(days=61)) == []
    sent = services.certificates_remind(today=expires - timedelta(days=60))
    assert sent == [(cert.pk, "expires_60")]
    # the next night: nothing new
    assert services.certificates_remind(today=expires - timedelta(days=59)) == []
    sent = services.certificates_remind(today=expires - timedelta(days=30))
    assert sent == [(cert.pk, "expires_30")]
    assert services.certificates_remind(today=expires - timedelta(days=29)) == []
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["zxs@example.org"]
    assert "2028-12-02" in mail.outbox[0].subject
    assert "/certificates/mine/" in mail.outbox[0].body
    kinds = set(cert.notices.values_list("kind", flat=True))
    assert kinds == {"expires_60", "expires_30"}


def test_holder_without_email_gets_the_in_site_notice(cert_type, hr, client):
    holder = make_person("noemail", display_name="李四")
    cert = services.certificate_issue_by_hand(
        actor=hr, holder=holder, cert_type=cert_type, reason="r", today=TODAY
    )
    services.certificates_remind(today=cert.expires_on - timedelta(days=45))
    notice = CertificateNotice.objects.get(certificate=cert)
    assert notice.emailed is False
    client.force_login(holder)
    body = client.get(reverse("certificates:mine")).content.decode()
    assert "A certificate expires soon" in body
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_expiry_marks_expired_on_the_day_and_announces_it(
    cert, django_capture_on_commit_callbacks
):
    from certificates.signals import certificate_changed

    seen = []

    def on_change(sender, certificate_id, change, **kwargs):
        seen.append(change)

    certificate_changed.connect(on_change)
    try:
        assert services.certificates_expire(today=date(2028, 12, 1)) == []
        with django_capture_on_commit_callbacks(execute=True):
            assert services.certificates_expire(today=date(2028, 12, 2)) == [cert.pk]
        assert services.certificates_expire(today=date(2028, 12, 3)) == []
    finally:
        certificate_changed.disconnect(on_change)
    cert.refresh_from_db()
    assert cert.status == Status.EXPIRED
    assert seen == ["expired"]
    assert cert.events.filter(action="expired").count() == 1


def test_nightly_sweep_issues_what_a_lost_event_missed(cert_type, skill_test):
    person = make_person("lost")
    pass_test(person, skill_test)  # no signal sent: as if the event were lost
    result = services.certificates_nightly(today=TODAY)
    assert result["issued"] == 1
    assert Certificate.objects.filter(holder=person).count() == 1
    assert services.certificates_nightly(today=TODAY)["issued"] == 0


def test_expired_holder_can_renew_by_retaking_the_test(cert, cert_type, staff):
    services.certificates_expire(today=date(2028, 12, 2))
    pass_test(staff, cert_type.requirements.get().skill_test)
    [renewal] = services.certificates_issue_earned(
        user_id=staff.pk, today=date(2029, 1, 5)
    )
    cert.refresh_from_db()
    assert cert.status == Status.RENEWED
    assert renewal.period == 2
    assert renewal.serial == "DL-2029-000001"
