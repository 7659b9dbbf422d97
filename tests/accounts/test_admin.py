"""HR edits staff facts in the Wagtail admin; the community tree is a snippet."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.models import OrgUnit, PostType
from accounts.roles import HR, RESIDENTS

from .factories import make_units, make_user


@pytest.fixture
def hr_client(client, db):
    hr = make_user("hr1", role=HR)
    TOTP.activate(hr, generate_totp_secret())
    client.force_login(hr)
    client.cookies["django_language"] = "en"
    return client


def _edit_data(user, **overrides):
    data = {
        "username": user.username,
        "email": "",
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "display_name": user.display_name,
        "phone": "",
        "org_unit": "",
        "birth_year": "",
        "employee_number": "HP-0100",
        "post_type": PostType.DEPUTY,
        "grade": "5",
        "hire_date": "2015-03-01",
        "grade_since": "2020-03-01",
    }
    data.update(overrides)
    return data


def test_hr_sets_post_and_grade_of_a_staff_member(hr_client):
    staff = make_user("liuyang", display_name="刘洋")
    url = reverse("wagtailusers_users:edit", args=[staff.pk])
    page = hr_client.get(url)
    assert page.status_code == 200
    assert 'name="grade"' in page.content.decode()
    response = hr_client.post(url, _edit_data(staff))
    assert response.status_code == 302, response.content.decode()[:3000]
    staff.refresh_from_db()
    assert (staff.post_type, staff.grade, staff.employee_number) == (
        PostType.DEPUTY,
        5,
        "HP-0100",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"grade": "16"}, "grade"),
        ({"post_type": PostType.CHIEF, "grade": "6"}, "grade"),
        ({"grade_since": "2014-01-01"}, "grade_since"),
        ({"hire_date": "2999-01-01", "grade_since": "2999-01-01"}, "hire_date"),
        ({"phone": "1234"}, "phone"),
    ],
    ids=["deputy-16", "chief-6", "grade-before-hire", "hired-in-future", "bad-phone"],
)
def test_admin_refuses_bad_staff_facts_next_to_the_field(hr_client, overrides, field):
    staff = make_user("liuyang")
    url = reverse("wagtailusers_users:edit", args=[staff.pk])
    response = hr_client.post(url, _edit_data(staff, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    staff.refresh_from_db()
    assert staff.grade is None


def test_org_units_are_listed_and_edited_as_snippets(hr_client):
    make_units()
    response = hr_client.get(reverse("wagtailsnippets_accounts_orgunit:list"))
    assert response.status_code == 200
    assert "昆明路社区" in response.content.decode()


def test_residents_cannot_open_the_admin(client, db):
    client.force_login(make_user("r1", role=RESIDENTS))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert OrgUnit.objects.count() == 0


def test_hr_cannot_make_or_edit_administrators(hr_client):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    root = User.objects.create_superuser("root", password="x-long-secret-1")
    edit = hr_client.get(reverse("wagtailusers_users:edit", args=[root.pk]))
    assert edit.status_code in (302, 403)
    add_url = reverse("wagtailusers_users:add")
    assert 'name="is_superuser"' not in hr_client.get(add_url).content.decode()
    hr_client.post(
        add_url,
        {
            "username": "sneaky",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
            "is_superuser": "on",
        },
    )
    sneaky = User.objects.filter(username="sneaky").first()
    assert sneaky is not None  # the form was valid ...
    assert not sneaky.is_superuser  # ... but the switch was not there to flip
