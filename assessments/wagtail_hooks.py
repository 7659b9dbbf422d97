"""Admin for assessments: one "Skill tests" menu with the question bank (categories
and questions, edited as GIFT with versions), skill tests with their slots,
accommodations, GIFT import/export, the grading queue and the statistics report."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.roles import EDITORS, HR, REVIEWERS, user_has_role

from . import admin_views, services
from .forms import AccommodationForm, CategoryForm, QuestionForm
from .models import Accommodation, Question, QuestionCategory, SkillTest


class SafeDeleteView(generic.DeleteView):
    """Refuse, with a message, to delete what attempts or tests still use.

    Questions, categories and tests are PROTECTed by the attempts that used them, so
    the record of what someone answered can never disappear.
    """

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "“%(object)s” is used by a test or by people's attempts, so it "
                    "cannot be deleted. Unpublish the test or move the question "
                    "instead."
                )
                % {"object": self.object},
            )
            return redirect(self.get_success_url())


class RoleMenuItem(MenuItem):
    roles: tuple[str, ...] = ()

    def is_shown(self, request):
        return any(user_has_role(request.user, r) for r in self.roles)


def role_menu_item_class(*roles):
    return type("RoleMenuItem", (RoleMenuItem,), {"roles": roles})


# --------------------------------------------------------------------- categories


class CategoryViewSet(ModelViewSet):
    delete_view_class = SafeDeleteView
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    name = "question-categories"
    form_class = CategoryForm
    list_display = [
        "path",
        Column("question_count", label=_("Questions"), accessor="question_count"),
        Column("export", label=_("Export"), accessor=lambda c: _export_link(c)),
    ]
    search_fields = ["name", "path"]
    ordering = ["path"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return CategoryForm

    def get_queryset(self, request):
        from django.db.models import Count, Q

        return QuestionCategory.objects.annotate(
            question_count=Count(
                "questions", filter=Q(questions__import_job__isnull=True)
            )
        )


def _export_link(category):
    """The category listing's download link."""
    from django.urls import reverse
    from django.utils.html import format_html

    return format_html(
        '<a href="{}">{}</a>',
        reverse("assessments-gift:export", args=[category.pk]),
        _("Download GIFT"),
    )


# --------------------------------------------------------------------- questions


class QuestionCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        question = services.question_save(
            spec=data["spec"],
            category=data["category"],
            rubric=data["rubric_text"],
            source_gift=data["gift_text"],
            user=self.request.user,
        )
        question.tags.set(data.get("tags") or [])
        return question


