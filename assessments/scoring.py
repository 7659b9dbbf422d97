"""The scoring engine: grade one response to one question, exactly.

Pure Python, no Django, no ORM, no clock. Every result is an exact ``Decimal``
computed in a private decimal context (28 significant digits, ROUND_HALF_EVEN), so
the caller's decimal context never changes a grade. Deterministic.

Contract (docs/assessments.md has the full rules and examples)::

    grade(spec, response) -> Decimal | None

returns the fraction of the question's marks earned; ``None`` for essay/description.

=============  ==============================  ====================================
kind           response                        result
=============  ==============================  ====================================
truefalse      ``bool``                        1 or 0
multichoice    ``int``: 0-based index of the   that answer's fraction, in [-1, 1]
               chosen answer (source order)    (a negative fraction is a penalty)
multiresponse  set/frozenset/list of indexes   sum of the fractions, clamped [0, 1]
shortanswer    ``str``                         best matching answer's fraction
numerical      str/int/Decimal/float           first matching answer's fraction
matching       dict {left text: right text}    correct pairs / number of pairs
ordering       list of item texts              longest ordered subsequence / n
                                               (0 when that is shorter than 2)
essay          ``str``                         None (a person grades it)
description    None                            None
=============  ==============================  ====================================

``None`` as the response means "not answered" and earns ``Decimal(0)`` for every
auto-graded kind. A response of the wrong shape raises :class:`ResponseError` (a
``ValueError``): that is a bug or tampering upstream, not a wrong answer. Text that is
not a number, given to a numerical question, is a wrong answer (0), not an error;
:func:`parse_number` lets a form warn before saving.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from .specs import (
    AUTO_KINDS,
    KINDS,
    MANUAL_KINDS,
    TEXT_FORMATS,
    AnswerSpec,
    QuestionSpec,
)

__all__ = [
    "AUTO_KINDS",
    "KINDS",
    "MANUAL_KINDS",
    "TEXT_FORMATS",
    "AnswerSpec",
    "QuestionSpec",
    "ResponseError",
    "check_response",
    "correct_response",
    "feedback_for",
    "grade",
    "normalize_text",
    "parse_number",
    "random_guess_score",
    "response_from_json",
    "response_to_json",
]

ZERO = Decimal(0)
ONE = Decimal(1)
MINUS_ONE = Decimal(-1)
_CTX = Context(prec=28, rounding=ROUND_HALF_EVEN)


class ResponseError(ValueError):
    """The response does not have the shape this kind of question takes."""


# --------------------------------------------------------------------------- text


# NFKC already folds full-width ASCII (Ａ１２，．：；！？（）～) and the ideographic
# space.
# These CJK marks have no compatibility decomposition, so map them by hand to the ASCII
# a half-width keyboard would have produced.
_CJK_PUNCT = str.maketrans(
    {
        "。": ".",
        "｡": ".",
        "、": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "‘": "'",
        "’": "'",
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "—": "-",
        "–": "-",
        "−": "-",
    }
)
_WS = re.compile(r"\s+")


def normalize_text(text: str, *, case_sensitive: bool = False) -> str:
    """Normalise typed text the way short answers are compared.

    NFKC (full-width -> half-width), CJK punctuation -> ASCII, whitespace trimmed and
    collapsed to single spaces, and case-folded unless ``case_sensitive``.

    >>> normalize_text("  Ａ１２，  ok。")
    'a12, ok.'
    """
    text = unicodedata.normalize("NFKC", text).translate(_CJK_PUNCT)
    text = _WS.sub(" ", text).strip()
    return text if case_sensitive else text.casefold()


@lru_cache(maxsize=4096)
def _answer_matcher(answer: str, case_sensitive: bool) -> str | tuple[str, ...]:
    """The normalised answer, or its literal pieces around ``*`` wildcards.

    ``\\*`` is a literal star (Moodle's rule).
    """
    parts = re.split(r"(\\\*|\*)", answer)
    if "*" not in parts:
        return normalize_text(answer.replace("\\*", "*"), case_sensitive=case_sensitive)
    pieces: list[str] = [""]
    for part in parts:
        if part == "*":
            pieces.append("")
        elif part == "\\*":
            pieces[-1] += "*"
        else:
            # Normalise each literal piece without trimming the spaces next to a star.
            piece = unicodedata.normalize("NFKC", part).translate(_CJK_PUNCT)
            piece = _WS.sub(" ", piece)
            pieces[-1] += piece if case_sensitive else piece.casefold()
    pieces[0] = pieces[0].lstrip()
    pieces[-1] = pieces[-1].rstrip()
    return tuple(pieces)


def _glob(pieces: tuple[str, ...], typed: str) -> bool:
    """Does ``typed`` match the pieces with anything in between?

    Leftmost search, linear in the text: no regular-expression backtracking for an
    answer like ``*a*a*a*`` against a long typed text.
    """
    first, last = pieces[0], pieces[-1]
    if len(typed) < len(first) + len(last):
        return False
    if not (typed.startswith(first) and typed.endswith(last)):
        return False
    position, end = len(first), len(typed) - len(last)
    for piece in pieces[1:-1]:
        found = typed.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def _matches(answer: str, typed: str, case_sensitive: bool) -> bool:
    matcher = _answer_matcher(answer, case_sensitive)
    if isinstance(matcher, str):
        return matcher == typed
    return _glob(matcher, typed)


def _strip_wildcards(answer: str) -> str:
    return re.sub(r"(?<!\\)\*", "", answer).replace("\\*", "*").strip()


# ------------------------------------------------------------------------ numbers

_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*(?:\.\d+)?")
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


#: Numbers beyond 10^±MAX_EXPONENT or with more than MAX_DIGITS significant digits are
#: not numbers anyone means. Refusing them keeps every tolerance comparison exact
#: (see _EXACT) and far from the decimal context's overflow limits.
MAX_EXPONENT = 1000
MAX_DIGITS = 60
# Enough precision that the difference of two bounded numbers is never rounded.
_EXACT = Context(prec=2 * MAX_EXPONENT + 2 * MAX_DIGITS, rounding=ROUND_HALF_EVEN)


def _bounded(number: Decimal) -> Decimal | None:
    if not number:
        return number
    if not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        return None
    if len(number.as_tuple().digits) > MAX_DIGITS:
        return None
    return number


def parse_number(value: object) -> Decimal | None:
    """Read a typed number exactly; ``None`` if it is not one.

    Accepts full-width digits and signs (``１２．５``, ``－３``), a leading ``+``,
    exponents (``1e3``) and thousands separators when unambiguous: groups of exactly
    three digits separated by ``,`` or a space (``1,234,567.5``). ``1,5`` is not a
    number (it could mean 1.5 or 15).

    >>> parse_number("１，２３４．５")
    Decimal('1234.5')
    >>> parse_number("1,5") is None
    True
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return _bounded(value) if value.is_finite() else None
    if isinstance(value, int):
        return _bounded(Decimal(value))
    if isinstance(value, float):
        finite = value == value and abs(value) != float("inf")
        return _bounded(Decimal(repr(value))) if finite else None
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).translate(_CJK_PUNCT)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "").replace(" ", "")
    if not _PLAIN.fullmatch(text):
        return None
    try:
        return _bounded(Decimal(text))
    except InvalidOperation:  # pragma: no cover - the regex only lets numbers through
        return None


