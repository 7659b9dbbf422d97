"""The eligibility engine: which incentive rules one person meets on a date, and why.

Pure Python: no Django ORM, no clock, no I/O. Frozen dataclasses in and out, money as
``Decimal``, dates passed in. Deterministic.

Contract::

    evaluate(facts: PersonFacts, policy: Policy, as_of: date) -> Evaluation

returns one :class:`RuleResult` per rule of the policy, in the policy's order. Each
result says whether the person is eligible on ``as_of``, the outcome if so (grade from →
to, a one-time amount, a monthly amount or an honour), and one :class:`CriterionResult`
per criterion with the actual values, in Chinese and English (:class:`Text`), e.g.
``需要 中级数字技能证书：已有 初级（2026-03-01 颁发）``.

Semantics (docs/incentives.md has the policy format and a complete example):

* A rule's criteria combine with ``all`` or ``any``.
* ``grade_step`` outcomes add ``grade_delta`` to the current grade, capped to the
  post type's range (三岗十八级: 正职 7–18, 副职 4–15, 其他 1–12); a person already at
  the top of the range is not eligible (the explanation says so).
* Rules that share a ``group`` are "highest-only": among the eligible rules of a group
  only the one with the highest ``rank`` applies, and what earlier grants of the same
  group already gave is deducted (a qualification raises the grade by 1/2/3 for
  junior/intermediate/senior by the highest, not cumulatively; a monthly allowance is
  the highest valid level's amount and replaces a smaller running one).
* ``years_in_grade`` counts full years from ``grade_since`` (a promotion restarts it):
  exactly 3 years after 2023-03-01 is 2026-03-01; 2026-02-28 is one day short.
* ``appraisal`` spans: ``grade`` — every calendar year that overlaps the time in the
  current grade and has ended by the as-of date; ``year`` — one given year;
  ``last_year`` — the year before the as-of date; ``credential_year`` — the year the
  credential matched by the same rule's credential criterion was issued. A year with no
  appraisal on record does not meet the criterion.
* ``practice_points`` / ``helper_hours`` look at a window of ``window_months`` ending on
  the as-of date (inclusive); :func:`windows_needed` tells a selector which windows to
  compute, and :class:`PersonFacts` carries the sums per window.
* ``not_granted`` is met when no earlier grant of this rule exists (``per: ever``) or
  none in the as-of year (``per: year``).
* Outside the policy's effective dates no rule is eligible.
"""

from __future__ import annotations

import calendar
import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

__all__ = [
    "GRADE_RANGES",
    "LEVELS",
    "POST_TYPES",
    "RATINGS",
    "AppraisalCriterion",
    "Credential",
    "CredentialCriterion",
    "Criterion",
    "CriterionResult",
    "Evaluation",
    "HelperHoursCriterion",
    "NotGrantedCriterion",
    "Outcome",
    "PersonFacts",
    "Policy",
    "PostTypeCriterion",
    "PracticePointsCriterion",
    "PriorGrant",
    "Rule",
    "RuleKind",
    "RuleResult",
    "TestScoreCriterion",
    "Text",
    "YearsInGradeCriterion",
    "evaluate",
    "full_years",
    "window",
    "windows_needed",
]


@dataclass(frozen=True, slots=True)
class Text:
    """A sentence in both languages."""

    zh: str
    en: str

    def get(self, language: str | None) -> str:
        return self.en if (language or "").startswith("en") else self.zh


class RuleKind(enum.StrEnum):
    GRADE_STEP = "grade_step"
    ONE_TIME = "one_time"
    MONTHLY = "monthly"
    HONOUR = "honour"


#: Grade range per post type (the community pay scale 三岗十八级).
GRADE_RANGES: dict[str, tuple[int, int]] = {
    "chief": (7, 18),
    "deputy": (4, 15),
    "other": (1, 12),
}
POST_TYPES: dict[str, Text] = {
    "chief": Text("社区正职", "community head"),
    "deputy": Text("社区副职", "community deputy"),
    "other": Text("其他工作人员", "other staff"),
}
#: Ratings from worst to best; the index is the order.
RATINGS: dict[str, Text] = {
    "unqualified": Text("不合格", "unqualified"),
    "basically_qualified": Text("基本合格", "basically qualified"),
    "qualified": Text("合格", "qualified"),
    "excellent": Text("优秀", "excellent"),
}
_RATING_ORDER = {code: i for i, code in enumerate(RATINGS)}
LEVELS: dict[int, Text] = {
    1: Text("初级", "junior"),
    2: Text("中级", "intermediate"),
    3: Text("高级", "senior"),
}
SOURCES = ("any", "ours", "external")
PER_VALUES = ("ever", "year")
SPANS = ("grade", "year", "last_year", "credential_year")


