"""我的成长 / My growth: a staff member's post, grade and what the next step needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import rules, selectors
from .models import OPEN_STATUSES, EligibilityCase


@dataclass(frozen=True)
class RuleView:
    name: str
    gives: str
    eligible: bool
    status: str
    criteria: list[tuple[bool, str, str]]  # (met, text, link)
    met: list[str]
    unmet: list[tuple[str, str]]  # (text, link)
    notes: list[str]
    missing: int


def _gives(rule: rules.Rule, lang: str) -> str:
    if rule.kind is rules.RuleKind.GRADE_STEP:
        return _("Grade +%(n)s") % {"n": rule.grade_delta}
    if rule.kind is rules.RuleKind.ONE_TIME:
        return _("One-time award of CNY %(amount)s") % {"amount": rule.amount}
    if rule.kind is rules.RuleKind.MONTHLY:
        return _("CNY %(amount)s a month") % {"amount": rule.amount}
    return _("Honour: %(name)s") % {"name": (rule.honour or rule.name).get(lang)}


def _already_had(result: rules.RuleResult) -> bool:
    return any(c.type == "not_granted" and not c.met for c in result.criteria)


@login_required
def my_growth(request):
    user = request.user
    lang = get_language() or "zh-hans"
    elder = bool(getattr(getattr(request, "prefs", None), "elder_mode", False))
    context = {"elder": elder, "person": user}
    if not user.employee_number:
        return render(request, "incentives/my_growth.html", context)
    today = timezone.localdate()
    evaluations, promotions, rewards = selectors.growth_for(user, today)
    open_cases = {
        c.rule.code: c
        for c in EligibilityCase.objects.filter(
            user=user, status__in=OPEN_STATUSES
        ).select_related("rule")
    }
    ready, next_steps = [], []
    for evaluation in evaluations:
        for result in evaluation.results:
            if not result.eligible and _already_had(result):
                continue
            if not result.eligible and not result.missing:
                # Met, but already granted, superseded by a higher level or
                # deducted to nothing: nothing to do, the history shows it.
                continue
            case = open_cases.get(result.rule.code)
            view = RuleView(
                name=result.rule.name.get(lang),
                gives=result.outcome.summary.get(lang)
                if result.outcome
                else _gives(result.rule, lang),
                eligible=result.eligible,
                status=case.get_status_display() if case else "",
                criteria=[(c.met, c.text.get(lang), c.link) for c in result.criteria],
                met=[c.text.get(lang) for c in result.criteria if c.met],
                unmet=[(c.text.get(lang), c.link) for c in result.missing],
                notes=[n.get(lang) for n in result.notes],
                missing=len(result.missing),
            )
            (ready if result.eligible else next_steps).append(view)
    next_steps.sort(key=lambda v: v.missing)
    low_high = rules.GRADE_RANGES.get(user.post_type)
    context.update(
        {
            "staff": True,
            "post": user.get_post_type_display() if user.post_type else "",
            "grade_range": low_high,
            "ready": ready,
            "next_steps": next_steps,
            "promotions": promotions,
            "rewards": rewards,
            "as_of": today,
        }
    )
    return render(request, "incentives/my_growth.html", context)
