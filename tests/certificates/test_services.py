"""Issuing, renewal, revocation and reinstatement through the services."""

from __future__ import annotations

from datetime import date

import pytest

from certificates import services
from certificates.models import Certificate, CertificateEvent, SerialCounter, Status
from certificates.signals import certificate_changed

from .conftest import TODAY, make_person, pass_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes():
    seen: list[tuple[int, str]] = []

    def on_change(sender, certificate_id, change, **kwargs):
        seen.append((certificate_id, change))

    certificate_changed.connect(on_change)
    yield seen
    certificate_changed.disconnect(on_change)


def test_passing_the_test_issues_one_certificate_with_serial_code_and_expiry(
    cert_type, skill_test, staff, django_capture_on_commit_callbacks, changes
):
    pass_test(staff, skill_test, score="92.5")
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.certificates_issue_earned(user_id=staff.pk, today=TODAY)
    [cert] = issued
    assert cert.serial == "DL-2026-000001"
    assert len(cert.code) == 20
    assert cert.holder_name == "张小三"
    assert cert.level == 1
    assert str(cert.score) == "92.50"
    assert cert.issued_on == TODAY
    assert cert.expires_on == date(2028, 12, 2)
    assert cert.evidence[0]["url"].endswith("/result/")
    assert changes == [(cert.pk, "issued")]
    cert.refresh_from_db()
    assert cert.pdf.name.endswith(".pdf")  # rendered by the (eager) task on commit


def test_issuing_again_is_a_no_op(cert_type, skill_test, staff):
    pass_test(staff, skill_test)
    services.certificates_issue_earned(user_id=staff.pk, today=TODAY)
    pass_test(staff, skill_test)
    assert services.certificates_issue_earned(user_id=staff.pk, today=TODAY) == []
    assert Certificate.objects.count() == 1
    assert SerialCounter.objects.get(year=2026).last == 1


def test_below_the_minimum_score_or_practice_earns_nothing(
    cert_type, skill_test, staff
):
    pass_test(staff, skill_test, score="70")
    pass_test(staff, skill_test, score="99", practice=True)
    assert services.certificates_issue_earned(user_id=staff.pk, today=TODAY) == []


def test_the_graded_signal_issues_through_the_task(
    cert_type, skill_test, staff, django_capture_on_commit_callbacks
):
    from assessments.signals import attempt_graded

    attempt = pass_test(staff, skill_test)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_graded.send(
            sender=None,
            attempt_id=attempt.pk,
            user_id=staff.pk,
            test_id=skill_test.pk,
            passed=True,
            is_practice=False,
        )
    assert Certificate.objects.filter(holder=staff).count() == 1


def test_serials_count_up_per_year_without_gaps(cert_type, skill_test):
    people = [make_person(f"p{i}") for i in range(3)]
    for p in people:
        pass_test(p, skill_test)
        services.certificates_issue_earned(user_id=p.pk, today=TODAY)
    later = make_person("p9")
    pass_test(later, skill_test)
    services.certificates_issue_earned(user_id=later.pk, today=date(2027, 1, 3))
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [
        "DL-2026-000001",
        "DL-2026-000002",
        "DL-2026-000003",
        "DL-2027-000001",
    ]


def test_renewal_needs_a_new_pass_in_the_window_and_keeps_history(
    cert_type, skill_test, staff, changes, django_capture_on_commit_callbacks
):
    pass_test(staff, skill_test)
    [first] = services.certificates_issue_earned(user_id=staff.pk, today=TODAY)
    # in the window, but the old pass does not renew it
    assert (
        services.certificates_issue_earned(user_id=staff.pk, today=date(2028, 10, 10))
        == []
    )
    pass_test(staff, skill_test)  # retakes the test
    # 61 days before expiry: too early
    assert (
        services.certificates_issue_earned(user_id=staff.pk, today=date(2028, 10, 2))
        == []
    )
    with django_capture_on_commit_callbacks(execute=True):
        [second] = services.certificates_issue_earned(
            user_id=staff.pk, today=date(2028, 10, 10)
        )
    first.refresh_from_db()
    assert first.status == Status.RENEWED
    assert second.period == 2
    assert second.renewed_from == first
    assert second.expires_on == date(2030, 10, 10)
    assert (first.pk, "renewed") in changes


