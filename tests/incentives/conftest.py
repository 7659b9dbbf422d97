"""Builders for the incentives tests: communities, HR, staff, the example policy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accounts.roles import HR, STAFF
from incentives import services
from tests.accounts.factories import make_units, make_user

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "incentives" / "policies" / "example.yaml"
)


@pytest.fixture
def units(db):
    return make_units()


@pytest.fixture
def hr(db):
    return make_user("hr1", role=HR, display_name="人事一")


@pytest.fixture
def hr2(db):
    return make_user("hr2", role=HR, display_name="人事二")


@pytest.fixture
def policy(db):
    p, _ = services.policy_load(text=EXAMPLE.read_text("utf-8"), filename=EXAMPLE.name)
    return p


@pytest.fixture
def make_staff(db, units):
    community = units[0]

    def make(emp: str, **fields):
        values = {
            "employee_number": emp,
            "post_type": "other",
            "grade": 5,
            "grade_since": date(2021, 1, 1),
            "hire_date": date(2015, 1, 1),
            "org_unit": community,
            "display_name": f"员工{emp}",
        }
        values.update(fields)
        return make_user(emp.lower(), role=STAFF, **values)

    return make
