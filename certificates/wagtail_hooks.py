"""Admin for certificates: one "Certificates" menu with types and issuers (editors
define them; ModelViewSets) and HR's tools (list, record, issue by hand, revoke,
reinstate, bulk re-render and ZIP)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.roles import HR, user_has_role

from . import admin_views
from .models import CertificateType, Issuer


class HRMenuItem(MenuItem):
    def is_shown(self, request):
        return user_has_role(request.user, HR)


class CertificateTypeViewSet(ModelViewSet):
    model = CertificateType
    icon = "tasks"
    menu_label = _("Certificate types")
    name = "certificate-types"
    list_display = [
        "name",
        "skill_area",
        Column("level", label=_("Level"), accessor="get_level_display"),
        "validity_months",
        "is_active",
    ]
    list_filter = ["skill_area", "level", "kind", "is_active"]
    search_fields = ["name", "name_en", "slug"]
    copy_view_enabled = False


class IssuerViewSet(ModelViewSet):
    model = Issuer
    icon = "site"
    menu_label = _("Issuers")
    name = "certificate-issuers"
    list_display = ["name", "name_en", "url"]
    copy_view_enabled = False


class HRToolsViewSet(ViewSet):
    name = "certificates-admin"
    icon = "doc-full-inverse"
    menu_label = _("Issued certificates")
    menu_item_class = HRMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.certificate_list, name="list"),
            path("issue/", admin_views.certificate_issue, name="issue"),
            path("<int:pk>/", admin_views.certificate_detail, name="detail"),
            path("<int:pk>/revoke/", admin_views.certificate_revoke, name="revoke"),
            path(
                "<int:pk>/reinstate/",
                admin_views.certificate_reinstate,
                name="reinstate",
            ),
            path("<int:pk>/render/", admin_views.certificate_rerender, name="render"),
            path("jobs/<int:pk>/", admin_views.job_detail, name="job"),
            path("jobs/<int:pk>/zip/", admin_views.job_download, name="job_zip"),
        ]


class CertificatesGroup(ViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "pick"
    menu_order = 400
    items = (HRToolsViewSet, CertificateTypeViewSet, IssuerViewSet)


@hooks.register("register_admin_viewset")
def register_certificates_viewsets():
    return CertificatesGroup()
