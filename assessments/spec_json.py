"""QuestionSpec <-> JSON, losslessly.

The engine's frozen dataclasses hold Decimals and tuples; JSON has neither. Decimals are
stored as strings (so 0.333333 stays exactly what was written) and tuples as lists. The
conversion walks the dataclass fields, so a field the engine adds later is kept too.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from .scoring import AnswerSpec, QuestionSpec

_DECIMAL_FIELDS_Q = {"default_mark"}
_DECIMAL_FIELDS_A = {"fraction", "tolerance", "low", "high"}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def spec_to_json(spec: QuestionSpec) -> dict:
    """A JSON-safe dict for a QuestionSpec (Decimals as strings, tuples as lists)."""
    return _plain(spec)


def _answer_from_json(data: dict) -> AnswerSpec:
    names = {f.name for f in dataclasses.fields(AnswerSpec)}
    kwargs = {}
    for key, value in data.items():
        if key not in names:
            continue
        if key in _DECIMAL_FIELDS_A and value is not None:
            value = Decimal(value)
        kwargs[key] = value
    return AnswerSpec(**kwargs)


def spec_from_json(data: dict) -> QuestionSpec:
    """The QuestionSpec a spec_to_json dict came from (equal to the original)."""
    names = {f.name for f in dataclasses.fields(QuestionSpec)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        if key == "answers":
            value = tuple(_answer_from_json(a) for a in value)
        elif key == "pairs":
            value = tuple(tuple(p) for p in value)
        elif key == "items":
            value = tuple(value)
        elif key in _DECIMAL_FIELDS_Q and value is not None:
            value = Decimal(value)
        kwargs[key] = value
    return QuestionSpec(**kwargs)