def _numeric_matches(answer: AnswerSpec, number: Decimal) -> bool:
    if answer.low is not None and answer.high is not None:
        return answer.low <= number <= answer.high
    if answer.text == "*":  # Moodle's catch-all answer (GIFT "~#feedback")
        return True
    target = _answer_value(answer.text)
    if target is None:
        return False
    tolerance = abs(answer.tolerance) if answer.tolerance is not None else ZERO
    return abs(_EXACT.subtract(number, target)) <= tolerance


@lru_cache(maxsize=4096)
def _answer_value(text: str) -> Decimal | None:
    return parse_number(text)


# ---------------------------------------------------------------------- responses


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _derived(spec: QuestionSpec) -> dict[str, Any]:
    """Lookup tables computed once per spec instance (specs are immutable)."""
    cached = spec.__dict__.get("_derived")
    if cached is None:
        cached = {}
        if spec.kind == "matching":
            cached["lefts"] = frozenset(left for left, _ in spec.pairs if left)
            cached["rights"] = frozenset(right for _, right in spec.pairs)
            cached["real"] = tuple((left, right) for left, right in spec.pairs if left)
        elif spec.kind == "ordering":
            cached["where"] = {item: i for i, item in enumerate(spec.items)}
        object.__setattr__(spec, "_derived", cached)
    return cached


