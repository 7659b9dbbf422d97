"""Issue 7.5 and 7.8b: staff act only for the residents they serve; probing phone
numbers from the account page is rate-limited.

The IDOR tests change ids in the requests (a colleague's, the chief's, another
community's resident) and also call the services directly: the checks live there.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import selectors, services
from accounts.models import OneTimePasswordIssue, PostType
from accounts.roles import EDITORS, HR, RESIDENTS, STAFF
from tests.training.conftest import (  # noqa: F401 - fixtures used by name
    communities,
    make_user,
    people,
    site_tree,
)
from training import services as training_services
from training.models import Enrolment, LessonProgress
from training.selectors import HELPING_SESSION_KEY, can_help

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(communities):  # noqa: F811
    return {
        "colleague": make_user("colleague", role=STAFF, org_unit=communities.east),
        "chief": make_user(
            "chief",
            role=STAFF,
            org_unit=communities.east,
            post_type=PostType.CHIEF,
            grade=9,
        ),
        "hr": make_user("hrx", role=HR, org_unit=communities.east),
        "editor": make_user("edx", role=EDITORS, org_unit=communities.east),
    }


def _login(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


# --- helping sessions and enrolment --------------------------------------------------


@pytest.mark.parametrize("target", ["colleague", "chief", "hr", "editor"])
def test_staff_cannot_start_helping_a_colleague(client, people, colleagues, target):  # noqa: F811
    _login(client, people.staff)
    victim = colleagues[target]
    response = client.post(
        reverse("training:helping_start"), {"resident": str(victim.pk)}
    )
    assert response.status_code == 403
    assert HELPING_SESSION_KEY not in client.session
    assert not can_help(helper=people.staff, learner=victim)


def test_staff_cannot_help_a_resident_of_another_community(client, people):  # noqa: F811
    _login(client, people.other_staff)
    response = client.post(
        reverse("training:helping_start"), {"resident": str(people.resident.pk)}
    )
    assert response.status_code == 403


def test_staff_still_help_residents_of_their_community(client, people):  # noqa: F811
    _login(client, people.staff)
    response = client.post(
        reverse("training:helping_start"), {"resident": str(people.resident.pk)}
    )
    assert response.status_code == 302
    assert client.session[HELPING_SESSION_KEY] == people.resident.pk


def test_a_forged_helping_session_records_nothing_for_a_colleague(
    client,
    site_tree,  # noqa: F811
    people,  # noqa: F811
    colleagues,
):
    chief = colleagues["chief"]
    training_services.enrolment_create(user=chief, course=site_tree.course)
    _login(client, people.staff)
    session = client.session
    session[HELPING_SESSION_KEY] = chief.pk
    session.save()
    lesson = site_tree.lessons[0]
    client.post(reverse("training:done", args=[lesson.pk]))
    assert not LessonProgress.objects.filter(user=chief).exists()
    with pytest.raises(PermissionDenied):
        training_services.lesson_mark_done(
            user=chief, lesson=lesson, helper=people.staff
        )
    with pytest.raises(PermissionDenied):
        training_services.progress_record_step(
            user=chief, lesson=lesson, step=1, helper=people.staff
        )
    assert not LessonProgress.objects.filter(user=chief).exists()


@pytest.mark.parametrize("target", ["colleague", "chief", "hr"])
def test_staff_cannot_enrol_a_colleague_by_changing_the_id(
    client,
    site_tree,  # noqa: F811
    people,  # noqa: F811
    colleagues,
    target,
):
    victim = colleagues[target]
    _login(client, people.staff)
    response = client.post(
        reverse("training:enrol_resident", args=[site_tree.course.pk]),
        {"resident": str(victim.pk)},
    )
    assert response.status_code == 403
    client.post(
        reverse("training:helped"),
        {"course": str(site_tree.course.pk), "residents": [str(victim.pk)]},
    )
    assert not Enrolment.objects.filter(user=victim).exists()
    with pytest.raises(PermissionDenied):
        training_services.enrolment_create_many(
            users=[people.resident, victim],
            course=site_tree.course,
            enrolled_by=people.staff,
        )
    assert not Enrolment.objects.exists()  # all or nothing


def test_helped_list_shows_only_residents_of_my_communities(
    client,
    people,  # noqa: F811
    colleagues,
    communities,  # noqa: F811
):
    elsewhere = make_user("far", org_unit=communities.west, registered_by=people.staff)
    _login(client, people.staff)
    page = client.get(reverse("training:helped")).content.decode()
    assert people.resident.display_name in page
    for name in ("colleague", "chief", "hrx", "edx", "far"):
        assert f">{name}<" not in page
    assert elsewhere.pk not in [
        r.pk for r in selectors.residents_served_by(staff=people.staff)
    ]


def test_a_street_assignment_covers_every_community_under_it(people, communities):  # noqa: F811
    street_staff = make_user(
        "street", role=STAFF, org_unit=communities.east.parent, display_name="街道"
    )
    west_resident = make_user("xw", org_unit=communities.west)
    assert can_help(helper=street_staff, learner=people.resident)
    assert can_help(helper=street_staff, learner=west_resident)


# --- one-time passwords -----------------------------------------------------------


def test_staff_issue_a_one_time_password_to_a_resident_who_signed_up_alone(
    client,
    people,  # noqa: F811
):
    assert people.resident.registered_by is None
    _login(client, people.staff)
    url = reverse("accounts:assist_reset", args=[people.resident.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    people.resident.refresh_from_db()
    assert people.resident.must_change_password
    assert not people.resident.check_password("pw-123456-long")
    issue = OneTimePasswordIssue.objects.get()
    assert (issue.resident, issue.issued_by, issue.reason) == (
        people.resident,
        people.staff,
        OneTimePasswordIssue.Reason.RESET,
    )


@pytest.mark.parametrize("target", ["colleague", "chief", "hr", "editor", "far"])
def test_one_time_passwords_only_for_residents_served(
    client,
    people,  # noqa: F811
    colleagues,
    communities,  # noqa: F811
    target,
):
    colleagues["far"] = make_user(
        "far", org_unit=communities.west, registered_by=people.staff
    )
    victim = colleagues[target]
    _login(client, people.staff)
    url = reverse("accounts:assist_reset", args=[victim.pk])
    assert client.post(url).status_code == 404
    victim.refresh_from_db()
    assert victim.check_password("pw-123456-long")
    with pytest.raises(PermissionDenied):
        services.resident_reset_one_time_password(staff=people.staff, resident=victim)
    assert not OneTimePasswordIssue.objects.exists()


def test_assisted_registration_records_who_issued_the_password(people):  # noqa: F811
    resident, _password = services.resident_register_assisted(
        staff=people.staff,
        display_name="张大爷",
        phone=None,
        birth_year=1950,
        org_unit=people.staff.org_unit,
    )
    issue = OneTimePasswordIssue.objects.get(resident=resident)
    assert issue.issued_by == people.staff
    assert issue.reason == OneTimePasswordIssue.Reason.REGISTERED


def test_staff_register_residents_only_in_their_communities(
    client,
    people,  # noqa: F811
    communities,  # noqa: F811
):
    with pytest.raises(PermissionDenied):
        services.resident_register_assisted(
            staff=people.staff,
            display_name="张大爷",
            phone=None,
            birth_year=1950,
            org_unit=communities.west,
        )
    _login(client, people.staff)
    response = client.post(
        reverse("accounts:assist"),
        {"display_name": "张大爷", "org_unit": str(communities.west.pk)},
    )
    assert response.status_code == 200
    assert "org_unit" in response.context["form"].errors
    assert not OneTimePasswordIssue.objects.exists()


# --- the residents list -------------------------------------------------------------


def test_residents_of_my_community_list(client, people, colleagues, communities):  # noqa: F811
    make_user("far", org_unit=communities.west, display_name="远方居民")
    _login(client, people.staff)
    account = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("accounts:residents") in account
    response = client.get(reverse("accounts:residents"))
    assert response.status_code == 200
    page = response.content.decode()
    assert people.resident.display_name in page
    assert reverse("accounts:assist_reset", args=[people.resident.pk]) in page
    assert "远方居民" not in page
    for user in colleagues.values():
        assert reverse("accounts:assist_reset", args=[user.pk]) not in page
    found = client.get(reverse("accounts:residents"), {"q": "王"})
    assert people.resident.display_name in found.content.decode()
    missing = client.get(reverse("accounts:residents"), {"q": "nobody-like-this"})
    assert people.resident.display_name not in missing.content.decode()


def test_residents_cannot_open_the_residents_list(client, people):  # noqa: F811
    _login(client, people.resident)
    assert client.get(reverse("accounts:residents")).status_code == 403


def test_hr_sees_every_resident(people, colleagues, communities):  # noqa: F811
    far = make_user("far", org_unit=communities.west)
    listed = set(selectors.residents_served_by(staff=colleagues["hr"]))
    assert {people.resident, far} <= listed
    assert not listed & set(colleagues.values())


def test_residents_list_query_count_does_not_grow(
    client,
    people,  # noqa: F811
    communities,  # noqa: F811
    django_assert_max_num_queries,
):
    _login(client, people.staff)
    client.get(reverse("accounts:residents"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("accounts:residents"))
    for i in range(10):
        make_user(f"extra{i}", org_unit=communities.east)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:residents"))


# --- 8b: phone numbers ------------------------------------------------------------


def _change_phone(client, phone):
    return client.post(
        reverse("accounts:settings"),
        {"section": "profile", "profile-display_name": "王", "profile-phone": phone},
    )


def test_probing_phone_numbers_is_rate_limited(client, communities):  # noqa: F811
    cache.clear()
    make_user("taken", phone="13900000001")
    prober = make_user("prober", org_unit=communities.east)
    _login(client, prober)
    answers = [
        "already registered" in _change_phone(client, f"1390000000{i}").content.decode()
        for i in range(1, services.PHONE_CHANGE_LIMIT_PER_USER + 1)
    ]
    assert answers[0] is True  # the first probe is answered ...
    # ... but after the limit, no answer: a registered number and a free one get the
    # same refusal, and nothing is saved.
    taken = _change_phone(client, "13900000001").content.decode()
    free = _change_phone(client, "13900009999").content.decode()
    for page in (taken, free):
        assert "Too many tries" in page
        assert "already registered" not in page
    prober.refresh_from_db()
    assert prober.phone != "13900009999"
    cache.clear()


def test_saving_other_details_does_not_count_as_a_probe(client):
    cache.clear()
    person = make_user("p", phone="13911112222")
    _login(client, person)
    for _ in range(services.PHONE_CHANGE_LIMIT_PER_USER + 3):
        response = _change_phone(client, "13911112222")
        assert response.status_code == 302
    cache.clear()


def test_the_limit_is_shared_by_everyone_from_one_address(client):
    cache.clear()
    for i in range(services.PHONE_CHANGE_LIMIT_PER_IP):
        assert services.phone_change_attempt_allowed(
            user=make_user(f"u{i}"), ip="203.0.113.9"
        )
    assert not services.phone_change_attempt_allowed(
        user=make_user("late"), ip="203.0.113.9"
    )
    cache.clear()


def test_groups_used_here_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {RESIDENTS, STAFF}
