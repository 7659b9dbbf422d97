"""Page-type rules, block validation, catalogue filters, query counts and reports."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, StandardPage
from training import blocks, services
from training.models import (
    CourseIndexPage,
    CoursePage,
    LearningPathPage,
    LessonPage,
    SkillArea,
)

from .conftest import (
    guided,
    knowledge_check,
    make_course,
    make_image,
    make_site,
    try_it,
)

# --- page-type rules ----------------------------------------------------------


class PageTypeRulesTests(WagtailPageTestCase):
    def test_catalogue_lives_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanNotCreateAt(Page, CourseIndexPage)
        self.assertCanNotCreateAt(StandardPage, CourseIndexPage)

    def test_courses_and_paths_live_in_the_catalogue(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage, LearningPathPage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(LearningPathPage, {CourseIndexPage})
        self.assertCanNotCreateAt(HomePage, CoursePage)

    def test_lessons_live_only_in_courses_and_have_no_children(self):
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertAllowedSubpageTypes(LearningPathPage, set())

    def test_only_one_catalogue(self):
        home, index = make_site()
        assert not CourseIndexPage.can_create_at(home)


# --- block validation -----------------------------------------------------------


@pytest.fixture(autouse=True)
def _english():
    """Editor messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


def block_errors(block, value) -> dict:
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python(value))
    return caught.value.block_errors


def messages_of(error: ValidationError) -> str:
    parts = [] if hasattr(error, "block_errors") else list(error.messages)
    if hasattr(error, "non_block_errors"):
        parts += [str(m) for e in error.non_block_errors.as_data() for m in e.messages]
    for child in getattr(error, "block_errors", {}).values():
        parts.append(messages_of(child))
    return " ".join(parts)


@pytest.mark.django_db
def test_empty_guided_step_is_refused_with_a_clear_message():
    errors = block_errors(blocks.GuidedStepBlock(), guided("")["value"])
    assert "instruction" in errors
    assert "short instruction" in messages_of(errors["instruction"])


@pytest.mark.django_db
def test_picture_without_alt_text_is_refused():
    image = make_image()
    errors = block_errors(
        blocks.LessonImageBlock(), {"image": image.pk, "alt": " ", "caption": ""}
    )
    assert "alt text is required" in messages_of(errors["alt"])
    value = guided("点一下", image=image)["value"]
    value["image_alt"] = ""
    assert "image_alt" in block_errors(blocks.GuidedStepBlock(), value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "field", "words"),
    [
        pytest.param(
            {"x": 90, "y": 10, "width": 20, "height": 10},
            "width",
            "right edge",
            id="off-the-right",
        ),
        pytest.param(
            {"x": 10, "y": 95, "width": 10, "height": 10},
            "height",
            "bottom",
            id="off-the-bottom",
        ),
        pytest.param(
            {"x": 10, "y": 10, "width": 0, "height": 10},
            "width",
            "wider than 0",
            id="zero-width",
        ),
        pytest.param(
            {"x": -5, "y": 10, "width": 10, "height": 10},
            "x",
            "greater than or equal to 0",
            id="negative-left",
        ),
    ],
)
def test_try_it_target_outside_the_picture_is_refused(target, field, words):
    value = try_it(make_image())["value"]
    value["targets"][0]["value"].update(target)
    errors = block_errors(blocks.TryItBlock(), value)
    target_errors = errors["targets"].block_errors[0].block_errors
    assert field in target_errors
    assert words in messages_of(target_errors[field])


@pytest.mark.django_db
def test_try_it_without_targets_is_refused():
    value = try_it(make_image())["value"]
    value["targets"] = []
    errors = block_errors(blocks.TryItBlock(), value)
    assert "at least one place" in messages_of(errors["targets"])


@pytest.mark.django_db
def test_try_it_inside_the_picture_is_accepted():
    value = try_it(make_image())["value"]
    value["targets"][0]["value"].update({"x": 80, "y": 90, "width": 20, "height": 10})
    cleaned = blocks.TryItBlock().clean(blocks.TryItBlock().to_python(value))
    assert cleaned["targets"][0]["x"] == 80


def test_knowledge_check_without_a_correct_choice_is_refused():
    value = knowledge_check()["value"]
    for choice in value["choices"]:
        choice["value"]["correct"] = False
    errors = block_errors(blocks.KnowledgeCheckBlock(), value)
    assert "at least one choice as correct" in messages_of(errors["choices"])


