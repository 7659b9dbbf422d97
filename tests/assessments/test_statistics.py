"""Quiz statistics (Moodle's definitions) against small examples worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessments import itemstats as st

D = Decimal


def attempts(*rows, max_marks=None):
    out = []
    for row in rows:
        marks = max_marks or (1,) * len(row)
        out.append(
            st.AttemptScores(
                fractions=tuple(None if v is None else D(str(v)) for v in row),
                max_marks=tuple(D(m) for m in marks),
            )
        )
    return out


# Four people, three questions; a "Guttman" pattern where better people get more right.
#   A: 1 1 1 (3)   B: 1 1 0 (2)   C: 1 0 0 (1)   D: 0 0 0 (0)
STAIRS = attempts((1, 1, 1), (1, 1, 0), (1, 0, 0), (0, 0, 0))

# Two questions that do not agree at all: A: 1 1, B: 1 0, C: 0 0, D: 0 1
UNRELATED = attempts((1, 1), (1, 0), (0, 0), (0, 1))


def close(value, expected, places=9):
    assert value is not None
    assert abs(value - D(expected)) < D(10) ** -places, (value, expected)


def test_test_level_statistics_by_hand():
    # given the stairs example: totals 3, 2, 1, 0
    stats = st.quiz_statistics(STAIRS)
    # then
    assert stats.count == 4
    assert stats.max_total == 3
    assert stats.mean == D("1.5")
    assert stats.median == D("1.5")
    close(stats.sd, "1.2909944487")  # sqrt(5/3)
    assert stats.skewness == 0  # symmetric
    close(stats.kurtosis, "-1.2")  # Excel KURT(3,2,1,0)
    # alpha = 3/2 * (1 - (1/4 + 1/3 + 1/4) / (5/3)) = 0.75
    assert stats.cic == D("0.75")
    assert stats.error_ratio == D("0.5")  # sqrt(1 - 0.75)
    close(stats.standard_error, "0.6454972244")  # 0.5 * sqrt(5/3)


def test_question_statistics_by_hand():
    q1, q2, q3 = st.question_statistics(STAIRS)
    assert [q.facility for q in (q1, q2, q3)] == [D("0.75"), D("0.5"), D("0.25")]
    assert q1.sd == D("0.5")
    close(q2.sd, "0.5773502692")  # sqrt(1/3)
    # Q1 against the rest (2, 1, 0, 0): cov 1/4, var 1/4 and 11/12
    close(q1.discrimination_index, "0.5222329679")
    # sorting both columns changes nothing here: the most efficient possible
    assert q1.discriminative_efficiency == 1
    assert q3.discriminative_efficiency == 1


def test_intended_and_effective_weights_by_hand():
    q1, q2, q3 = st.question_statistics(STAIRS)
    assert q1.intended_weight == D("0.3333333333")
    # C(x_i, T) = 1/2, 2/3, 1/2: sqrt(1/2) / (2 sqrt(1/2) + sqrt(2/3))
    close(q1.effective_weight, "0.3169872981")
    close(q2.effective_weight, "0.3660254038")
    assert q1.effective_weight == q3.effective_weight
    weights = [
        q.intended_weight
        for q in st.question_statistics(attempts((1, 1), (0, 1), max_marks=(3, 1)))
    ]
    assert weights == [D("0.75"), D("0.25")]


def test_negative_covariance_leaves_effective_weights_undefined():
    rows = attempts((0, 1, 1), (0, 1, 1), (1, 0, 0), (1, 0, 0), (1, 1, 0))
    assert all(q.effective_weight is None for q in st.question_statistics(rows))


def test_skewness_against_excel_skew():
    # Excel: SKEW(1, 2, 3, 10) = 1.763632615
    stats = st.quiz_statistics(attempts((1,), (2,), (3,), (10,), max_marks=(10,)))
    close(stats.skewness, "1.7636326148", places=8)


def test_questions_that_do_not_agree():
    stats = st.quiz_statistics(UNRELATED)
    q1, q2 = stats.questions
    assert q1.discrimination_index == 0
    assert q1.discriminative_efficiency == 0
    assert stats.cic == 0
    assert stats.error_ratio == 1
    assert stats.standard_error == stats.sd
    assert stats.median == 1
    assert stats.skewness == 0
    assert stats.kurtosis == D("1.5")


def test_a_question_that_favours_weaker_people_has_negative_discrimination():
    rows = attempts((0, 1, 1), (0, 1, 1), (1, 0, 0), (1, 0, 0), (1, 1, 0))
    q1 = st.question_statistics(rows)[0]
    assert q1.discrimination_index < 0
    assert q1.discriminative_efficiency < 0


def test_marks_are_fractions_times_max_marks():
    rows = attempts((D("0.5"), 1), (1, 0), max_marks=(4, 1))
    stats = st.quiz_statistics(rows)
    assert stats.max_total == 5
    assert stats.mean == D("3.5")  # totals (2 + 1) and (4 + 0)
    q1 = stats.questions[0]
    assert q1.mean == 3
    assert q1.facility == D("0.75")
    # marks 2 and 4: sd sqrt(2) marks = sqrt(2)/4 of the max
    close(q1.sd, "0.3535533906")


def test_ungraded_counts_as_zero():
    stats = st.quiz_statistics(attempts((None, 1), (1, 1)))
    assert stats.questions[0].facility == D("0.5")


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(attempts((1, 0)), id="one-attempt"),
        pytest.param(attempts((1, 0), (1, 0)), id="identical-attempts"),
    ],
)
def test_undefined_statistics_are_none(rows):
    stats = st.quiz_statistics(rows)
    assert stats.cic is None
    assert stats.error_ratio is None
    assert stats.skewness is None
    assert stats.kurtosis is None
    for q in stats.questions:
        assert q.discrimination_index is None
        assert q.discriminative_efficiency is None
    assert stats.mean is not None


def test_one_attempt_has_no_sd():
    stats = st.quiz_statistics(attempts((1, 0)))
    assert stats.sd is None
    assert stats.questions[0].sd is None
    assert stats.questions[0].facility == 1


def test_no_attempts():
    stats = st.quiz_statistics([])
    assert stats.count == 0
    assert stats.mean is None
    assert stats.questions == ()


def test_single_question_has_no_alpha():
    stats = st.quiz_statistics(attempts((1,), (0,), (1,)))
    assert stats.cic is None
    assert stats.sd is not None


def test_zero_max_mark_slot_has_no_facility():
    rows = attempts((0, 1), (0, 0), max_marks=(0, 1))
    assert st.question_statistics(rows)[0].facility is None


def test_mismatched_slot_counts_are_refused():
    with pytest.raises(ValueError, match="same number of slots"):
        st.quiz_statistics(attempts((1, 0)) + attempts((1,)))
    with pytest.raises(ValueError, match="one entry per slot"):
        st.AttemptScores(fractions=(D(1),), max_marks=(D(1), D(1)))


def test_attempt_total():
    assert attempts((D("0.5"), 1), max_marks=(4, 3))[0].total == 5


def test_results_are_decimals_without_exponents():
    stats = st.quiz_statistics(attempts((1, 1), (0, 0), max_marks=(10, 10)))
    assert str(stats.max_total) == "20"
    assert str(stats.mean) == "10"


@pytest.mark.parametrize(
    ("values", "kwargs", "counts"),
    [
        pytest.param(
            [0, 5, 10, 55.5, 99, 100],
            {},
            [2, 1, 0, 0, 0, 1, 0, 0, 0, 2],
            id="percent-bins-top-closed",
        ),
        pytest.param([-5, 120], {}, [1] + [0] * 8 + [1], id="clipped"),
        pytest.param(
            [D("2.5"), D("5"), 1], {"high": 5, "bins": 2}, [1, 2], id="marks-two-bins"
        ),
        pytest.param([], {"bins": 3}, [0, 0, 0], id="empty"),
    ],
)
def test_histogram(values, kwargs, counts):
    bins = st.histogram(values, **kwargs)
    assert [b.count for b in bins] == counts


def test_histogram_edges():
    bins = st.histogram([1], low=0, high=5, bins=2)
    assert [(str(b.low), str(b.high)) for b in bins] == [("0", "2.5"), ("2.5", "5")]


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"bins": 0}, id="no-bins"),
        pytest.param({"high": 0}, id="empty-range"),
    ],
)
def test_histogram_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="must be"):
        st.histogram([1], **kwargs)
