"""Between the browser, the database and the engine.

* ``shuffle_for(spec, rng, shuffle)`` picks the display order frozen in an attempt.
* ``display_for(spec, entry)`` builds what a question page may show: texts only — never
  fractions, feedback or which answer is right.
* ``response_from_form(spec, entry, data)`` turns POSTed fields (display indexes) into
  the engine's response shape (source indexes / texts); ``BadResponse`` when the fields
  cannot be an answer to this question.
* Stored JSON <-> engine response is the engine's ``response_to_json`` /
  ``response_from_json``.

No ORM here: ``entry`` is one element of ``Attempt.layout`` (a dict).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from .scoring import QuestionSpec


class BadResponse(ValueError):
    """The submitted fields are not a possible answer to this question."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


MAX_TEXT = 20_000


def right_options(spec: QuestionSpec) -> list[str]:
    seen: list[str] = []
    for _left, right in spec.pairs:
        if right not in seen:
            seen.append(right)
    return seen


def left_items(spec: QuestionSpec) -> list[str]:
    return [left for left, _right in spec.pairs if left]


def shuffle_for(spec: QuestionSpec, rng: random.Random, shuffle: bool) -> dict:
    """The display order to freeze for one question of an attempt."""
    out: dict[str, Any] = {}
    if spec.kind in ("multichoice", "multiresponse"):
        order = list(range(len(spec.answers)))
        if shuffle:
            rng.shuffle(order)
        out["order"] = order
    elif spec.kind == "matching":
        choices = list(range(len(right_options(spec))))
        rng.shuffle(choices)  # always: the source order would give the answer away
        out["order"] = choices
    elif spec.kind == "ordering":
        order = list(range(len(spec.items)))
        if len(order) > 1:
            for _ in range(10):
                rng.shuffle(order)
                if order != sorted(order):
                    break
        out["order"] = order
    return out


@dataclass
class Option:
    value: str
    text: str
    checked: bool = False


@dataclass
class MatchRow:
    index: int
    text: str
    selected: str = ""


@dataclass
class Display:
    kind: str
    text: str
    text_format: str
    options: list[Option] = field(default_factory=list)
    rows: list[MatchRow] = field(default_factory=list)
    choices: list[Option] = field(default_factory=list)
    value: str = ""


def display_for(spec: QuestionSpec, entry: dict, stored: Any) -> Display:
    """What a question page shows, with the person's saved answer filled in."""
    d = Display(kind=spec.kind, text=spec.text, text_format=spec.text_format)
    order = entry.get("order") or []
    if spec.kind == "truefalse":
        d.options = [
            Option("true", str(_("True")), stored is True),
            Option("false", str(_("False")), stored is False),
        ]
    elif spec.kind == "multichoice":
        d.options = [
            Option(str(i), spec.answers[src].text, stored == src)
            for i, src in enumerate(order)
        ]
    elif spec.kind == "multiresponse":
        chosen = set(stored or [])
        d.options = [
            Option(str(i), spec.answers[src].text, src in chosen)
            for i, src in enumerate(order)
        ]
    elif spec.kind == "matching":
        rights = right_options(spec)
        d.choices = [Option(str(i), rights[src]) for i, src in enumerate(order)]
        answer = stored if isinstance(stored, dict) else {}
        for i, left in enumerate(left_items(spec)):
            chosen_text = answer.get(left)
            selected = ""
            for opt in d.choices:
                if opt.text == chosen_text:
                    selected = opt.value
            d.rows.append(MatchRow(i, left, selected))
    elif spec.kind == "ordering":
        items = list(spec.items)
        if isinstance(stored, list) and sorted(stored) == sorted(items):
            current = list(stored)
        else:
            current = [items[src] for src in order]
        # Values are display indexes into the frozen shuffled order, not positions in
        # the correct order (which would give the answer away).
        shuffled = [items[src] for src in order]
        used: set[int] = set()
        for text in current:
            for i, t in enumerate(shuffled):
                if t == text and i not in used:
                    used.add(i)
                    d.options.append(Option(str(i), text))
                    break
    elif spec.kind in ("shortanswer", "numerical", "essay"):
        d.value = "" if stored is None else str(stored)
    return d


def _index(raw: str, size: int) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise BadResponse(_("That choice is not one of the answers.")) from None
    if not 0 <= value < size:
        raise BadResponse(_("That choice is not one of the answers."))
    return value


def response_from_form(spec: QuestionSpec, entry: dict, data) -> Any:
    """The engine response for POSTed fields; None when nothing was given.

    ``data`` is a QueryDict-like object (``get``/``getlist``).
    """
    order = entry.get("order") or []
    kind = spec.kind
    if kind == "truefalse":
        raw = data.get("answer", "")
        if raw == "":
            return None
        if raw not in ("true", "false"):
            raise BadResponse(_("Choose true or false."))
        return raw == "true"
    if kind == "multichoice":
        raw = data.get("answer", "")
        if raw == "":
            return None
        return order[_index(raw, len(order))]
    if kind == "multiresponse":
        raws = [r for r in data.getlist("answer") if r != ""]
        if not raws and data.get("answer-present") is None:
            return None
        return {order[_index(r, len(order))] for r in raws}
    if kind in ("shortanswer", "numerical", "essay"):
        raw = data.get("answer")
        if raw is None:
            return None
        if len(raw) > MAX_TEXT:
            raise BadResponse(_("The answer is too long."))
        return raw if raw.strip() else None
    if kind == "matching":
        rights = right_options(spec)
        lefts = left_items(spec)
        result: dict[str, str] = {}
        for i, left in enumerate(lefts):
            raw = data.get(f"match-{i}", "")
            if raw == "":
                continue
            result[left] = rights[order[_index(raw, len(order))]]
        for key in data:
            if key.startswith("match-"):
                _index(key[len("match-") :], len(lefts))
        return result or None
    if kind == "ordering":
        raws = data.getlist("item")
        if not raws:
            return None
        items = list(spec.items)
        shuffled = [items[src] for src in order]
        idx = [_index(r, len(shuffled)) for r in raws]
        if sorted(idx) != list(range(len(shuffled))):
            raise BadResponse(_("Put every item in the list exactly once."))
        move = data.get("move", "")
        if move:
            try:
                pos_s, direction = move.split(":", 1)
                pos = int(pos_s)
            except ValueError:
                raise BadResponse(_("That move is not possible.")) from None
            target = pos - 1 if direction == "up" else pos + 1
            if not (0 <= pos < len(idx) and 0 <= target < len(idx)):
                raise BadResponse(_("That move is not possible."))
            idx[pos], idx[target] = idx[target], idx[pos]
        return [shuffled[i] for i in idx]
    if kind == "description":
        return None
    raise BadResponse(_("This question cannot be answered."))
