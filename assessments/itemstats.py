"""Quiz statistics with Moodle's definitions: per question and per test.

Pure Python, no Django. Input: one frozen :class:`AttemptScores` per (finished,
counted) attempt. Output: frozen dataclasses of ``Decimal`` values, or ``None`` where a
statistic is undefined (fewer than 2 attempts, zero variance, ...) -- never an
exception for thin data.

Arithmetic: sums, means, variances and covariances are exact (``fractions.Fraction``);
square roots and the final results are ``Decimal`` in a private 28-digit context,
rounded to 10 decimal places (ROUND_HALF_EVEN), trailing zeros stripped.
Results are deterministic.

Units: coefficients are returned as fractions, not percentages -- ``facility`` is 0..1,
``discrimination_index`` and ``discriminative_efficiency`` -1..1, ``cic`` (Cronbach's
alpha) <= 1, ``error_ratio`` 0..1. Moodle's report shows each of them x 100 as a
percentage. Test-level ``mean``/``median``/``sd`` are in marks (the sum of
``fraction x max_mark`` over slots); per-question ``sd`` is a fraction of the
question's max mark, like Moodle's.

Formulas (S attempts, k questions, x_i(p) the mark of attempt p on question i,
T(p) = sum_i x_i(p) the test score, X_i(p) = T(p) - x_i(p) the rest of the test;
V and C are sample variance and covariance with divisor S - 1):

* facility F_i = mean(x_i) / max_i
* question SD_i = sqrt(V(x_i)) / max_i
* discrimination index D_i = C(x_i, X_i) / sqrt(V(x_i) V(X_i))
* intended weight = max_i / sum_j max_j; effective weight
  = sqrt(C(x_i, T)) / sum_j sqrt(C(x_j, T)) (None for all when any C(x_j, T) < 0)
* discriminative efficiency E_i = C(x_i, X_i) / C_max(x_i, X_i), where C_max is the
  covariance after sorting x_i and X_i independently (the largest covariance those two
  score distributions allow)
* test mean, median, SD = sqrt(V(T))
* skewness = k3 / k2^(3/2), kurtosis = k4 / k2^2 (Moodle's k-statistics from the
  central moments m2, m3, m4 with divisor S)
* CIC (Cronbach's alpha) = k / (k - 1) * (1 - sum_i V(x_i) / V(T))
* error ratio ER = sqrt(1 - CIC), standard error SE = ER * SD
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

__all__ = [
    "AttemptScores",
    "HistogramBin",
    "QuestionStats",
    "QuizStats",
    "histogram",
    "question_statistics",
    "quiz_statistics",
]

_CTX = Context(prec=28, rounding=ROUND_HALF_EVEN)
_PLACES = Decimal("1e-10")


@dataclass(frozen=True)
class AttemptScores:
    """One attempt: per slot, the fraction earned and the slot's maximum mark.

    ``fractions[i]`` is the fraction (usually 0..1) of ``max_marks[i]`` earned on slot
    ``i``; ``None`` (not yet graded, e.g. an essay) counts as 0. Every attempt given to
    the functions below must have the same number of slots.
    """

    fractions: tuple[Decimal | None, ...]
    max_marks: tuple[Decimal, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "fractions", tuple(self.fractions))
        object.__setattr__(self, "max_marks", tuple(self.max_marks))
        if len(self.fractions) != len(self.max_marks):
            raise ValueError("fractions and max_marks must have one entry per slot")

    def marks(self) -> tuple[Fraction, ...]:
        return tuple(
            Fraction(f or 0) * Fraction(m)
            for f, m in zip(self.fractions, self.max_marks, strict=True)
        )

    @property
    def total(self) -> Decimal:
        return _to_decimal(sum(self.marks(), Fraction(0)))


@dataclass(frozen=True)
class QuestionStats:
    slot: int  # 0-based position in the attempts' tuples
    max_mark: Decimal
    count: int
    mean: Decimal | None  # marks
    facility: Decimal | None  # 0..1
    sd: Decimal | None  # fraction of max_mark
    discrimination_index: Decimal | None  # -1..1
    discriminative_efficiency: Decimal | None  # -1..1
    intended_weight: Decimal | None = None  # max_mark / sum of max marks, 0..1
    effective_weight: Decimal | None = None  # 0..1; None if any C(x_j, T) < 0


@dataclass(frozen=True)
class QuizStats:
    count: int
    max_total: Decimal
    mean: Decimal | None
    median: Decimal | None
    sd: Decimal | None
    skewness: Decimal | None
    kurtosis: Decimal | None
    cic: Decimal | None  # Cronbach's alpha, as a fraction (Moodle shows x 100)
    error_ratio: Decimal | None  # fraction
    standard_error: Decimal | None  # marks
    questions: tuple[QuestionStats, ...] = ()


@dataclass(frozen=True)
class HistogramBin:
    low: Decimal
    high: Decimal  # exclusive, except the last bin, which includes its top
    count: int


def _to_decimal(value: Fraction | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = _CTX.divide(Decimal(value.numerator), Decimal(value.denominator))
    value = value.quantize(_PLACES, rounding=ROUND_HALF_EVEN, context=_CTX)
    value = value.normalize(_CTX)
    # normalize() writes 10 as 1E+1; keep plain notation for reports and CSV.
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def _tidy(value: Fraction) -> Decimal:
    """A bin edge without trailing zeros and without an exponent (``10``, ``2.5``)."""
    return _to_decimal(value)


def _sqrt(value: Fraction) -> Decimal:
    exact = _CTX.divide(Decimal(value.numerator), Decimal(value.denominator))
    return exact.sqrt(_CTX)


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _cov(xs: Sequence[Fraction], ys: Sequence[Fraction]) -> Fraction | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    return sum(
        ((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), Fraction(0)
    ) / (n - 1)


def _median(values: Sequence[Fraction]) -> Fraction | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def _check(attempts: Sequence[AttemptScores]) -> int:
    if not attempts:
        return 0
    k = len(attempts[0].fractions)
    if any(len(a.fractions) != k for a in attempts):
        raise ValueError("every attempt must have the same number of slots")
    return k


def question_statistics(attempts: Sequence[AttemptScores]) -> tuple[QuestionStats, ...]:
    """Per-slot statistics (see the module docstring for the formulas)."""
    k = _check(attempts)
    if k == 0:
        return ()
    marks = [a.marks() for a in attempts]
    totals = [sum(m, Fraction(0)) for m in marks]
    max_total = sum((Fraction(m) for m in attempts[0].max_marks), Fraction(0))
    effective = _effective_weights(marks, totals, k)
    out = []
    for i in range(k):
        max_mark = Fraction(attempts[0].max_marks[i])
        xs = [m[i] for m in marks]
        rest = [t - x for t, x in zip(totals, xs, strict=True)]
        mean = _mean(xs)
        var_x = _cov(xs, xs)
        var_rest = _cov(rest, rest)
        cov = _cov(xs, rest)
        facility = sd = disc = eff = None
        if max_mark > 0:
            facility = mean / max_mark
            if var_x is not None:
                sd = _to_decimal(Fraction(_sqrt(var_x)) / max_mark)
        if cov is not None and var_x and var_rest:
            disc = _to_decimal(
                _CTX.divide(
                    _CTX.divide(Decimal(cov.numerator), Decimal(cov.denominator)),
                    _sqrt(var_x * var_rest),
                )
            )
            cov_max = _cov(sorted(xs), sorted(rest))
            if cov_max:
                eff = _to_decimal(cov / cov_max)
        out.append(
            QuestionStats(
                slot=i,
                max_mark=Decimal(attempts[0].max_marks[i]),
                count=len(xs),
                mean=_to_decimal(mean),
                facility=_to_decimal(facility),
                sd=sd,
                discrimination_index=disc,
                discriminative_efficiency=eff,
                intended_weight=_to_decimal(max_mark / max_total)
                if max_total
                else None,
                effective_weight=effective[i],
            )
        )
    return tuple(out)


def _effective_weights(
    marks: list[tuple[Fraction, ...]], totals: list[Fraction], k: int
) -> list[Decimal | None]:
    """Moodle's effective weight: sqrt(C(x_i, T)) / sum_j sqrt(C(x_j, T)).

    Undefined for every question when any covariance with the total is negative
    (Moodle's "negative covariance" warning) or when they are all zero.
    """
    covs = [_cov([m[i] for m in marks], totals) for i in range(k)]
    if any(c is None or c < 0 for c in covs):
        return [None] * k
    roots = [_sqrt(c) for c in covs]  # type: ignore[arg-type]
    total = sum(roots, Decimal(0))
    if not total:
        return [None] * k
    return [_to_decimal(_CTX.divide(r, total)) for r in roots]


def quiz_statistics(attempts: Sequence[AttemptScores]) -> QuizStats:
    """Whole-test statistics, with :func:`question_statistics` for every slot."""
    k = _check(attempts)
    n = len(attempts)
    max_total = (
        sum((Decimal(m) for m in attempts[0].max_marks), Decimal(0))
        if n
        else Decimal(0)
    )
    if n == 0:
        return QuizStats(0, max_total, None, None, None, None, None, None, None, None)
    marks = [a.marks() for a in attempts]
    totals = [sum(m, Fraction(0)) for m in marks]
    mean = _mean(totals)
    var_t = _cov(totals, totals)
    sd = _sqrt(var_t) if var_t is not None else None

    skew = kurt = None
    m2 = sum(((t - mean) ** 2 for t in totals), Fraction(0)) / n
    m3 = sum(((t - mean) ** 3 for t in totals), Fraction(0)) / n
    m4 = sum(((t - mean) ** 4 for t in totals), Fraction(0)) / n
    if n >= 3 and m2 > 0:
        k2 = Fraction(n, n - 1) * m2
        k3 = Fraction(n * n, (n - 1) * (n - 2)) * m3
        k2_sqrt = _sqrt(k2)
        skew = _to_decimal(
            _CTX.divide(
                _CTX.divide(Decimal(k3.numerator), Decimal(k3.denominator)),
                _CTX.power(k2_sqrt, 3),
            )
        )
        if n >= 4:
            k4 = Fraction(n * n, (n - 1) * (n - 2) * (n - 3)) * (
                (n + 1) * m4 - 3 * (n - 1) * m2 * m2
            )
            kurt = _to_decimal(k4 / (k2 * k2))

    cic = error_ratio = standard_error = None
    if k >= 2 and var_t:
        var_sum = sum(
            (_cov([m[i] for m in marks], [m[i] for m in marks]) or Fraction(0))
            for i in range(k)
        )
        alpha = Fraction(k, k - 1) * (1 - var_sum / var_t)
        cic = _to_decimal(alpha)
        if alpha <= 1 and alpha >= 0:
            er = _sqrt(1 - alpha)
            error_ratio = _to_decimal(er)
            standard_error = _to_decimal(_CTX.multiply(er, sd))
    return QuizStats(
        count=n,
        max_total=max_total,
        mean=_to_decimal(mean),
        median=_to_decimal(_median(totals)),
        sd=_to_decimal(sd),
        skewness=skew,
        kurtosis=kurt,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
        questions=question_statistics(attempts),
    )


def histogram(
    values: Sequence[Decimal | int | float | Fraction],
    *,
    low: Decimal | int = 0,
    high: Decimal | int = 100,
    bins: int = 10,
) -> tuple[HistogramBin, ...]:
    """Count ``values`` into ``bins`` equal bins from ``low`` to ``high``.

    Bins are ``[low, low + w)``, ..., and the last is closed: ``[high - w, high]``.
    Values outside ``[low, high]`` are clipped into the first/last bin.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    lo, hi = Fraction(Decimal(low)), Fraction(Decimal(high))
    if hi <= lo:
        raise ValueError("high must be greater than low")
    width = (hi - lo) / bins
    counts = [0] * bins
    for value in values:
        v = (
            Fraction(Decimal(str(value)))
            if isinstance(value, float)
            else Fraction(value)
        )
        index = int((v - lo) // width)
        counts[min(max(index, 0), bins - 1)] += 1
    return tuple(
        HistogramBin(
            low=_tidy(lo + width * i),
            high=_tidy(lo + width * (i + 1)),
            count=c,
        )
        for i, c in enumerate(counts)
    )