def check_response(spec: QuestionSpec, response: Any) -> Any:
    """Validate ``response`` for ``spec`` and return it in canonical form.

    Canonical forms: bool, int, frozenset[int], str, Decimal-or-str (numerical keeps
    what was typed), dict[str, str], tuple[str, ...]; ``None`` stays ``None``.
    Raises :class:`ResponseError` when the shape is wrong.
    """
    kind = spec.kind
    if response is None:
        return None
    if kind == "truefalse":
        if not isinstance(response, bool):
            raise ResponseError("a true/false question takes True or False")
        return response
    if kind == "multichoice":
        if not _is_int(response) or not 0 <= response < len(spec.answers):
            last = len(spec.answers) - 1
            raise ResponseError(
                f"a single-choice question takes an answer index 0..{last}"
            )
        return response
    if kind == "multiresponse":
        if isinstance(response, str | bytes | Mapping) or not isinstance(
            response, Iterable
        ):
            raise ResponseError("a multiple-response question takes a set of indexes")
        try:
            chosen = frozenset(response)
        except TypeError:
            raise ResponseError("answer indexes must be whole numbers") from None
        for index in chosen:
            if not _is_int(index) or not 0 <= index < len(spec.answers):
                raise ResponseError(f"answer index {index!r} is not in this question")
        return chosen
    if kind == "shortanswer":
        if not isinstance(response, str):
            raise ResponseError("a short-answer question takes text")
        return response
    if kind == "numerical":
        if isinstance(response, bool) or not isinstance(
            response, str | int | Decimal | float
        ):
            raise ResponseError("a numerical question takes a number or text")
        return response
    if kind == "matching":
        if not isinstance(response, Mapping):
            raise ResponseError("a matching question takes {left: right}")
        derived = _derived(spec)
        lefts, rights = derived["lefts"], derived["rights"]
        out: dict[str, str] = {}
        for left, right in response.items():
            if left not in lefts:
                raise ResponseError(f"{left!r} is not an item of this question")
            if right is None:
                continue
            if not isinstance(right, str) or right not in rights:
                raise ResponseError(f"{right!r} is not an option of this question")
            out[left] = right
        return out
    if kind == "ordering":
        if isinstance(response, str | bytes | Mapping | set | frozenset) or not (
            isinstance(response, Iterable)
        ):
            raise ResponseError("an ordering question takes a list of item texts")
        order = tuple(response)
        where = _derived(spec)["where"]
        if len(where) == len(spec.items):  # distinct items: a set check suffices
            ok = (
                len(order) == len(where)
                and all(isinstance(item, str) and item in where for item in order)
                and len(set(order)) == len(order)
            )
        else:
            ok = sorted(order, key=repr) == sorted(spec.items, key=repr)
        if not ok:
            raise ResponseError("the response must list every item exactly once")
        return order
    if kind == "essay":
        if not isinstance(response, str):
            raise ResponseError("an essay question takes text")
        return response
    # description
    raise ResponseError("a description takes no response")


# ------------------------------------------------------------------------- grading


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return low if value < low else high if value > high else value


def _best_shortanswer(spec: QuestionSpec, typed: str) -> AnswerSpec | None:
    typed = normalize_text(typed, case_sensitive=spec.case_sensitive)
    best: AnswerSpec | None = None
    for answer in spec.answers:
        if (best is None or answer.fraction > best.fraction) and _matches(
            answer.text, typed, spec.case_sensitive
        ):
            best = answer
    return best


def _first_numerical(spec: QuestionSpec, response: Any) -> AnswerSpec | None:
    number = parse_number(response)
    if number is None:
        return None
    for answer in spec.answers:
        if _numeric_matches(answer, number):
            return answer
    return None