class QuestionEditView(generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        question = services.question_save(
            spec=data["spec"],
            category=data["category"],
            question=self.object,
            rubric=data["rubric_text"],
            source_gift=data["gift_text"],
            user=self.request.user,
        )
        question.tags.set(data.get("tags") or [])
        return question


class QuestionInspectView(generic.InspectView):
    """Shows every version as GIFT, newest first, with who made it and when."""

    def get_field_label(self, field_name, field):
        if field_name == "version_history":
            return _("Versions")
        return super().get_field_label(field_name, field)

    def get_version_history_display_value(self):
        from django.utils.html import format_html, format_html_join

        from . import gift

        versions = self.object.versions.select_related("created_by").order_by("-number")
        return format_html_join(
            "",
            '<h3>{}</h3><pre class="assess-gift">{}</pre>',
            (
                (
                    format_html(
                        "v{} · {}{}",
                        v.number,
                        timezone.localtime(v.created_at).strftime("%Y-%m-%d %H:%M"),
                        f" · {v.created_by}" if v.created_by else "",
                    ),
                    gift.dump_gift([v.as_spec]).strip(),
                )
                for v in versions
            ),
        )


class QuestionViewSet(ModelViewSet):
    delete_view_class = SafeDeleteView
    model = Question
    icon = "help"
    menu_label = _("Questions")
    name = "questions"
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    list_display = [
        "name",
        "kind",
        "category",
        Column("version_number", label=_("version")),
        "updated_at",
    ]
    list_filter = ["kind", "category"]
    search_fields = ["name"]
    ordering = ["category__path", "name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = QuestionInspectView
    inspect_view_fields = ["name", "kind", "category", "tags", "version_history"]

    def get_form_class(self, for_update=False):
        return QuestionForm

    def get_queryset(self, request):
        # Questions of an import still running are not there yet for anyone.
        return Question.objects.filter(import_job__isnull=True).select_related(
            "category", "current_version"
        )


# --------------------------------------------------------------------- tests


class YesNoColumn(Column):
    """A yes/no field in words ("是" / "否"), not Python's True/False."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        return f"✓ {gettext('Yes')}" if value else f"✗ {gettext('No')}"


class SkillTestViewSet(ModelViewSet):
    delete_view_class = SafeDeleteView
    model = SkillTest
    icon = "tasks"
    menu_label = _("Skill tests")
    name = "skill-tests"
    list_display = [
        "title",
        "audience",
        "course",
        YesNoColumn("is_published", label=_("published")),
        YesNoColumn("is_practice", label=_("practice mode")),
    ]
    list_filter = ["audience", "is_published", "is_practice"]
    search_fields = ["title", "title_en"]
    copy_view_enabled = False

    def get_edit_handler(self):
        # Slots are checked against the bank on every save (publishing included).
        from .slot_checks import SkillTestAdminForm

        return ObjectList(
            self.panels, base_form_class=SkillTestAdminForm
        ).bind_to_model(self.model)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("title_en"),
                FieldPanel("slug"),
                FieldPanel("intro"),
                FieldRowPanel([FieldPanel("audience"), FieldPanel("is_published")]),
                FieldPanel("course"),
            ],
            heading=_("About the test"),
        ),
        InlinePanel("slots", heading=_("Questions"), label=_("Slot"), min_num=1),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("pass_mark_percent"), FieldPanel("grading_method")]
                ),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel(
                    [FieldPanel("time_limit_minutes"), FieldPanel("grace_seconds")]
                ),
                FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("wait_minutes")]),
                FieldPanel("shuffle_answers"),
                FieldPanel("allow_all_on_one_page"),
                FieldPanel("is_practice"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [FieldPanel("review_level"), FieldPanel("review_when")],
            heading=_("What people see afterwards"),
        ),
    ]


class AccommodationPermissionPolicy(ModelPermissionPolicy):
    """HR (and superusers) only, whatever model permissions a group holds; nobody
    changes or removes their own (see accounts.roles.may_grant_accommodation)."""

    def user_has_permission(self, user, action):
        if not (user.is_superuser or user_has_role(user, HR)):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete") and instance.user_id == user.pk:
            return False
        return self.user_has_permission(user, action)


register_permission_policy(Accommodation, AccommodationPermissionPolicy(Accommodation))


class _AccommodationSaveMixin:
    def save_instance(self):
        # The form validated the values; the service decides who may grant them.
        return services.accommodation_save(
            actor=self.request.user, accommodation=self.form.save(commit=False)
        )


class AccommodationCreateView(_AccommodationSaveMixin, generic.CreateView):
    pass


class AccommodationEditView(_AccommodationSaveMixin, generic.EditView):
    pass


class AccommodationViewSet(ModelViewSet):
    model = Accommodation
    icon = "user"
    menu_label = _("Accommodations")
    name = "test-accommodations"
    list_display = ["user", "test", "extra_minutes", "no_time_limit"]
    form_fields = ["user", "test", "extra_minutes", "no_time_limit", "note"]
    copy_view_enabled = False
    add_view_class = AccommodationCreateView
    edit_view_class = AccommodationEditView

    def get_form_class(self, for_update=False):
        return AccommodationForm


# --------------------------------------------------------------------- tools


class GiftViewSet(ViewSet):
    name = "assessments-gift"
    icon = "upload"
    menu_label = _("Import questions (GIFT)")
    menu_item_class = role_menu_item_class(EDITORS)

    def get_urlpatterns(self):
        return [
            path("", admin_views.gift_import, name="import"),
            path("job/<uuid:token>/", admin_views.gift_job, name="job"),
            path("export/<int:category_id>/", admin_views.gift_export, name="export"),
        ]


class GradingViewSet(ViewSet):
    name = "assessments-grading"
    icon = "doc-full-inverse"
    menu_label = _("Answers to grade")
    menu_item_class = role_menu_item_class(REVIEWERS)

    def get_urlpatterns(self):
        return [
            path("", admin_views.grading_queue, name="queue"),
            path("<int:answer_id>/", admin_views.grade_answer, name="grade"),
        ]


class OverrideMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_override_marks(request.user)


class MarksViewSet(ViewSet):
    """Finished attempts and their marks, for people allowed to change a mark."""

    name = "assessments-marks"
    icon = "edit"
    menu_label = _("Attempts and marks")
    menu_item_class = OverrideMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.attempt_list, name="index"),
            path("<int:attempt_id>/", admin_views.attempt_marks, name="attempt"),
        ]


class StatisticsViewSet(ViewSet):
    name = "assessments-stats"
    icon = "table"
    menu_label = _("Test statistics")
    menu_item_class = role_menu_item_class(EDITORS, REVIEWERS, HR)

    def get_urlpatterns(self):
        return [
            path("", admin_views.statistics_index, name="index"),
            path("<int:test_id>/", admin_views.statistics_report, name="report"),
        ]


class AssessmentsGroup(ViewSetGroup):
    menu_label = _("Skill tests")
    menu_icon = "tasks"
    menu_order = 300
    items = (
        SkillTestViewSet,
        QuestionViewSet,
        CategoryViewSet,
        GiftViewSet,
        GradingViewSet,
        MarksViewSet,
        StatisticsViewSet,
        AccommodationViewSet,
    )


@hooks.register("register_admin_viewset")
def register_assessments_viewsets():
    return AssessmentsGroup()


@hooks.register("insert_global_admin_css")
def assessments_admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<link rel="stylesheet" href="{}">', static("assessments/assessments-admin.css")
    )


@hooks.register("construct_homepage_panels")
def grading_waiting_panel(request, panels):
    from .admin_panels import add_grading_panel

    add_grading_panel(request, panels)