# --- facts ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Credential:
    """A certificate of ours (``source='ours'``) or an external qualification."""

    source: str
    kind: str
    level: int
    issued_on: date
    expires_on: date | None = None
    revoked_on: date | None = None
    name: str = ""
    ref: str = ""

    def valid_on(self, day: date) -> bool:
        if day < self.issued_on:
            return False
        if self.expires_on is not None and day > self.expires_on:
            return False
        return self.revoked_on is None or day < self.revoked_on


@dataclass(frozen=True, slots=True)
class PriorGrant:
    """Something a person was already granted (an approved promotion or reward)."""

    rule_code: str
    group: str = ""
    kind: RuleKind = RuleKind.ONE_TIME
    grade_delta: int = 0
    amount: Decimal = Decimal(0)
    granted_on: date | None = None
    #: For a monthly allowance: still being paid.
    active: bool = True


@dataclass(frozen=True, slots=True)
class PersonFacts:
    person_id: int
    employee_no: str = ""
    post_type: str = ""
    grade: int | None = None
    grade_since: date | None = None
    hire_date: date | None = None
    #: {year: rating code}
    appraisals: Mapping[int, str] = field(default_factory=dict)
    credentials: tuple[Credential, ...] = ()
    #: {test code: best score}
    test_scores: Mapping[str, Decimal] = field(default_factory=dict)
    #: {(start, end): points}; see windows_needed()
    practice_points: Mapping[tuple[date, date], Decimal] = field(default_factory=dict)
    #: {(start, end): minutes}
    helper_minutes: Mapping[tuple[date, date], int] = field(default_factory=dict)
    grants: tuple[PriorGrant, ...] = ()


# --- policy -----------------------------------------------------------------


@dataclass(frozen=True)
class CredentialCriterion:
    kind: str
    min_level: int = 1
    max_level: int | None = None
    source: str = "any"
    label: Text = Text("证书", "certificate")
    link: str = ""
    type: str = "credential"

    @functools.cached_property
    def need(self) -> tuple[str, str]:
        """What it asks for, in both languages (the same for everyone; computed once
        per criterion, not per person)."""
        return _credential_need(self)


@dataclass(frozen=True)
class TestScoreCriterion:
    __test__ = False  # not a pytest class

    test: str
    min_score: Decimal
    label: Text = Text("技能测试", "skill test")
    link: str = ""
    type: str = "test_score"


@dataclass(frozen=True)
class PracticePointsCriterion:
    min_points: Decimal
    window_months: int = 12
    link: str = ""
    type: str = "practice_points"


@dataclass(frozen=True)
class HelperHoursCriterion:
    min_hours: Decimal
    window_months: int = 12
    link: str = ""
    type: str = "helper_hours"


@dataclass(frozen=True)
class YearsInGradeCriterion:
    min_years: int
    link: str = ""
    type: str = "years_in_grade"


@dataclass(frozen=True)
class AppraisalCriterion:
    min_rating: str = "qualified"
    span: str = "grade"
    year: int | None = None
    link: str = ""
    type: str = "appraisal"


@dataclass(frozen=True)
class PostTypeCriterion:
    post_types: tuple[str, ...]
    link: str = ""
    type: str = "post_type"


@dataclass(frozen=True)
class NotGrantedCriterion:
    per: str = "ever"
    link: str = ""
    type: str = "not_granted"


