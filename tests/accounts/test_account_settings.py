"""The "My account" page: profile, preferences and language."""

import pytest
from django.urls import reverse

from accounts.models import PostType

from .factories import make_units, make_user

ACCOUNT = reverse("accounts:settings")


@pytest.fixture
def person(db):
    return make_user("wang", display_name="王秀英")


def test_saving_preferences_switches_language(client, person):
    client.force_login(person)
    response = client.post(
        ACCOUNT,
        {
            "section": "preferences",
            "prefs-text_size": "3",
            "prefs-elder_mode": "on",
            "prefs-high_contrast": "on",
            "prefs-language": "en",
        },
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    person.refresh_from_db()
    assert (
        person.text_size,
        person.elder_mode,
        person.high_contrast,
        person.auto_read_aloud,
        person.language,
    ) == (3, True, True, False, "en")
    page = client.get(ACCOUNT).content.decode()
    assert "My account" in page
    client.post(
        ACCOUNT,
        {"section": "preferences", "prefs-text_size": "0", "prefs-language": "zh-hans"},
    )
    assert "我的账户" in client.get(ACCOUNT).content.decode()


def test_bad_preference_values_are_refused_without_saving(client, person):
    client.force_login(person)
    response = client.post(
        ACCOUNT,
        {"section": "preferences", "prefs-text_size": "9", "prefs-language": "fr"},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.text_size == 0
    assert person.language == ""


def test_profile_saves_and_refuses_bad_phone_next_to_the_field(client, person):
    community, _ = make_units()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    bad = client.post(
        ACCOUNT,
        {
            "section": "profile",
            "profile-display_name": "王秀英",
            "profile-phone": "1234",
            "profile-birth_year": "1952",
        },
    )
    assert bad.status_code == 200
    assert 'id="id_profile-phone_error"' in bad.content.decode()
    person.refresh_from_db()
    assert person.birth_year is None
    ok = client.post(
        ACCOUNT,
        {
            "section": "profile",
            "profile-display_name": "王秀英",
            "profile-phone": "13812345678",
            "profile-birth_year": "1952",
            "profile-org_unit": str(community.pk),
        },
    )
    assert ok.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.birth_year, person.org_unit) == (
        "13812345678",
        1952,
        community,
    )


def test_staff_facts_are_shown_read_only(client, db):
    staff = make_user("s", post_type=PostType.DEPUTY, grade=6, employee_number="HP-9")
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    body = client.get(ACCOUNT).content.decode()
    assert "HP-9" in body
    assert "Community deputy" in body
    assert 'name="profile-grade"' not in body
    client.post(
        ACCOUNT,
        {"section": "profile", "profile-display_name": "x", "profile-grade": "15"},
    )
    staff.refresh_from_db()
    assert staff.grade == 6


def test_page_links_to_password_and_two_step_login(client, person):
    client.force_login(person)
    body = client.get(ACCOUNT).content.decode()
    assert reverse("account_change_password") in body
    assert reverse("mfa_index") in body
    assert reverse("accounts:assist") not in body  # residents do not register others
