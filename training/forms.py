"""Learner and staff forms (all plain GET/POST forms that work without JavaScript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, Level


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    audience = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[("", _("Everyone and all groups")), *Audience.choices[:2]],
    )
    skill_area = forms.ChoiceField(label=_("Skill area"), required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("Any level")), *[(str(v), lbl) for v, lbl in Level.choices]],
    )

    def __init__(self, *args, skill_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill_area"].choices = [
            ("", _("All skill areas")),
            *[(area.slug, area.display_name) for area in skill_areas],
        ]


class EnrolResidentsForm(forms.Form):
    """Staff enrol one or several residents they help into a course."""

    course = forms.TypedChoiceField(label=_("Course"), coerce=int)
    residents = forms.TypedMultipleChoiceField(
        label=_("Residents"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one resident.")},
    )

    def __init__(self, *args, courses=(), residents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", _("Choose a course"))] + [
            (c.pk, c.display_title) for c in courses
        ]
        self.fields["residents"].choices = [(r.pk, str(r)) for r in residents]
