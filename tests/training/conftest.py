"""Builders for the training tests: a page tree, courses with lessons, people."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, Site

from accounts.models import OrgUnit
from accounts.roles import EDITORS, RESIDENTS, STAFF, sync_roles
from cms.models import HomePage
from training.models import CourseIndexPage, CoursePage, LessonPage, SkillArea


def block(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def guided(text: str = "点一下“设置”", image=None) -> dict:
    return block(
        "guided_step",
        {
            "title": "",
            "image": image.pk if image else None,
            "image_alt": "手机主屏幕" if image else "",
            "instruction": text,
            "spoken_text": "",
            "hint": "在第一页找一找",
            "common_mistake": "",
        },
    )


def try_it(image, label: str = "设置") -> dict:
    return block(
        "try_it",
        {
            "image": image.pk,
            "image_alt": "手机主屏幕，有很多图标",
            "instruction": "点一下“设置”图标",
            "targets": [
                {
                    "type": "item",
                    "value": {
                        "x": 10,
                        "y": 20,
                        "width": 30,
                        "height": 20,
                        "label": label,
                    },
                    "id": str(uuid.uuid4()),
                }
            ],
            "hint": "设置图标是一个灰色齿轮，在左上方。",
            "success": "找到了！",
        },
    )


def knowledge_check() -> dict:
    return block(
        "knowledge_check",
        {
            "question": "陌生人打电话说你中奖了，要先交手续费，怎么办？",
            "choices": [
                {
                    "type": "item",
                    "value": {"text": "马上转账", "correct": False},
                    "id": str(uuid.uuid4()),
                },
                {
                    "type": "item",
                    "value": {"text": "挂断电话，问家人", "correct": True},
                    "id": str(uuid.uuid4()),
                },
            ],
            "explanation": "中奖要先交钱，一定是诈骗。",
        },
    )


def rich(text: str = "<p>今天学习调大字体。</p>") -> dict:
    return block("rich_text", text)


def make_image(title: str = "test picture") -> Image:
    ensure_roots()
    return Image.objects.create(title=title, file=get_test_image_file(size=(360, 640)))


def ensure_roots():
    """Transactional (browser) tests flush the tables, migrations' rows included,
    and a reused test database keeps that state: recreate what Wagtail expects."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def make_site():
    root = ensure_roots()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="首页", slug="home-test"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(title="课程", slug="courses"))
    return home, index


def make_course(
    index,
    *,
    title="智能手机入门",
    slug=None,
    lessons=1,
    bodies=None,
    audience="residents",
    level=1,
    skill_area=None,
    **fields,
) -> CoursePage:
    course = index.add_child(
        instance=CoursePage(
            title=title,
            slug=slug or f"course-{uuid.uuid4().hex[:8]}",
            audience=audience,
            level=level,
            skill_area=skill_area,
            summary="学会用手机。",
            **fields,
        )
    )
    bodies = bodies or [[guided("第一步"), guided("第二步"), guided("第三步")]]
    for number in range(lessons):
        body = bodies[number % len(bodies)]
        course.add_child(
            instance=LessonPage(
                title=f"第 {number + 1} 课", slug=f"lesson-{number + 1}", body=body
            )
        )
    return course


def make_user(username: str, *, role: str = RESIDENTS, org_unit=None, **fields):
    user = get_user_model().objects.create_user(
        username=username, password="pw-123456-long", org_unit=org_unit, **fields
    )
    # A reused test database may have been flushed by a browser test: re-grant the
    # role permissions (idempotent) before using the group.
    sync_roles()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def communities():
    district = OrgUnit.objects.create(name="测试区", kind="district")
    street = OrgUnit.objects.create(name="测试街道", kind="street", parent=district)
    east = OrgUnit.objects.create(name="东社区", kind="community", parent=street)
    west = OrgUnit.objects.create(name="西社区", kind="community", parent=street)
    return SimpleNamespace(east=east, west=west)


@pytest.fixture
def people(communities):
    return SimpleNamespace(
        resident=make_user("wang", org_unit=communities.east, display_name="王阿姨"),
        staff=make_user(
            "li", role=STAFF, org_unit=communities.east, display_name="李社工"
        ),
        other_staff=make_user("zhao", role=STAFF, org_unit=communities.west),
        editor=make_user("ed", role=EDITORS),
    )


@pytest.fixture
def site_tree(db):
    home, index = make_site()
    area = SkillArea.objects.create(
        slug="smartphone", name="智能手机基础", name_en="Smartphone basics"
    )
    course = make_course(index, skill_area=area, lessons=2)
    return SimpleNamespace(
        home=home,
        index=index,
        course=course,
        area=area,
        lessons=list(LessonPage.objects.child_of(course).order_by("path")),
    )
