"""Slots checked against the question bank when a skill test is saved or published.

A random slot that asks for more questions than its category (or skill area) holds,
after the test's fixed questions and the earlier slots have taken theirs, would give
people a shorter test than promised. The admin form refuses to save such a test,
naming the slot, the number it can draw and what to do, in Chinese and English.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Question, QuestionKind


def pool_ids(*, category=None, include_subcategories=True, tag=None) -> list[int]:
    """Ids of the drawable questions of a random slot (same rule as the draw)."""
    qs = Question.objects.filter(current_version__isnull=False).exclude(
        kind=QuestionKind.DESCRIPTION
    )
    if category is not None:
        if include_subcategories:
            qs = qs.filter(category_id__in=category.descendant_ids())
        else:
            qs = qs.filter(category_id=category.pk)
    if tag is not None:
        qs = qs.filter(tags=tag.pk)
    return list(qs.order_by("pk").distinct().values_list("pk", flat=True))


def slot_shortfalls(slots: list[dict]) -> dict[int, tuple[int, int]]:
    """{index: (asked, available)} for random slots the bank cannot fill.

    ``slots`` are cleaned slot values in order (question, random_category,
    include_subcategories, random_tag, random_count). Fixed questions and earlier
    slots take their questions first, as the draw does.
    """
    taken = {s["question"].pk for s in slots if s.get("question")}
    short = {}
    for index, slot in enumerate(slots):
        if slot.get("question") or not (
            slot.get("random_category") or slot.get("random_tag")
        ):
            continue
        asked = slot.get("random_count") or 0
        free = [
            pk
            for pk in pool_ids(
                category=slot.get("random_category"),
                include_subcategories=slot.get("include_subcategories", True),
                tag=slot.get("random_tag"),
            )
            if pk not in taken
        ]
        if len(free) < asked:
            short[index] = (asked, len(free))
        taken.update(free[:asked])
    return short


class SkillTestAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("slots")
        if formset is None or not formset.is_valid():
            return cleaned
        live = [
            form
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        live.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        short = slot_shortfalls([form.cleaned_data for form in live])
        for index, (asked, available) in short.items():
            form = live[index]
            source = form.cleaned_data.get("random_category") or form.cleaned_data.get(
                "random_tag"
            )
            form.add_error(
                "random_count",
                _(
                    "“%(source)s” has only %(available)s question(s) left to draw "
                    "from, but this slot asks for %(asked)s. Ask for %(available)s "
                    "or fewer, or add questions to the bank first."
                )
                % {"source": source, "available": available, "asked": asked},
            )
        if short:
            raise forms.ValidationError(
                _(
                    "Some slots ask for more questions than the bank holds: "
                    "see the slots marked below."
                )
            )
        return cleaned