def _longest_increasing(positions: list[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []
    for pos in positions:
        i = bisect.bisect_left(tails, pos)
        if i == len(tails):
            tails.append(pos)
        else:
            tails[i] = pos
    return len(tails)


def grade(spec: QuestionSpec, response: Any) -> Decimal | None:
    """The fraction of ``spec``'s marks that ``response`` earns (see module docstring).

    >>> from decimal import Decimal
    >>> tf = QuestionSpec(kind="truefalse", name="t", text="1+1=2", correct=True)
    >>> grade(tf, True), grade(tf, False), grade(tf, None)
    (Decimal('1'), Decimal('0'), Decimal('0'))
    """
    kind = spec.kind
    if kind in MANUAL_KINDS:
        if response is not None:
            check_response(spec, response)
        return None
    response = check_response(spec, response)
    if response is None:
        return ZERO
    if kind == "truefalse":
        return ONE if response is spec.correct else ZERO
    if kind == "multichoice":
        return _clamp(spec.answers[response].fraction, MINUS_ONE, ONE)
    if kind == "multiresponse":
        total = ZERO
        for index in response:
            total = _CTX.add(total, spec.answers[index].fraction)
        return _clamp(total, ZERO, ONE)
    if kind == "shortanswer":
        best = _best_shortanswer(spec, response)
        return ZERO if best is None else _clamp(best.fraction, ZERO, ONE)
    if kind == "numerical":
        first = _first_numerical(spec, response)
        return ZERO if first is None else _clamp(first.fraction, ZERO, ONE)
    if kind == "matching":
        real = _derived(spec)["real"]
        if not real:
            return ZERO
        right_ok = sum(1 for left, right in real if response.get(left) == right)
        return _CTX.divide(Decimal(right_ok), Decimal(len(real)))
    if kind == "ordering":
        n = len(spec.items)
        if n == 0:
            return ZERO
        where = _derived(spec)["where"]
        longest = _longest_increasing([where[item] for item in response])
        if n == 1:
            return ONE
        if longest < 2:
            return ZERO
        return _CTX.divide(Decimal(longest), Decimal(n))
    raise AssertionError(f"unhandled kind {kind}")  # pragma: no cover


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def feedback_for(spec: QuestionSpec, response: Any) -> str:
    """Feedback to show for ``response``: the chosen/matched answers' feedback, then
    the question's general feedback (paragraphs separated by a blank line)."""
    response = check_response(spec, response) if spec.kind != "description" else None
    specific = ""
    if response is not None:
        kind = spec.kind
        if kind == "truefalse":
            specific = spec.feedback_true if response else spec.feedback_false
        elif kind == "multichoice":
            specific = spec.answers[response].feedback
        elif kind == "multiresponse":
            chosen = [spec.answers[i].feedback for i in sorted(response)]
            specific = "\n".join(f for f in chosen if f)
        elif kind == "shortanswer":
            best = _best_shortanswer(spec, response)
            specific = best.feedback if best else ""
        elif kind == "numerical":
            first = _first_numerical(spec, response)
            specific = first.feedback if first else ""
    return _join(specific, spec.general_feedback)


def correct_response(spec: QuestionSpec) -> Any:
    """A response that earns the most marks, for review pages ("the right answer").

    truefalse -> bool; multichoice -> index of the best answer; multiresponse ->
    frozenset of the indexes with a positive fraction; shortanswer -> the best accepted
    answer's text (wildcards removed); numerical -> the best answer's value as text
    (``"low..high"`` for a range); matching -> dict; ordering -> tuple of items;
    essay/description -> None.
    """
    kind = spec.kind
    if kind == "truefalse":
        return spec.correct
    if kind in {"multichoice", "shortanswer", "numerical"}:
        if not spec.answers:
            return None
        best_index = max(
            range(len(spec.answers)), key=lambda i: (spec.answers[i].fraction, -i)
        )
        if kind == "multichoice":
            return best_index
        text = spec.answers[best_index].text
        return _strip_wildcards(text) if kind == "shortanswer" else text
    if kind == "multiresponse":
        return frozenset(i for i, a in enumerate(spec.answers) if a.fraction > 0)
    if kind == "matching":
        return {left: right for left, right in spec.pairs if left}
    if kind == "ordering":
        return tuple(spec.items)
    return None


def random_guess_score(spec: QuestionSpec) -> Decimal | None:
    """The expected fraction for a blind guess (Moodle's "random guess score").

    truefalse 0.5; multichoice the mean of all answers' fractions; shortanswer and
    numerical the fraction of a ``*`` catch-all answer, else 0; matching
    1 / number of options; ``None`` where Moodle gives none or the engine cannot say
    (multiresponse, ordering, essay, description).
    """
    kind = spec.kind
    if kind == "truefalse":
        return Decimal("0.5")
    if kind == "multichoice":
        if not spec.answers:
            return None
        total = sum((a.fraction for a in spec.answers), ZERO)
        return _CTX.divide(total, Decimal(len(spec.answers)))
    if kind in {"shortanswer", "numerical"}:
        return next((a.fraction for a in spec.answers if a.text == "*"), ZERO)
    if kind == "matching":
        options = {right for _, right in spec.pairs}
        return _CTX.divide(ONE, Decimal(len(options))) if options else None
    return None


# ------------------------------------------------------------- JSON round-tripping


def response_to_json(spec: QuestionSpec, response: Any) -> Any:
    """A JSON-serialisable form of a (valid) response, for storage.

    Sets become sorted lists, tuples become lists, Decimals become strings.
    """
    response = check_response(spec, response) if spec.kind != "description" else None
    if response is None:
        return None
    if spec.kind == "multiresponse":
        return sorted(response)
    if spec.kind == "ordering":
        return list(response)
    if spec.kind == "numerical" and not isinstance(response, str):
        number = parse_number(response)
        if number is None:  # NaN, infinity or an absurd size: a wrong answer
            return "" if isinstance(response, int) else str(response)
        return str(number)
    return response


def response_from_json(spec: QuestionSpec, data: Any) -> Any:
    """The inverse of :func:`response_to_json`; validates like check_response()."""
    if data is None:
        return None
    if spec.kind == "multiresponse" and isinstance(data, list):
        return check_response(spec, frozenset(data))
    if spec.kind == "ordering" and isinstance(data, list):
        return check_response(spec, tuple(data))
    return check_response(spec, data)
