"""The admin dashboard tells reviewers how many answers wait for their grading."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from accounts.roles import REVIEWERS, user_has_role

from .models import AttemptAnswer, AttemptState


def answers_waiting(*, reviewer) -> int:
    """Written answers handed in and not graded yet, not counting the reviewer's own
    (one query)."""
    return (
        AttemptAnswer.objects.filter(
            needs_manual=True,
            graded_at__isnull=True,
            attempt__state=AttemptState.NEEDS_GRADING,
        )
        .exclude(attempt__user=reviewer)
        .count()
    )


class GradingPanel(Component):
    name = "grading_waiting"
    order = 50
    template_name = "assessments/admin/grading_panel.html"

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {
            "count": self.count,
            "queue_url": reverse("assessments-grading:queue"),
        }


def add_grading_panel(request, panels) -> None:
    if user_has_role(request.user, REVIEWERS):
        panels.append(GradingPanel(answers_waiting(reviewer=request.user)))
