"""The profile rules people meet in forms: phone format, grade range per post, dates."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from accounts.forms import clean_phone_value
from accounts.models import GRADE_RANGES, PostType, User, normalize_phone


def _errors(user: User) -> dict:
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        return exc.message_dict
    return {}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 13812345678", "13812345678"),
        ("0086 19912345678", "19912345678"),
        ("", None),
    ],
    ids=["plain", "spaces", "dashes", "plus86", "0086", "empty"],
)
def test_normalize_phone(typed, expected):
    assert normalize_phone(typed) == expected


@pytest.mark.parametrize(
    "phone",
    [
        "12812345678",
        "1381234567",
        "138123456789",
        "23812345678",
        "1381234567a",
        "02223302101",
    ],
    ids=["second-digit-2", "10-digits", "12-digits", "starts-2", "letter", "landline"],
)
@pytest.mark.django_db
def test_invalid_phone_refused_with_message_in_both_languages(phone):
    user = User(username="p", phone=phone)
    errors = _errors(user)
    assert "phone" in errors
    with override("zh-hans"):
        zh = _errors(User(username="p", phone=phone))["phone"][0]
    with override("en"):
        en = _errors(User(username="p", phone=phone))["phone"][0]
    assert "11" in en
    assert "mobile" in en
    assert "手机" in zh


@pytest.mark.parametrize(
    "phone", ["13012345678", "19912345678", "15500000000"], ids=["130", "199", "155"]
)
@pytest.mark.django_db
def test_valid_phone_accepted(phone):
    assert "phone" not in _errors(User(username="p", phone=phone))


@pytest.mark.django_db
def test_phone_unique_when_set_but_many_may_have_none():
    User.objects.create_user(username="a", phone="13812345678")
    User.objects.create_user(username="b", phone=None)
    User.objects.create_user(username="c", phone=None)
    assert "phone" in _errors(User(username="d", phone="13812345678"))
    with pytest.raises(ValidationError) as exc:
        clean_phone_value("138 1234 5678")
    assert exc.value.code == "unique"


def _grade_cases():
    cases = []
    for post, (low, high) in GRADE_RANGES.items():
        for grade, ok in [
            (low - 1, False),
            (low, True),
            (high, True),
            (high + 1, False),
        ]:
            if 1 <= grade <= 18:
                cases.append(
                    pytest.param(
                        post,
                        grade,
                        ok,
                        id=f"{post}-{grade}-{'ok' if ok else 'refused'}",
                    )
                )
    return cases


@pytest.mark.parametrize(("post", "grade", "ok"), _grade_cases())
@pytest.mark.django_db
def test_grade_must_lie_in_the_post_range(post, grade, ok):
    user = User(username="s", post_type=post, grade=grade)
    assert ("grade" not in _errors(user)) is ok


@pytest.mark.django_db
def test_grade_range_boundaries_are_the_documented_ones():
    assert GRADE_RANGES == {
        PostType.CHIEF: (7, 18),
        PostType.DEPUTY: (4, 15),
        PostType.OTHER: (1, 12),
    }
    assert "post_type" in _errors(User(username="s", grade=5))
    assert "grade" in _errors(User(username="s", post_type=PostType.OTHER, grade=19))


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"hire_date": "future"}, "hire_date"),
        ({"grade_since": "future"}, "grade_since"),
        (
            {"hire_date": date(2020, 1, 1), "grade_since": date(2019, 12, 31)},
            "grade_since",
        ),
        ({"birth_year": 1899}, "birth_year"),
        ({"birth_year": "next-year"}, "birth_year"),
        ({"birth_year": 2010, "hire_date": date(2020, 1, 1)}, "hire_date"),
    ],
    ids=[
        "hire-in-future",
        "grade-in-future",
        "grade-before-hire",
        "born-1899",
        "born-next-year",
        "hired-at-10",
    ],
)
@pytest.mark.django_db
def test_dates_must_be_sane(fields, bad_field):
    today = timezone.localdate()
    resolved = {}
    for key, value in fields.items():
        if value == "future":
            value = today + timedelta(days=1)
        elif value == "next-year":
            value = today.year + 1
        resolved[key] = value
    assert bad_field in _errors(User(username="s", **resolved))


@pytest.mark.django_db
def test_sane_staff_record_passes():
    user = User(
        username="s",
        post_type=PostType.DEPUTY,
        grade=4,
        birth_year=1980,
        hire_date=date(2010, 5, 1),
        grade_since=date(2010, 5, 1),
    )
    assert _errors(user) == {}
