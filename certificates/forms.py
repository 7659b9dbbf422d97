"""Admin forms for HR: issue by hand, revoke, reinstate, filter the list."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import CertificateType, Status


class ManualIssueForm(forms.Form):
    holder = forms.CharField(
        label=_("Person (username or mobile number)"), max_length=150
    )
    certificate_type = forms.ModelChoiceField(
        label=_("Certificate type"), queryset=CertificateType.objects.all()
    )
    reason = forms.CharField(
        label=_("Why by hand (e.g. where they trained)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    def clean_holder(self):
        value = self.cleaned_data["holder"].strip()
        user = (
            get_user_model()
            .objects.filter(Q(username=value) | Q(phone=value), is_active=True)
            .first()
        )
        if user is None:
            raise forms.ValidationError(
                _("Nobody has this username or mobile number. Check and try again.")
            )
        return user


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the record, not shown publicly)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    public_reason = forms.CharField(
        label=_("Reason shown on the verification page (optional)"),
        max_length=300,
        required=False,
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is reinstated"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Serial or name"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any")), *Status.choices],
        required=False,
    )
    certificate_type = forms.ModelChoiceField(
        label=_("Certificate type"),
        queryset=CertificateType.objects.all(),
        required=False,
    )
    year = forms.IntegerField(
        label=_("Year issued"), required=False, min_value=2000, max_value=2100
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(serial__icontains=data["q"]) | Q(holder_name__icontains=data["q"])
            )
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["certificate_type"]:
            queryset = queryset.filter(certificate_type=data["certificate_type"])
        if data["year"]:
            queryset = queryset.filter(issued_on__year=data["year"])
        return queryset
