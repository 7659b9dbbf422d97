"""Forms for the practice pages (thin: the services decide what is allowed)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Decision


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
    )
    link = forms.URLField(
        label=_("Link (optional)"),
        required=False,
        assume_scheme="https",
        help_text=_("e.g. a shared document or a video of your class"),
    )

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        if not task.accepts_text:
            del self.fields["text"]
        if not task.accepts_link:
            del self.fields["link"]


class ShareForm(forms.Form):
    share = forms.BooleanField(
        label=_("Show this work in the showcase"), required=False
    )
    public = forms.BooleanField(
        label=_("Also show it on the public site (without my name)"), required=False
    )
    title = forms.CharField(
        label=_("Title in the showcase"), required=False, max_length=200
    )
    summary = forms.CharField(
        label=_("A few sentences about it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class HelperSessionForm(forms.Form):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=5, max_value=480)
    place = forms.CharField(label=_("Place"), max_length=200)
    topic = forms.CharField(
        label=_("What you helped with"), max_length=200, required=False
    )
    course = forms.TypedChoiceField(
        label=_("Course (optional)"), required=False, coerce=int, empty_value=None
    )
    residents = forms.TypedMultipleChoiceField(
        label=_("Residents you helped"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    residents_without_account = forms.IntegerField(
        label=_("Residents without an account (number)"),
        min_value=0,
        max_value=100,
        initial=0,
    )

    def __init__(self, *args, residents, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residents"].choices = [(r.pk, str(r)) for r in residents]
        self.fields["course"].choices = [("", "—")] + [
            (c.pk, c.display_title) for c in courses
        ]

    def starts_at(self):
        from datetime import datetime

        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["day"], data["start"]))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment for the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"points_{c.pk}"] = forms.DecimalField(
                label=_("%(criterion)s (0–%(max)s points)")
                % {"criterion": c.display_title, "max": c.max_points},
                min_value=Decimal(0),
                max_value=c.max_points,
                decimal_places=2,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": c.display_title},
                required=False,
            )

    def criterion_fields(self):
        return [
            (c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria
        ]


class AdjustmentForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points (negative to take off)"), decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    occurred_on = forms.DateField(
        label=_("Counts on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
