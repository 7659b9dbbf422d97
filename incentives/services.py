"""Writes for incentives: imports, policy loading, batch evaluation, HR decisions.

Every function is keyword-only, runs in ``transaction.atomic`` and writes an audit
entry for what it changed. Role and object checks live here, not only in views:
only HR decides cases, nobody decides a case about themselves, grade promotions need
two different approvers, and two HR users deciding one case at once produce exactly one
record (the case row is locked, and each record is one-to-one with its case).
"""

from __future__ import annotations

import contextlib
import gc
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import OrgUnit
from accounts.roles import HR, user_has_role

from . import imports, rules, selectors
from .models import (
    AllowanceEnd,
    Appraisal,
    AuditEntry,
    CaseStatus,
    EligibilityCase,
    ExternalQualification,
    Policy,
    PolicyRule,
    PromotionRecord,
    RewardRecord,
    RuleKind,
)
from .policy_schema import parse_policy_text


def _bilingual(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def audit(
    *,
    actor,
    action: str,
    obj,
    subject=None,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        subject=subject,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before,
        after=after,
    )


# --- staff facts -------------------------------------------------------------

STAFF_FIELDS = ("post_type", "grade", "grade_since", "hire_date", "org_unit_id")


def _staff_facts(user) -> dict[str, Any]:
    return {
        f: (v.isoformat() if isinstance(v, date) else v)
        for f in STAFF_FIELDS
        for v in [getattr(user, f)]
    }


def _staff_facts_set(*, user, actor, reason: str, **changes) -> None:
    """The one seam that changes a person's post/grade facts.

    With an acting HR user, ``accounts.services.staff_facts_update`` makes the change
    and keeps its append-only history of post/grade changes. Without one (the nightly
    system or a command-line import) the fields are saved here; our audit log (written
    by the callers) records who/what/before/after either way.
    """
    from accounts.roles import may_edit_staff_facts

    if "org_unit_id" in changes:
        unit_id = changes.pop("org_unit_id")
        changes["org_unit"] = OrgUnit.objects.get(pk=unit_id) if unit_id else None
    try:
        from accounts.services import staff_facts_update
    except ImportError:  # pragma: no cover - accounts without the history
        staff_facts_update = None
    if (
        staff_facts_update is not None
        and actor is not None
        and may_edit_staff_facts(actor, user)
    ):
        staff_facts_update(actor=actor, user=user, **changes)
        return
    for field, value in changes.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changes))


# --- imports -----------------------------------------------------------------


def _employees() -> dict[str, int]:
    return dict(selectors.staff_queryset().values_list("employee_number", "id"))


def import_preview(*, kind: str, data: bytes, filename: str, today: date):
    """Parse and check a file; raises imports.FileRefused for an unreadable file."""
    table, encoding = imports.read_table(data, filename)
    if kind == "roster":
        User = get_user_model()
        units = dict(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).values_list(
                "name", "id"
            )
        )
        phones = {
            phone: emp or ""
            for phone, emp in User.objects.exclude(phone__isnull=True).values_list(
                "phone", "employee_number"
            )
        }
        preview = imports.parse_roster(
            table, today=today, known_units=units, phones_taken=phones
        )
    elif kind == "appraisals":
        preview = imports.parse_appraisals(table, today=today, employees=_employees())
    elif kind == "qualifications":
        preview = imports.parse_qualifications(
            table, today=today, employees=_employees()
        )
    else:
        raise ValueError(kind)
    preview.encoding = encoding
    return preview


