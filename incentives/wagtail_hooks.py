"""Admin for incentives: one "Incentives" menu for HR with the review queue, imports,
reports, policies and their rules, appraisals, external qualifications, and the
read-only promotion/reward records and audit log (records are never edited: a
correction is a reversal record)."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.roles import HR, user_has_role

from . import admin_views
from .models import (
    Appraisal,
    AuditEntry,
    ExternalQualification,
    Policy,
    PromotionRecord,
    RewardRecord,
)


class HRMenuItem(MenuItem):
    def is_shown(self, request):
        return user_has_role(request.user, HR)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records and the audit log can be looked at, never added, changed or deleted
    through the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


for _model in (PromotionRecord, RewardRecord, AuditEntry):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


class ReviewViewSet(ViewSet):
    name = "incentives-review"
    icon = "tick-inverse"
    menu_label = _("Review queue")
    menu_item_class = HRMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.review_queue, name="queue"),
            path("<int:case_id>/", admin_views.review_case, name="case"),
        ]


class ImportViewSet(ViewSet):
    name = "incentives-import"
    icon = "upload"
    menu_label = _("Import staff facts")
    menu_item_class = HRMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.import_file, name="import")]


class ReportViewSet(ViewSet):
    name = "incentives-reports"
    icon = "table"
    menu_label = _("Incentive reports")
    menu_item_class = HRMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.report, name="report")]


class PolicyViewSet(ModelViewSet):
    model = Policy
    icon = "doc-full"
    menu_label = _("Policies")
    name = "incentive-policies"
    list_display = [
        "name",
        "version",
        "effective_from",
        "effective_to",
        "budget_cap",
        "is_active",
    ]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("version")]),
                FieldRowPanel(
                    [FieldPanel("effective_from"), FieldPanel("effective_to")]
                ),
                FieldRowPanel([FieldPanel("budget_cap"), FieldPanel("is_active")]),
            ],
            heading=_("Policy"),
        ),
        InlinePanel(
            "rules",
            heading=_("Rules"),
            label=_("Rule"),
            panels=[
                FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
                FieldPanel("match"),
                FieldPanel("criteria"),
                FieldRowPanel([FieldPanel("grade_delta"), FieldPanel("amount")]),
                FieldRowPanel([FieldPanel("honour_zh"), FieldPanel("honour_en")]),
                FieldRowPanel([FieldPanel("group"), FieldPanel("rank")]),
            ],
        ),
    ]


class AppraisalViewSet(ModelViewSet):
    model = Appraisal
    icon = "list-ul"
    menu_label = _("Annual appraisals")
    name = "incentive-appraisals"
    list_display = ["user", "year", "rating"]
    list_filter = ["year", "rating"]
    search_fields = ["user__display_name", "user__employee_number"]
    form_fields = ["user", "year", "rating"]
    copy_view_enabled = False


class QualificationViewSet(ModelViewSet):
    model = ExternalQualification
    icon = "doc-full-inverse"
    menu_label = _("External qualifications")
    name = "incentive-qualifications"
    list_display = [
        "user",
        "kind",
        "level",
        "number",
        "issued_on",
        "expires_on",
        "verified_by",
    ]
    list_filter = ["kind", "level"]
    search_fields = ["user__display_name", "user__employee_number", "number"]
    form_fields = [
        "user",
        "kind",
        "level",
        "number",
        "issued_on",
        "expires_on",
        "revoked_on",
        "scan",
        "verified_by",
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class Form(form_class):
            def save(self, commit=True):
                obj = super().save(commit=False)
                if obj.verified_by_id and obj.verified_at is None:
                    obj.verified_at = timezone.now()
                if commit:
                    obj.save()
                return obj

        return Form


class PromotionRecordViewSet(ModelViewSet):
    model = PromotionRecord
    icon = "pick"
    menu_label = _("Promotion records")
    name = "incentive-promotions"
    list_display = [
        "user",
        "grade_from",
        "grade_to",
        "effective_date",
        "rule_name",
        "policy_version",
        "reverses",
    ]
    search_fields = ["user__display_name", "user__employee_number"]
    form_fields = ["reason"]
    inspect_view_enabled = True
    copy_view_enabled = False


class RewardRecordViewSet(ModelViewSet):
    model = RewardRecord
    icon = "pick"
    menu_label = _("Reward records")
    name = "incentive-rewards"
    list_display = [
        "user",
        "kind",
        "amount",
        "period_start",
        "period_end",
        "rule_code",
        "reverses",
    ]
    list_filter = ["kind"]
    search_fields = ["user__display_name", "user__employee_number"]
    form_fields = ["reason"]
    inspect_view_enabled = True
    copy_view_enabled = False


class AuditViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit log")
    name = "incentive-audit"
    list_display = ["at", "actor", "action", "subject", "object_type", "object_id"]
    list_filter = ["action"]
    form_fields = ["action"]
    inspect_view_enabled = True
    copy_view_enabled = False


class IncentivesGroup(ViewSetGroup):
    menu_label = _("Incentives")
    menu_icon = "pick"
    menu_order = 400
    items = (
        ReviewViewSet,
        ImportViewSet,
        ReportViewSet,
        PolicyViewSet,
        AppraisalViewSet,
        QualificationViewSet,
        PromotionRecordViewSet,
        RewardRecordViewSet,
        AuditViewSet,
    )


@hooks.register("register_admin_viewset")
def register_incentives_viewsets():
    return IncentivesGroup()