@pytest.mark.django_db
def test_cover_image_needs_alt_text(site_tree):
    course = site_tree.course
    course.cover_image = make_image("cover")
    course.cover_alt = ""
    with pytest.raises(ValidationError) as caught:
        course.full_clean()
    assert "cover_alt" in caught.value.message_dict


# --- catalogue ----------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_filters_by_audience_skill_area_level_and_search(client, site_tree):
    index = site_tree.index
    data = SkillArea.objects.create(
        slug="data", name="数据分析", name_en="Data analysis"
    )
    make_course(
        index,
        title="表格分析社区需求",
        audience="staff",
        level=2,
        skill_area=data,
        lessons=1,
    )
    make_course(index, title="识别电话诈骗", audience="everyone", level=1, lessons=1)

    def titles(**params):
        html = client.get(index.url, params).content.decode()
        return {
            t for t in ("智能手机入门", "表格分析社区需求", "识别电话诈骗") if t in html
        }

    assert titles() == {"智能手机入门", "表格分析社区需求", "识别电话诈骗"}
    assert titles(audience="staff") == {"表格分析社区需求", "识别电话诈骗"}
    assert titles(skill_area="data") == {"表格分析社区需求"}
    assert titles(level="2") == {"表格分析社区需求"}
    assert titles(q="诈骗") == {"识别电话诈骗"}


@pytest.mark.django_db
def test_english_title_shown_in_english(client, site_tree):
    course = site_tree.course
    course.title_en = "Smartphone first steps"
    course.save_revision().publish()
    client.cookies["django_language"] = "en"
    html = client.get(site_tree.index.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Smartphone first steps" in html


# --- constant query counts ---------------------------------------------------------


def count_queries(client, url) -> int:
    # Warm caches (site root paths, renditions, the shell cache). Twice: the first
    # visit may create the site's settings row, which starts a new cache generation.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_catalogue_queries_do_not_grow_with_courses(client, site_tree, people):
    client.force_login(people.resident)
    image = make_image("cover")
    site_tree.course.cover_image = image
    site_tree.course.cover_alt = "封面"
    site_tree.course.save()
    services.enrolment_create(user=people.resident, course=site_tree.course)
    few = count_queries(client, site_tree.index.url)
    for number in range(50):
        course = make_course(
            site_tree.index,
            title=f"课程{number}",
            lessons=2,
            skill_area=site_tree.area,
            cover_image=image,
            cover_alt="封面",
        )
        services.enrolment_create(user=people.resident, course=course)
        services.progress_record_step(
            user=people.resident, lesson=course.get_children().first().specific, step=1
        )
    many = count_queries(client, site_tree.index.url)
    assert many == few


@pytest.mark.django_db
def test_course_page_queries_do_not_grow_with_lessons(client, site_tree, people):
    client.force_login(people.resident)
    small = make_course(site_tree.index, lessons=1)
    big = make_course(site_tree.index, lessons=50)
    for course in (small, big):
        services.enrolment_create(user=people.resident, course=course)
        for lesson in LessonPage.objects.child_of(course):
            services.progress_record_step(user=people.resident, lesson=lesson, step=1)
    assert count_queries(client, small.url) == count_queries(client, big.url)


@pytest.mark.django_db
@pytest.mark.parametrize("guided_mode", [True, False], ids=["guided-step", "all-steps"])
def test_lesson_queries_do_not_grow_with_steps(client, site_tree, people, guided_mode):
    client.force_login(people.resident)
    image = make_image("screen")
    many_blocks = []
    for number in range(50):
        many_blocks += [guided(f"第{number}步", image=make_image(f"s{number}"))]
    # 2 steps vs 51 steps of the same kinds
    one = make_course(
        site_tree.index, bodies=[[try_it(image), many_blocks[0]]], lessons=1
    )
    fifty = make_course(
        site_tree.index, bodies=[[try_it(image), *many_blocks]], lessons=1
    )
    counts = []
    for course in (one, fifty):
        services.enrolment_create(user=people.resident, course=course)
        lesson = LessonPage.objects.child_of(course).get()
        services.progress_record_step(user=people.resident, lesson=lesson, step=1)
        url = lesson.step_url(1) if guided_mode else lesson.url + "?mode=all"
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]


