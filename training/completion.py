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


# --- what "done" means for a lesson -------------------------------------------
#
# A lesson is complete when every one of its steps is done, and a practice step (a
# "try it" or a knowledge check) is done only by practising it: a right tap, the right
# answer shown after trying, an answer to the check, or a helper marking it done while
# sitting with the learner (an assisted step). Tapping "Next" past a practice step
# moves on without marking it done; other steps are done when the learner moves past.

PRACTICE_BLOCK_TYPES = frozenset({"try_it", "knowledge_check"})


def practice_step_ids(raw_data) -> list[str]:
    """Ids of the practice steps in a lesson body's raw StreamField data, in order."""
    return [item["id"] for item in raw_data if item["type"] in PRACTICE_BLOCK_TYPES]


def lesson_is_complete(*, step_ids, done) -> bool:
    """Every step of the lesson is in ``done`` (practice steps only by practising)."""
    return set(step_ids) <= set(done)


def undone_practice(*, raw_data, done) -> list[int]:
    """1-based numbers of the practice steps not done yet, in order."""
    done = set(done)
    return [
        number
        for number, item in enumerate(raw_data, start=1)
        if item["type"] in PRACTICE_BLOCK_TYPES and item["id"] not in done
    ]
