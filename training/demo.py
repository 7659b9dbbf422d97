"""Load the demo courses (training/demo_content) into Wagtail pages and images.

Idempotent: skill areas, courses, lessons and paths are found by slug, pictures by a
stable title ("demo:<name>"), block ids are derived from the course/lesson slugs, so a
second run changes nothing and a learner's progress keeps pointing at the same steps.
"""

from __future__ import annotations

import importlib
import uuid
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.models import Page, Site

from .blocks import LessonBodyBlock
from .models import (
    CourseIndexPage,
    CoursePage,
    LearningPathCourse,
    LearningPathPage,
    LessonPage,
    SkillArea,
)

IMAGE_TITLE_PREFIX = "demo:"
NAMESPACE = uuid.UUID("5b0f3f8e-3a49-4c36-9d0c-6f1f3c0c7a11")
IMAGE_FIELDS = ("image",)
LIST_FIELDS = ("targets", "choices")


def _content():
    try:
        courses = importlib.import_module("training.demo_content.courses")
        images = importlib.import_module("training.demo_content.images")
    except ImportError:
        return None, None
    return courses, images


class _Images:
    """Wagtail images for the demo pictures, created once and found by title."""

    def __init__(self, images_module):
        self.module = images_module
        self.cache: dict[str, Image] = {
            image.title[len(IMAGE_TITLE_PREFIX) :]: image
            for image in Image.objects.filter(title__startswith=IMAGE_TITLE_PREFIX)
        }

    def get(self, name: str) -> Image:
        image = self.cache.get(name)
        if image is None:
            png = self.module.render(name)
            image = Image(title=f"{IMAGE_TITLE_PREFIX}{name}")
            image.file = ImageFile(BytesIO(png), name=f"demo-{name}.png")
            image.save()
            self.cache[name] = image
        return image


def _home_page():
    home = Page.objects.filter(
        content_type__app_label="cms", content_type__model="homepage"
    ).first()
    if home is not None:
        return home
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else Page.get_first_root_node()


def _block_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _raw_body(course_slug: str, lesson: dict, images: _Images) -> list[dict]:
    body = []
    for number, block in enumerate(lesson["blocks"], start=1):
        value = block["value"]
        if isinstance(value, dict):
            value = dict(value)
            for field in IMAGE_FIELDS:
                if value.get(field):
                    value[field] = images.get(value[field]).pk
                elif field in value:
                    value[field] = None
            for key in LIST_FIELDS:
                if key in value:
                    value[key] = [
                        {
                            "type": "item",
                            "value": dict(item),
                            "id": _block_id(
                                course_slug, lesson["slug"], number, key, n
                            ),
                        }
                        for n, item in enumerate(value[key])
                    ]
        body.append(
            {
                "type": block["type"],
                "value": value,
                "id": _block_id(course_slug, lesson["slug"], number),
            }
        )
    # The form Wagtail stores (every struct field present), so reruns compare equal.
    stream = LessonBodyBlock()
    return list(stream.get_prep_value(stream.to_python(body)))


def _problems(body: list[dict]) -> str:
    """Editor validation of a lesson body: what an editor would be told, if anything."""
    block = LessonBodyBlock()
    try:
        block.clean(block.to_python(body))
    except ValidationError as error:
        return str(getattr(error, "block_errors", error))
    return ""


def _publish_if_changed(page: Page, fields: dict) -> None:
    changed = [name for name, value in fields.items() if getattr(page, name) != value]
    if not changed:
        return
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def _course_fields(data: dict, area, images: _Images) -> dict:
    cover = images.get(data["cover"]) if data.get("cover") else None
    return {
        "title": data["title"],
        "title_en": data.get("title_en", ""),
        "summary": data.get("summary", ""),
        "summary_en": data.get("summary_en", ""),
        "audience": data["audience"],
        "skill_area": area,
        "level": data.get("level", 1),
        "estimated_minutes": data.get("minutes", 15),
        "learning_outcomes": "\n".join(data.get("outcomes", [])),
        "cover_image": cover,
        "cover_alt": data.get("cover_alt", "") if cover else "",
    }


