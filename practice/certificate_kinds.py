"""The "accepted practice work" requirement kind for certificate types.

Registered through ``settings.CERTIFICATES_REQUIREMENT_KINDS`` (practice never imports
certificates: it sits to the left in the pipeline). A requirement row of this kind
keeps its settings in ``params``:

* ``{"task_ids": [12, 13]}`` (or ``{"task_id": 12}``) — accepted work for any of these
  tasks;
* ``{"skill_area": "data-analysis"}`` (slug) or ``{"skill_area_id": 5}`` — accepted
  work for any task of that skill area;
* both may be given (either satisfies); ``{}`` means any accepted practice work.

Evidence is the latest accepted submission: the task's title, its score as a percent
of the rubric's maximum (when it has a rubric), when it was accepted, and the public
showcase as the link when the author chose to show it publicly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _ids(value) -> list[int]:
    if value in (None, "", []):
        return []
    if isinstance(value, int | str):
        value = [value]
    try:
        return [int(v) for v in value]
    except (TypeError, ValueError):
        raise ValidationError(
            {"params": _('Task ids must be whole numbers, e.g. {"task_ids": [12]}.')}
        ) from None


def _scope(params: dict) -> tuple[list[int], list[int]]:
    from training.models import SkillArea

    task_ids = _ids(params.get("task_ids")) + _ids(params.get("task_id"))
    area_ids = _ids(params.get("skill_area_id"))
    slug = params.get("skill_area")
    if slug:
        area = SkillArea.objects.filter(slug=str(slug)).first()
        if area is None:
            raise ValidationError(
                {"params": _("No skill area has the slug “%(slug)s”.") % {"slug": slug}}
            )
        area_ids.append(area.pk)
    return task_ids, area_ids


class AcceptedPracticeWork:
    code = "practice_accepted"
    label = _("Accepted practice work")
    params_keys = frozenset({"task_ids", "task_id", "skill_area", "skill_area_id"})

    def describe(self, requirement) -> str:
        from training.models import SkillArea

        from .models import PracticeTask

        params = requirement.params or {}
        try:
            task_ids, area_ids = _scope(params)
        except ValidationError:
            return gettext("Accepted practice work (settings need fixing)")
        names = [
            t.display_title for t in PracticeTask.objects.filter(pk__in=task_ids)
        ] + [a.display_name for a in SkillArea.objects.filter(pk__in=area_ids)]
        if not names:
            return gettext("Accepted practice work")
        return gettext("Accepted practice work: %(what)s") % {"what": "、".join(names)}

    def clean(self, requirement) -> None:
        from .models import PracticeTask

        params = requirement.params or {}
        if not isinstance(params, dict):
            raise ValidationError(
                {
                    "params": _(
                        'Settings must be a JSON object, e.g. {"task_ids": [12]}.'
                    )
                }
            )
        task_ids, _areas = _scope(params)
        found = set(
            PracticeTask.objects.filter(pk__in=task_ids).values_list("pk", flat=True)
        )
        missing = sorted(set(task_ids) - found)
        if missing:
            raise ValidationError(
                {
                    "params": _("No practice task with id %(ids)s.")
                    % {"ids": ", ".join(map(str, missing))}
                }
            )

    def evaluate(self, *, user_id: int, requirement):
        from django.db.models import Q
        from django.urls import reverse

        from .models import Submission, SubmissionState

        task_ids, area_ids = _scope(requirement.params or {})
        scope = Q()
        if task_ids:
            scope |= Q(task_id__in=task_ids)
        if area_ids:
            scope |= Q(task__skill_area_id__in=area_ids)
        sub = (
            Submission.objects.filter(scope, author_id=user_id)
            .filter(state=SubmissionState.ACCEPTED)
            .select_related("task__rubric")
            .prefetch_related("task__rubric__criteria")
            .order_by("-decided_at", "-pk")
            .first()
        )
        if sub is None:
            return None
        score = None
        if sub.final_score is not None and sub.task.rubric_id:
            top = sub.task.rubric.max_total
            if top:
                score = (sub.final_score * 100 / top).quantize(
                    Decimal("0.01"), ROUND_HALF_UP
                )
        url = reverse("practice:showcase_public") if sub.share_publicly else ""
        return {
            "label": gettext("Accepted practice work: %(what)s")
            % {"what": sub.task.display_title},
            "url": url,
            "score": score,
            "achieved_at": sub.decided_at,
        }