def test_hr_issues_by_hand_with_a_reason_and_it_is_audited(cert_type, staff, hr):
    with pytest.raises(services.CertificateError):
        services.certificate_issue_by_hand(
            actor=hr, holder=staff, cert_type=cert_type, reason=" ", today=TODAY
        )
    cert = services.certificate_issue_by_hand(
        actor=hr, holder=staff, cert_type=cert_type, reason="外区培训合格", today=TODAY
    )
    event = cert.events.get()
    assert (event.action, event.actor, event.reason) == (
        CertificateEvent.Action.ISSUED_BY_HAND,
        hr,
        "外区培训合格",
    )
    with pytest.raises(services.CertificateError, match="already holds"):
        services.certificate_issue_by_hand(
            actor=hr, holder=staff, cert_type=cert_type, reason="again", today=TODAY
        )


def test_only_hr_issues_by_hand(cert_type, staff):
    other = make_person("other")
    with pytest.raises(PermissionError):
        services.certificate_issue_by_hand(
            actor=other, holder=staff, cert_type=cert_type, reason="x", today=TODAY
        )


def test_revoke_and_reinstate_are_audited_and_refused_twice(
    cert_type, staff, hr, changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cert = services.certificate_issue_by_hand(
            actor=hr, holder=staff, cert_type=cert_type, reason="r", today=TODAY
        )
    with pytest.raises(services.CertificateError, match="not revoked"):
        services.certificate_reinstate(actor=hr, certificate_id=cert.pk, reason="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(
            actor=hr, certificate_id=cert.pk, reason="作弊", public_reason="考试违规"
        )
    with pytest.raises(services.CertificateError, match="already revoked"):
        services.certificate_revoke(actor=hr, certificate_id=cert.pk, reason="again")
    cert.refresh_from_db()
    assert (cert.status, cert.public_reason) == (Status.REVOKED, "考试违规")
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reinstate(
            actor=hr, certificate_id=cert.pk, reason="复核无误", today=TODAY
        )
    cert.refresh_from_db()
    assert cert.status == Status.VALID
    assert [e.action for e in cert.events.all()] == [
        "issued_by_hand",
        "revoked",
        "reinstated",
    ]
    assert [c for _, c in changes] == ["issued", "revoked", "reinstated"]


def test_a_revoked_certificate_is_not_reissued_automatically(
    cert_type, skill_test, staff, hr
):
    pass_test(staff, skill_test)
    [cert] = services.certificates_issue_earned(user_id=staff.pk, today=TODAY)
    services.certificate_revoke(actor=hr, certificate_id=cert.pk, reason="x")
    assert services.certificates_issue_earned(user_id=staff.pk, today=TODAY) == []


def test_finishing_a_residents_course_issues_a_completion_certificate(
    issuer, django_capture_on_commit_callbacks
):
    from accounts.roles import RESIDENTS
    from certificates.models import CertificateType, Requirement
    from tests.training.conftest import make_course, make_site
    from training.models import CourseCompletion
    from training.signals import course_completed

    _, index = make_site()
    course = make_course(index, title="用手机挂号")
    done = CertificateType.objects.create(
        slug="done-booking",
        kind=CertificateType.Kind.COMPLETION,
        name="用手机挂号 结业证书",
        issuer=issuer,
        signatory_name="刘主任",
        signatory_title="主任",
    )
    Requirement.objects.create(
        certificate_type=done, kind="course_completed", course=course
    )
    resident = make_person("granny", role=RESIDENTS, display_name="王䶮")
    CourseCompletion.objects.create(user=resident, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        course_completed.send(sender=None, user_id=resident.pk, course_id=course.pk)
    cert = Certificate.objects.get(holder=resident)
    assert cert.certificate_type == done
    assert cert.expires_on is None
    assert cert.evidence[0]["label"] == "Complete the course “用手机挂号”"
    # delivered again (at least once): still one
    with django_capture_on_commit_callbacks(execute=True):
        course_completed.send(sender=None, user_id=resident.pk, course_id=course.pk)
    assert Certificate.objects.filter(holder=resident).count() == 1
