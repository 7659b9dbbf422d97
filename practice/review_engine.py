"""Combines independent reviews of one version into an outcome. Pure: no ORM.

Contract:

* ``required == 1``: the single review decides (its decision, its score).
* ``required == 2``: after one review, nothing is final. After two, when both
  reviewers made the same decision and their scores differ by at most
  ``margin_percent`` of ``max_total``, the outcome is that decision with the average
  score. Otherwise a third review is needed. After three, the decision most reviewers
  made wins (the third reviewer's when all three differ) and the score is the average
  of the two closest scores (the outlier is dropped).
* Scores may be ``None`` when the task has no rubric; then only decisions count.
* Scores are ``Decimal``; the result is rounded to 0.01 (half up).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Mark:
    decision: str
    score: Decimal | None


@dataclass(frozen=True)
class Outcome:
    final: bool
    decision: str | None = None
    score: Decimal | None = None
    needs_third: bool = False


def _avg(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP)


def combine(
    marks: tuple[Mark, ...],
    *,
    required: int,
    margin_percent: Decimal,
    max_total: Decimal | None,
) -> Outcome:
    if not marks:
        return Outcome(final=False)
    if required <= 1:
        return Outcome(final=True, decision=marks[0].decision, score=marks[0].score)
    if len(marks) == 1:
        return Outcome(final=False)
    scores = [m.score for m in marks if m.score is not None]
    if len(marks) == 2:
        first, second = marks
        close = True
        if len(scores) == 2 and max_total:
            allowed = max_total * margin_percent / Decimal(100)
            close = abs(scores[0] - scores[1]) <= allowed
        if first.decision == second.decision and close:
            return Outcome(
                final=True,
                decision=first.decision,
                score=_avg(scores) if len(scores) == 2 else None,
            )
        return Outcome(final=False, needs_third=True)
    three = marks[:3]
    counts = Counter(m.decision for m in three)
    decision, votes = counts.most_common(1)[0]
    if votes < 2:
        decision = three[2].decision
    score = None
    if len(scores) >= 3:
        a, b, c = sorted(scores[:3])
        score = _avg([a, b]) if (b - a) <= (c - b) else _avg([b, c])
    elif scores:
        score = _avg(scores)
    return Outcome(final=True, decision=decision, score=score)


def scaled_points(
    *, points: Decimal, score: Decimal | None, max_total: Decimal | None
) -> Decimal:
    """Points in proportion to the score (all points without a score or rubric)."""
    if score is None or not max_total:
        return points.quantize(CENT, ROUND_HALF_UP)
    share = max(Decimal(0), min(score / max_total, Decimal(1)))
    return (points * share).quantize(CENT, ROUND_HALF_UP)
