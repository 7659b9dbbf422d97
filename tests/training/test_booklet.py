"""Large-print booklets (issue 8, point 6): a lesson or a whole course as an A4 PDF
with 18 pt+ text, each step with its picture and the try-it target circled, the
help phone of the reader's community on every page; cached per published version,
course booklets drawn by Celery; access follows who may read the lesson."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction

from cms import pagecache
from cms.models import SiteSettings
from cms.pdf import BASE_CSS, render_pdf
from training import services
from training.booklet import HelpContact, circle_around, css_string
from training.models import Booklet, LessonPage

from .conftest import (
    ensure_roots,
    guided,
    knowledge_check,
    make_course,
    make_site,
    rich,
    try_it,
)

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdffonts") or not shutil.which("pdftoppm"),
    reason="needs poppler-utils",
)

BLUE = (20, 60, 230)
EAST_PHONE = "021-6666 8888"


def run(tool: str, *args: str) -> str:
    return subprocess.run(  # noqa: S603 - fixed tools, arguments from the test
        [shutil.which(tool), *args], capture_output=True, text=True, check=True
    ).stdout


def blue_image() -> Image:
    """A plain blue phone screenshot: the circle is the only red on the page."""
    ensure_roots()
    buffer = io.BytesIO()
    PILImage.new("RGB", (360, 640), BLUE).save(buffer, "PNG")
    buffer.seek(0)
    return Image.objects.create(
        title="blue", file=ImageFile(buffer, name="blue-screen.png")
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for cache in caches.all():
        cache.clear()  # renditions cached by an earlier test live in its tmp dir
    return settings.MEDIA_ROOT


@pytest.fixture
def booklet_tree(db, media, communities):
    communities.east.help_phone = EAST_PHONE
    communities.east.save()
    home, index = make_site()
    image = blue_image()
    first = [
        rich("<p>今天学习打开设置，把字调大。𪚥䶮𠮷</p>"),
        guided("第一步：找到手机主屏幕", image=image),
        try_it(image, label="设置"),
        knowledge_check(),
    ]
    second = [guided(f"第二课第 {n} 步：慢慢来") for n in range(1, 7)]
    course = make_course(
        index, title="手机大字课", lessons=2, bodies=[first, second], slug="big"
    )
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    return course, lessons


def pdf_of(response, tmp_path, name="b.pdf"):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / name
    path.write_bytes(b"".join(response.streaming_content))
    return path


def page_texts(path) -> list[str]:
    return run("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


# --- the document ---------------------------------------------------------------


def test_circle_is_a_little_larger_than_the_target_and_stays_on_the_picture():
    circle = circle_around(10, 20, 30, 20, "设置")
    assert (circle.left, circle.top) == (2.5, 15.0)
    assert (circle.width, circle.height) == (45.0, 30.0)
    assert circle.centre == (25.0, 30.0)
    edge = circle_around(95, 0, 5, 4)
    assert edge.left >= 0
    assert edge.top == 0
    assert edge.left + edge.width <= 100


def test_css_strings_cannot_break_out_of_the_style_sheet():
    text = css_string('a"b\\c</style><script>x')
    assert "</style>" not in text
    assert "<script>" not in text
    assert text.startswith('"')
    assert text.endswith('"')
    assert '"' not in text[1:-1]


@needs_poppler
def test_lesson_booklet_is_a_real_large_print_pdf(
    client, booklet_tree, people, tmp_path
):
    course, (lesson, _second) = booklet_tree
    client.force_login(people.resident)
    response = client.get(reverse("training:lesson_booklet", args=[lesson.pk]))
    path = pdf_of(response, tmp_path)

    fonts = run("pdffonts", str(path))
    rows = fonts.splitlines()[2:]
    assert rows
    assert all(" yes " in row for row in rows), fonts
    assert "NotoSansCJK" in fonts.replace(" ", "").replace("-", ""), fonts
    assert "HanaMin" in fonts  # the rare character 𪚥 came from the fallback font

    pages = page_texts(path)
    text = "".join(pages)
    for expected in (
        "今天学习打开设置",
        "第一步：找到手机主屏幕",
        "点一下“设置”图标",
        "陌生人打电话说你中奖了",
        "挂断电话，问家人",
    ):
        assert expected in text.replace(" ", ""), expected
    # the resident's own community phone, on every page, with page numbers
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        flat = page.replace(" ", "")
        assert EAST_PHONE.replace(" ", "") in flat, f"page {number} has no help phone"
        assert f"第{number}页/共{len(pages)}页" in flat


@needs_poppler
def test_body_text_is_at_least_18_points(client, booklet_tree, people, tmp_path):
    _course, (lesson, _second) = booklet_tree
    client.force_login(people.resident)
    path = pdf_of(
        client.get(reverse("training:lesson_booklet", args=[lesson.pk])), tmp_path
    )
    # poppler's word box height is the font's ascent+descent, a fixed multiple of
    # the size: measure that of 18 pt and 17 pt text in the same fonts first
    reference = {}
    for size in (17, 18):
        ref = tmp_path / f"ref-{size}.pdf"
        ref.write_bytes(
            render_pdf(
                f"<style>{BASE_CSS}</style>"
                f'<p style="font-size:{size}pt">参考文字大小</p>'
            )
        )
        reference[size] = min(cjk_word_heights(ref))
    assert reference[17] < reference[18]

    heights = cjk_word_heights(path)
    assert len(heights) > 20
    assert min(heights) >= reference[18] - 0.01, sorted(heights)[:5]


def cjk_word_heights(path) -> list[float]:
    html = run("pdftotext", "-bbox", str(path), "-")
    return [
        float(y_max) - float(y_min)
        for y_min, y_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" '
            r'xMax="[\d.]+" yMax="([\d.]+)">([^<]+)',
            html,
        )
        if re.search(r"[\u4e00-\u9fff]", word)
    ]


@needs_poppler
def test_try_it_target_is_circled_on_the_printed_picture(
    client, booklet_tree, people, tmp_path
):
    _course, (lesson, _second) = booklet_tree
    client.force_login(people.resident)
    path = pdf_of(
        client.get(reverse("training:lesson_booklet", args=[lesson.pk])), tmp_path
    )
    run("pdftoppm", "-png", "-r", "72", str(path), str(tmp_path / "page"))
    circled = 0
    for png in sorted(tmp_path.glob("page*.png")):
        picture = PILImage.open(png).convert("RGB")
        pixels = picture.load()
        width, height = picture.size
        blue = [
            (x, y)
            for y in range(0, height, 2)
            for x in range(0, width, 2)
            if _near(pixels[x, y], BLUE)
        ]
        if not blue:
            continue
        x0, x1 = min(x for x, _ in blue), max(x for x, _ in blue)
        y0, y1 = min(y for _, y in blue), max(y for _, y in blue)
        reds = {
            (x, y)
            for y in range(y0, y1 + 1)
            for x in range(x0, x1 + 1)
            if _is_red(pixels[x, y])
        }
        if not reds:
            continue  # the guided step's picture: no target to circle
        circled += 1
        # the target (10%,20%,30%×20%) has its centre at 25%,30%: still visible …
        cx = x0 + 0.25 * (x1 - x0)
        cy = y0 + 0.30 * (y1 - y0)
        assert _near(pixels[round(cx), round(cy)], BLUE)
        # … and the red ring passes left and right of it, around the target
        row = [x for x, y in reds if abs(y - cy) <= 2]
        assert any(x < x0 + 0.10 * (x1 - x0) for x in row), "no ring left of target"
        assert any(x > x0 + 0.40 * (x1 - x0) for x in row), "no ring right of target"
        column = [y for x, y in reds if abs(x - cx) <= 2]
        assert any(y < y0 + 0.20 * (y1 - y0) for y in column)
        assert any(y > y0 + 0.40 * (y1 - y0) for y in column)
        assert all(y < y0 + 0.5 * (y1 - y0) for _, y in reds)
    assert circled == 1


def _near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def _is_red(pixel) -> bool:
    r, g, b = pixel
    return r > 170 and g < 90 and b < 90


# --- caching -------------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """Count real renders (the real WeasyPrint call still runs)."""
    from training import booklet

    calls = []
    real = booklet.render_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(booklet, "render_pdf", counting)
    return calls


def test_second_request_is_served_from_the_stored_file(
    client, booklet_tree, people, renders
):
    _course, (lesson, _second) = booklet_tree
    client.force_login(people.resident)
    url = reverse("training:lesson_booklet", args=[lesson.pk])
    first = b"".join(client.get(url).streaming_content)
    stored = Booklet.objects.get()
    second = b"".join(client.get(url).streaming_content)
    assert len(renders) == 1
    assert first == second
    assert Booklet.objects.get().file.name == stored.file.name
    assert stored.status == Booklet.Status.READY


def test_a_new_publish_makes_a_new_file_and_removes_the_old_one(
    client, booklet_tree, people, renders, media, django_capture_on_commit_callbacks
):
    _course, (lesson, _second) = booklet_tree
    client.force_login(people.resident)
    url = reverse("training:lesson_booklet", args=[lesson.pk])
    client.get(url)
    old = Booklet.objects.get()
    old_path = media / old.file.name
    assert old_path.exists()

    lesson.body[0].value.source = "<p>改过的课文：先打开设置。</p>"
    lesson.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    text = b"".join(response.streaming_content)
    assert len(renders) == 2
    assert "改过的课文" in renders[-1]
    [new] = Booklet.objects.all()
    assert new.pk != old.pk
    assert new.file.name != old.file.name
    assert not old_path.exists()
    assert text.startswith(b"%PDF")


def test_deleting_a_lesson_removes_its_booklet_files(
    client, booklet_tree, people, media, django_capture_on_commit_callbacks
):
    _course, (lesson, _second) = booklet_tree
    client.force_login(people.resident)
    client.get(reverse("training:lesson_booklet", args=[lesson.pk]))
    stored = media / Booklet.objects.get().file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        lesson.delete()
    assert not Booklet.objects.exists()
    assert not stored.exists()


def test_language_and_contact_are_part_of_the_cache_key(
    client, booklet_tree, people, renders
):
    _course, (lesson, _second) = booklet_tree
    url = reverse("training:lesson_booklet", args=[lesson.pk])
    client.get(url)  # a guest: the site's help phone
    client.force_login(people.resident)
    client.get(url)  # the resident: the east community's phone
    client.get(url, HTTP_ACCEPT_LANGUAGE="en", headers={"Cookie": ""})
    assert len(renders) >= 2
    phones = set(Booklet.objects.values_list("help_phone", flat=True))
    assert EAST_PHONE in phones
    assert len(phones) == 2


# --- course booklets in the background --------------------------------------------


@needs_poppler
def test_course_booklet_is_drawn_by_the_task_once_however_often_asked(
    client,
    booklet_tree,
    people,
    renders,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    course, lessons = booklet_tree
    client.force_login(people.resident)
    url = reverse("training:course_booklet", args=[course.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.get(url)
        second = client.get(url)  # a double click
    # (the first page also creates the site's settings row: a content change)
    queued = [c for c in callbacks if c is not pagecache.invalidate]
    # until the worker has drawn it the page says so, with a link that works later
    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert "正在准备大字版" in response.content.decode()
    assert len(queued) == 1
    assert renders == []
    assert client.get(url + "?check=1").json() == {"status": "pending"}

    queued[0]()  # the worker runs the task (eagerly here)
    assert len(renders) == 1
    assert client.get(url + "?check=1").json() == {"status": "ready"}
    path = pdf_of(client.get(url), tmp_path, "course.pdf")
    queued[0]()  # a retried task leaves the ready booklet alone
    assert len(renders) == 1

    pages = page_texts(path)
    text = "".join(pages).replace(" ", "")
    assert "手机大字课" in text
    assert "第二课第6步：慢慢来" in text
    assert "点一下“设置”图标" in text
    assert all(EAST_PHONE.replace(" ", "") in p.replace(" ", "") for p in pages)


def test_a_failed_course_booklet_says_so_and_is_tried_again(
    client, booklet_tree, people, monkeypatch, django_capture_on_commit_callbacks
):
    from training import booklet

    course, _lessons = booklet_tree
    client.force_login(people.resident)
    url = reverse("training:course_booklet", args=[course.pk])

    def broken(html, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(booklet, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    assert Booklet.objects.get().status == Booklet.Status.FAILED
    response = client.get(url)
    assert response.status_code == 200
    assert "再试一次" in response.content.decode()
    assert "retry=1" in response.content.decode()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.get(url)  # a plain visit shows the failure, queues nothing
    assert [c for c in queued if c is not pagecache.invalidate] == []
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.get(url, {"retry": "1"})
    assert len([c for c in queued if c is not pagecache.invalidate]) == 1
    assert Booklet.objects.get().status == Booklet.Status.READY


# --- who may print what ----------------------------------------------------------


def test_guests_get_public_lessons_with_the_site_help_phone(
    client, booklet_tree, renders
):
    _course, (lesson, _second) = booklet_tree
    SiteSettings.objects.update_or_create(
        site_id=Site_default_id(), defaults={"help_phone": "400-100-2000"}
    )
    response = client.get(reverse("training:lesson_booklet", args=[lesson.pk]))
    assert response.status_code == 200
    assert Booklet.objects.get().help_phone == "400-100-2000"
    assert "400-100-2000" in renders[0]


def Site_default_id() -> int:  # noqa: N802 - reads like the setting it looks up
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).pk


def test_staff_print_with_the_phone_of_residents_they_help_only(
    client, booklet_tree, people, renders
):
    course, (lesson, _second) = booklet_tree
    url = reverse("training:lesson_booklet", args=[lesson.pk])
    client.force_login(people.staff)
    response = client.get(url, {"for": people.resident.pk})
    assert response.status_code == 200
    assert Booklet.objects.get().help_phone == EAST_PHONE
    # a staff member of another community may not print for (or as) this resident
    client.force_login(people.other_staff)
    assert client.get(url, {"for": people.resident.pk}).status_code == 403
    course_url = reverse("training:course_booklet", args=[course.pk])
    assert client.get(course_url, {"for": people.resident.pk}).status_code == 403
    # … nor for a colleague, nor for a made-up person
    client.force_login(people.staff)
    assert client.get(url, {"for": people.other_staff.pk}).status_code == 403
    assert client.get(url, {"for": 999999}).status_code == 404
    assert client.get(url, {"for": "x"}).status_code == 404
    assert len(renders) == 1


def test_unpublished_and_private_lessons_are_not_printed(
    client, booklet_tree, people, renders, django_capture_on_commit_callbacks
):
    course, (lesson, second) = booklet_tree
    client.force_login(people.resident)
    second.unpublish()
    assert (
        client.get(reverse("training:lesson_booklet", args=[second.pk])).status_code
        == 404
    )
    PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.LOGIN
    )
    assert (
        client.get(reverse("training:lesson_booklet", args=[lesson.pk])).status_code
        == 404
    )
    assert renders == []
    # the course booklet leaves both out
    course_url = reverse("training:course_booklet", args=[course.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(course_url)
    assert renders, "the course booklet renders (eagerly) …"
    assert "今天学习打开设置" not in renders[-1]
    assert "第二课" not in renders[-1]


def test_staff_course_booklets_are_for_staff(client, booklet_tree, people):
    course, (lesson, _second) = booklet_tree
    course.audience = "staff"
    course.save()
    url = reverse("training:lesson_booklet", args=[lesson.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(people.resident)
    assert client.get(url).status_code == 403
    client.force_login(people.staff)
    assert client.get(url).status_code == 200


def test_pages_link_to_the_booklets(client, booklet_tree, people):
    course, (lesson, _second) = booklet_tree
    page = client.get(course.url).content.decode()
    assert reverse("training:course_booklet", args=[course.pk]) in page
    assert reverse("training:lesson_booklet", args=[lesson.pk]) in page
    assert "打印大字版" in page
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.staff)
    helped = client.get(reverse("training:helped")).content.decode()
    expected = reverse("training:course_booklet", args=[course.pk])
    assert f"{expected}?for={people.resident.pk}" in helped
    client.force_login(people.resident)
    all_steps = client.get(lesson.url + "?mode=all").content.decode()
    assert reverse("training:lesson_booklet", args=[lesson.pk]) in all_steps


def test_english_booklet_speaks_english(client, booklet_tree, renders):
    _course, (lesson, _second) = booklet_tree
    client.cookies["django_language"] = "en"
    client.get(
        reverse("training:lesson_booklet", args=[lesson.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Need help? Call" in renders[-1]
    assert "Page " in renders[-1]
    assert "Large-print booklet" in renders[-1]
    assert Booklet.objects.get().language == "en"


def test_contact_is_checked_in_the_service_too(people):
    with pytest.raises(PermissionDenied):
        services.booklet_contact_for(
            viewer=people.other_staff, resident=people.resident
        )
    contact = services.booklet_contact_for(
        viewer=people.staff, resident=people.resident
    )
    assert isinstance(contact, HelpContact)


def test_without_a_request_the_contact_is_the_default_site_s(booklet_tree):
    from django.contrib.auth.models import AnonymousUser

    SiteSettings.objects.update_or_create(
        site_id=Site_default_id(),
        defaults={"help_phone": "400-100-2000", "community_name": "幸福社区"},
    )
    contact = services.booklet_contact_for(viewer=AnonymousUser())
    assert (contact.phone, contact.place) == ("400-100-2000", "幸福社区")


def test_a_failed_lesson_booklet_is_drawn_again_only_when_asked_and_not_too_often(
    client, booklet_tree, people, monkeypatch
):
    """A lesson booklet is drawn in the request: after a failure, plain visits show
    the failure without drawing (a broken lesson must not cost a render per
    request), and "try again" draws once, not more often than BOOKLET_RETRY_AFTER."""
    from datetime import timedelta

    from training import booklet

    _course, lessons = booklet_tree
    client.force_login(people.resident)
    url = reverse("training:lesson_booklet", args=[lessons[0].pk])
    calls = []

    def broken(html, **kwargs):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(booklet, "render_pdf", broken)
    assert client.get(url).status_code == 503
    assert len(calls) == 1
    row = Booklet.objects.get()
    assert row.status == Booklet.Status.FAILED
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 503
        assert "retry=1" in response.content.decode()
    assert client.get(url, {"retry": "1"}).status_code == 503  # too soon
    assert len(calls) == 1
    monkeypatch.undo()
    Booklet.objects.filter(pk=row.pk).update(
        created_at=row.created_at - timedelta(minutes=1)
    )
    response = client.get(url, {"retry": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert Booklet.objects.get().status == Booklet.Status.READY
