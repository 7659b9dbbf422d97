"""Issue 7.3: least privilege in the Wagtail admin.

HR keeps the roster of others but assigns no roles, sets no passwords, never edits its
own staff facts; bulk actions follow the edit view's rules; accommodations are HR's;
reviewers see no user list. Every staff-fact change lands in an append-only history.
"""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import selectors, services
from accounts.models import AppendOnlyError, PostType, StaffFactChange
from accounts.roles import EDITORS, HR, RESIDENTS, REVIEWERS, STAFF, sync_roles
from assessments import services as assessment_services
from assessments.models import Accommodation, SkillTest

from .factories import make_units, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()
OLD_PASSWORD = "correct-horse-42"
NEW_PASSWORD = "Another-long-pass-77"


def _login(client, user):
    if user.is_superuser or user.groups.filter(name=HR).exists():
        TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def hr(db):
    return make_user("hr1", role=HR, display_name="人事王")


@pytest.fixture
def hr_client(client, hr):
    return _login(client, hr)


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password="x-long-secret-1")


def _edit_data(user, **overrides):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "display_name": user.display_name,
        "phone": "",
        "org_unit": "",
        "birth_year": "",
        "employee_number": "",
        "post_type": PostType.DEPUTY,
        "grade": "5",
        "hire_date": "2015-03-01",
        "grade_since": "2020-03-01",
    }
    data.update(overrides)
    return data


def _edit(client, user, **overrides):
    return client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        _edit_data(user, **overrides),
    )


def _group_ids(*names):
    # get_or_create: Wagtail's "Moderators" comes from its migrations, and a reused
    # test database that a transactional test flushed no longer has it.
    return [str(Group.objects.get_or_create(name=n)[0].pk) for n in names]


# --- roles and groups: superusers only ----------------------------------------------


def test_hr_sees_no_role_switches_and_cannot_join_editors_through_its_own_form(
    hr_client, hr
):
    form = hr_client.get(reverse("wagtailusers_users:edit", args=[hr.pk]))
    assert 'name="groups"' not in form.content.decode()
    response = _edit(
        hr_client, hr, groups=_group_ids(EDITORS, REVIEWERS, "Moderators", HR)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(hr.groups.values_list("name", flat=True)) == {HR}


def test_hr_cannot_put_a_colleague_into_a_role(hr_client):
    staff = make_user("liuyang", role=STAFF)
    response = _edit(hr_client, staff, groups=_group_ids(EDITORS, HR))
    assert response.status_code == 302
    assert set(staff.groups.values_list("name", flat=True)) == {STAFF}


def test_hr_cannot_create_an_account_with_a_role(hr_client):
    hr_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newbie",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "groups": _group_ids(EDITORS),
        },
    )
    newbie = User.objects.get(username="newbie")
    assert not newbie.groups.exists()
    # HR chose the first password, so the person must choose their own.
    assert newbie.must_change_password


def test_superuser_still_assigns_roles(client, root):
    _login(client, root)
    staff = make_user("liuyang", role=STAFF)
    response = _edit(client, staff, groups=_group_ids(STAFF, REVIEWERS))
    assert response.status_code == 302
    assert set(staff.groups.values_list("name", flat=True)) == {STAFF, REVIEWERS}


# --- bulk actions -------------------------------------------------------------------


def _bulk(client, action, users, data):
    url = reverse("wagtail_bulk_action", args=("accounts", "user", action))
    query = "&".join(f"id={u.pk}" for u in users)
    return client.post(f"{url}?{query}", data)


def test_bulk_assign_role_is_refused_to_hr(hr_client, hr):
    staff = make_user("liuyang", role=STAFF)
    editors = Group.objects.get(name=EDITORS)
    _bulk(hr_client, "assign_role", [hr, staff], {"role": editors.pk})
    assert not editors.user_set.filter(pk__in=[hr.pk, staff.pk]).exists()


def test_bulk_assign_role_works_for_a_superuser(client, root):
    _login(client, root)
    staff = make_user("liuyang", role=STAFF)
    reviewers = Group.objects.get(name=REVIEWERS)
    _bulk(client, "assign_role", [staff], {"role": reviewers.pk})
    assert reviewers.user_set.filter(pk=staff.pk).exists()


def test_bulk_deactivate_skips_superusers_and_oneself(hr_client, hr, root):
    staff = make_user("liuyang", role=STAFF)
    response = _bulk(
        hr_client, "set_active_state", [root, hr, staff], {"mark_as_active": "False"}
    )
    assert response.status_code == 302
    root.refresh_from_db()
    hr.refresh_from_db()
    staff.refresh_from_db()
    assert root.is_active, "the only superuser was deactivated by HR"
    assert hr.is_active
    assert not staff.is_active  # what HR may do still works


