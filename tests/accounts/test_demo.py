"""The demo seed is idempotent and follows the profile rules."""

import io

import pytest
from django.contrib.auth import get_user_model

from accounts import demo
from accounts.models import OrgUnit
from accounts.roles import ALL_ROLES

User = get_user_model()


@pytest.mark.django_db
def test_seed_twice_changes_nothing_and_keeps_passwords():
    out = io.StringIO()
    demo.seed(out)
    users, units = User.objects.count(), OrgUnit.objects.count()
    assert users >= 6 + 8 + 8
    assert "hr" in out.getvalue()
    assert demo.DEMO_PASSWORD in out.getvalue()
    resident = User.objects.get(username="resident")
    resident.set_password("changed-by-the-user")
    resident.save()
    demo.seed(io.StringIO())
    assert (User.objects.count(), OrgUnit.objects.count()) == (users, units)
    resident.refresh_from_db()
    assert resident.check_password("changed-by-the-user")


@pytest.mark.django_db
def test_seed_has_every_role_a_rare_name_and_valid_records():
    demo.seed(io.StringIO())
    for role in ALL_ROLES:
        assert User.objects.filter(groups__name=role).exists(), role
    assert User.objects.filter(display_name="王䶮").exists()
    assert User.objects.get(username="admin").is_superuser
    for user in User.objects.all():
        user.full_clean()
    assert OrgUnit.objects.filter(kind="community").count() == 4
