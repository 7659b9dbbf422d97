"""Admin for training: the skill-area snippet and completion reports (CSV/XLSX)."""

from __future__ import annotations

from django.db.models import Count
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CourseCompletion, CoursePage, Enrolment, LessonProgress, SkillArea


class SkillAreaViewSet(SnippetViewSet):
    model = SkillArea
    icon = "tag"
    menu_label = _("Skill areas")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "slug"]


register_snippet(SkillAreaViewSet)

report_policy = ModelPermissionPolicy(CourseCompletion)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


class CourseCompletionReport(ReportView):
    """Per course: how many enrolled, started, completed."""

    page_title = _("Course completion by course")
    header_icon = "list-ol"
    index_url_name = "training_report_courses"
    index_results_url_name = "training_report_courses_results"
    permission_policy = report_policy
    any_permission_required = ["view"]
    export_filename = "course-completion-by-course"
    list_export = [
        "course",
        "audience",
        "skill_area",
        "enrolled",
        "started",
        "completed",
        "completion_rate",
    ]
    export_headings = {
        "course": _("Course"),
        "audience": _("Audience"),
        "skill_area": _("Skill area"),
        "enrolled": _("Enrolled"),
        "started": _("Started"),
        "completed": _("Completed"),
        "completion_rate": _("Completion rate (%)"),
    }
    columns = [Column(name, label=label) for name, label in export_headings.items()]

    def get_queryset(self):
        courses = list(CoursePage.objects.select_related("skill_area").order_by("path"))
        enrolled = dict(
            Enrolment.objects.values_list("course_id").annotate(n=Count("id"))
        )
        started = dict(
            LessonProgress.objects.values_list("course_id").annotate(
                n=Count("user_id", distinct=True)
            )
        )
        completed = dict(
            CourseCompletion.objects.values_list("course_id").annotate(n=Count("id"))
        )
        return [
            {
                "course": course.title,
                "audience": course.get_audience_display(),
                "skill_area": course.skill_area.name if course.skill_area else "",
                "enrolled": enrolled.get(course.pk, 0),
                "started": started.get(course.pk, 0),
                "completed": completed.get(course.pk, 0),
                "completion_rate": _percent(
                    completed.get(course.pk, 0), enrolled.get(course.pk, 0)
                ),
            }
            for course in courses
        ]


class CommunityCompletionReport(ReportView):
    """Per community and course: enrolled and completed learners."""

    page_title = _("Course completion by community")
    header_icon = "group"
    index_url_name = "training_report_communities"
    index_results_url_name = "training_report_communities_results"
    permission_policy = report_policy
    any_permission_required = ["view"]
    export_filename = "course-completion-by-community"
    list_export = ["community", "course", "enrolled", "completed", "completion_rate"]
    export_headings = {
        "community": _("Community"),
        "course": _("Course"),
        "enrolled": _("Enrolled"),
        "completed": _("Completed"),
        "completion_rate": _("Completion rate (%)"),
    }
    columns = [Column(name, label=label) for name, label in export_headings.items()]

    def get_queryset(self):
        no_community = str(_("(no community)"))
        enrolled = Enrolment.objects.values_list(
            "user__org_unit__name", "course__title", "course__path"
        ).annotate(n=Count("id"))
        completed = {
            (community, title): n
            for community, title, n in CourseCompletion.objects.values_list(
                "user__org_unit__name", "course__title"
            ).annotate(n=Count("id"))
        }
        rows = [
            {
                "community": community or no_community,
                "course": title,
                "course_path": course_path,
                "enrolled": n,
                "completed": completed.get((community, title), 0),
                "completion_rate": _percent(completed.get((community, title), 0), n),
            }
            for community, title, course_path, n in enrolled
        ]
        rows.sort(key=lambda row: (row["community"], row["course_path"]))
        return rows


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/training/courses/",
            CourseCompletionReport.as_view(),
            name="training_report_courses",
        ),
        path(
            "reports/training/courses/results/",
            CourseCompletionReport.as_view(results_only=True),
            name="training_report_courses_results",
        ),
        path(
            "reports/training/communities/",
            CommunityCompletionReport.as_view(),
            name="training_report_communities",
        ),
        path(
            "reports/training/communities/results/",
            CommunityCompletionReport.as_view(results_only=True),
            name="training_report_communities_results",
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return report_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_course_report_menu_item():
    return ReportMenuItem(
        _("Course completion by course"),
        reverse("training_report_courses"),
        name="training-course-completion",
        icon_name="list-ol",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_community_report_menu_item():
    return ReportMenuItem(
        _("Course completion by community"),
        reverse("training_report_communities"),
        name="training-community-completion",
        icon_name="group",
        order=1310,
    )


@hooks.register("insert_editor_js")
def tap_target_marker_js():
    """Editors mark try-it targets by dragging a box on the picture."""
    return format_html(
        '<script src="{}" data-label-open="{}" data-label-close="{}" '
        'data-label-help="{}" data-label-no-picture="{}"></script>',
        static("training/admin/tap_targets.js"),
        gettext("Mark it on the picture"),
        gettext("Close the picture"),
        gettext(
            "Drag a box over the place to tap; the four numbers above are filled in."
        ),
        gettext("Choose the picture first, save, then mark the place."),
    )
