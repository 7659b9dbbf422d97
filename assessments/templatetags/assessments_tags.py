"""Template helpers for question text: always escaped; HTML questions lose tags."""

from decimal import Decimal

from django import template
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def question_text(text: str, text_format: str = "moodle"):
    """Question or feedback text as safe paragraphs; no author HTML reaches a page."""
    if text_format == "html":
        text = strip_tags(text)
    return mark_safe(linebreaks(escape(text)))  # noqa: S308 - escaped just above


@register.filter
def percent(value) -> str:
    """A score like 81.3 or 100 (one decimal at most)."""
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal("0.1"))
    if rounded == rounded.to_integral():
        return str(int(rounded))
    return str(rounded)


@register.filter
def kind_label(kind: str) -> str:
    """'truefalse' -> the translated name of the question type (判断题)."""
    from assessments.models import QuestionKind

    try:
        return QuestionKind(kind).label
    except ValueError:
        return kind


@register.filter
def fraction_percent(value) -> str:
    """An answer's fraction (0.75) as a percentage like 75 ("—" when none)."""
    if value is None:
        return "—"
    return percent(Decimal(value) * 100)


@register.filter
def distance_band(score, pass_mark) -> str:
    """How far a score is below the pass mark, in words a result page can follow:
    "near" (within 10 points), "midway" (within 30) or "far"."""
    if score is None or pass_mark is None:
        return "far"
    gap = Decimal(pass_mark) - Decimal(score)
    if gap <= 10:
        return "near"
    if gap <= 30:
        return "midway"
    return "far"
