"""Builders for the certificates tests: an issuer, a type earned by passing a skill
test, people in roles, and passed attempts (written as the grading service leaves
them, without walking through a whole test)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import HR, STAFF, sync_roles
from assessments.models import Attempt, AttemptState, SkillTest
from certificates.models import CertificateType, Issuer, Requirement
from training.models import SkillArea

TODAY = date(2026, 12, 2)


def make_person(username: str, *, role: str = STAFF, **fields):
    user = get_user_model().objects.create_user(
        username=username, password="pw-123456-long", **fields
    )
    sync_roles()
    user.groups.add(Group.objects.get(name=role))
    return user


def pass_test(user, test, *, score="90", number=None, practice=False) -> Attempt:
    number = number or Attempt.objects.filter(user=user, test=test).count() + 1
    now = timezone.now()
    return Attempt.objects.create(
        user=user,
        test=test,
        number=number,
        state=AttemptState.GRADED,
        started_at=now,
        submitted_at=now,
        graded_at=now,
        marks=Decimal(score),
        max_marks=Decimal(100),
        score_percent=Decimal(score),
        passed=True,
        is_practice=practice,
    )


@pytest.fixture(autouse=True)
def _isolated_keys(settings, tmp_path):
    settings.CERTIFICATES_SIGNING_KEYS = ""
    settings.CERTIFICATES_SIGNING_KEYS_FILE = str(tmp_path / "keys" / "ed25519.json")
    settings.CERTIFICATES_BASE_URL = "https://ladder.example.org"
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _english_by_default(settings, request):
    if "live_server" not in request.fixturenames:
        settings.LANGUAGE_CODE = "en"


@pytest.fixture
def issuer(db):
    return Issuer.objects.create(
        name="昆明路社区服务中心", name_en="Kunming Road Community Centre"
    )


@pytest.fixture
def area(db):
    return SkillArea.objects.get_or_create(
        slug="anti-fraud", defaults={"name": "防范诈骗", "name_en": "Fraud prevention"}
    )[0]


@pytest.fixture
def skill_test(db):
    return SkillTest.objects.create(title="防诈骗技能测试", slug="anti-fraud-test")


@pytest.fixture
def cert_type(issuer, area, skill_test):
    t = CertificateType.objects.create(
        slug="anti-fraud-1",
        name="防范电信诈骗（初级）",
        name_en="Fraud prevention (junior)",
        skill_area=area,
        level=1,
        validity_months=24,
        issuer=issuer,
        signatory_name="刘主任",
        signatory_title="社区主任",
    )
    Requirement.objects.create(
        certificate_type=t,
        kind="skill_test_passed",
        skill_test=skill_test,
        min_score=Decimal("80"),
    )
    return t


@pytest.fixture
def staff(db):
    return make_person("zhangxiaosan", display_name="张小三", email="zxs@example.org")


@pytest.fixture
def hr(db):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_person("hr1", role=HR, display_name="人事王")
    TOTP.activate(user, generate_totp_secret())  # HR must have two-step login
    return user