Criterion = (
    CredentialCriterion
    | TestScoreCriterion
    | PracticePointsCriterion
    | HelperHoursCriterion
    | YearsInGradeCriterion
    | AppraisalCriterion
    | PostTypeCriterion
    | NotGrantedCriterion
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: Text
    kind: RuleKind
    criteria: tuple[Criterion, ...]
    match: str = "all"
    grade_delta: int = 0
    amount: Decimal | None = None
    honour: Text | None = None
    group: str = ""
    rank: int = 0

    @functools.cached_property
    def _plan(self) -> tuple[tuple, tuple]:
        """The criteria split once per rule (not per person): the credential ones
        (checked first: an appraisal of the year a credential was obtained needs it)
        and the others with their check function."""
        credentials = tuple(
            (i, c)
            for i, c in enumerate(self.criteria)
            if type(c) is CredentialCriterion
        )
        others = tuple(
            (i, c, _CHECKS.get(type(c), _check))
            for i, c in enumerate(self.criteria)
            if type(c) is not CredentialCriterion
        )
        return credentials, others


@dataclass(frozen=True)
class Policy:
    name: str
    version: int
    effective_from: date
    rules: tuple[Rule, ...]
    effective_to: date | None = None
    budget_cap: Decimal | None = None

    def in_effect(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


# --- results ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CriterionResult:
    type: str
    met: bool
    text: Text
    link: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: RuleKind
    grade_from: int | None = None
    grade_to: int | None = None
    amount: Decimal | None = None
    honour: Text | None = None
    #: When a monthly allowance stops by itself (its credential's expiry).
    ends_on: date | None = None
    credential: Credential | None = None
    summary: Text = Text("", "")


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: Rule
    eligible: bool
    criteria: tuple[CriterionResult, ...]
    outcome: Outcome | None = None
    #: Why an otherwise met rule does not apply (capped, superseded, deducted).
    notes: tuple[Text, ...] = ()

    @property
    def reasons(self) -> tuple[Text, ...]:
        return tuple(c.text for c in self.criteria) + self.notes

    @property
    def missing(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if not c.met)


@dataclass(frozen=True, slots=True)
class Evaluation:
    person_id: int
    as_of: date
    policy_name: str
    policy_version: int
    results: tuple[RuleResult, ...]

    @property
    def eligible(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.eligible)


# --- helpers ----------------------------------------------------------------


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@functools.lru_cache(maxsize=256)
def window(as_of: date, months: int) -> tuple[date, date]:
    """The inclusive window of ``months`` months that ends on ``as_of``."""
    return (_shift_months(as_of, -months) + timedelta(days=1), as_of)


def full_years(since: date, on: date) -> int:
    """Whole years from ``since`` to ``on`` (0 if ``on`` is before ``since``)."""
    years = on.year - since.year
    if (on.month, on.day) < (since.month, since.day):
        years -= 1
    return max(years, 0)


def windows_needed(policy: Policy, as_of: date) -> dict[str, set[tuple[date, date]]]:
    """Which practice-point and helper-minute windows the policy reads on a date."""
    needed: dict[str, set[tuple[date, date]]] = {
        "practice_points": set(),
        "helper_minutes": set(),
    }
    for rule in policy.rules:
        for c in rule.criteria:
            if isinstance(c, PracticePointsCriterion):
                needed["practice_points"].add(window(as_of, c.window_months))
            elif isinstance(c, HelperHoursCriterion):
                needed["helper_minutes"].add(window(as_of, c.window_months))
    return needed


@functools.lru_cache(maxsize=4096)
def _num(value: Decimal | int) -> str:
    # Cached: equal numbers (10, Decimal("10.0")) always print the same, and a batch
    # prints the same few values (thresholds, point totals) many times.
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return format(value, "f")
    return str(value)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):,}"


def _cred_phrase(c: Credential, as_of: date) -> Text:
    lvl = LEVELS.get(c.level, Text(str(c.level), str(c.level)))
    if c.revoked_on is not None and as_of >= c.revoked_on:
        return Text(
            f"{lvl.zh}（已于 {c.revoked_on.isoformat()} 撤销）",
            f"{lvl.en} (revoked on {c.revoked_on.isoformat()})",
        )
    if c.expires_on is not None and as_of > c.expires_on:
        return Text(
            f"{lvl.zh}（已于 {c.expires_on.isoformat()} 到期）",
            f"{lvl.en} (expired on {c.expires_on.isoformat()})",
        )
    if as_of < c.issued_on:
        return Text(
            f"{lvl.zh}（{c.issued_on.isoformat()} 才颁发）",
            f"{lvl.en} (issued only on {c.issued_on.isoformat()})",
        )
    zh = f"{lvl.zh}（{c.issued_on.isoformat()} 颁发"
    en = f"{lvl.en} (issued {c.issued_on.isoformat()}"
    if c.expires_on is not None:
        zh += f"，{c.expires_on.isoformat()} 到期"
        en += f", expires {c.expires_on.isoformat()}"
    return Text(zh + "）", en + ")")