# --- admin reports ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["training_report_courses", "training_report_communities"]
)
def test_completion_report_csv_for_editors(client, site_tree, people, url_name):
    services.enrolment_create(user=people.resident, course=site_tree.course)
    for lesson in site_tree.lessons:
        services.lesson_mark_done(user=people.resident, lesson=lesson)
    client.force_login(people.editor)
    html = client.get(reverse(url_name))
    assert html.status_code == 200
    response = client.get(reverse(url_name), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    body = [row for row in rows[1:] if site_tree.course.title in row]
    assert body, rows
    assert "100" in body[0]  # completion rate of the one enrolled resident
    xlsx = client.get(reverse(url_name), {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


@pytest.mark.django_db
def test_completion_report_refused_to_residents_and_staff(client, people):
    for user in (people.resident, people.staff):
        client.force_login(user)
        response = client.get(reverse("training_report_courses"), {"export": "csv"})
        assert response.status_code in (302, 403)
        assert "csv" not in response.get("Content-Type", "")


# --- Wagtail admin ---------------------------------------------------------------


@pytest.mark.django_db
def test_editor_can_open_the_course_and_lesson_editors(client, site_tree, people):
    client.force_login(people.editor)
    lesson = site_tree.lessons[0]
    for url in (
        reverse("wagtailadmin_pages:edit", args=[site_tree.course.pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse(
            "wagtailadmin_pages:add",
            args=["training", "lessonpage", site_tree.course.pk],
        ),
        reverse("wagtailsnippets_training_skillarea:list"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_editor_preview_of_a_lesson_shows_every_step(client, site_tree, people):
    client.force_login(people.editor)
    lesson = site_tree.lessons[0]
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[lesson.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(text in html for text in ("第一步", "第二步", "第三步"))


@pytest.mark.django_db
def test_every_block_kind_renders_in_both_modes(
    client, site_tree, people, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from .conftest import block, rich

    settings.MEDIA_ROOT = tmp_path
    video = Document.objects.create(title="视频", file=ContentFile(b"0", "v.mp4"))
    vtt = Document.objects.create(title="字幕", file=ContentFile(b"WEBVTT", "v.vtt"))
    sheet = Document.objects.create(title="讲义", file=ContentFile(b"%PDF", "h.pdf"))
    image = make_image()
    body = [
        rich(),
        block("image", {"image": image.pk, "alt": "手机", "caption": "主屏幕"}),
        block(
            "video",
            {
                "title": "看视频",
                "video_file": video.pk,
                "captions": vtt.pk,
                "embed": None,
                "transcript": "",
            },
        ),
        block(
            "audio", {"title": "听讲解", "audio_file": video.pk, "transcript": "文字稿"}
        ),
        block("callout", {"kind": "fraud", "text": "不要转账"}),
        block(
            "handout", {"document": sheet.pk, "title": "操作步骤单", "description": ""}
        ),
        guided("看一看", image=image),
        try_it(image),
        knowledge_check(),
    ]
    course = make_course(site_tree.index, bodies=[body], lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.resident)
    html = client.get(lesson.url + "?mode=all").content.decode()
    for text in (
        "主屏幕",
        "<track",
        "文字稿",
        "谨防诈骗",
        "操作步骤单",
        "看一看",
        "设置",
    ):
        assert text in html, text
    for number in range(1, len(body) + 1):
        response = client.get(lesson.step_url(number))
        assert response.status_code == 200
        assert f"第 {number} 步，共 {len(body)} 步" in response.content.decode()


# --- links and pictures the shortcuts must keep right ----------------------------


@pytest.mark.django_db
def test_catalogue_cards_link_to_courses_and_show_the_cover(client, site_tree, people):
    from bs4 import BeautifulSoup

    site_tree.course.cover_image = make_image("cover")
    site_tree.course.cover_alt = "手机封面"
    site_tree.course.save_revision().publish()
    client.force_login(people.resident)
    services.enrolment_create(user=people.resident, course=site_tree.course)
    soup = BeautifulSoup(client.get(site_tree.index.url).content, "html.parser")
    card = soup.select_one(".course-card")
    assert card.select_one(".course-card-title a")["href"] == site_tree.course.url
    cover = card.select_one("img.course-cover")
    assert cover["alt"] == "手机封面"
    expected = site_tree.course.cover_image.get_rendition("fill-800x450")
    assert cover["src"] == expected.url
    assert (cover["width"], cover["height"]) == (
        str(expected.width),
        str(expected.height),
    )
    # a second view reads the same rendition, it does not make a new one
    assert site_tree.course.cover_image.renditions.count() == 1
    client.get(site_tree.index.url)
    assert site_tree.course.cover_image.renditions.count() == 1


@pytest.mark.django_db
def test_course_page_links_back_to_the_catalogue(client, site_tree, people):
    from bs4 import BeautifulSoup

    client.force_login(people.resident)
    soup = BeautifulSoup(client.get(site_tree.course.url).content, "html.parser")
    assert soup.select_one(".crumbs a")["href"] == site_tree.index.url
