"""The pure rule that combines independent reviews (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from practice.review_engine import Mark, combine, scaled_points

D = Decimal
A, R, X = "accepted", "returned", "rejected"


@pytest.mark.parametrize(
    ("marks", "required", "expected"),
    [
        pytest.param([(A, 15)], 1, (True, A, D(15), False), id="single-decides"),
        pytest.param([(A, 15)], 2, (False, None, None, False), id="one-of-two-waits"),
        pytest.param(
            [(A, 15), (A, 18)], 2, (True, A, D("16.50"), False), id="close-average"
        ),
        pytest.param(
            [(A, 10), (A, 18)], 2, (False, None, None, True), id="far-apart-third"
        ),
        pytest.param(
            [(A, 15), (R, 15)], 2, (False, None, None, True), id="decisions-differ"
        ),
        pytest.param(
            [(A, 10), (A, 18), (A, 17)],
            2,
            (True, A, D("17.50"), False),
            id="third-drops-outlier",
        ),
        pytest.param(
            [(A, 15), (R, 12), (R, 11)],
            2,
            (True, R, D("11.50"), False),
            id="majority-decision",
        ),
        pytest.param(
            [(A, 15), (R, 12), (X, 2)],
            2,
            (True, X, D("13.50"), False),
            id="all-differ-third-decides",
        ),
        pytest.param(
            [(A, None), (A, None)], 2, (True, A, None, False), id="no-rubric-agree"
        ),
    ],
)
def test_combine(marks, required, expected):
    outcome = combine(
        tuple(Mark(d, None if s is None else D(s)) for d, s in marks),
        required=required,
        margin_percent=D(20),
        max_total=D(30),
    )
    assert (
        outcome.final,
        outcome.decision,
        outcome.score,
        outcome.needs_third,
    ) == expected


def test_margin_is_inclusive():
    # 20% of 30 is 6 points: a difference of exactly 6 is still "close"
    outcome = combine(
        (Mark(A, D(10)), Mark(A, D(16))),
        required=2,
        margin_percent=D(20),
        max_total=D(30),
    )
    assert outcome.final
    assert outcome.score == D(13)


@pytest.mark.parametrize(
    ("score", "expected"),
    [(D(15), D("10.00")), (D(30), D("20.00")), (None, D("20.00")), (D(0), D("0.00"))],
)
def test_scaled_points(score, expected):
    assert scaled_points(points=D(20), score=score, max_total=D(30)) == expected
