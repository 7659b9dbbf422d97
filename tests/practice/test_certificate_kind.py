"""The "accepted practice work" requirement kind, through the certificates registry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from certificates.models import CertificateType, Issuer, Requirement
from certificates.requirements import get_kind, kind_choices
from certificates.services import requirements_met
from practice import services
from practice.services import CriterionMark

D = Decimal
pytestmark = pytest.mark.django_db


def accept(task, author, reviewer, points=8):
    sub = services.submission_save(task=task, author=author, text="x", submit=True)
    services.review_submit(
        submission_id=sub.pk,
        reviewer=reviewer,
        expected_revision=sub.revision,
        decision="accepted",
        marks=[CriterionMark(c.pk, D(points)) for c in task.rubric.criteria.all()],
    )
    return sub


def test_kind_is_registered_and_offered_in_the_admin():
    assert "practice_accepted" in dict(kind_choices())


def test_requirement_met_only_after_accepted_work(people, make_task, area):
    task = make_task(skill_area=area)
    issuer = Issuer.objects.create(name="昆明路社区服务中心")
    cert_type = CertificateType.objects.create(
        slug="data-cert", name="数据分析证书", issuer=issuer
    )
    Requirement.objects.create(
        certificate_type=cert_type,
        kind="practice_accepted",
        params={"task_ids": [task.pk]},
    )
    assert requirements_met(user_id=people.staff.pk, cert_type=cert_type) is None
    accept(task, people.staff, people.reviewer, points=8)
    earned = requirements_met(user_id=people.staff.pk, cert_type=cert_type)
    assert earned is not None
    (evidence,) = earned.evidence
    assert "Analyse the survey" in evidence["label"]
    assert evidence["score"] == "80.00"  # 16 of 20 rubric points
    assert requirements_met(user_id=people.staff2.pk, cert_type=cert_type) is None


def test_skill_area_scope_and_bad_settings_are_explained(people, make_task, area):
    kind = get_kind("practice_accepted")
    task = make_task(skill_area=area)
    accept(task, people.staff, people.reviewer)
    by_area = Requirement(kind="practice_accepted", params={"skill_area": "data"})
    assert kind.evaluate(user_id=people.staff.pk, requirement=by_area)
    with pytest.raises(ValidationError, match="No skill area"):
        kind.clean(Requirement(kind="practice_accepted", params={"skill_area": "x"}))
    with pytest.raises(ValidationError, match="No practice task"):
        kind.clean(Requirement(kind="practice_accepted", params={"task_ids": [9999]}))


def test_accepting_the_work_issues_the_certificate(
    people, make_task, area, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate

    task = make_task(skill_area=area)
    issuer = Issuer.objects.create(name="昆明路社区服务中心")
    cert_type = CertificateType.objects.create(
        slug="data-cert-auto", name="数据分析证书", issuer=issuer
    )
    Requirement.objects.create(
        certificate_type=cert_type,
        kind="practice_accepted",
        params={"task_ids": [task.pk]},
    )
    # when a reviewer accepts the work (practice_changed goes through the outbox)
    with django_capture_on_commit_callbacks(execute=True):
        accept(task, people.staff, people.reviewer)
    # then the certificate follows without anyone issuing it by hand
    assert Certificate.objects.filter(
        holder=people.staff, certificate_type=cert_type
    ).exists()
