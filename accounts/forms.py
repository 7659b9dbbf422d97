"""Forms people fill in about their own account, and the staff-assisted registration.

Every error a person can cause is a field error with a translated message; the model's
``clean`` (grade range, dates, birth year) is the single source of those rules.
"""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm

from .models import (
    BIRTH_YEAR_MIN,
    PHONE_VALIDATOR,
    STAFF_FACT_FIELDS,
    OrgUnit,
    TextSize,
    normalize_phone,
)
from .roles import HR, is_plain_resident, may_edit_staff_facts, user_has_role
from .selectors import served_community_ids

User = get_user_model()

PHONE_HELP = _("11 digits, e.g. 13812345678.")
BIRTH_YEAR_HELP = _("Four digits, e.g. 1956.")


def _drop_placeholders(form: forms.Form) -> None:
    # Labels are always visible; a placeholder next to them looks like a typed value.
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


def clean_phone_value(
    value: str | None, *, exclude_pk: int | None = None
) -> str | None:
    """Normalise a typed mobile number, check its format and that nobody else has it."""
    phone = normalize_phone(value)
    if not phone:
        return None
    PHONE_VALIDATOR(phone)
    taken = User.objects.filter(phone=phone)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise forms.ValidationError(
            User._meta.get_field("phone").error_messages["unique"], code="unique"
        )
    return phone


def community_choices():
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).select_related("parent")


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.parent.name} · {obj.name}" if obj.parent_id else obj.name


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile phone"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", PHONE_HELP)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        )
        super().__init__(**kwargs)


class BirthYearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Birth year"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", BIRTH_YEAR_HELP)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        this_year = timezone.localdate().year
        if value is not None and not BIRTH_YEAR_MIN <= value <= this_year:
            raise forms.ValidationError(
                _("Enter a birth year between %(low)s and %(high)s, e.g. 1956.")
                % {"low": BIRTH_YEAR_MIN, "high": this_year},
                code="birth_year",
            )


# --- allauth forms (ACCOUNT_FORMS) ---------------------------------------------


