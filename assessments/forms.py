"""Admin forms. A question is edited as one GIFT question (the engine parses and
validates it, with line numbers), plus its category, skill areas and rubric."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import gift
from .models import Accommodation, Question, QuestionCategory


def problem_text(problem) -> str:
    message = (
        problem.message_zh
        if (get_language() or "").startswith("zh")
        else problem.message_en
    )
    return _("Line %(line)s: %(message)s") % {"line": problem.line, "message": message}


def parse_rubric(text: str) -> list[dict]:
    """Lines "criterion | points" -> [{"label", "max_points"}]."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, points = line.rpartition("|")
        try:
            value = Decimal(points.strip())
        except InvalidOperation:
            value = None
        if not sep or not label.strip() or value is None or value <= 0:
            raise forms.ValidationError(
                _(
                    "Rubric line %(n)s: write “what is checked | points”, "
                    "e.g. “Names the scam | 2”."
                )
                % {"n": number}
            )
        rows.append({"label": label.strip(), "max_points": str(value)})
    return rows


def rubric_text(rubric: list[dict]) -> str:
    return "\n".join(f"{r['label']} | {r['max_points']}" for r in rubric or [])


class QuestionForm(forms.ModelForm):
    gift_text = forms.CharField(
        label=_("Question (GIFT format)"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "assess-gift"}),
        help_text=_(
            "One question in Moodle's GIFT format, e.g. "
            "::名称:: 题目 {=正确答案 ~错误答案#反馈}. Saving a changed question "
            "creates a new version; past attempts keep the version they saw."
        ),
    )
    rubric_text = forms.CharField(
        label=_("Rubric (essay / practical only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per criterion: what is checked | points."),
    )

    class Meta:
        model = Question
        fields = ["category", "tags"]
        widgets = {"tags": forms.CheckboxSelectMultiple}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        instance = self.instance
        if instance.pk and instance.current_version_id:
            version = instance.current_version
            self.initial.setdefault(
                "gift_text", gift.dump_gift([version.as_spec]).strip()
            )
            self.initial.setdefault("rubric_text", rubric_text(version.rubric))

    def clean_gift_text(self):
        text = self.cleaned_data["gift_text"]
        try:
            specs = gift.parse_gift(text)
        except gift.GiftError as exc:
            raise forms.ValidationError(
                [problem_text(p) for p in exc.problems]
            ) from None
        if len(specs) != 1:
            raise forms.ValidationError(
                _(
                    "Write exactly one question here (found %(n)s). "
                    "Use GIFT import for more."
                )
                % {"n": len(specs)}
            )
        self.cleaned_data["spec"] = specs[0]
        return text

    def clean_rubric_text(self):
        return parse_rubric(self.cleaned_data.get("rubric_text", ""))


class CategoryForm(forms.ModelForm):
    class Meta:
        model = QuestionCategory
        fields = ["name", "parent", "description"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)


class GiftImportForm(forms.Form):
    category = forms.CharField(
        label=_("Category path"),
        max_length=400,
        help_text=_(
            "Where to put the questions, e.g. 数字技能/防诈骗. "
            "Missing levels are created. $CATEGORY lines in the file add levels "
            "below this path."
        ),
    )
    file = forms.FileField(label=_("GIFT file (.txt or .gift)"), required=False)
    text = forms.CharField(
        label=_("…or paste GIFT text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    partial = forms.BooleanField(
        label=_("Import the good questions even if some have problems"), required=False
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = data.get("text") or ""
        from .services import MAX_GIFT_BYTES

        too_big = _(
            "The GIFT text is larger than %(max)s MB. Split it into smaller files."
        ) % {"max": MAX_GIFT_BYTES // (1024 * 1024)}
        if upload:
            if upload.size > MAX_GIFT_BYTES:
                raise forms.ValidationError({"file": too_big})
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    {"file": _("The file must be UTF-8 text.")}
                ) from None
        if not text.strip():
            raise forms.ValidationError(_("Choose a GIFT file or paste GIFT text."))
        if len(text.encode("utf-8", "surrogatepass")) > MAX_GIFT_BYTES:
            raise forms.ValidationError(too_big)
        data["gift"] = text
        return data


class ManualGradeForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rubric=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric or []
        if self.rubric:
            for i, row in enumerate(self.rubric):
                self.fields[f"points_{i}"] = forms.DecimalField(
                    label=f"{row['label']} (0–{row['max_points']})",
                    min_value=Decimal(0),
                    max_value=Decimal(row["max_points"]),
                    decimal_places=2,
                )
        else:
            self.fields["percent"] = forms.DecimalField(
                label=_("Mark (%)"),
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
            )
        self.order_fields([k for k in self.fields if k != "comment"] + ["comment"])

    def points(self) -> list[Decimal]:
        return [self.cleaned_data[f"points_{i}"] for i in range(len(self.rubric))]


class AccommodationForm(WagtailAdminModelForm):
    """The person chooser lists only whom this HR member may grant time to."""

    class Meta:
        model = Accommodation
        fields = ["user", "test", "extra_minutes", "no_time_limit", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.selectors import people_for_accommodation

        if self.for_user is not None:
            self.fields["user"].queryset = people_for_accommodation(actor=self.for_user)


class MarkOverrideForm(forms.Form):
    """Change one answer's mark: a percentage (or rubric points) and a reason.

    ``expected`` carries the mark shown when the form was opened, so a change made by
    someone else meanwhile is refused instead of silently overwritten.
    """

    reason = forms.CharField(
        label=_("Reason (the person will see it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, answer, **kwargs):
        super().__init__(*args, **kwargs)
        self.answer = answer
        self.rubric = answer.version.rubric or []
        self.fields["expected"].initial = (
            "" if answer.fraction is None else str(answer.fraction)
        )
        self.fields["position"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=answer.position
        )
        if self.rubric:
            given = {r["label"]: r["points"] for r in answer.rubric_scores or []}
            for i, row in enumerate(self.rubric):
                self.fields[f"points_{i}"] = forms.DecimalField(
                    label=f"{row['label']} (0–{row['max_points']})",
                    min_value=Decimal(0),
                    max_value=Decimal(row["max_points"]),
                    decimal_places=2,
                    initial=given.get(row["label"]),
                )
        else:
            self.fields["percent"] = forms.DecimalField(
                label=_("New mark (%)"),
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
            )
        self.order_fields([k for k in self.fields if k not in ("reason",)] + ["reason"])

    def clean_expected(self):
        raw = (self.cleaned_data.get("expected") or "").strip()
        if not raw:
            return None
        try:
            return Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("This form is out of date.")) from None

    def fraction(self) -> Decimal | None:
        if self.rubric:
            return None
        return self.cleaned_data["percent"] / Decimal(100)

    def points(self) -> list[Decimal] | None:
        if not self.rubric:
            return None
        return [self.cleaned_data[f"points_{i}"] for i in range(len(self.rubric))]

    def expected_fraction(self) -> Decimal | None:
        return self.cleaned_data["expected"]
