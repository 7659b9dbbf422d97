"""The published tests are read once per content generation (the tests list and a
test's intro page): an edit in the admin shows on the next page, queries stay
constant, and nothing of one request leaks into the next."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import EDITORS, STAFF
from assessments.models import SkillTest, TestSlot
from tests.accounts.factories import activate_totp
from tests.admin_forms import post_data

from .conftest import tf

pytestmark = pytest.mark.django_db

LIST = reverse("assessments:my_tests")


def _intro(test):
    return reverse("assessments:intro", args=[test.slug])


@pytest.fixture
def editor(client, make_user):
    from django.test import Client

    user = make_user(EDITORS, username="editor")
    activate_totp(user)
    c = Client()
    c.force_login(user)
    return c


def test_an_admin_edit_shows_on_the_next_list_and_intro(
    client, editor, make_user, make_test
):
    test = make_test([tf(name="a"), tf(name="b")], slug="phone-safety")
    client.force_login(make_user(STAFF))
    assert "测试" in client.get(LIST).content.decode()
    assert "2 questions" in client.get(_intro(test)).content.decode()

    url = reverse("skill-tests:edit", args=[test.pk])
    page = editor.get(url)
    data = post_data(page.context["form"])
    data["title"] = "防诈骗小测"
    data["title_en"] = "Spot the scam"
    resp = editor.post(url, data)
    assert resp.status_code == 302, resp.context["form"].errors
    assert SkillTest.objects.get(pk=test.pk).title_en == "Spot the scam"

    listed = client.get(LIST).content.decode()
    assert "Spot the scam" in listed
    assert "测试" not in listed
    assert "Spot the scam" in client.get(_intro(test)).content.decode()

    # A slot added outside the form (as an import would) changes the count too.
    TestSlot.objects.create(
        test=test, question=TestSlot.objects.first().question, sort_order=9
    )
    assert "3 questions" in client.get(_intro(test)).content.decode()

    data = post_data(editor.get(url).context["form"])
    data.pop("is_published")
    assert editor.post(url, data).status_code == 302
    assert "Spot the scam" not in client.get(LIST).content.decode()
    assert client.get(_intro(test)).status_code == 404


def test_the_list_reads_one_query_for_3_or_12_tests(client, make_user, make_test):
    staff = make_user(STAFF)
    client.force_login(staff)
    counts = []
    for many in (3, 12):
        SkillTest.objects.all().delete()
        for i in range(many):
            make_test([tf(name=f"q{many}-{i}")], slug=f"t{many}-{i}")
        client.get(LIST)  # the first page ever makes the site's settings row,
        client.get(LIST)  # then the cache is filled for this generation
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(LIST).content.decode()
        assert html.count('class="card stack"') == many
        counts.append([q["sql"] for q in ctx.captured_queries])
    assert len(counts[0]) == len(counts[1]), counts
    # The user row and this person's attempts; the tests come from the cache.
    assert not any("assessments_skilltest" in sql for sql in counts[1]), counts[1]


def test_the_cached_test_is_never_changed_by_a_request(client, make_user, make_test):
    """The intro hands out a copy: a request that changes its test (as a start
    does with deadlines and draws) leaves the shared one alone."""
    from assessments import selectors

    test = make_test([tf()], slug="shared", time_limit_minutes=5)
    mine = selectors.published_test("shared")
    assert mine is not None
    assert mine.pk == test.pk
    mine.time_limit_minutes = 99
    mine.title = "changed"
    again = selectors.published_test("shared")
    assert again.time_limit_minutes == 5
    assert again.title == "测试"
    assert selectors.published_test("no-such-test") is None


def test_each_card_shows_its_own_person_s_state(client, make_user, make_test):
    """The card's top is shared between people; the state and button are not."""
    from assessments import services

    test = make_test([tf()], slug="shared-card", pass_mark_percent=Decimal(50))
    first, second = make_user(STAFF), make_user(STAFF)
    attempt = services.attempt_start(user=first, test=test)
    services.attempt_answer_save(
        attempt_id=attempt.pk, user=first, position=0, response=True
    )
    services.attempt_submit(attempt_id=attempt.pk, user=first)
    client.force_login(first)
    mine = client.get(LIST).content.decode()
    client.force_login(second)
    theirs = client.get(LIST).content.decode()
    assert "Grade: 100%" in mine
    assert "Grade:" not in theirs
    assert ">Start<" in theirs


def test_an_attempt_keeps_working_and_shows_its_test_s_edits(
    client, make_user, make_test
):
    """The question page takes its test from the cache (no test row read), sees an
    edit at once, and still works after the test is unpublished."""
    from assessments import services

    test = make_test([tf(name="a"), tf(name="b")], slug="edited")
    staff = make_user(STAFF)
    attempt = services.attempt_start(user=staff, test=test)
    client.force_login(staff)
    url = reverse("assessments:question", args=[attempt.pk, 1])
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert "测试" in client.get(url).content.decode()
    assert not any("assessments_skilltest" in q["sql"] for q in ctx.captured_queries)
    test.title = "改过的标题"
    test.is_published = False
    test.save()
    page = client.get(url)
    assert page.status_code == 200
    assert "改过的标题" in page.content.decode()