class LoginForm(AllauthLoginForm):
    """One box for username, email or mobile number (see accounts.backends)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username, email or mobile number")
        login.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        _drop_placeholders(self)

    def clean_login(self) -> str:
        login = super().clean_login()
        phone = normalize_phone(login)
        # "138 1234 5678" and "+86 13812345678" are the same number.
        if phone and PHONE_VALIDATOR.regex.fullmatch(phone):
            return phone
        return login


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        required=False,
        help_text=_("How we greet you, e.g. 王秀英."),
    )
    phone = PhoneField(
        help_text=_("11 digits, e.g. 13812345678. You can log in with it.")
    )

    field_order = [
        "display_name",
        "username",
        "phone",
        "email",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].help_text = _(
            "Needed only to reset a forgotten password by email."
        )
        _drop_placeholders(self)

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data.get("phone"))


# --- the account page -------------------------------------------------------------


class ProfileForm(forms.ModelForm):
    phone = PhoneField()
    birth_year = BirthYearField()
    org_unit = CommunityChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Community"),
        empty_label=_("(not chosen)"),
    )

    class Meta:
        model = User
        fields = ["display_name", "phone", "birth_year", "org_unit"]
        labels = {"display_name": _("Your name")}
        help_texts = {"display_name": _("How we greet you, e.g. 王秀英.")}

    def __init__(
        self,
        *args,
        community_locked: bool = False,
        phone_refusal: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # Set when this try to change the number is over the limit: refuse without
        # looking the number up, so the answer says nothing about who has it.
        self.phone_refusal = phone_refusal
        if community_locked:
            # Staff (and every role with powers): HR sets the community.
            del self.fields["org_unit"]
        else:
            self.fields["org_unit"].queryset = community_choices()

    def clean_phone(self):
        if self.phone_refusal:
            raise forms.ValidationError(self.phone_refusal, code="throttled")
        return clean_phone_value(
            self.cleaned_data.get("phone"), exclude_pk=self.instance.pk
        )


class PreferencesForm(forms.ModelForm):
    text_size = forms.TypedChoiceField(
        label=_("Text size"),
        choices=TextSize.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = User
        fields = [
            "text_size",
            "elder_mode",
            "high_contrast",
            "auto_read_aloud",
            "language",
        ]
        labels = {
            "elder_mode": _("Elder mode (larger text and buttons, one step at a time)"),
            "high_contrast": _("High contrast (black and white, stronger colours)"),
            "auto_read_aloud": _("Read each step aloud automatically"),
        }


# --- staff-assisted registration ----------------------------------------------------


class AssistedRegistrationForm(forms.Form):
    display_name = forms.CharField(
        label=_("Resident's name"),
        max_length=100,
        help_text=_("As the resident wants to be called, e.g. 王秀英."),
    )
    phone = PhoneField(
        help_text=_("11 digits, e.g. 13812345678. The resident can log in with it.")
    )
    birth_year = BirthYearField()
    org_unit = CommunityChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Community"),
        empty_label=None,
    )
    elder_mode = forms.ChoiceField(
        label=_("Elder mode (larger text and buttons, one step at a time)"),
        choices=[
            ("auto", _("On for people aged 60 or over (from the birth year)")),
            ("on", _("On")),
            ("off", _("Off")),
        ],
        initial="auto",
        required=False,  # not given: "auto"
        widget=forms.RadioSelect,
        help_text=_("The resident can change it later on any page."),
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        communities = community_choices()
        if staff is not None and not (staff.is_superuser or user_has_role(staff, HR)):
            # Staff register residents of the communities they serve only.
            communities = communities.filter(pk__in=served_community_ids(staff))
        self.fields["org_unit"].queryset = communities
        if staff is not None and staff.org_unit_id and not self.is_bound:
            self.initial.setdefault("org_unit", staff.org_unit_id)

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(
                _("Enter the resident's name."), code="required"
            )
        return name

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data.get("phone"))

    def clean_elder_mode(self) -> bool | None:
        """True/False as chosen; None means "from the birth year"."""
        return {"on": True, "off": False}.get(self.cleaned_data.get("elder_mode"))


# --- Wagtail admin user forms (HR edits the staff facts) -----------------------------

STAFF_FIELDS = (
    "display_name",
    "phone",
    "org_unit",
    "birth_year",
    "employee_number",
    "post_type",
    "grade",
    "grade_since",
    "hire_date",
    "must_change_password",
)


class _StaffFactsMixin:
    """Fields follow what the person at the keyboard may do to this account.

    - roles and groups, the administrator switch: superusers only;
    - passwords (and "must change password"): superusers only when editing; a new
      account HR creates must change its password at first login;
    - staff facts (post, grade, dates, community, employee number): HR and superusers,
      never on their own account;
    - the email address (a password-reset channel) and username of anyone but a plain
      resident: superusers only.
    The view saves staff facts through ``accounts.services.staff_facts_update``.
    """

    def __init__(self, *args, actor=None, **kwargs):
        instance = kwargs.get("instance")
        self.actor = actor
        self.target = instance if instance is not None and instance.pk else None
        is_super = bool(actor is None or actor.is_superuser)
        # Read by UserForm.__init__/save through ``password_enabled``.
        self._password_allowed = is_super or self.target is None
        super().__init__(*args, **kwargs)
        # Residents registered at the community centre often have no email, and
        # Chinese names are kept whole in display_name.
        for name in ("email", "first_name", "last_name"):
            self.fields[name].required = False
        if actor is not None and not may_edit_staff_facts(actor, self.target):
            for name in STAFF_FACT_FIELDS:
                self.fields.pop(name, None)
        if is_super:
            return
        for name in ("groups", "is_superuser", "must_change_password"):
            self.fields.pop(name, None)
        if self.target is not None and not is_plain_resident(self.target):
            for name in ("email", User.USERNAME_FIELD):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Only an administrator changes the login details of this "
                        "account."
                    )

    @property
    def password_enabled(self):
        return self._password_allowed and super().password_enabled

    def clean_phone(self):
        return clean_phone_value(
            self.cleaned_data.get("phone"), exclude_pk=self.instance.pk
        )

    def clean_employee_number(self):
        return (self.cleaned_data.get("employee_number") or "").strip() or None

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.target is None and not (self.actor is None or self.actor.is_superuser):
            user.must_change_password = True
        if commit:
            user.save()
            self.save_m2m()
        return user


class WagtailUserEditForm(_StaffFactsMixin, WagtailUserEditForm):
    phone = PhoneField()

    class Meta(WagtailUserEditForm.Meta):
        fields = WagtailUserEditForm.Meta.fields | set(STAFF_FIELDS)
        widgets = {
            "grade_since": AdminDateInput,
            "hire_date": AdminDateInput,
        }


class WagtailUserCreationForm(_StaffFactsMixin, WagtailUserCreationForm):
    phone = PhoneField()

    class Meta(WagtailUserCreationForm.Meta):
        fields = WagtailUserCreationForm.Meta.fields | set(STAFF_FIELDS)
        widgets = {
            "grade_since": AdminDateInput,
            "hire_date": AdminDateInput,
        }
