"""The large-print booklet: a lesson or a whole course as an A4 PDF for paper learners.

What it promises:

- body text 20 pt, headings larger, black on white; every step shows its number,
  title, instruction and picture; a "try it" picture has its target(s) circled
  (an ellipse drawn from the four stored percentages, a little larger than the
  target so the circle does not hide it);
- every page carries the help phone of the reader's community (CSS ``@page``
  margin box) and "第 n 页 / 共 m 页";
- rendering goes through ``cms.pdf`` (its fonts cover rare characters);
- ``content_version`` names what was printed (published revision, publish time and
  a digest of the content), so a new publish gives a new file.

Pictures are embedded as data URIs read from storage (any Django storage works,
also in a worker without the web server's files); one that cannot be read is left
out with a note, and the booklet still renders.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import mimetypes
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cms.pdf import pdf_context, render_pdf

log = logging.getLogger("digiladder.training")

#: The printed picture fits in this box (A4 is 210 mm wide; margins 18 mm).
PICTURE_MAX_MM = (150.0, 125.0)
#: The circle reaches this far (in % of the target's size) beyond the target.
CIRCLE_PAD = 0.25
CIRCLE_PAD_MIN = 2.0
RENDITION = "max-1200x1200"


@dataclass(frozen=True)
class HelpContact:
    phone: str
    place: str = ""
    address: str = ""

    @property
    def key(self) -> str:
        return f"{self.phone}|{self.place}|{self.address}"


@dataclass(frozen=True)
class Circle:
    """An ellipse around a target, in % of the picture (left, top, width, height)."""

    left: float
    top: float
    width: float
    height: float
    label: str = ""

    @property
    def centre(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2


def circle_around(x: float, y: float, width: float, height: float, label="") -> Circle:
    """A circle a little larger than the target rectangle, kept on the picture."""
    pad_x = max(width * CIRCLE_PAD, CIRCLE_PAD_MIN)
    pad_y = max(height * CIRCLE_PAD, CIRCLE_PAD_MIN)
    left = max(x - pad_x, 0.0)
    top = max(y - pad_y, 0.0)
    right = min(x + width + pad_x, 100.0)
    bottom = min(y + height + pad_y, 100.0)
    return Circle(left, top, right - left, bottom - top, label)


@dataclass
class Figure:
    uri: str
    width_mm: float
    height_mm: float
    alt: str = ""
    circles: list[Circle] = field(default_factory=list)


@dataclass
class PrintedStep:
    number: int
    kind: str
    value: object
    figure: Figure | None = None
    missing_picture: bool = False
    answer: str = ""


@dataclass
class PrintedLesson:
    title: str
    steps: list[PrintedStep]


def fit_mm(width_px: int, height_px: int) -> tuple[float, float]:
    """The printed size of a picture: as large as the box allows, shape kept."""
    box_w, box_h = PICTURE_MAX_MM
    if width_px <= 0 or height_px <= 0:
        return box_w, box_h
    scale = min(box_w / width_px, box_h / height_px)
    return round(width_px * scale, 2), round(height_px * scale, 2)


def _rendition(image):
    return image.get_rendition(RENDITION)


def _figure(image, alt: str, circles=()) -> Figure | None:
    if image is None:
        return None
    data = None
    for source in (_rendition, lambda image: image):
        try:
            picture = source(image)
            with picture.file.open("rb") as handle:
                data = handle.read()
            break
        except Exception:  # noqa: BLE001 - a lost picture must not stop the booklet
            log.warning("booklet picture %s could not be read", image.pk, exc_info=True)
    if data is None:
        return None
    mime = mimetypes.guess_type(picture.file.name)[0] or "image/png"
    width_mm, height_mm = fit_mm(picture.width, picture.height)
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return Figure(uri, width_mm, height_mm, alt, list(circles))


def printed_steps(lesson) -> list[PrintedStep]:
    steps = []
    for number, child in enumerate(lesson.body, start=1):
        value = child.value
        step = PrintedStep(number=number, kind=child.block_type, value=value)
        image, alt, circles = None, "", []
        if child.block_type in ("guided_step", "try_it"):
            image, alt = value.get("image"), value.get("image_alt", "")
        elif child.block_type == "image":
            image, alt = value.get("image"), value.get("alt", "")
        if child.block_type == "try_it":
            circles = [
                circle_around(
                    t["x"], t["y"], t["width"], t["height"], t.get("label", "")
                )
                for t in value["targets"]
            ]
        if image is not None:
            step.figure = _figure(image, alt, circles)
            step.missing_picture = step.figure is None
        if child.block_type == "knowledge_check":
            step.answer = "；".join(
                choice["text"] for choice in value["choices"] if choice["correct"]
            )
        steps.append(step)
    return steps


# --- versions -----------------------------------------------------------------


def _page_part(page) -> str:
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    return f"{page.pk}:{page.live_revision_id or 0}:{published}"


def content_version(page, lessons=()) -> str:
    """What the booklet prints, as one digest: the page (and, for a course, each
    lesson) by published revision and publish time, plus the printed content."""
    parts = [_page_part(page), page.title, getattr(page, "title_en", "")]
    for lesson in lessons or ([page] if hasattr(page, "body") else []):
        parts += [
            _page_part(lesson),
            lesson.title,
            lesson.title_en,
            json.dumps(
                list(lesson.body.raw_data),
                sort_keys=True,
                ensure_ascii=False,
                default=str,
            ),
        ]
    if hasattr(page, "summary"):
        parts += [page.summary, page.summary_en, page.learning_outcomes]
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def booklet_key(
    *, kind: str, page_id: int, version: str, language: str, contact: HelpContact
) -> str:
    raw = "\x1f".join([kind, str(page_id), version, language, contact.key])
    return hashlib.sha256(raw.encode()).hexdigest()


# --- the document --------------------------------------------------------------

_CSS_PLAIN = re.compile(r"[^\\\"<>&\n\r\x00-\x1f\x7f]")


def css_string(text: str) -> SafeString:
    """``text`` as a quoted CSS string, safe inside a <style> element."""
    out = []
    for ch in text:
        out.append(ch if _CSS_PLAIN.match(ch) else f"\\{ord(ch):X} ")
    return mark_safe('"' + "".join(out) + '"')  # noqa: S308 - every special escaped


def page_numbers_css() -> SafeString:
    """``content`` for the page-number margin box, in the active language."""
    pattern = _("Page {page} of {pages}")
    pieces = []
    for part in re.split(r"(\{page\}|\{pages\})", pattern):
        if part == "{page}":
            pieces.append("counter(page)")
        elif part == "{pages}":
            pieces.append("counter(pages)")
        elif part:
            pieces.append(css_string(part))
    return mark_safe(" ".join(pieces))  # noqa: S308 - built from css_string


def help_line(contact: HelpContact) -> str:
    if contact.place:
        return _("Need help? Call %(phone)s (%(place)s)") % {
            "phone": contact.phone,
            "place": contact.place,
        }
    return _("Need help? Call %(phone)s") % {"phone": contact.phone}


def booklet_html(
    *,
    title: str,
    course,
    lessons: list,
    contact: HelpContact,
    language: str,
    whole_course: bool,
    content_language: str = "zh-hans",
) -> str:
    with translation.override(language):
        printed = [
            PrintedLesson(title=lesson.display_title, steps=printed_steps(lesson))
            for lesson in lessons
        ]
        line = help_line(contact)
        return render_to_string(
            "training/pdf/booklet.html",
            {
                "title": title,
                "course": course,
                "lessons": printed,
                "whole_course": whole_course,
                "contact": contact,
                "help_line": line,
                "help_line_css": css_string(line),
                "title_css": css_string(title),
                "page_numbers_css": page_numbers_css(),
                "language": language,
                "content_lang": "zh-Hans"
                if content_language.lower() == "zh-hans"
                else content_language,
                **pdf_context(),
            },
        )


def booklet_pdf(**kwargs) -> bytes:
    return render_pdf(booklet_html(**kwargs))
