"""Question specifications: the frozen values the scoring engine and GIFT work on.

Pure Python, no Django. ``QuestionSpec`` and ``AnswerSpec`` are immutable and hashable
(tuples inside, ``Decimal`` numbers), so they can be cached, compared and used as keys.
``assessments.scoring`` re-exports both; import them from there.

Fractions are exact ``Decimal`` values in ``[-1, 1]``: GIFT's ``%50%`` is
``Decimal("0.5")`` and an ``=`` answer is ``Decimal(1)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "AUTO_KINDS",
    "KINDS",
    "MANUAL_KINDS",
    "TEXT_FORMATS",
    "AnswerSpec",
    "QuestionSpec",
]

KINDS: tuple[str, ...] = (
    "truefalse",
    "multichoice",
    "multiresponse",
    "shortanswer",
    "numerical",
    "matching",
    "ordering",
    "essay",
    "description",
)
#: Kinds the engine grades by itself.
AUTO_KINDS: frozenset[str] = frozenset(KINDS) - {"essay", "description"}
#: Kinds a person grades (essay) or nobody grades (description): ``grade()`` -> None.
MANUAL_KINDS: frozenset[str] = frozenset({"essay", "description"})
TEXT_FORMATS: tuple[str, ...] = ("moodle", "html", "plain", "markdown")


def _dec(value: object, field: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        raise TypeError(f"{field} must be a Decimal, got {type(value).__name__}")
    return Decimal(str(value))


@dataclass(frozen=True)
class AnswerSpec:
    """One answer of a question.

    ``text`` is the choice text (multichoice/multiresponse), an accepted answer
    (shortanswer, may contain the ``*`` wildcard; ``\\*`` is a literal star) or the
    numeric value as written (numerical; ``"low..high"`` for a range answer).
    """

    text: str
    fraction: Decimal
    feedback: str = ""
    tolerance: Decimal | None = None  # numerical "a:t"
    low: Decimal | None = None  # numerical range "a..b"
    high: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fraction", _dec(self.fraction, "fraction"))
        for name in ("tolerance", "low", "high"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _dec(value, name))
        if not Decimal(-1) <= self.fraction <= Decimal(1):
            raise ValueError(f"fraction {self.fraction} is outside [-1, 1]")

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the engine sees it (one version of a bank question).

    ``kind`` is one of :data:`KINDS`. Only the fields of that kind matter:
    truefalse uses ``correct``/``feedback_true``/``feedback_false``; multichoice,
    multiresponse, shortanswer and numerical use ``answers`` (in source order: response
    indexes refer to this order); matching uses ``pairs`` (a pair with an empty left
    text is a distractor: an extra right-hand option); ordering uses ``items`` (the
    correct order). ``line`` is the GIFT source line the question started on (0 if the
    question did not come from GIFT); it is not part of equality.
    """

    kind: str
    name: str
    text: str
    answers: tuple[AnswerSpec, ...] = ()
    correct: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    pairs: tuple[tuple[str, str], ...] = ()
    items: tuple[str, ...] = ()
    case_sensitive: bool = False
    general_feedback: str = ""
    text_format: str = "moodle"
    category: str = ""
    default_mark: Decimal = Decimal(1)
    line: int = 0
    idnumber: str = ""  # Moodle's question ID number, GIFT "// [id:...]"
    tags: tuple[str, ...] = ()  # GIFT "// [tag:...]", e.g. the shared skill areas

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown question kind {self.kind!r}")
        if self.text_format not in TEXT_FORMATS:
            raise ValueError(f"unknown text format {self.text_format!r}")
        # Accept lists from callers but store tuples so the spec stays hashable.
        object.__setattr__(self, "answers", tuple(self.answers))
        object.__setattr__(
            self, "pairs", tuple((str(a), str(b)) for a, b in self.pairs)
        )
        object.__setattr__(self, "items", tuple(self.items))
        if isinstance(self.tags, str):
            raise TypeError("tags must be a sequence of strings, not one string")
        object.__setattr__(self, "tags", tuple(self.tags))
        object.__setattr__(
            self, "default_mark", _dec(self.default_mark, "default_mark")
        )

    # ``line`` is provenance, not content: two specs that differ only in where they
    # were read from are the same question.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QuestionSpec):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple:
        return (
            self.kind,
            self.name,
            self.text,
            self.answers,
            self.correct,
            self.feedback_true,
            self.feedback_false,
            self.pairs,
            self.items,
            self.case_sensitive,
            self.general_feedback,
            self.text_format,
            self.category,
            self.default_mark,
            self.idnumber,
            self.tags,
        )

    @property
    def is_auto_graded(self) -> bool:
        return self.kind in AUTO_KINDS
