"""The "residents of my community" list on a phone: cards, big buttons, axe-clean."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import RESIDENTS, STAFF

from .factories import PASSWORD, make_units, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_residents_list_reads_as_cards_on_a_phone(new_page, live_server, axe, language):
    for name in (STAFF, RESIDENTS):
        Group.objects.get_or_create(name=name)
    community, other = make_units()
    make_user("staff1", role=STAFF, org_unit=community)
    make_user("zhoumin", role=RESIDENTS, display_name="周敏", org_unit=community)
    make_user("faraway", role=RESIDENTS, display_name="远方", org_unit=other)
    page = new_page(width=390, height=844)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "staff1")
    page.fill("#id_password", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/account/residents/")
    axe(page)
    assert "周敏" in page.content()
    assert "远方" not in page.content()
    button = page.locator("table .btn").first
    box = button.bounding_box()
    assert box["height"] >= 44
    assert box["width"] > box["height"]
    assert not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    # the heading is on the first screen (the site header above it is shared by
    # every page and takes about half of a phone screen)
    heading = page.locator("h1").bounding_box()
    assert heading["y"] + heading["height"] < 844
