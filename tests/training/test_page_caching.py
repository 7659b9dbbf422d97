"""Logged-in learner pages built from cached parts stay correct and lean.

The guided step, the course page and the catalogue read shared parts (lesson
metadata, rendered step bodies, routes, card data, shared HTML fragments) from the
cache until the next content change. These tests hold them to:

- a constant, small number of queries whatever the number of courses, lessons or
  steps;
- fresh content: editing and publishing a lesson shows on the next GET; a learner's
  progress shows at once;
- nothing personal through a shared fragment: two learners with different progress,
  language and display preferences each see only their own.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from training import services
from training.models import LessonPage

from .conftest import guided, make_course, make_user, rich

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


def step_url(lesson, number: int) -> str:
    return reverse("training:step", args=[lesson.pk, number])


def queries_for(client, url: str) -> int:
    # warm: the first views after a change fill the caches (the very first one
    # also creates the site's settings row, itself a content change)
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).order_by("path"))


@pytest.fixture
def resident(site_tree):
    return make_user("amy", elder_mode=True, language="zh-hans")


# --- constant and small query counts -------------------------------------------


def test_guided_step_queries_do_not_grow_with_steps_and_stay_few(
    client, site_tree, resident
):
    short = make_course(site_tree.index, lessons=1, bodies=[[guided("只有一步")]])
    long = make_course(
        site_tree.index,
        lessons=1,
        bodies=[[guided(f"第 {n} 步") for n in range(12)] + [rich()]],
    )
    for course in (short, long):
        services.enrolment_create(user=resident, course=course)
    client.force_login(resident)
    one = queries_for(client, step_url(lessons_of(short)[0], 1))
    many = queries_for(client, step_url(lessons_of(long)[0], 12))
    assert one == many
    # session, user, enrolment with progress: neither the lesson nor the course
    # page is loaded, nor the site, its settings, the images, groups or permissions
    assert many <= 3


def test_course_page_queries_do_not_grow_with_lessons_and_stay_few(
    client, site_tree, resident
):
    small = make_course(site_tree.index, lessons=1)
    big = make_course(site_tree.index, lessons=9)
    for course in (small, big):
        services.enrolment_create(user=resident, course=course)
    services.progress_record_step(user=resident, lesson=lessons_of(big)[3], step=1)
    client.force_login(resident)
    one = queries_for(client, small.url)
    many = queries_for(client, big.url)
    assert one == many
    # session, user, and the learner's progress, enrolments and completions: no
    # walk down the page tree, no view-restriction, site, settings, skill-area,
    # image, lesson-outline or prerequisite queries
    assert many <= 5


def test_catalogue_queries_do_not_grow_with_courses_and_stay_few(
    client, site_tree, resident
):
    client.force_login(resident)
    services.enrolment_create(user=resident, course=site_tree.course)
    few = queries_for(client, site_tree.index.url)
    for number in range(6):
        course = make_course(site_tree.index, lessons=2, title=f"课程 {number}")
        services.enrolment_create(user=resident, course=course)
    many = queries_for(client, site_tree.index.url)
    assert few == many
    # session, user, progress, enrolments, completions: the courses, their lessons,
    # skill areas, renditions and learning paths come from the cache
    assert many <= 5


# --- fresh after a change --------------------------------------------------------


def test_publishing_a_changed_step_shows_on_the_next_get(client, site_tree, resident):
    services.enrolment_create(user=resident, course=site_tree.course)
    lesson = site_tree.lessons[0]
    client.force_login(resident)
    url = step_url(lesson, 1)
    assert "第一步" in client.get(url).content.decode()
    assert "第一步" in client.get(url).content.decode()  # now from the cache
    # when an editor changes the first step and publishes
    lesson = LessonPage.objects.get(pk=lesson.pk)
    body = lesson.body.raw_data
    body[0]["value"]["instruction"] = "先打开设置"
    lesson.body = body
    lesson.title = "改过的课"
    lesson.save_revision().publish()
    # then the learner's next look shows it
    page = client.get(url).content.decode()
    assert "先打开设置" in page
    assert "第一步" not in page
    assert "改过的课" in page
    # and the course page and catalogue show the new lesson title
    assert "改过的课" in client.get(site_tree.course.url).content.decode()


def test_unpublishing_a_lesson_closes_its_steps_at_once(client, site_tree, resident):
    services.enrolment_create(user=resident, course=site_tree.course)
    lesson = site_tree.lessons[0]
    client.force_login(resident)
    assert client.get(step_url(lesson, 1)).status_code == 200
    lesson.unpublish()
    assert client.get(step_url(lesson, 1)).status_code == 404


def test_progress_shows_at_once_on_cached_pages(client, site_tree, resident):
    services.enrolment_create(user=resident, course=site_tree.course)
    lesson = site_tree.lessons[0]
    client.force_login(resident)
    for _ in range(2):  # the second look is served from the caches
        assert "以前做过" not in client.get(step_url(lesson, 1)).content.decode()
        assert "停在第" not in client.get(site_tree.course.url).content.decode()
        assert "继续学习" not in client.get(site_tree.index.url).content.decode()
    # when the learner taps Next on step 1
    client.post(step_url(lesson, 1), {"action": "next"})
    # then step 1 says it was done, the outline and the card where they stopped
    assert "以前做过" in client.get(step_url(lesson, 1)).content.decode()
    assert "停在第 2 步，共 3 步" in client.get(site_tree.course.url).content.decode()
    assert "继续学习" in client.get(site_tree.index.url).content.decode()


# --- nothing personal through a shared fragment -----------------------------------


def test_two_learners_never_see_each_others_bits(client, site_tree):
    lesson = site_tree.lessons[0]
    amy = make_user("amy", elder_mode=True, language="zh-hans")
    bob = make_user("bob", language="en")
    for person in (amy, bob):
        services.enrolment_create(user=person, course=site_tree.course)
    # Bob has done step 1 and is on step 2; Amy has not started
    services.progress_record_step(user=bob, lesson=lesson, step=1)

    def look(person) -> dict[str, str]:
        client.force_login(person)
        pages = {
            "step": client.get(step_url(lesson, 1)).content.decode(),
            "course": client.get(site_tree.course.url).content.decode(),
            "catalogue": client.get(site_tree.index.url).content.decode(),
        }
        client.logout()
        return pages

    for _ in range(2):  # the second round is served from the caches
        amy_sees, bob_sees = look(amy), look(bob)
        # language, also inside the shared fragments (step body, course details)
        assert "Step 1 of 3" in bob_sees["step"]
        assert "Step 1 of 3" not in amy_sees["step"]
        assert "Need a hint?" in bob_sees["step"]
        assert "需要提示吗？" in amy_sees["step"]
        assert "Need a hint?" not in amy_sees["step"]
        assert "For:" in bob_sees["course"]
        assert "适合：" in amy_sees["course"]
        # elder mode is Amy's, not Bob's
        assert "elder-mode" in amy_sees["step"]
        assert "elder-mode" not in bob_sees["step"]
        # progress
        assert "done before" in bob_sees["step"]
        assert "以前做过" not in amy_sees["step"]
        assert "stopped at step 2 of 3" in bob_sees["course"]
        assert "停在第" not in amy_sees["course"]
        assert "Continue" in bob_sees["catalogue"]
        assert "开始第一课" in amy_sees["catalogue"]
        assert "继续学习" not in amy_sees["catalogue"]


# --- cached routes keep Wagtail's rules -------------------------------------------


def test_a_view_restriction_added_to_a_cached_page_applies_at_once(
    client, site_tree, resident
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    services.enrolment_create(user=resident, course=site_tree.course)
    client.force_login(resident)
    url = site_tree.course.url
    for _ in range(2):  # routed, then from the route cache
        assert client.get(url).status_code == 200
    # when an editor restricts the course to a group the resident is not in
    restriction = PageViewRestriction.objects.create(
        page=site_tree.course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Volunteers only"))
    # then the next look is refused (Wagtail sends people outside the group to the
    # login page), for the course and its lessons
    for page_url in (url, site_tree.lessons[0].url):
        response = client.get(page_url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_unpublishing_a_cached_course_page_answers_404_at_once(
    client, site_tree, resident
):
    client.force_login(resident)
    url = site_tree.course.url
    for _ in range(2):
        assert client.get(url).status_code == 200
    site_tree.course.unpublish()
    assert client.get(url).status_code == 404
