"""The registry of requirement kinds: what a person must have done to earn a type.

A certificate type has requirements (``certificates.models.Requirement`` rows); each row
names a *kind* by its ``code``. A kind is any object with:

``code: str``
    stable identifier stored in the database (≤ 40 characters), e.g.
    ``"practice_accepted"``.
``label``
    short (lazily) translated name shown in the admin's choice list.
``describe(requirement) -> str``
    one line for the admin and the evidence list, e.g. "Pass 防诈骗测试 ≥ 80%".
``params_keys: frozenset[str]`` (optional)
    the keys ``params`` may have; any other key is refused in the admin with a clear
    error. Without it, the kind's ``clean`` alone checks ``params``.
``clean(requirement) -> None``
    raise ``django.core.exceptions.ValidationError`` (a dict keyed by field name)
    when the row lacks what the kind needs.
``evaluate(*, user_id: int, requirement) -> Mapping | None``
    ``None`` when the person does not meet it (yet); otherwise evidence: a mapping with
    ``label`` (str, required), and optionally ``url`` (site path or absolute URL of the
    course, test result or practice work), ``score`` (``Decimal``/str percent) and
    ``achieved_at`` (aware ``datetime`` or ISO string). ``Evidence`` below is one such
    mapping-like value; returning a plain ``dict`` is fine too.

A requirement row has optional foreign keys for the built-in kinds (``skill_test`` with
``min_score``, ``course``, ``learning_path``) and a free ``params`` JSON object for
kinds added elsewhere (e.g. ``{"task_id": 12}``), edited in the admin as JSON.

Adding a kind without touching this app (and without importing it — apps to the left
of certificates in the pipeline must not), list its dotted path in the setting::

    CERTIFICATES_REQUIREMENT_KINDS = ["practice.certificate_kinds.AcceptedPracticeWork"]

(a class is instantiated with no arguments; an instance is used as is). Apps allowed to
import certificates may instead call ``register(kind)`` in ``AppConfig.ready``.
After a person's situation changes (work accepted), enqueue
``certificates.tasks.check_user(user_id)`` — it is idempotent — or send a signal that
certificates listens to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str = ""
    score: Decimal | None = None
    achieved_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "url": self.url,
            "score": None if self.score is None else str(self.score),
            "achieved_at": self.achieved_at.isoformat() if self.achieved_at else None,
        }


def evidence_json(value: Evidence | Mapping) -> dict[str, Any]:
    """Normalise what a kind returned to the JSON stored on the certificate."""
    if isinstance(value, Evidence):
        return value.as_json()
    achieved = value.get("achieved_at")
    score = value.get("score")
    return {
        "label": str(value["label"]),
        "url": str(value.get("url") or ""),
        "score": None if score is None else str(score),
        "achieved_at": achieved.isoformat()
        if isinstance(achieved, datetime)
        else achieved,
    }


class RequirementKind(Protocol):
    code: str
    label: Any

    def describe(self, requirement) -> str: ...

    def clean(self, requirement) -> None: ...

    def evaluate(self, *, user_id: int, requirement) -> Mapping | None: ...


_registry: dict[str, RequirementKind] = {}
_settings_loaded = False


def register(kind: RequirementKind) -> RequirementKind:
    """Add (or replace) a kind; usable as a class decorator."""
    instance = kind() if isinstance(kind, type) else kind
    _registry[instance.code] = instance
    return kind


def _load_settings() -> None:
    global _settings_loaded
    if _settings_loaded:
        return
    from django.conf import settings

    for dotted in getattr(settings, "CERTIFICATES_REQUIREMENT_KINDS", []):
        register(import_string(dotted))
    _settings_loaded = True


def get_kind(code: str) -> RequirementKind | None:
    _load_settings()
    return _registry.get(code)


def kinds() -> tuple[RequirementKind, ...]:
    _load_settings()
    return tuple(_registry.values())


def kind_choices() -> list[tuple[str, Any]]:
    return [(k.code, k.label) for k in kinds()]


# ------------------------------------------------------------------ built-in kinds


@register
class SkillTestPassed:
    code = "skill_test_passed"
    label = _("Pass a skill test")
    params_keys: frozenset[str] = frozenset()  # its fields say it all

    def describe(self, requirement) -> str:
        test = requirement.skill_test
        name = test.display_title if test else "?"
        if requirement.min_score is not None:
            return gettext("Pass “%(test)s” with at least %(score)s%%") % {
                "test": name,
                "score": f"{Decimal(requirement.min_score).normalize():f}",
            }
        return gettext("Pass “%(test)s”") % {"test": name}

    def clean(self, requirement) -> None:
        if requirement.skill_test_id is None:
            raise ValidationError({"skill_test": _("Choose the skill test.")})

    def evaluate(self, *, user_id: int, requirement) -> Evidence | None:
        from django.urls import reverse

        from assessments.models import Attempt, AttemptState

        attempts = Attempt.objects.filter(
            user_id=user_id,
            test_id=requirement.skill_test_id,
            state=AttemptState.GRADED,
            passed=True,
            is_practice=False,
        )
        if requirement.min_score is not None:
            attempts = attempts.filter(score_percent__gte=requirement.min_score)
        # The latest pass: a renewal needs a pass after the certificate it renews.
        best = attempts.order_by("-graded_at", "-pk").first()
        if best is None:
            return None
        try:
            url = reverse("assessments:result", args=[best.pk])
        except Exception:  # noqa: BLE001 - the URL is a nicety, not a condition
            url = ""
        return Evidence(
            label=self.describe(requirement),
            url=url,
            score=best.score_percent,
            achieved_at=best.graded_at,
        )


@register
class CourseCompleted:
    code = "course_completed"
    label = _("Complete a course")
    params_keys: frozenset[str] = frozenset()  # its fields say it all

    def describe(self, requirement) -> str:
        course = requirement.course
        return gettext("Complete the course “%(course)s”") % {
            "course": course.specific.display_title if course else "?"
        }

    def clean(self, requirement) -> None:
        if requirement.course_id is None:
            raise ValidationError({"course": _("Choose the course.")})

    def evaluate(self, *, user_id: int, requirement) -> Evidence | None:
        from training.models import CourseCompletion

        done = CourseCompletion.objects.filter(
            user_id=user_id, course_id=requirement.course_id
        ).first()
        if done is None:
            return None
        return Evidence(
            label=self.describe(requirement),
            url=requirement.course.url or "",
            achieved_at=done.completed_at,
        )


@register
class LearningPathCompleted:
    code = "learning_path_completed"
    label = _("Complete a learning path")
    params_keys: frozenset[str] = frozenset()  # its fields say it all

    def describe(self, requirement) -> str:
        path = requirement.learning_path
        return gettext("Complete the learning path “%(path)s”") % {
            "path": path.specific.display_title if path else "?"
        }

    def clean(self, requirement) -> None:
        if requirement.learning_path_id is None:
            raise ValidationError({"learning_path": _("Choose the learning path.")})

    def evaluate(self, *, user_id: int, requirement) -> Evidence | None:
        from training.models import CourseCompletion, LearningPathCourse

        course_ids = set(
            LearningPathCourse.objects.filter(
                path_id=requirement.learning_path_id
            ).values_list("course_id", flat=True)
        )
        if not course_ids:
            return None
        done = list(
            CourseCompletion.objects.filter(
                user_id=user_id, course_id__in=course_ids
            ).values_list("completed_at", flat=True)
        )
        if len(done) < len(course_ids):
            return None
        return Evidence(
            label=self.describe(requirement),
            url=requirement.learning_path.url or "",
            achieved_at=max(done),
        )
