"""Extra conditions a course completion must meet, registered by apps to the right.

training must not import assessments. An app that adds a condition registers a function
in its ``AppConfig.ready``::

    from training.completion import register_requirement
    register_requirement(passed_linked_test)

where ``passed_linked_test(user, course) -> tuple[bool, str]`` returns whether the
condition is met and a short, translated reason shown to the learner when it is not.
A course completes when every lesson is done AND every registered requirement is met;
after the condition changes (a test is passed), call
``training.services.course_completion_recheck(user=..., course=...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Requirement = Callable[[Any, Any], tuple[bool, str]]

_requirements: list[Requirement] = []


def register_requirement(fn: Requirement) -> Requirement:
    """Register ``fn(user, course_page) -> (met, reason)``; usable as a decorator."""
    if fn not in _requirements:
        _requirements.append(fn)
    return fn


def unregister_requirement(fn: Requirement) -> None:
    if fn in _requirements:
        _requirements.remove(fn)


def requirements() -> tuple[Requirement, ...]:
    return tuple(_requirements)


def unmet_requirements(user, course) -> list[str]:
    """Reasons of every registered requirement the user does not meet yet."""
    reasons = []
    for requirement in _requirements:
        met, reason = requirement(user, course)
        if not met:
            reasons.append(reason)
    return reasons
