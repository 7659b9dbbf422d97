"""The policy file format: parse and validate a dict (from YAML or JSON) into the
engine's frozen ``rules.Policy``. Every error names the path of the bad field, e.g.
``rules[2].criteria[0].min_level``, in Chinese and English. No ORM here.

docs/incentives.md documents the format; incentives/policies/example.yaml is a complete
example.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from . import rules as r

CRITERION_FIELDS: dict[str, dict[str, tuple[bool, str]]] = {
    # type: {field: (required, kind)}
    "credential": {
        "kind": (True, "slug"),
        "min_level": (False, "level"),
        "max_level": (False, "level"),
        "source": (False, "source"),
        "label": (False, "text"),
    },
    "test_score": {
        "test": (True, "str"),
        "min_score": (True, "decimal"),
        "label": (False, "text"),
    },
    "practice_points": {
        "min_points": (True, "decimal"),
        "window_months": (False, "months"),
    },
    "helper_hours": {
        "min_hours": (True, "decimal"),
        "window_months": (False, "months"),
    },
    "years_in_grade": {"min_years": (True, "posint")},
    "appraisal": {
        "min_rating": (False, "rating"),
        "span": (False, "span"),
        "year": (False, "year"),
    },
    "post_type": {"in": (True, "posts")},
    "not_granted": {"per": (False, "per")},
}
COMMON_CRITERION_FIELDS = {"type", "link"}
RULE_FIELDS = {
    "code",
    "name",
    "kind",
    "match",
    "criteria",
    "grade_delta",
    "amount",
    "honour",
    "group",
    "rank",
}
POLICY_FIELDS = {
    "name",
    "version",
    "effective_from",
    "effective_to",
    "budget_cap",
    "rules",
}


class PolicyError(ValueError):
    """A policy that cannot be used; ``path`` says where, the message says why."""

    def __init__(self, path: str, zh: str, en: str):
        self.path, self.zh, self.en = path, zh, en
        super().__init__(f"{path}: {zh} / {en}")


def _get_decimal(value: Any, path: str, *, positive: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise PolicyError(path, "应为金额或数字", "must be a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise PolicyError(
            path, f"“{value}” 不是数字", f"“{value}” is not a number"
        ) from None
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise PolicyError(path, "应为正数", "must be a positive number")
    if number.as_tuple().exponent < -2:  # type: ignore[operator]
        raise PolicyError(path, "最多两位小数", "at most two decimal places")
    return number


def _get_date(value: Any, path: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PolicyError(path, "应为日期，如 2026-01-01", "must be a date like 2026-01-01")


def _get_int(value: Any, path: str, low: int, high: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not low <= value <= high
    ):
        raise PolicyError(
            path,
            f"应为 {low} 到 {high} 之间的整数",
            f"must be a whole number from {low} to {high}",
        )
    return value


def _get_str(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(path, "应为非空文字", "must be non-empty text")
    return value.strip()


def _get_slug(value: Any, path: str) -> str:
    text = _get_str(value, path)
    if not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in text):
        raise PolicyError(
            path,
            "只能用英文字母、数字、- 和 _",
            "use only letters, digits, - and _",
        )
    return text


def _get_text(value: Any, path: str) -> r.Text:
    if isinstance(value, str):
        return r.Text(value, value)
    if not isinstance(value, dict):
        raise PolicyError(
            path, "应为 {zh: 中文, en: English}", "must be {zh: …, en: …}"
        )
    unknown = set(value) - {"zh", "en"}
    if unknown:
        key = sorted(unknown)[0]
        raise PolicyError(f"{path}.{key}", "未知字段", "unknown field")
    return r.Text(
        _get_str(value.get("zh"), f"{path}.zh"), _get_str(value.get("en"), f"{path}.en")
    )


def _choice(value: Any, path: str, allowed) -> str:
    if value not in allowed:
        options = ", ".join(str(a) for a in allowed)
        raise PolicyError(path, f"应为 {options} 之一", f"must be one of {options}")
    return value


def _field(kind: str, value: Any, path: str) -> Any:
    if kind == "slug":
        return _get_slug(value, path)
    if kind == "str":
        return _get_str(value, path)
    if kind == "level":
        return _get_int(value, path, 1, 3)
    if kind == "source":
        return _choice(value, path, r.SOURCES)
    if kind == "text":
        return _get_text(value, path)
    if kind == "decimal":
        return _get_decimal(value, path)
    if kind == "months":
        return _get_int(value, path, 1, 120)
    if kind == "posint":
        return _get_int(value, path, 1, 60)
    if kind == "rating":
        return _choice(value, path, tuple(r.RATINGS))
    if kind == "span":
        return _choice(value, path, r.SPANS)
    if kind == "year":
        return _get_int(value, path, 1990, 2100)
    if kind == "per":
        return _choice(value, path, r.PER_VALUES)
    if kind == "posts":
        if not isinstance(value, list) or not value:
            raise PolicyError(path, "应为岗位列表", "must be a list of post types")
        return tuple(
            _choice(v, f"{path}[{i}]", tuple(r.POST_TYPES)) for i, v in enumerate(value)
        )
    raise AssertionError(kind)


def criterion_from_dict(data: Any, path: str) -> r.Criterion:
    if not isinstance(data, dict):
        raise PolicyError(path, "应为一个条件对象", "must be a criterion object")
    ctype = data.get("type")
    if ctype not in CRITERION_FIELDS:
        raise PolicyError(
            f"{path}.type",
            f"未知条件类型 “{ctype}”",
            f"unknown criterion type “{ctype}”; use one of "
            + ", ".join(CRITERION_FIELDS),
        )
    spec = CRITERION_FIELDS[ctype]
    for key in data:
        if key not in spec and key not in COMMON_CRITERION_FIELDS:
            raise PolicyError(f"{path}.{key}", "未知字段", "unknown field")
    values: dict[str, Any] = {}
    for key, (required, kind) in spec.items():
        if key not in data or data[key] is None:
            if required:
                raise PolicyError(f"{path}.{key}", "缺少此字段", "is required")
            continue
        values[key] = _field(kind, data[key], f"{path}.{key}")
    link = data.get("link") or ""
    if link and not isinstance(link, str):
        raise PolicyError(f"{path}.link", "应为链接文字", "must be a URL path")
    if ctype == "credential":
        crit = r.CredentialCriterion(link=link, **values)
        if crit.max_level is not None and crit.max_level < crit.min_level:
            raise PolicyError(
                f"{path}.max_level",
                "不能低于 min_level",
                "must not be below min_level",
            )
        return crit
    if ctype == "test_score":
        return r.TestScoreCriterion(link=link, **values)
    if ctype == "practice_points":
        return r.PracticePointsCriterion(link=link, **values)
    if ctype == "helper_hours":
        return r.HelperHoursCriterion(link=link, **values)
    if ctype == "years_in_grade":
        return r.YearsInGradeCriterion(link=link, **values)
    if ctype == "appraisal":
        crit = r.AppraisalCriterion(link=link, **values)
        if crit.span == "year" and crit.year is None:
            raise PolicyError(
                f"{path}.year", "span 为 year 时必填", "is required when span is year"
            )
        return crit
    if ctype == "post_type":
        return r.PostTypeCriterion(post_types=values["in"], link=link)
    return r.NotGrantedCriterion(link=link, **values)


def criterion_to_dict(c: r.Criterion) -> dict[str, Any]:
    out: dict[str, Any] = {"type": c.type}
    for key in CRITERION_FIELDS[c.type]:
        attr = "post_types" if key == "in" else key
        value = getattr(c, attr)
        if value is None:
            continue
        if isinstance(value, r.Text):
            value = {"zh": value.zh, "en": value.en}
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    if c.link:
        out["link"] = c.link
    return out


def rule_from_dict(data: Any, path: str) -> r.Rule:
    if not isinstance(data, dict):
        raise PolicyError(path, "应为一条规则", "must be a rule object")
    for key in data:
        if key not in RULE_FIELDS:
            raise PolicyError(f"{path}.{key}", "未知字段", "unknown field")
    code = _get_slug(data.get("code"), f"{path}.code")
    name = _get_text(data.get("name"), f"{path}.name")
    kind = r.RuleKind(_choice(data.get("kind"), f"{path}.kind", tuple(r.RuleKind)))
    match = _choice(data.get("match", "all"), f"{path}.match", ("all", "any"))
    criteria = data.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise PolicyError(
            f"{path}.criteria", "至少需要一个条件", "needs at least one criterion"
        )
    parsed = tuple(
        criterion_from_dict(c, f"{path}.criteria[{i}]") for i, c in enumerate(criteria)
    )
    grade_delta = 0
    amount = None
    honour = None
    if kind is r.RuleKind.GRADE_STEP:
        grade_delta = _get_int(data.get("grade_delta"), f"{path}.grade_delta", 1, 17)
    elif kind in (r.RuleKind.ONE_TIME, r.RuleKind.MONTHLY):
        if data.get("amount") is None:
            raise PolicyError(f"{path}.amount", "缺少金额", "is required")
        amount = _get_decimal(data["amount"], f"{path}.amount", positive=True)
    else:
        honour = _get_text(data.get("honour", data.get("name")), f"{path}.honour")
    group = data.get("group") or ""
    if group:
        group = _get_slug(group, f"{path}.group")
    rank = _get_int(data.get("rank", 0), f"{path}.rank", 0, 1000)
    return r.Rule(
        code=code,
        name=name,
        kind=kind,
        criteria=parsed,
        match=match,
        grade_delta=grade_delta,
        amount=amount,
        honour=honour,
        group=group,
        rank=rank,
    )


def policy_from_dict(data: Any) -> r.Policy:
    if not isinstance(data, dict):
        raise PolicyError("$", "文件应为一个政策对象", "the file must hold one policy")
    for key in data:
        if key not in POLICY_FIELDS:
            raise PolicyError(key, "未知字段", "unknown field")
    name = _get_str(data.get("name"), "name")
    version = _get_int(data.get("version"), "version", 1, 1_000_000)
    start = _get_date(data.get("effective_from"), "effective_from")
    end = data.get("effective_to")
    end = _get_date(end, "effective_to") if end is not None else None
    if end is not None and end < start:
        raise PolicyError(
            "effective_to", "早于 effective_from", "is before effective_from"
        )
    cap = data.get("budget_cap")
    cap = _get_decimal(cap, "budget_cap") if cap is not None else None
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PolicyError("rules", "至少需要一条规则", "needs at least one rule")
    rules = tuple(rule_from_dict(x, f"rules[{i}]") for i, x in enumerate(raw_rules))
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.code in seen:
            raise PolicyError(
                f"rules[{i}].code", f"重复的规则代码 {rule.code}", "duplicate code"
            )
        seen.add(rule.code)
    return r.Policy(
        name=name,
        version=version,
        effective_from=start,
        effective_to=end,
        budget_cap=cap,
        rules=rules,
    )


def parse_policy_text(text: str, filename: str = "") -> tuple[dict, r.Policy]:
    """Parse YAML or JSON text; return the raw dict and the validated policy."""
    if filename.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PolicyError(
                f"line {exc.lineno}", "JSON 格式错误", f"invalid JSON: {exc.msg}"
            ) from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "$"
            raise PolicyError(where, "YAML 格式错误", f"invalid YAML: {exc}") from None
    return data, policy_from_dict(data)


def rule_to_dict(rule) -> dict[str, Any]:
    """A PolicyRule (or anything with its fields) as a policy-file rule."""
    out: dict[str, Any] = {
        "code": rule.code,
        "name": {"zh": rule.name_zh, "en": rule.name_en},
        "kind": rule.kind,
        "match": rule.match,
        "criteria": rule.criteria,
        "rank": rule.rank,
    }
    if rule.group:
        out["group"] = rule.group
    if rule.kind == r.RuleKind.GRADE_STEP:
        out["grade_delta"] = rule.grade_delta
    elif rule.kind in (r.RuleKind.ONE_TIME, r.RuleKind.MONTHLY):
        out["amount"] = str(rule.amount) if rule.amount is not None else None
    elif rule.honour_zh or rule.honour_en:
        out["honour"] = {"zh": rule.honour_zh, "en": rule.honour_en}
    return out