class _Person:
    """One evaluation's working memory: the person's credentials grouped by kind once,
    and each credential's phrase built once, however many rules look at them."""

    __slots__ = ("as_of", "by_kind", "facts", "matches", "phrases")

    def __init__(self, facts: PersonFacts, as_of: date):
        self.facts = facts
        self.as_of = as_of
        by_kind: dict[str, list[Credential]] = {}
        for cred in facts.credentials:
            by_kind.setdefault(cred.kind, []).append(cred)
        self.by_kind = by_kind
        self.phrases: dict[int, Text] = {}
        self.matches: dict[tuple[str, str], list[Credential]] = {}

    def matching(self, c: CredentialCriterion) -> list[Credential]:
        key = (c.kind, c.source)
        found = self.matches.get(key)
        if found is None:
            creds = self.by_kind.get(c.kind, ())
            if c.source == "any":
                found = list(creds)
            else:
                found = [cred for cred in creds if cred.source == c.source]
            self.matches[key] = found
        return found

    def phrase(self, cred: Credential) -> Text:
        # keyed by identity: the credentials live in self.facts for the whole call
        text = self.phrases.get(id(cred))
        if text is None:
            text = self.phrases[id(cred)] = _cred_phrase(cred, self.as_of)
        return text


def _level_wanted(c: CredentialCriterion) -> Text:
    lvl = LEVELS.get(c.min_level, Text(str(c.min_level), str(c.min_level)))
    if c.max_level == c.min_level:
        return lvl
    if c.min_level <= 1 and c.max_level is None:
        return Text("", "")
    return Text(f"{lvl.zh}及以上", f"{lvl.en} or higher")


def _credential_need(c: CredentialCriterion) -> tuple[str, str]:
    """What a credential criterion asks for, in both languages (same for everyone)."""
    wanted = _level_wanted(c)
    return (
        f"需要 {wanted.zh}{c.label.zh}",
        f"Needs {c.label.en}" + (f", {wanted.en}" if wanted.en else ""),
    )


def _check_credential(
    person: _Person, c: CredentialCriterion
) -> tuple[CriterionResult, Credential | None]:
    need_zh, need_en = c.need
    as_of = person.as_of
    # One pass: the best valid credential that meets the level (highest level, then
    # latest; the first of equals), else the best valid one, else the best held.
    best = best_valid = best_any = None
    best_key = valid_key = any_key = None
    min_level, max_level = c.min_level, c.max_level
    for cred in person.matching(c):
        key = (cred.level, cred.issued_on)
        if any_key is None or key > any_key:
            best_any, any_key = cred, key
        if not cred.valid_on(as_of):
            continue
        if valid_key is None or key > valid_key:
            best_valid, valid_key = cred, key
        if cred.level >= min_level and (max_level is None or cred.level <= max_level):
            if best_key is None or key > best_key:
                best, best_key = cred, key
    if best is not None:
        have = person.phrase(best)
        text = Text(f"{need_zh}：已有 {have.zh}", f"{need_en}: has {have.en}")
        return CriterionResult(c.type, True, text, c.link), best
    shown = best_valid if best_valid is not None else best_any
    if shown is None:
        text = Text(f"{need_zh}：还没有", f"{need_en}: none held")
    else:
        have = person.phrase(shown)
        text = Text(f"{need_zh}：已有 {have.zh}", f"{need_en}: has {have.en}")
    return CriterionResult(c.type, False, text, c.link), None


@functools.lru_cache(maxsize=1024)
def _year_phrases(year: int, rating: str | None) -> tuple[str, str, str, str]:
    """How one year's appraisal reads: (has zh, has en, short of zh, short of en)."""
    if rating is None:
        return "", "", f"{year} 年无记录", f"{year} not on record"
    label = RATINGS[rating]
    return (
        f"{year} {label.zh}",
        f"{year} {label.en}",
        f"{year} 年为 {label.zh}",
        f"{year} was {label.en}",
    )