@transaction.atomic
def import_apply(*, preview: imports.ImportPreview, actor) -> dict[str, int]:
    """Apply a clean preview, all rows or none. Idempotent by employee number."""
    if not preview.ok:
        raise ValidationError(
            _bilingual(
                "文件有错误，没有导入任何内容", "the file has errors; nothing applied"
            )
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    if preview.kind == "roster":
        User = get_user_model()
        existing = {
            u.employee_number: u
            for u in User.objects.filter(
                employee_number__in=[r["employee_no"] for r in preview.rows]
            )
        }
        for row in preview.rows:
            user = existing.get(row["employee_no"])
            facts = {
                "post_type": row["post_type"],
                "grade": row["grade"],
                "grade_since": row["grade_since"],
                "hire_date": row["hire_date"],
                "org_unit_id": row["org_unit_id"],
            }
            if user is None:
                user = User(
                    username=row["employee_no"].lower(),
                    employee_number=row["employee_no"],
                    display_name=row["name"],
                    phone=row["phone"],
                    **facts,
                )
                user.set_unusable_password()
                user.full_clean(exclude=["password"])
                user.save()
                from django.contrib.auth.models import Group

                from accounts.roles import STAFF

                user.groups.add(Group.objects.get(name=STAFF))
                audit(
                    actor=actor,
                    action="roster.create",
                    obj=user,
                    subject=user,
                    after=_staff_facts(user),
                )
                counts["created"] += 1
                continue
            before = _staff_facts(user)
            changed = {k: v for k, v in facts.items() if getattr(user, k) != v}
            other = {}
            if row["name"] and user.display_name != row["name"]:
                other["display_name"] = row["name"]
            if row["phone"] and user.phone != row["phone"]:
                other["phone"] = row["phone"]
            if not changed and not other:
                counts["unchanged"] += 1
                continue
            if changed:
                _staff_facts_set(
                    user=user, actor=actor, reason="roster import", **changed
                )
            if other:
                for k, v in other.items():
                    setattr(user, k, v)
                user.full_clean(exclude=["password"])
                user.save(update_fields=list(other))
            audit(
                actor=actor,
                action="roster.update",
                obj=user,
                subject=user,
                before=before,
                after=_staff_facts(user),
            )
            counts["updated"] += 1
    elif preview.kind == "appraisals":
        for row in preview.rows:
            obj = Appraisal.objects.filter(
                user_id=row["user_id"], year=row["year"]
            ).first()
            if obj is None:
                obj = Appraisal.objects.create(
                    user_id=row["user_id"], year=row["year"], rating=row["rating"]
                )
                audit(
                    actor=actor,
                    action="appraisal.create",
                    obj=obj,
                    subject=obj.user,
                    after={"year": obj.year, "rating": obj.rating},
                )
                counts["created"] += 1
            elif obj.rating != row["rating"]:
                before = {"year": obj.year, "rating": obj.rating}
                obj.rating = row["rating"]
                obj.save(update_fields=["rating", "updated_at"])
                audit(
                    actor=actor,
                    action="appraisal.update",
                    obj=obj,
                    subject=obj.user,
                    before=before,
                    after={"year": obj.year, "rating": obj.rating},
                )
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    else:
        for row in preview.rows:
            values = {
                "number": row["number"],
                "issued_on": row["issued_on"],
                "expires_on": row["expires_on"],
            }
            obj = ExternalQualification.objects.filter(
                user_id=row["user_id"], kind=row["kind"], level=row["level"]
            ).first()
            if obj is None:
                obj = ExternalQualification(
                    user_id=row["user_id"],
                    kind=row["kind"],
                    level=row["level"],
                    **values,
                )
                obj.full_clean()
                obj.save()
                audit(
                    actor=actor,
                    action="qualification.create",
                    obj=obj,
                    subject=obj.user,
                    after=_qual_json(obj),
                )
                counts["created"] += 1
                continue
            changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
            if not changed:
                counts["unchanged"] += 1
                continue
            before = _qual_json(obj)
            for k, v in changed.items():
                setattr(obj, k, v)
            obj.full_clean()
            obj.save(update_fields=[*changed, "updated_at"])
            audit(
                actor=actor,
                action="qualification.update",
                obj=obj,
                subject=obj.user,
                before=before,
                after=_qual_json(obj),
            )
            counts["updated"] += 1
    if counts["created"] or counts["updated"]:
        _enqueue_evaluation()
    return counts


def _qual_json(q: ExternalQualification) -> dict[str, Any]:
    return {
        "kind": q.kind,
        "level": q.level,
        "number": q.number,
        "issued_on": q.issued_on.isoformat(),
        "expires_on": q.expires_on.isoformat() if q.expires_on else None,
        "revoked_on": q.revoked_on.isoformat() if q.revoked_on else None,
    }


def _enqueue_evaluation() -> None:
    from .tasks import evaluate_incentives_task

    transaction.on_commit(lambda: evaluate_incentives_task.delay())


# --- policies ----------------------------------------------------------------


@transaction.atomic
def policy_load(*, text: str, filename: str, actor=None) -> tuple[Policy, bool]:
    """Load a policy file; returns (policy, created). Loading the same file twice is a
    no-op; a changed file needs a new version number."""
    data, parsed = parse_policy_text(text, filename)
    existing = Policy.objects.filter(name=parsed.name, version=parsed.version).first()
    if existing is not None:
        from .policy_schema import rule_to_dict

        same = [rule_to_dict(r) for r in existing.rules.all()] == [
            rule_to_dict(_RuleView(r)) for r in parsed.rules
        ]
        if same and existing.effective_from == parsed.effective_from:
            return existing, False
        raise ValidationError(
            _bilingual(
                f"政策“{parsed.name}”第 {parsed.version} 版已存在且内容不同；"
                "请把 version 加一",
                f"policy “{parsed.name}” version {parsed.version} already exists "
                "with different content; increase the version",
            )
        )
    policy = Policy.objects.create(
        name=parsed.name,
        version=parsed.version,
        effective_from=parsed.effective_from,
        effective_to=parsed.effective_to,
        budget_cap=parsed.budget_cap,
        source=text,
    )
    for i, (rule, raw) in enumerate(zip(parsed.rules, data["rules"], strict=True)):
        PolicyRule.objects.create(
            policy=policy, sort_order=i, **_rule_fields(rule, raw)
        )
    audit(
        actor=actor,
        action="policy.load",
        obj=policy,
        after={
            "name": policy.name,
            "version": policy.version,
            "rules": [r.code for r in parsed.rules],
        },
    )
    return policy, True


def _rule_fields(rule: rules.Rule, raw: dict) -> dict[str, Any]:
    from .policy_schema import criterion_to_dict

    return {
        "code": rule.code,
        "name_zh": rule.name.zh,
        "name_en": rule.name.en,
        "kind": rule.kind.value,
        "match": rule.match,
        "criteria": [criterion_to_dict(c) for c in rule.criteria],
        "grade_delta": rule.grade_delta,
        "amount": rule.amount,
        "honour_zh": rule.honour.zh if rule.honour else "",
        "honour_en": rule.honour.en if rule.honour else "",
        "group": rule.group,
        "rank": rule.rank,
    }


class _RuleView:
    """An engine rule seen with the PolicyRule model's field names."""

    def __init__(self, rule: rules.Rule):
        for k, v in _rule_fields(rule, {}).items():
            setattr(self, k, v)


# --- batch evaluation --------------------------------------------------------


def _reasons_json(result: rules.RuleResult) -> list[dict[str, Any]]:
    return [
        {"type": c.type, "met": c.met, "zh": c.text.zh, "en": c.text.en, "link": c.link}
        for c in result.criteria
    ] + [
        {"type": "note", "met": None, "zh": n.zh, "en": n.en, "link": ""}
        for n in result.notes
    ]


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector for a batch, then restore it.

    A batch over all staff allocates hundreds of thousands of small acyclic objects
    (facts, rule results, explanations); each allocation burst makes the collector
    rescan the whole heap for cycles there are none of. Reference counting still frees
    everything. Measured in bench/bench_incentives.py: about half the batch's CPU time.
    Re-entrant; the collector's previous state comes back even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def evaluate_batch(*, as_of: date, policy_name: str | None = None):
    """Evaluate every staff member under each policy in effect (constant queries).

    Returns a list of (policy model, {user_id: Evaluation}, staff rows); the rows are
    ``selectors.staff_rows()`` (``pk``, ``username``, ``employee_number``, …).
    """
    with gc_paused():
        users = selectors.staff_rows()
        scope = selectors.staff_queryset().values("pk")
        out = []
        for policy in selectors.policies_in_effect(as_of, policy_name):
            engine = selectors.engine_policy(policy)
            facts = selectors.facts_for(
                users=users, policy=engine, as_of=as_of, scope=scope
            )
            evaluations = {
                uid: rules.evaluate(f, engine, as_of) for uid, f in facts.items()
            }
            out.append((policy, evaluations, users))
    return out


@transaction.atomic
def cases_sync(*, as_of: date) -> dict[str, int]:
    """Store new eligibility as pending cases; close open cases no longer eligible.
    Idempotent: running it twice on the same facts changes nothing."""
    counts = {"created": 0, "updated": 0, "lapsed": 0, "ended": 0}
    for policy, evaluations, _users in evaluate_batch(as_of=as_of):
        rule_ids = {r.code: r.pk for r in policy.rules.all()}
        open_cases = {
            (c.user_id, c.rule_id): c
            for c in EligibilityCase.objects.select_for_update(of=("self",)).filter(
                policy=policy, status__in=[CaseStatus.PENDING, CaseStatus.SECOND]
            )
        }
        seen = set()
        for user_id, evaluation in evaluations.items():
            for result in evaluation.results:
                if not result.eligible:
                    continue
                key = (user_id, rule_ids[result.rule.code])
                seen.add(key)
                o = result.outcome
                values = {
                    "kind": result.rule.kind.value,
                    "grade_from": o.grade_from,
                    "grade_to": o.grade_to,
                    "amount": o.amount,
                    "ends_on": o.ends_on,
                    "summary_zh": o.summary.zh,
                    "summary_en": o.summary.en,
                    "reasons": _reasons_json(result),
                }
                case = open_cases.get(key)
                if case is None:
                    case = EligibilityCase.objects.create(
                        user_id=user_id,
                        policy=policy,
                        rule_id=key[1],
                        found_on=as_of,
                        **values,
                    )
                    counts["created"] += 1
                    continue
                outcome_changed = any(
                    getattr(case, f) != values[f]
                    for f in ("grade_from", "grade_to", "amount", "ends_on")
                )
                if outcome_changed:
                    # An outcome that changed needs a fresh review from the start.
                    for f, v in values.items():
                        setattr(case, f, v)
                    case.status = CaseStatus.PENDING
                    case.first_approver = None
                    case.first_approved_at = None
                    case.save()
                    counts["updated"] += 1
                elif case.reasons != values["reasons"]:
                    case.reasons = values["reasons"]
                    case.save(update_fields=["reasons"])
        counts["ended"] = counts.get("ended", 0) + _end_lapsed_allowances(
            policy=policy, evaluations=evaluations, as_of=as_of
        )
        for key, case in open_cases.items():
            if key not in seen:
                case.status = CaseStatus.LAPSED
                case.decided_at = timezone.now()
                case.save(update_fields=["status", "decided_at"])
                audit(
                    actor=None,
                    action="case.lapse",
                    obj=case,
                    subject=case.user,
                    before={"status": "open"},
                    after={"status": "lapsed"},
                )
                counts["lapsed"] += 1
    return counts


def _end_lapsed_allowances(*, policy, evaluations, as_of: date) -> int:
    """Running allowances whose rule has a missing criterion now (the qualification
    was revoked or no longer counts) stop from the as-of date."""
    running = RewardRecord.objects.select_for_update(of=("self",)).filter(
        policy__name=policy.name,
        kind=RuleKind.MONTHLY,
        reverses__isnull=True,
        reversed_by__isnull=True,
        end__isnull=True,
        period_start__lte=as_of,
    )
    ended = 0
    for record in running:
        if record.period_end is not None and record.period_end < as_of:
            continue  # stopped by itself on its expiry date
        evaluation = evaluations.get(record.user_id)
        if evaluation is None:
            continue
        result = next(
            (r for r in evaluation.results if r.rule.code == record.rule_code), None
        )
        if result is None or not result.missing:
            continue
        why = result.missing[0].text
        allowance_end(
            record=record,
            ended_on=as_of,
            actor=None,
            reason=_bilingual(why.zh, why.en),
        )
        ended += 1
    return ended


# --- HR decisions ------------------------------------------------------------


def _check_can_decide(*, actor, case: EligibilityCase) -> None:
    if not user_has_role(actor, HR):
        raise PermissionDenied(
            _bilingual("只有人事可以审批", "only HR can decide cases")
        )
    if case.user_id == actor.pk:
        raise PermissionDenied(
            _bilingual("不能审批与自己有关的事项", "you cannot decide your own case")
        )
    if case.status not in (CaseStatus.PENDING, CaseStatus.SECOND):
        raise ValidationError(
            _bilingual("该事项已处理", "this case has already been decided")
        )


def _locked_case(case_id: int) -> EligibilityCase:
    return (
        EligibilityCase.objects.select_for_update(of=("self",))
        .select_related("policy", "rule", "user")
        .get(pk=case_id)
    )


@transaction.atomic
def case_approve(*, case_id: int, actor, effective_date: date):
    """Approve a case. A grade step needs two different HR approvers: the first
    approval moves it to 'second'; the second creates the promotion record and updates
    the grade. Returns the record created, or None after a first approval."""
    case = _locked_case(case_id)
    _check_can_decide(actor=actor, case=case)
    if effective_date < case.found_on - timedelta(days=366):
        raise ValidationError(
            _bilingual("生效日期太早", "the effective date is too early")
        )
    before = {"status": case.status}
    now = timezone.now()
    if case.needs_two_approvers and case.status == CaseStatus.PENDING:
        case.status = CaseStatus.SECOND
        case.first_approver = actor
        case.first_approved_at = now
        case.effective_date = effective_date
        case.save(
            update_fields=[
                "status",
                "first_approver",
                "first_approved_at",
                "effective_date",
            ]
        )
        audit(
            actor=actor,
            action="case.approve_first",
            obj=case,
            subject=case.user,
            before=before,
            after={"status": case.status, "effective_date": effective_date.isoformat()},
        )
        return None
    if case.needs_two_approvers and case.first_approver_id == actor.pk:
        raise PermissionDenied(
            _bilingual(
                "需要另一位人事复核", "a second, different HR approver is needed"
            )
        )
    record: PromotionRecord | RewardRecord
    if case.kind == RuleKind.GRADE_STEP:
        user = (
            get_user_model()
            .objects.select_for_update(of=("self",))
            .get(pk=case.user_id)
        )
        if user.grade != case.grade_from:
            raise ValidationError(
                _bilingual(
                    f"此人现为 {user.grade} 级，与申请时的 {case.grade_from} 级不同；"
                    "请等待重新评估",
                    f"the person is now grade {user.grade}, not {case.grade_from}; "
                    "wait for the next evaluation",
                )
            )
        record = PromotionRecord.objects.create(
            user=user,
            case=case,
            grade_from=case.grade_from,
            grade_to=case.grade_to,
            effective_date=effective_date,
            rule_code=case.rule.code,
            rule_group=case.rule.group,
            rule_name=case.rule.name_zh,
            policy_name=case.policy.name,
            policy_version=case.policy.version,
            approved_by=case.first_approver,
            second_approver=actor,
        )
        before_facts = _staff_facts(user)
        _staff_facts_set(
            user=user,
            actor=actor,
            reason=f"promotion {record.pk}",
            grade=case.grade_to,
            grade_since=min(effective_date, timezone.localdate()),
        )
        audit(
            actor=actor,
            action="promotion.create",
            obj=record,
            subject=user,
            before=before_facts,
            after=_staff_facts(user),
        )
    else:
        amount = case.amount or Decimal(0)
        _check_budget(case=case, amount=amount)
        record = RewardRecord.objects.create(
            user=case.user,
            case=case,
            kind=case.kind,
            amount=amount,
            period_start=effective_date,
            period_end=case.ends_on if case.kind == RuleKind.MONTHLY else None,
            reason=case.summary_zh,
            rule_code=case.rule.code,
            rule_group=case.rule.group,
            policy=case.policy,
            policy_version=case.policy.version,
            approved_by=actor,
        )
        audit(
            actor=actor,
            action="reward.create",
            obj=record,
            subject=case.user,
            after={
                "kind": record.kind,
                "amount": str(record.amount),
                "period_start": effective_date.isoformat(),
            },
        )
        if case.kind == RuleKind.MONTHLY:
            _end_replaced_allowances(case=case, record=record, actor=actor)
    case.status = CaseStatus.APPROVED
    case.decided_by = actor
    case.decided_at = now
    case.effective_date = effective_date
    case.save(update_fields=["status", "decided_by", "decided_at", "effective_date"])
    audit(
        actor=actor,
        action="case.approve",
        obj=case,
        subject=case.user,
        before=before,
        after={"status": case.status, "effective_date": effective_date.isoformat()},
    )
    return record


def _check_budget(*, case: EligibilityCase, amount: Decimal) -> None:
    cap = case.policy.budget_cap
    if cap is None:
        return
    # Lock the policy row so two approvals cannot both squeeze under the cap.
    Policy.objects.select_for_update(of=("self",)).filter(pk=case.policy_id).first()
    cost = amount * 12 if case.kind == RuleKind.MONTHLY else amount
    used = selectors.budget_used(case.policy)
    if used + cost > cap:
        raise ValidationError(
            _bilingual(
                f"超出政策预算：上限 {cap} 元，已用 {used} 元，本项 {cost} 元",
                f"over the policy budget: cap CNY {cap}, used {used}, this {cost}",
            )
        )


def _end_replaced_allowances(*, case, record: RewardRecord, actor) -> None:
    """A higher allowance replaces a running one of the same group: the old one is
    ended by a reversal-style record dated the day the new one starts."""
    if not case.rule.group:
        return
    running = RewardRecord.objects.filter(
        user_id=case.user_id,
        kind=RuleKind.MONTHLY,
        rule_group=case.rule.group,
        reverses__isnull=True,
        reversed_by__isnull=True,
    ).exclude(pk=record.pk)
    for old in running.filter(end__isnull=True):
        if old.period_end is not None and old.period_end < record.period_start:
            continue
        allowance_end(
            record=old,
            ended_on=record.period_start,
            actor=actor,
            reason=_bilingual("由更高等级津贴替代", "replaced by a higher allowance"),
        )


def allowance_end(*, record: RewardRecord, ended_on: date, actor, reason: str):
    """Stop a running monthly allowance from ``ended_on`` (the record stays)."""
    end = AllowanceEnd.objects.create(
        record=record, ended_on=ended_on, reason=reason, by=actor
    )
    audit(
        actor=actor,
        action="allowance.end",
        obj=end,
        subject=record.user,
        before={"record": record.pk, "period_end": None},
        after={"ended_on": ended_on.isoformat(), "reason": reason},
    )
    return end


@transaction.atomic
def case_reject(*, case_id: int, actor, reason: str) -> EligibilityCase:
    case = _locked_case(case_id)
    _check_can_decide(actor=actor, case=case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _bilingual("请写明不批准的理由", "please give a reason for rejecting")
        )
    before = {"status": case.status}
    case.status = CaseStatus.REJECTED
    case.decided_by = actor
    case.decided_at = timezone.now()
    case.reject_reason = reason
    case.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    audit(
        actor=actor,
        action="case.reject",
        obj=case,
        subject=case.user,
        before=before,
        after={"status": case.status, "reason": reason},
    )
    return case


@transaction.atomic
def reward_reverse(*, record_id: int, actor, reason: str, _checked: bool = False):
    """Correct a reward by a reversal record (negative of the original); the
    original stays."""
    original = RewardRecord.objects.select_for_update(of=("self",)).get(pk=record_id)
    if not _checked:
        if not user_has_role(actor, HR) or original.user_id == actor.pk:
            raise PermissionDenied(_bilingual("不能操作", "not allowed"))
    if original.reverses_id or RewardRecord.objects.filter(reverses=original).exists():
        raise ValidationError(_bilingual("该记录已冲销", "already reversed"))
    reversal = RewardRecord.objects.create(
        user_id=original.user_id,
        kind=original.kind,
        amount=original.amount,
        period_start=timezone.localdate(),
        period_end=None,
        reason=reason,
        rule_code=original.rule_code,
        rule_group=original.rule_group,
        policy_id=original.policy_id,
        policy_version=original.policy_version,
        approved_by=actor,
        reverses=original,
    )
    audit(
        actor=actor,
        action="reward.reverse",
        obj=reversal,
        subject=original.user,
        before={"record": original.pk},
        after={"reversal": reversal.pk, "reason": reason},
    )
    return reversal


@transaction.atomic
def promotion_reverse(*, record_id: int, actor, reason: str) -> PromotionRecord:
    """Undo a promotion by a reversal record (grade to → from) and restore the grade."""
    original = PromotionRecord.objects.select_for_update(of=("self",)).get(pk=record_id)
    if not user_has_role(actor, HR) or original.user_id == actor.pk:
        raise PermissionDenied(_bilingual("不能操作", "not allowed"))
    if (
        original.reverses_id
        or PromotionRecord.objects.filter(reverses=original).exists()
    ):
        raise ValidationError(_bilingual("该记录已冲销", "already reversed"))
    user = (
        get_user_model()
        .objects.select_for_update(of=("self",))
        .get(pk=original.user_id)
    )
    before = _staff_facts(user)
    reversal = PromotionRecord.objects.create(
        user=user,
        grade_from=original.grade_to,
        grade_to=original.grade_from,
        effective_date=timezone.localdate(),
        rule_code=original.rule_code,
        rule_group=original.rule_group,
        rule_name=original.rule_name,
        policy_name=original.policy_name,
        policy_version=original.policy_version,
        approved_by=actor,
        reverses=original,
        reason=reason,
    )
    if user.grade == original.grade_to:
        _staff_facts_set(
            user=user,
            actor=actor,
            reason=f"reversal {reversal.pk}",
            grade=original.grade_from,
        )
    audit(
        actor=actor,
        action="promotion.reverse",
        obj=reversal,
        subject=user,
        before=before,
        after=_staff_facts(user),
    )
    return reversal
