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
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction

from cms.models import SiteSettings
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
        rich("<p>今天学习打开设置，把字调大。</p>"),
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
    assert edge.left >= 0 and edge.top == 0
    assert edge.left + edge.width <= 100


def test_css_strings_cannot_break_out_of_the_style_sheet():
    text = css_string('a"b\\c</style><script>x')
    assert "</style>" not in text and "<script>" not in text
    assert text.startswith('"') and text.endswith('"')
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
    assert rows and all(" yes " in row for row in rows), fonts
    assert "NotoSansCJK" in fonts.replace(" ", "").replace("-", ""), fonts

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
    html = run("pdftotext", "-bbox", str(path), "-")
    heights = [
        float(y_max) - float(y_min)
        for y_min, y_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)',
            html,
        )
        if re.search(r"[\u4e00-\u9fff]", word)
    ]
    assert heights
    # poppler's word box of a CJK glyph is one em high: the font size in points
    assert min(heights) >= 18, sorted(heights)[:5]


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