def test_bulk_delete_of_a_superuser_is_refused(hr_client, root):
    hr_perm = Permission.objects.get(codename="delete_user")
    Group.objects.get(name=HR).permissions.add(hr_perm)
    _bulk(hr_client, "delete", [root], {})
    assert User.objects.filter(pk=root.pk).exists()


# --- passwords ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [EDITORS, REVIEWERS, HR, STAFF, RESIDENTS])
def test_hr_sets_no_password_in_the_admin(hr_client, role):
    target = make_user("target", role=role)
    page = hr_client.get(reverse("wagtailusers_users:edit", args=[target.pk]))
    assert 'name="password1"' not in page.content.decode()
    _edit(hr_client, target, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    target.refresh_from_db()
    assert target.check_password(OLD_PASSWORD)
    assert not target.check_password(NEW_PASSWORD)


def test_superuser_sets_a_password_of_a_privileged_account(client, root):
    _login(client, root)
    editor = make_user("editor1", role=EDITORS)
    response = _edit(client, editor, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)


def test_hr_cannot_redirect_an_editors_reset_email(hr_client):
    editor = make_user("editor1", role=EDITORS, email="editor@example.org")
    _edit(hr_client, editor, email="hr-owned@example.org")
    editor.refresh_from_db()
    assert editor.email == "editor@example.org"


def test_hr_cannot_issue_a_one_time_password_to_a_privileged_account(hr):
    editor = make_user("editor1", role=EDITORS)
    with pytest.raises(PermissionDenied):
        services.resident_reset_one_time_password(staff=hr, resident=editor)
    editor.refresh_from_db()
    assert editor.check_password(OLD_PASSWORD)


# --- staff facts --------------------------------------------------------------------


def test_hr_cannot_raise_its_own_grade(hr_client, hr):
    page = hr_client.get(reverse("wagtailusers_users:edit", args=[hr.pk]))
    assert 'name="grade"' not in page.content.decode()
    _edit(hr_client, hr, post_type=PostType.CHIEF, grade="18")
    hr.refresh_from_db()
    assert (hr.post_type, hr.grade) == ("", None)
    with pytest.raises(PermissionDenied):
        services.staff_facts_update(actor=hr, user=hr, grade=3)
    assert not StaffFactChange.objects.exists()


def test_superuser_cannot_edit_its_own_grade_either(client, root):
    _login(client, root)
    page = client.get(reverse("wagtailusers_users:edit", args=[root.pk]))
    assert page.status_code == 200
    assert 'name="grade"' not in page.content.decode()
    with pytest.raises(PermissionDenied):
        services.staff_facts_update(actor=root, user=root, post_type=PostType.OTHER)


@pytest.mark.parametrize("role", [STAFF, EDITORS, REVIEWERS, RESIDENTS])
def test_only_hr_changes_staff_facts(role):
    actor = make_user("actor", role=role)
    staff = make_user("liuyang", role=STAFF)
    with pytest.raises(PermissionDenied):
        services.staff_facts_update(actor=actor, user=staff, grade=2)


def test_every_staff_fact_change_is_recorded_with_who_when_before_and_after(
    hr_client, hr
):
    community, other = make_units()
    staff = make_user("liuyang", role=STAFF, org_unit=community)
    assert _edit(hr_client, staff, org_unit=str(community.pk)).status_code == 302
    assert (
        _edit(
            hr_client, staff, grade="6", org_unit=str(other.pk), hire_date="2015-03-01"
        ).status_code
        == 302
    )
    # The same form sent again records nothing new.
    _edit(hr_client, staff, grade="6", org_unit=str(other.pk))
    history = selectors.staff_fact_history([staff.pk])[staff.pk]
    changes = [(r.field, r.old_value, r.new_value) for r in history]
    assert changes == [
        ("post_type", "", "deputy"),
        ("grade", "", "5"),
        ("grade_since", "", "2020-03-01"),
        ("hire_date", "", "2015-03-01"),
        ("grade", "5", "6"),
        ("org_unit", str(community.pk), str(other.pk)),
    ]
    assert {r.actor_id for r in history} == {hr.pk}
    assert all(r.changed_at is not None for r in history)


def test_history_rows_cannot_be_changed_or_deleted(hr):
    staff = make_user("liuyang", role=STAFF)
    [row] = services.staff_facts_update(actor=hr, user=staff, post_type="other")
    row.new_value = "chief"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()


def test_staff_facts_service_refuses_bad_values_and_records_nothing(hr):
    staff = make_user("liuyang", role=STAFF)
    with pytest.raises(ValidationError):
        services.staff_facts_update(actor=hr, user=staff, post_type="deputy", grade=16)
    staff.refresh_from_db()
    assert staff.grade is None
    assert not StaffFactChange.objects.exists()


def test_staff_fact_history_reads_many_people_in_one_query(
    hr, django_assert_num_queries
):
    people = [make_user(f"s{i}", role=STAFF) for i in range(5)]
    for person in people:
        services.staff_facts_update(actor=hr, user=person, post_type="other", grade=2)
    with django_assert_num_queries(1):
        history = selectors.staff_fact_history([p.pk for p in people])
    assert all(len(rows) == 2 for rows in history.values())


def test_staff_cannot_change_own_community_on_the_account_page(client):
    community, other = make_units()
    staff = make_user("liuyang", role=STAFF, org_unit=community)
    _login(client, staff)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="profile-org_unit"' not in page
    client.post(
        reverse("accounts:settings"),
        {
            "section": "profile",
            "profile-display_name": "刘洋",
            "profile-org_unit": str(other.pk),
        },
    )
    staff.refresh_from_db()
    assert staff.org_unit == community
    with pytest.raises(PermissionDenied):
        services.user_update_profile(
            user=staff, display_name="x", phone=None, birth_year=None, org_unit=other
        )


def test_residents_still_choose_their_own_community(client):
    community, _other = make_units()
    resident = make_user("wang", role=RESIDENTS)
    _login(client, resident)
    client.post(
        reverse("accounts:settings"),
        {
            "section": "profile",
            "profile-display_name": "王",
            "profile-org_unit": str(community.pk),
        },
    )
    resident.refresh_from_db()
    assert resident.org_unit == community


# --- accommodations -----------------------------------------------------------------


@pytest.fixture
def skill_test(db):
    return SkillTest.objects.create(title="测试", slug="t1")


def _accommodation_post(client, person, test, **extra):
    data = {
        "user": str(person.pk),
        "test": str(test.pk),
        "extra_minutes": "30",
        "note": "",
    }
    data.update(extra)
    return client.post(reverse("test-accommodations:add"), data)


def test_editors_grant_no_accommodations(client, skill_test):
    editor = make_user("editor1", role=EDITORS)
    _login(client, editor)
    assert client.get(reverse("test-accommodations:add")).status_code in (302, 403)
    _accommodation_post(client, editor, skill_test)
    assert not Accommodation.objects.exists()
    with pytest.raises(PermissionDenied):
        assessment_services.accommodation_save(
            actor=editor,
            accommodation=Accommodation(user=editor, test=skill_test, extra_minutes=30),
        )


def test_hr_grants_accommodations_to_others_but_not_to_itself(
    hr_client, hr, skill_test, root
):
    staff = make_user("liuyang", role=STAFF)
    page = hr_client.get(reverse("test-accommodations:add"))
    assert page.status_code == 200
    choices = {
        str(c.instance.pk if hasattr(c, "instance") else c)
        for c, _label in page.context["form"].fields["user"].choices
        if c
    }
    assert str(staff.pk) in choices
    assert str(hr.pk) not in choices  # the chooser does not offer oneself
    assert str(root.pk) not in choices
    assert _accommodation_post(hr_client, staff, skill_test).status_code == 302
    assert Accommodation.objects.filter(user=staff).exists()
    _accommodation_post(hr_client, hr, skill_test)
    assert not Accommodation.objects.filter(user=hr).exists()
    with pytest.raises(PermissionDenied):
        assessment_services.accommodation_save(
            actor=hr,
            accommodation=Accommodation(user=hr, test=skill_test, no_time_limit=True),
        )


def test_hr_cannot_move_an_accommodation_onto_itself(hr, skill_test):
    staff = make_user("liuyang", role=STAFF)
    acc = Accommodation.objects.create(user=staff, test=skill_test, extra_minutes=10)
    acc.user = hr
    with pytest.raises(PermissionDenied):
        assessment_services.accommodation_save(actor=hr, accommodation=acc)
    acc.refresh_from_db()
    assert acc.user == staff


# --- reviewers ----------------------------------------------------------------------


def test_reviewers_see_no_user_list(client):
    reviewer = make_user("rev", role=REVIEWERS)
    _login(client, reviewer)
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code in (302, 403)
    assert not reviewer.has_perm("accounts.view_user")


def test_sync_roles_takes_back_denied_permissions():
    reviewers = Group.objects.get(name=REVIEWERS)
    editors = Group.objects.get(name=EDITORS)
    reviewers.permissions.add(Permission.objects.get(codename="view_user"))
    editors.permissions.add(Permission.objects.get(codename="add_accommodation"))
    sync_roles()
    assert not reviewers.permissions.filter(codename="view_user").exists()
    assert not editors.permissions.filter(codename="add_accommodation").exists()
    # ... and what the roles need is still there.
    assert editors.permissions.filter(codename="change_skilltest").exists()
    assert (
        Group.objects.get(name=HR)
        .permissions.filter(codename="add_accommodation")
        .exists()
    )
