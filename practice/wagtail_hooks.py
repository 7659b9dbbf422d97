"""Admin for practice: one "Practice" menu with tasks, rubrics, the review queue,
helper sessions, residents' stories, the showcase, points and the community report;
plus a dashboard panel with the reviewer's queue counts."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.roles import EDITORS, HR, REVIEWERS, user_has_role

from . import admin_views, selectors
from .models import HelperSession, PointsEntry, PracticeTask, ResidentStory, Rubric


class RoleMenuItem(MenuItem):
    roles: tuple[str, ...] = ()

    def is_shown(self, request):
        return any(user_has_role(request.user, r) for r in self.roles)


def role_menu_item_class(*roles):
    return type("PracticeRoleMenuItem", (RoleMenuItem,), {"roles": roles})


class TaskViewSet(ModelViewSet):
    model = PracticeTask
    icon = "tasks"
    menu_label = _("Practice tasks")
    name = "practice-tasks"
    list_display = ["title", "skill_area", "due_at", "reviews_required", "is_published"]
    list_filter = ["is_published", "skill_area"]
    search_fields = ["title", "title_en"]
    copy_view_enabled = False


class RubricViewSet(ModelViewSet):
    model = Rubric
    icon = "list-ul"
    menu_label = _("Rubrics")
    name = "practice-rubrics"
    list_display = ["title", "title_en"]
    search_fields = ["title", "title_en"]
    copy_view_enabled = False


class HelperSessionViewSet(ModelViewSet):
    model = HelperSession
    icon = "group"
    menu_label = _("Helper sessions")
    name = "practice-helper-sessions"
    add_view_enabled = False
    list_display = ["helper", "starts_at", "minutes", "place", "community", "state"]
    list_filter = ["state", "community"]
    form_fields = ["place", "topic"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return HelperSession.objects.select_related("helper", "community")


class StoryViewSet(ModelViewSet):
    model = ResidentStory
    icon = "openquote"
    menu_label = _("Residents' stories")
    name = "practice-stories"
    list_display = ["title", "shown_name", "community", "is_published", "featured"]
    list_filter = ["is_published", "community"]
    copy_view_enabled = False


def _adjust_link(entry):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("practice-points:adjust", args=[entry.user_id]),
        _("Ledger / adjust"),
    )


class PointsViewSet(ModelViewSet):
    """Read-only listing (the ledger is append-only); adjustments via their own view."""

    model = PointsEntry
    icon = "pick"
    menu_label = _("Practice points")
    name = "practice-points-entries"
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "user",
        "kind",
        "points",
        "occurred_on",
        "reason",
        Column("adjust", label=_("HR"), accessor=_adjust_link),
    ]
    list_filter = ["kind"]
    form_fields = ["reason"]

    def get_queryset(self, request):
        return PointsEntry.objects.select_related("user")


class ReviewViewSet(ViewSet):
    name = "practice-reviews"
    icon = "doc-full-inverse"
    menu_label = _("Practice work to review")
    menu_item_class = role_menu_item_class(REVIEWERS)

    def get_urlpatterns(self):
        return [
            path("", admin_views.review_queue, name="queue"),
            path("<int:submission_id>/", admin_views.review_submission, name="review"),
        ]


class ShowcaseViewSet(ViewSet):
    name = "practice-showcase"
    icon = "image"
    menu_label = _("Showcase")
    menu_item_class = role_menu_item_class(EDITORS, REVIEWERS, HR)

    def get_urlpatterns(self):
        return [path("", admin_views.showcase_admin, name="index")]


class PointsAdjustViewSet(ViewSet):
    name = "practice-points"
    icon = "pick"
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [path("<int:user_id>/", admin_views.points_adjust, name="adjust")]


class ReportViewSet(ViewSet):
    name = "practice-report"
    icon = "table"
    menu_label = _("Practice report")
    menu_item_class = role_menu_item_class(HR, REVIEWERS)

    def get_urlpatterns(self):
        return [path("", admin_views.CommunityReportView.as_view(), name="index")]


class PracticeGroup(ViewSetGroup):
    menu_label = _("Practice")
    menu_icon = "tasks"
    menu_order = 250
    items = (
        ReviewViewSet,
        TaskViewSet,
        RubricViewSet,
        HelperSessionViewSet,
        StoryViewSet,
        ShowcaseViewSet,
        PointsViewSet,
        ReportViewSet,
    )


@hooks.register("register_admin_viewset")
def register_practice_viewsets():
    return [PracticeGroup(), PointsAdjustViewSet()]


class ReviewQueuePanel(Component):
    name = "practice_review_queue"
    order = 150
    template_name = "practice/admin/dashboard_panel.html"

    def __init__(self, queue):
        self.queue = queue

    def get_context_data(self, parent_context):
        return {"queue": self.queue}


@hooks.register("construct_homepage_panels")
def add_review_queue_panel(request, panels):
    if user_has_role(request.user, REVIEWERS):
        panels.append(ReviewQueuePanel(selectors.review_queue(reviewer=request.user)))


@hooks.register("insert_global_admin_css")
def practice_admin_css():
    from django.templatetags.static import static

    return format_html(
        '<link rel="stylesheet" href="{}">', static("practice/practice-admin.css")
    )
