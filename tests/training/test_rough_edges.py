"""Rough edges of training pages (issue 8, point 7)."""

from __future__ import annotations

import pytest

from training.models import LearningPathCourse, LearningPathPage

from .conftest import make_course

pytestmark = pytest.mark.django_db


def make_path(index, title, courses):
    path = index.add_child(instance=LearningPathPage(title=title, slug=title))
    for order, course in enumerate(courses):
        LearningPathCourse.objects.create(path=path, course=course, sort_order=order)
    return path


@pytest.fixture
def paths(site_tree):
    staff_a = make_course(site_tree.index, title="社区工作一", audience="staff")
    staff_b = make_course(site_tree.index, title="社区工作二", audience="staff")
    senior = make_course(site_tree.index, title="高级技巧", level=3)
    return {
        "staff": make_path(site_tree.index, "staffpath", [staff_a, staff_b]),
        "residents": make_path(site_tree.index, "residentpath", [site_tree.course]),
        "advanced": make_path(site_tree.index, "advancedpath", [senior]),
    }


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        pytest.param(
            {"audience": "residents"},
            ["residentpath", "advancedpath"],
            ["staffpath"],
            id="residents",
        ),
        pytest.param(
            {"audience": "staff"},
            ["staffpath"],
            ["residentpath", "advancedpath"],
            id="staff",
        ),
        pytest.param(
            {"level": "3"}, ["advancedpath"], ["residentpath", "staffpath"], id="level"
        ),
        pytest.param(
            {}, ["residentpath", "advancedpath", "staffpath"], [], id="no-filter"
        ),
    ],
)
def test_catalogue_filters_apply_to_learning_paths(
    client, site_tree, paths, query, shown, hidden
):
    html = client.get(site_tree.index.url, query).content.decode()
    for slug in shown:
        assert f"/{slug}/" in html, slug
    for slug in hidden:
        assert f"/{slug}/" not in html, slug


def test_english_course_page_gives_english_outcomes_or_marks_the_chinese(
    client, site_tree
):
    course = site_tree.course
    course.learning_outcomes = "会调大字体\n会连无线网"
    course.save()
    client.cookies["django_language"] = "en"
    html = client.get(course.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("(in Chinese)") == 1
    assert '<ul lang="zh-Hans"><li>会调大字体</li>' in html
    # given English outcomes, they are shown instead, unmarked
    course.learning_outcomes_en = "Make the text bigger\nJoin a Wi-Fi network"
    course.save()
    html = client.get(course.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<li>Make the text bigger</li>" in html
    assert "会调大字体" not in html
    assert "(in Chinese)" not in html
    # in Chinese, the Chinese outcomes, no note
    client.cookies["django_language"] = "zh-hans"
    html = client.get(course.url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "会调大字体" in html
    assert "(in Chinese)" not in html


def test_english_home_page_marks_its_chinese_content_once(client, site_tree):
    import json

    home = site_tree.home
    home.body = json.dumps(
        [{"type": "paragraph", "value": "<p>欢迎来学习</p>", "id": "p1"}]
    )
    home.save()
    client.cookies["django_language"] = "en"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("(in Chinese)") == 1
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "(in Chinese)" not in html


def test_in_helping_mode_messages_speak_about_the_resident(client, site_tree, people):
    from django.urls import reverse

    from training.selectors import HELPING_SESSION_KEY

    client.force_login(people.staff)
    session = client.session
    session[HELPING_SESSION_KEY] = people.resident.pk
    session.save()
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("training:enrol", args=[site_tree.course.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("王阿姨已报名" in m for m in messages), messages
    assert not any("您" in m for m in messages), messages