def _check_appraisal(
    facts: PersonFacts,
    c: AppraisalCriterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    wanted = RATINGS[c.min_rating]
    if c.span == "grade":
        if facts.grade_since is None:
            return CriterionResult(
                c.type,
                False,
                Text(
                    f"需要 任现级以来每年考核 {wanted.zh}及以上：没有任职记录",
                    f"Needs every appraisal in the current grade {wanted.en} or "
                    "better: no grade start date on record",
                ),
                c.link,
            )
        years = list(range(facts.grade_since.year, as_of.year))
        scope = Text("任现级以来每年考核", "every appraisal in the current grade")
    elif c.span == "credential_year":
        if credential is None:
            return CriterionResult(
                c.type,
                False,
                Text(
                    f"需要 取得证书当年考核 {wanted.zh}及以上：尚无证书",
                    f"Needs the appraisal of the year the certificate was obtained "
                    f"{wanted.en} or better: no certificate yet",
                ),
                c.link,
            )
        years = [credential.issued_on.year]
        scope = Text(
            f"取得证书当年（{years[0]} 年）考核",
            f"the appraisal of the year it was obtained ({years[0]})",
        )
    else:
        year = c.year if c.span == "year" else as_of.year - 1
        years = [year] if year is not None else []
        scope = Text(f"{year} 年度考核", f"the {year} appraisal")
    if not years:
        return CriterionResult(
            c.type,
            False,
            Text(
                f"需要 {scope.zh} {wanted.zh}及以上：尚无已结束的年度",
                f"Needs {scope.en} {wanted.en} or better: no finished year yet",
            ),
            c.link,
        )
    bad_zh, bad_en, have_zh, have_en = [], [], [], []
    lowest = _RATING_ORDER[c.min_rating]
    appraisals = facts.appraisals
    for year in years:
        rating = appraisals.get(year)
        h_zh, h_en, b_zh, b_en = _year_phrases(year, rating)
        if rating is None:
            bad_zh.append(b_zh)
            bad_en.append(b_en)
            continue
        have_zh.append(h_zh)
        have_en.append(h_en)
        if _RATING_ORDER[rating] < lowest:
            bad_zh.append(b_zh)
            bad_en.append(b_en)
    need = Text(
        f"需要 {scope.zh} {wanted.zh}及以上", f"Needs {scope.en} {wanted.en} or better"
    )
    if bad_zh:
        return CriterionResult(
            c.type,
            False,
            Text(f"{need.zh}：{'，'.join(bad_zh)}", f"{need.en}: {'; '.join(bad_en)}"),
            c.link,
        )
    return CriterionResult(
        c.type,
        True,
        Text(f"{need.zh}：{'，'.join(have_zh)}", f"{need.en}: {', '.join(have_en)}"),
        c.link,
    )


def _window_value(values: Mapping, win: tuple[date, date], what: str):
    try:
        return values[win]
    except KeyError:
        raise ValueError(
            f"facts have no {what} for the window {win[0]}..{win[1]}; "
            "compute the windows windows_needed() lists"
        ) from None


def _check_test_score(
    facts: PersonFacts,
    rule: Rule,
    c: TestScoreCriterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    score = facts.test_scores.get(c.test)
    need = Text(
        f"需要 {c.label.zh} 成绩 ≥ {_num(c.min_score)} 分",
        f"Needs {c.label.en} score ≥ {_num(c.min_score)}",
    )
    if score is None:
        return CriterionResult(
            c.type,
            False,
            Text(f"{need.zh}：还没有考过", f"{need.en}: not taken yet"),
            c.link,
        )
    return CriterionResult(
        c.type,
        score >= c.min_score,
        Text(
            f"{need.zh}：最好成绩 {_num(score)} 分",
            f"{need.en}: best score {_num(score)}",
        ),
        c.link,
    )


def _check_practice_points(
    facts: PersonFacts,
    rule: Rule,
    c: PracticePointsCriterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    win = window(as_of, c.window_months)
    points = _window_value(facts.practice_points, win, "practice points")
    return CriterionResult(
        c.type,
        points >= c.min_points,
        Text(
            f"需要 近 {c.window_months} 个月实践积分 ≥ {_num(c.min_points)}："
            f"已有 {_num(points)} 分",
            f"Needs ≥ {_num(c.min_points)} practice points in the last "
            f"{c.window_months} months: has {_num(points)}",
        ),
        c.link,
    )


def _check_helper_hours(
    facts: PersonFacts,
    rule: Rule,
    c: HelperHoursCriterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    win = window(as_of, c.window_months)
    minutes = _window_value(facts.helper_minutes, win, "helper minutes")
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"))
    return CriterionResult(
        c.type,
        Decimal(minutes) >= c.min_hours * 60,
        Text(
            f"需要 近 {c.window_months} 个月帮助居民 ≥ {_num(c.min_hours)} 小时："
            f"已有 {_num(hours)} 小时",
            f"Needs ≥ {_num(c.min_hours)} hours helping residents in the last "
            f"{c.window_months} months: has {_num(hours)}",
        ),
        c.link,
    )


def _check_years_in_grade(
    facts: PersonFacts,
    rule: Rule,
    c: YearsInGradeCriterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    need = Text(
        f"需要 任现级满 {c.min_years} 年",
        f"Needs {c.min_years} full years in the current grade",
    )
    if facts.grade_since is None:
        return CriterionResult(
            c.type,
            False,
            Text(f"{need.zh}：没有任职记录", f"{need.en}: no grade start date"),
            c.link,
        )
    years = full_years(facts.grade_since, as_of)
    since = facts.grade_since.isoformat()
    return CriterionResult(
        c.type,
        years >= c.min_years,
        Text(
            f"{need.zh}：自 {since} 起已满 {years} 年",
            f"{need.en}: {years} full years since {since}",
        ),
        c.link,
    )


def _check_appraisal_span(
    facts: PersonFacts,
    rule: Rule,
    c: AppraisalCriterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    return _check_appraisal(facts, c, as_of, credential)


def _check_post_type(
    facts: PersonFacts,
    rule: Rule,
    c: PostTypeCriterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    allowed = [POST_TYPES[p] for p in c.post_types]
    have = POST_TYPES.get(facts.post_type)
    return CriterionResult(
        c.type,
        facts.post_type in c.post_types,
        Text(
            f"需要 岗位为 {'/'.join(a.zh for a in allowed)}："
            f"现为 {have.zh if have else '未定岗'}",
            f"Needs post {' / '.join(a.en for a in allowed)}: "
            f"is {have.en if have else 'no post'}",
        ),
        c.link,
    )


_NOT_GRANTED_SCOPES = {
    "ever": Text("此前", "before"),
    "year": Text("今年", "this year"),
}
#: The usual answer, built once (Text is immutable).
_NOT_GRANTED_YES = {
    scope: Text(f"{scope.zh}未获得过：是", f"Not granted {scope.en}: yes")
    for scope in _NOT_GRANTED_SCOPES.values()
}


def _check_not_granted(
    facts: PersonFacts,
    rule: Rule,
    c: NotGrantedCriterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    earlier = [
        g
        for g in facts.grants
        if g.rule_code == rule.code
        and (
            c.per == "ever"
            or (g.granted_on is not None and g.granted_on.year == as_of.year)
        )
    ]
    scope = _NOT_GRANTED_SCOPES["ever" if c.per == "ever" else "year"]
    if not earlier:
        return CriterionResult(c.type, True, _NOT_GRANTED_YES[scope], c.link)
    when = max((g.granted_on for g in earlier if g.granted_on), default=None)
    when_s = when.isoformat() if when else "—"
    return CriterionResult(
        c.type,
        False,
        Text(
            f"{scope.zh}未获得过：已于 {when_s} 获得",
            f"Not granted {scope.en}: granted on {when_s}",
        ),
        c.link,
    )


_CHECKS = {
    TestScoreCriterion: _check_test_score,
    PracticePointsCriterion: _check_practice_points,
    HelperHoursCriterion: _check_helper_hours,
    YearsInGradeCriterion: _check_years_in_grade,
    AppraisalCriterion: _check_appraisal_span,
    PostTypeCriterion: _check_post_type,
    NotGrantedCriterion: _check_not_granted,
}


def _check(
    facts: PersonFacts,
    rule: Rule,
    c: Criterion,
    as_of: date,
    credential: Credential | None,
) -> CriterionResult:
    try:
        check = _CHECKS[type(c)]
    except KeyError:
        raise TypeError(f"unknown criterion {c!r}") from None
    return check(facts, rule, c, as_of, credential)


def _evaluate_rule(
    person: _Person, rule: Rule
) -> tuple[bool, tuple[CriterionResult, ...], Credential | None]:
    credential_criteria, other_criteria = rule._plan
    results: list = [None] * len(rule.criteria)
    credential: Credential | None = None
    for i, c in credential_criteria:
        result, cred = _check_credential(person, c)
        results[i] = result
        if credential is None and cred is not None:
            credential = cred
    facts, as_of = person.facts, person.as_of
    for i, c, check in other_criteria:
        results[i] = check(facts, rule, c, as_of, credential)
    if rule.match == "all":
        met = True
        for r in results:
            if not r.met:
                met = False
                break
    else:
        met = not results
        for r in results:
            if r.met:
                met = True
                break
    return met, tuple(results), credential


def _summary(outcome_kind: RuleKind, **v) -> Text:
    if outcome_kind is RuleKind.GRADE_STEP:
        return Text(
            f"薪级 {v['grade_from']} → {v['grade_to']} 级",
            f"grade {v['grade_from']} → {v['grade_to']}",
        )
    if outcome_kind is RuleKind.ONE_TIME:
        return Text(
            f"一次性奖励 {_money(v['amount'])} 元",
            f"one-time award CNY {_money(v['amount'])}",
        )
    if outcome_kind is RuleKind.MONTHLY:
        return Text(
            f"每月津贴 {_money(v['amount'])} 元",
            f"monthly allowance CNY {_money(v['amount'])}",
        )
    honour = v["honour"]
    return Text(f"荣誉：{honour.zh}", f"honour: {honour.en}")


def _grade_outcome(
    facts: PersonFacts, rule: Rule, delta: int, credential: Credential | None
) -> tuple[Outcome | None, CriterionResult]:
    post = POST_TYPES.get(facts.post_type)
    if facts.grade is None or post is None:
        return None, CriterionResult(
            "post_range",
            False,
            Text(
                "需要 岗位和薪级记录：没有", "Needs a post and a grade on record: none"
            ),
        )
    low, high = GRADE_RANGES[facts.post_type]
    target = min(facts.grade + delta, high)
    if target <= facts.grade:
        return None, CriterionResult(
            "post_range",
            False,
            Text(
                f"需要 低于{post.zh}最高 {high} 级：现为 {facts.grade} 级",
                f"Needs a grade below the {post.en} top of {high}: is {facts.grade}",
            ),
        )
    capped = facts.grade + delta > high
    text = Text(
        f"{post.zh}薪级范围 {low}–{high} 级：现为 {facts.grade} 级"
        + (f"，最高升到 {high} 级" if capped else ""),
        f"{post.en} grade range {low}–{high}: is {facts.grade}"
        + (f", capped at {high}" if capped else ""),
    )
    outcome = Outcome(
        kind=RuleKind.GRADE_STEP,
        grade_from=facts.grade,
        grade_to=target,
        credential=credential,
        summary=_summary(RuleKind.GRADE_STEP, grade_from=facts.grade, grade_to=target),
    )
    return outcome, CriterionResult("post_range", True, text)


def _group_grants(facts: PersonFacts, group: str) -> list[PriorGrant]:
    return [g for g in facts.grants if group and g.group == group]


def _make_outcome(
    facts: PersonFacts, rule: Rule, credential: Credential | None
) -> tuple[Outcome | None, list[CriterionResult], list[Text]]:
    """The outcome of a met rule, after deduction of earlier grants and the cap."""
    extra: list[CriterionResult] = []
    notes: list[Text] = []
    earlier = _group_grants(facts, rule.group)
    if rule.kind is RuleKind.GRADE_STEP:
        given = sum(g.grade_delta for g in earlier)
        delta = rule.grade_delta - given
        if given:
            notes.append(
                Text(
                    f"同类已晋升 {given} 级，本次按最高 {rule.grade_delta} 级"
                    f"补足 {max(delta, 0)} 级",
                    f"{given} grade(s) already granted in this group; the highest "
                    f"gives {rule.grade_delta}, so {max(delta, 0)} more",
                )
            )
        if delta <= 0:
            return None, extra, notes
        outcome, range_result = _grade_outcome(facts, rule, delta, credential)
        extra.append(range_result)
        return outcome, extra, notes
    amount = rule.amount or Decimal(0)
    if rule.kind is RuleKind.ONE_TIME:
        given_amount = sum((g.amount for g in earlier), Decimal(0))
        if given_amount:
            notes.append(
                Text(
                    f"同类已发 {_money(given_amount)} 元，已扣除",
                    f"CNY {_money(given_amount)} already paid in this group, deducted",
                )
            )
        amount -= given_amount
        if amount <= 0:
            return None, extra, notes
        return (
            Outcome(
                kind=rule.kind,
                amount=amount,
                credential=credential,
                summary=_summary(rule.kind, amount=amount),
            ),
            extra,
            notes,
        )
    if rule.kind is RuleKind.MONTHLY:
        running = [g for g in earlier if g.kind is RuleKind.MONTHLY and g.active]
        running += [
            g
            for g in facts.grants
            if g.rule_code == rule.code and g.active and g not in running
        ]
        current = max((g.amount for g in running), default=Decimal(0))
        if current >= amount and running:
            notes.append(
                Text(
                    f"已在领取每月 {_money(current)} 元",
                    f"already receiving CNY {_money(current)} a month",
                )
            )
            return None, extra, notes
        if running:
            notes.append(
                Text(
                    f"替代现有每月 {_money(current)} 元",
                    f"replaces the current CNY {_money(current)} a month",
                )
            )
        return (
            Outcome(
                kind=rule.kind,
                amount=amount,
                credential=credential,
                ends_on=credential.expires_on if credential else None,
                summary=_summary(rule.kind, amount=amount),
            ),
            extra,
            notes,
        )
    honour = rule.honour or rule.name
    return (
        Outcome(
            kind=rule.kind,
            honour=honour,
            credential=credential,
            summary=_summary(rule.kind, honour=honour),
        ),
        extra,
        notes,
    )


def evaluate(facts: PersonFacts, policy: Policy, as_of: date) -> Evaluation:
    """Every rule of ``policy`` for one person on ``as_of``; see the module doc."""
    in_effect = policy.in_effect(as_of)
    person = _Person(facts, as_of)
    first = [_evaluate_rule(person, rule) for rule in policy.rules]

    # Highest-only groups: the met rule with the highest rank wins its group.
    winners: dict[str, Rule] = {}
    for rule, checked in zip(policy.rules, first, strict=True):
        if rule.group and checked[0]:
            best = winners.get(rule.group)
            if best is None or rule.rank > best.rank:
                winners[rule.group] = rule

    results = []
    for rule, (met, criteria, credential) in zip(policy.rules, first, strict=True):
        notes: list[Text] = []
        outcome: Outcome | None = None
        if not in_effect:
            until = policy.effective_to.isoformat() if policy.effective_to else "—"
            notes.append(
                Text(
                    f"政策 {policy.name} 有效期 {policy.effective_from.isoformat()}"
                    f" 至 {until}，不含该日期",
                    f"policy {policy.name} is in effect "
                    f"{policy.effective_from.isoformat()} to {until}, not on this date",
                )
            )
            met = False
        if met and rule.group and winners.get(rule.group) is not rule:
            winner = winners[rule.group]
            notes.append(
                Text(
                    f"同组按最高：由「{winner.name.zh}」代替",
                    f"highest only: superseded by “{winner.name.en}”",
                )
            )
            met = False
        if met:
            outcome, extra, more = _make_outcome(facts, rule, credential)
            if extra:
                criteria = criteria + tuple(extra)
            notes.extend(more)
        results.append(
            RuleResult(rule, outcome is not None, criteria, outcome, tuple(notes))
        )
    return Evaluation(
        person_id=facts.person_id,
        as_of=as_of,
        policy_name=policy.name,
        policy_version=policy.version,
        results=tuple(results),
    )
