"""Builders for the assessments tests: users, bank questions and skill tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from accounts.roles import REVIEWERS, STAFF
from assessments import services
from assessments.models import SkillTest, TestSlot
from assessments.scoring import AnswerSpec, QuestionSpec

D = Decimal


def tf(name="tf", correct=True, text="The sky is blue.") -> QuestionSpec:
    return QuestionSpec(
        kind="truefalse",
        name=name,
        text=text,
        correct=correct,
        feedback_true="FB-TRUE-SECRET",
        feedback_false="FB-FALSE-SECRET",
    )


def mc(name="mc", text="Which number is two?") -> QuestionSpec:
    return QuestionSpec(
        kind="multichoice",
        name=name,
        text=text,
        answers=(
            AnswerSpec("two", D(1), "RIGHT-FEEDBACK-SECRET"),
            AnswerSpec("three", D(0), "WRONG-FEEDBACK-SECRET"),
            AnswerSpec("four", D("-0.5"), "PENALTY-FEEDBACK-SECRET"),
        ),
        general_feedback="GENERAL-FEEDBACK-SECRET",
    )


def essay(name="essay") -> QuestionSpec:
    return QuestionSpec(kind="essay", name=name, text="Describe a phishing call.")


def matching(name="match") -> QuestionSpec:
    return QuestionSpec(
        kind="matching",
        name=name,
        text="Match the app to its use.",
        pairs=(("微信", "chat"), ("健康码", "health"), ("地图", "maps")),
    )


def ordering(name="order") -> QuestionSpec:
    return QuestionSpec(
        kind="ordering",
        name=name,
        text="Put the steps in order.",
        items=("unlock", "open app", "tap book"),
    )


@pytest.fixture
def make_user(django_user_model):
    counter = {"n": 0}

    def make(*roles, username=None):
        counter["n"] += 1
        user = django_user_model.objects.create_user(
            username=username or f"u{counter['n']}", password="pw-123456"
        )
        for role in roles:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return make


@pytest.fixture
def staff(make_user):
    return make_user(STAFF, username="staff1")


@pytest.fixture
def reviewer(make_user):
    return make_user(REVIEWERS, username="reviewer1")


@pytest.fixture
def category():
    return services.category_ensure(path="Bank/Basics")


@pytest.fixture
def make_test(category):
    def make(specs=None, *, slug="t1", random_from=None, random_count=1, **fields):
        test = SkillTest.objects.create(title="测试", slug=slug, **fields)
        for i, spec in enumerate(specs or []):
            q = services.question_save(spec=spec, category=category)
            TestSlot.objects.create(test=test, question=q, sort_order=i, marks=D(1))
        if random_from is not None:
            TestSlot.objects.create(
                test=test,
                random_category=random_from,
                random_count=random_count,
                sort_order=100,
            )
        return test

    return make


@pytest.fixture(autouse=True)
def _english_by_default(settings, request):
    """Pages render in English unless a test asks for Chinese, so assertions can
    quote the msgids; browser tests choose their locale themselves."""
    if "live_server" not in request.fixturenames:
        settings.LANGUAGE_CODE = "en"