def _seed_course(index, data: dict, areas: dict, images: _Images, stdout) -> CoursePage:
    fields = _course_fields(data, areas.get(data.get("skill_area")), images)
    course = CoursePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if course is None:
        course = index.add_child(instance=CoursePage(slug=data["slug"], **fields))
    else:
        _publish_if_changed(course, fields)
    for lesson_data in data.get("lessons", []):
        body = _raw_body(data["slug"], lesson_data, images)
        problems = _problems(body)
        if problems:
            stdout.write(
                f"  skipped lesson {data['slug']}/{lesson_data['slug']}: {problems}"
            )
            continue
        lesson_fields = {
            "title": lesson_data["title"],
            "title_en": lesson_data.get("title_en", ""),
            "estimated_minutes": lesson_data.get("minutes", 5),
        }
        lesson = (
            LessonPage.objects.child_of(course).filter(slug=lesson_data["slug"]).first()
        )
        if lesson is None:
            course.add_child(
                instance=LessonPage(
                    slug=lesson_data["slug"], body=body, **lesson_fields
                )
            )
        else:
            if list(lesson.body.raw_data) != body:
                lesson.body = body
                lesson.save_revision().publish()
            _publish_if_changed(lesson, lesson_fields)
    return course


def _seed_paths(index, paths: list[dict], courses: dict) -> None:
    for data in paths:
        members = [courses[slug] for slug in data.get("courses", []) if slug in courses]
        if not members:
            continue
        path = (
            LearningPathPage.objects.child_of(index).filter(slug=data["slug"]).first()
        )
        fields = {
            "title": data["title"],
            "title_en": data.get("title_en", ""),
            "summary": data.get("summary", ""),
            "summary_en": data.get("summary_en", ""),
        }
        if path is None:
            path = LearningPathPage(slug=data["slug"], **fields)
            path.path_courses = [
                LearningPathCourse(course=course, sort_order=n)
                for n, course in enumerate(members)
            ]
            index.add_child(instance=path)
        elif [item.course_id for item in path.path_courses.order_by("sort_order")] != [
            c.pk for c in members
        ]:
            path.path_courses = [
                LearningPathCourse(course=course, sort_order=n)
                for n, course in enumerate(members)
            ]
            path.save_revision().publish()


def _seed_learners(courses: dict, stdout) -> None:
    from . import services

    User = get_user_model()
    resident = User.objects.filter(username="resident").first()
    staff = User.objects.filter(username="staff").first()
    resident_courses = [c for c in courses.values() if c.audience != "staff"]
    staff_courses = [c for c in courses.values() if c.audience != "residents"]
    if resident is not None:
        for number, course in enumerate(resident_courses[:2]):
            services.enrolment_create(user=resident, course=course)
            lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
            if number == 0 and lessons:
                # First lesson done, second stopped at step 3: "Continue" resumes there.
                services.lesson_mark_done(user=resident, lesson=lessons[0])
                if len(lessons) > 1:
                    for step in (1, 2):
                        if step <= lessons[1].step_count:
                            services.progress_record_step(
                                user=resident, lesson=lessons[1], step=step
                            )
    if staff is not None:
        if staff_courses:
            services.enrolment_create(user=staff, course=staff_courses[0])
        neighbours = User.objects.filter(
            org_unit_id=staff.org_unit_id, groups__name="Residents", is_active=True
        ).exclude(username="resident")[:2]
        if resident_courses and staff.org_unit_id:
            for neighbour in neighbours:
                services.enrolment_create(
                    user=neighbour, course=resident_courses[0], enrolled_by=staff
                )
    stdout.write("  demo learners enrolled")


def seed(stdout) -> None:
    courses_module, images_module = _content()
    if courses_module is None:
        stdout.write("training: demo content not available yet; skipped")
        return
    home = _home_page()
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="课程",
                title_en="Courses",
                slug="courses",
                intro="按人群、技能方向和难度找课程。每一课都可以一步一步学，随时接着学。",
            )
        )
    areas = {}
    for slug, name, name_en in courses_module.SKILL_AREAS:
        area, _ = SkillArea.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
        areas[slug] = area
    images = _Images(images_module)
    courses = {}
    for data in courses_module.COURSES:
        courses[data["slug"]] = _seed_course(index, data, areas, images, stdout)
    for data in courses_module.COURSES:
        wanted = [courses[s] for s in data.get("prerequisites", []) if s in courses]
        course = courses[data["slug"]]
        if {c.pk for c in course.prerequisites.all()} != {c.pk for c in wanted}:
            course.prerequisites.set(wanted)
            course.save()
    _seed_paths(index, getattr(courses_module, "PATHS", []), courses)
    _seed_learners(courses, stdout)
    stdout.write(
        f"training: {len(courses)} courses, "
        f"{LessonPage.objects.descendant_of(index).count()} lessons, "
        f"{len(images.cache)} pictures"
    )
