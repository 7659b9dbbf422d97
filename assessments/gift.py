"""GIFT (Moodle's plain-text question format): parse to and dump from QuestionSpec.

Pure Python, no Django.

* :func:`parse_gift` reads a whole file. With ``strict=True`` (the default) any bad
  question makes it raise :class:`GiftError`, which lists *every* problem with its line
  number, so nothing is half-imported. :func:`parse_gift_lenient` returns the good
  questions and the problems instead.
* :func:`dump_gift` writes specs back; ``parse_gift(dump_gift(specs)) == specs`` for
  every kind (the names must be non-empty, as parsing always produces them).

The dialect is Moodle's (question/format/gift): blank lines separate questions,
``//`` starts a comment line, ``$CATEGORY: path``, ``::title::``, a format marker
``[html]``/``[moodle]``/``[plain]``/``[markdown]`` before the text, answers in one
``{...}`` block (text after the block makes it a missing-word question whose text
shows ``_____``), ``~``/``=`` choices, ``%n%`` weights, ``#`` answer feedback,
``####`` general feedback, ``{T}``/``{TRUE}``/``{F}``/``{FALSE}`` with ``#wrong#right``
feedback, short answers ``{=a =%50%b}``, numerical ``{#a:t}``, ``{#a..b}``,
``{#=a:t =%50%b:t ~#feedback for anything else}``, matching ``{=a -> b =c -> d}``,
essay ``{}``, description (no block), and the escapes ``\\~ \\= \\# \\{ \\}
\\: \\\\`` and ``\\n`` (newline).

Two extensions, documented in docs/assessments.md:

* ordering: ``{>first >second >third}`` lists the items in their correct order; ``\\>``
  is a literal ``>`` (Moodle's GIFT has no ordering questions).
* ``=%n%answer`` in a choice question gives that ``=`` answer the weight ``n`` instead
  of 100%.

Every problem has a stable ``code`` and a message in English and in Simplified
Chinese, so the Django layer can show either without this module importing Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from .specs import AnswerSpec, QuestionSpec

__all__ = [
    "BLANK",
    "GiftError",
    "GiftProblem",
    "dump_gift",
    "parse_gift",
    "parse_gift_lenient",
]

#: What a missing-word question shows where its answer block was.
BLANK = "_____"

# ---------------------------------------------------------------- problems

_MESSAGES: dict[str, tuple[str, str]] = {
    "unclosed_brace": (
        "The answer block opened with '{' is never closed with '}'.",
        "答案部分以“{”开始，但缺少结束的“}”。",
    ),
    "unexpected_brace": (
        "A '}' appears without an opening '{'.",
        "出现了“}”，但前面没有对应的“{”。",
    ),
    "nested_brace": (
        "An answer block cannot contain another '{'. Write \\{ for a literal brace.",
        "答案部分里不能再出现“{”。如需显示花括号，请写成 \\{。",
    ),
    "extra_block": (
        "A question can have only one answer block {...}.",
        "每道题只能有一个答案部分 {...}。",
    ),
    "unclosed_title": (
        "The title starting with '::' is not closed with '::'.",
        "以“::”开始的题目名称缺少结束的“::”。",
    ),
    "empty_question": (
        "The question has no text.",
        "这道题没有题干。",
    ),
    "too_few_answers": (
        "This question needs at least {min} answers.",
        "这道题至少需要 {min} 个答案。",
    ),
    "empty_answer": (
        "An answer is empty.",
        "有一个答案是空的。",
    ),
    "bad_weight": (
        "The weight '{weight}' is not a percentage between -100 and 100, like %50%.",
        "分值“{weight}”不是 -100 到 100 之间的百分数（例如 %50%）。",
    ),
    "no_full_marks": (
        "No answer is worth 100%. Mark the right answer with '=' or a %100% weight.",
        "没有得满分（100%）的答案。请用“=”或 %100% 标出正确答案。",
    ),
    "weights_not_100": (
        "In a multiple-response question the positive weights must add up to 100% "
        "(they add up to {total}%).",
        "多选题中正分值之和必须为 100%（现在是 {total}%）。",
    ),
    "bad_number": (
        "'{value}' is not a number.",
        "“{value}”不是数字。",
    ),
    "bad_tolerance": (
        "The tolerance '{value}' must be a number of 0 or more.",
        "误差范围“{value}”必须是大于或等于 0 的数字。",
    ),
    "bad_range": (
        "In the range '{value}' the first number must not be larger than the second.",
        "在范围“{value}”中，第一个数不能大于第二个数。",
    ),
    "matching_format": (
        "Each matching pair must look like '=left -> right'.",
        "每个配对都必须写成“=左边 -> 右边”。",
    ),
    "too_few_pairs": (
        "A matching question needs at least 2 pairs.",
        "配对题至少需要 2 组配对。",
    ),
    "duplicate_item": (
        "'{value}' appears twice.",
        "“{value}”出现了两次。",
    ),
    "nul_character": (
        "This question contains a character that cannot be stored (an invisible NUL "
        "character, code 0, or the replacement character \ufffd). Save the file "
        "again as plain UTF-8 text.",
        "这道题里有一个无法保存的字符（看不见的空字符，代码 0，或替换字符 \ufffd）。"
        "请把文件重新保存为 UTF-8 纯文本。",
    ),
    "too_few_items": (
        "An ordering question needs at least 2 items.",
        "排序题至少需要 2 项。",
    ),
}


@dataclass(frozen=True)
class GiftProblem:
    """One problem in a GIFT file: where (1-based line), what (stable code), and why."""

    line: int
    code: str
    message_en: str
    message_zh: str
    excerpt: str = ""  # the start of the offending question, to help find it

    @property
    def message(self) -> str:
        return self.message_en

    def __str__(self) -> str:
        return f"line {self.line}: {self.message_en}"


def _fill(template: str, params: dict[str, object]) -> str:
    # Not str.format: the messages themselves show GIFT's braces.
    for key, value in params.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def _problem(line: int, code: str, excerpt: str = "", **params: object) -> GiftProblem:
    en, zh = _MESSAGES[code]
    return GiftProblem(
        line=line,
        code=code,
        message_en=_fill(en, params),
        message_zh=_fill(zh, params),
        excerpt=excerpt,
    )


class GiftError(ValueError):
    """The GIFT text has problems; ``problems`` lists all of them, in line order."""

    def __init__(self, problems: Iterable[GiftProblem]):
        self.problems: list[GiftProblem] = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))


class _Bad(Exception):
    def __init__(self, problem: GiftProblem):
        self.problem = problem


# ----------------------------------------------------------------- escapes

# Escaped characters become private-use placeholders while the text is split on the
# real control characters, then turn back into the characters themselves.
_ESCAPABLE = "\\~=#{}:>n"
_PLACEHOLDER = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPABLE)}
_RESTORE = {ord(ph): ("\n" if ch == "n" else ch) for ch, ph in _PLACEHOLDER.items()}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:>n])")
_FORMAT_RE = re.compile(r"^\[(moodle|html|plain|markdown)\]")
_WEIGHT_RE = re.compile(r"^%\s*(-?\d+(?:\.\d+)?)\s*%")
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def _protect(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _PLACEHOLDER[m.group(1)], text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _clean(text: str) -> str:
    """A parsed text piece: placeholders restored, a format marker dropped, trimmed."""
    text = text.strip()
    text = _FORMAT_RE.sub("", text, count=1)
    return _restore(text).strip()


# ------------------------------------------------------------------ parsing


@dataclass
class _Chunk:
    lines: list[tuple[int, str]] = field(default_factory=list)


def _chunks(text: str) -> list[_Chunk]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    chunks: list[_Chunk] = []
    current = _Chunk()
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == "":
            if current.lines:
                chunks.append(current)
                current = _Chunk()
            continue
        current.lines.append((number, line))
    if current.lines:
        chunks.append(current)
    return chunks


def parse_gift_lenient(text: str) -> tuple[list[QuestionSpec], list[GiftProblem]]:
    """Parse ``text``; return the good questions and the problems of the bad ones."""
    specs: list[QuestionSpec] = []
    problems: list[GiftProblem] = []
    category = ""
    for chunk in _chunks(text):
        lines = list(chunk.lines)
        nul = next((n for n, line in lines if "\x00" in line or "\ufffd" in line), None)
        if nul is not None:
            # Databases cannot store NUL (PostgreSQL refuses it in text); uploads are
            # kept with NUL as U+FFFD (services.gift_preview): it fails the same way.
            excerpt = _restore(
                lines[0][1].replace("\x00", "").replace("\ufffd", "").strip()
            )[:60]
            problems.append(_problem(nul, "nul_character", excerpt))
            continue
        # Comment lines are blanked (keeping line numbers); $CATEGORY lines set the
        # category for the questions that follow.
        body: list[tuple[int, str]] = []
        comments: list[str] = []
        for number, line in lines:
            stripped = line.strip()
            if stripped.startswith("//"):
                comments.append(stripped)
                continue
            if stripped.startswith("$CATEGORY:") and not body:
                category = _restore(_protect(stripped[len("$CATEGORY:") :])).strip()
                continue
            body.append((number, line))
        if not body:
            continue
        first = body[0][0]
        # Re-insert blank lines for skipped ones so offsets map back to line numbers.
        raw_lines: list[str] = []
        expected = first
        for number, line in body:
            raw_lines.extend([""] * (number - expected))
            raw_lines.append(line)
            expected = number + 1
        raw = "\n".join(raw_lines)
        try:
            spec = _parse_question(raw, first, category)
            idnumber, tags = _id_and_tags("\n".join(comments))
            if idnumber or tags:
                spec = replace(spec, idnumber=idnumber, tags=tags)
            specs.append(spec)
        except _Bad as bad:
            problems.append(bad.problem)
    return specs, problems


# Moodle 3.6+: "// [id:Q1] [tag:表格] [tag:统计]" in a question's comment lines.
_BRACKET_STOP = re.compile(r"[\x00-\x1f\]]")


def _bracketed(comments: str, opener: str) -> list[str]:
    """Every ``[opener...]`` value in ``comments``, in one left-to-right pass.

    ``\\]`` is a literal "]"; a value ends at the first unescaped "]" and cannot span
    a control character (a line break). A regular expression here re-scanned the
    rest of the text from every unclosed opener, which was quadratic.
    """
    values: list[str] = []
    i = 0
    while True:
        start = comments.find(opener, i)
        if start < 0:
            return values
        begin = j = start + len(opener)
        while True:
            stop = _BRACKET_STOP.search(comments, j)
            if stop is None:
                end, closed = len(comments), False
                break
            end = stop.start()
            if comments[end] == "]" and end > begin and comments[end - 1] == "\\":
                j = end + 1  # an escaped "]" is part of the value
                continue
            closed = comments[end] == "]"
            break
        value = comments[begin:end].replace("\\]", "]")
        if closed and value:
            values.append(value)
            i = end + 1
        else:
            # Resume where this scan stopped: an opener inside the scanned part
            # would stop at the same place, so each character is read once.
            i = max(end, start + 1)


def _id_and_tags(comments: str) -> tuple[str, tuple[str, ...]]:
    ids = _bracketed(comments, "[id:")
    idnumber = ids[0].strip() if ids else ""
    tags: list[str] = []
    for raw in _bracketed(comments, "[tag:"):
        tag = raw.strip()
        if tag and tag not in tags:
            tags.append(tag)
    return idnumber, tuple(tags)


def parse_gift(text: str, *, strict: bool = True) -> list[QuestionSpec]:
    """Parse a GIFT file into specs, in file order.

    ``strict=True``: raise :class:`GiftError` listing every problem if any question is
    bad (so a caller imports all or nothing). ``strict=False``: return only the good
    questions (use :func:`parse_gift_lenient` to also see what was skipped).
    """
    specs, problems = parse_gift_lenient(text)
    if problems and strict:
        raise GiftError(problems)
    return specs


def _strip_tags(text: str) -> str:
    """Drop ``<...>`` tags in one pass (an unclosed "<" keeps the rest as text).

    The regular expression ``<[^>]*>`` rescanned to the end from every unclosed
    "<", which was quadratic on text full of "<".
    """
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        lt = text.find("<", i)
        if lt < 0:
            out.append(text[i:])
            break
        gt = text.find(">", lt + 1)
        if gt < 0:
            out.append(text[i:])  # no ">" anywhere after: nothing more to strip
            break
        out.append(text[i:lt])
        out.append(" ")
        i = gt + 1
    return "".join(out)


_WORD_RE = re.compile(r"\S+")


def _default_name(text: str, line: int) -> str:
    # Only the first 40 characters are kept: collect words until past them rather
    # than splitting a huge text into a list of all its words.
    words: list[str] = []
    length = -1
    for word in _WORD_RE.finditer(_strip_tags(text)):
        words.append(word.group())
        length += len(words[-1]) + 1
        if length > 41:
            break
    plain = " ".join(words)
    if not plain:
        return f"question-{line}"
    return plain if len(plain) <= 40 else plain[:40].rstrip() + "…"


def _split_markers(text: str, markers: str) -> list[tuple[str | None, str, int]]:
    """Split at each marker character: (marker or None for a leading piece, piece,
    offset of the piece in ``text``). A blank leading piece is dropped."""
    out: list[tuple[str | None, str, int]] = []
    positions = [i for i, ch in enumerate(text) if ch in markers]
    head_end = positions[0] if positions else len(text)
    if text[:head_end].strip():
        out.append((None, text[:head_end], 0))
    for j, pos in enumerate(positions):
        end = positions[j + 1] if j + 1 < len(positions) else len(text)
        out.append((text[pos], text[pos + 1 : end], pos + 1))
    return out


def _parse_question(raw: str, first_line: int, category: str) -> QuestionSpec:
    text = _protect(raw)
    excerpt = _restore(raw.strip())[:60]

    def line_at(pos: int) -> int:
        return first_line + text.count("\n", 0, max(pos, 0))

    def bad(pos: int, code: str, **params: object) -> _Bad:
        return _Bad(_problem(line_at(pos), code, excerpt, **params))

    pos = len(text) - len(text.lstrip())
    question_line = line_at(pos)
    name: str | None = None
    if text.startswith("::", pos):
        end = text.find("::", pos + 2)
        if end < 0:
            raise bad(pos, "unclosed_title")
        name = _restore(text[pos + 2 : end]).strip()
        pos = end + 2
    body = text[pos:]
    body_offset = pos

    opening = body.find("{")
    closing = body.find("}")
    answer_text: str | None = None
    if opening < 0 and closing < 0:
        question_text = body
    elif opening < 0 or (0 <= closing < opening):
        raise bad(body_offset + closing, "unexpected_brace")
    elif closing < 0:
        raise bad(body_offset + opening, "unclosed_brace")
    else:
        nested = body.find("{", opening + 1, closing)
        if nested >= 0:
            raise bad(body_offset + nested, "nested_brace")
        after = body[closing + 1 :]
        for ch in "{}":
            extra = after.find(ch)
            if extra >= 0:
                raise bad(body_offset + closing + 1 + extra, "extra_block")
        answer_text = body[opening + 1 : closing]
        before = body[:opening]
        question_text = before + BLANK + after if after.strip() else before

    question_text = question_text.strip()
    text_format = "moodle"
    marker = _FORMAT_RE.match(question_text)
    if marker:
        text_format = marker.group(1)
        question_text = question_text[marker.end() :]
    question_text = _restore(question_text).strip()
    if not question_text:
        raise bad(pos, "empty_question")
    if not name:
        name = _default_name(question_text, question_line)

    common = {
        "name": name,
        "text": question_text,
        "text_format": text_format,
        "category": category,
        "line": question_line,
    }
    if answer_text is None:
        return QuestionSpec(kind="description", **common)

    block_offset = body_offset + opening + 1
    general_feedback = ""
    gf_at = answer_text.rfind("####")
    if gf_at >= 0:
        general_feedback = _clean(answer_text[gf_at + 4 :])
        answer_text = answer_text[:gf_at]
    common["general_feedback"] = general_feedback
    lead = len(answer_text) - len(answer_text.lstrip())
    block = answer_text.strip()
    block_offset += lead

    def weight(piece: str, piece_offset: int) -> tuple[Decimal | None, str]:
        stripped = piece.lstrip()
        if not stripped.startswith("%"):
            return None, piece
        match = _WEIGHT_RE.match(stripped)
        if not match:
            shown = _restore(stripped.split()[0] if stripped.split() else stripped)
            raise bad(block_offset + piece_offset, "bad_weight", weight=shown[:20])
        value = Decimal(match.group(1))
        if not Decimal(-100) <= value <= Decimal(100):
            raise bad(block_offset + piece_offset, "bad_weight", weight=match.group(0))
        return value.scaleb(-2), stripped[match.end() :]

    def text_and_feedback(piece: str) -> tuple[str, str]:
        answer, _sep, feedback = piece.partition("#")
        return _clean(answer), _clean(feedback)

    if block == "":
        return QuestionSpec(kind="essay", **common)

    if block[0] == "#":
        return _numerical(block[1:], block_offset + 1, common, bad, weight)

    if block[0] == ">":
        items: list[str] = []
        for _marker, piece, offset in _split_markers(block, ">"):
            item = _clean(piece)
            if not item:
                raise bad(block_offset + offset, "empty_answer")
            if item in items:
                raise bad(block_offset + offset, "duplicate_item", value=item)
            items.append(item)
        if len(items) < 2:
            raise bad(block_offset, "too_few_items")
        return QuestionSpec(kind="ordering", items=tuple(items), **common)

    if "~" in block:
        answers: list[AnswerSpec] = []
        single = "=" in block
        for marker_char, piece, offset in _split_markers(block, "~="):
            w, rest = weight(piece, offset)
            if w is None:
                w = Decimal(1) if marker_char == "=" else Decimal(0)
            answer, feedback = text_and_feedback(rest)
            if not answer:
                raise bad(block_offset + offset, "empty_answer")
            answers.append(AnswerSpec(text=answer, fraction=w, feedback=feedback))
        if len(answers) < 2:
            raise bad(block_offset, "too_few_answers", min=2)
        if single:
            if max(a.fraction for a in answers) != 1:
                raise bad(block_offset, "no_full_marks")
            return QuestionSpec(kind="multichoice", answers=tuple(answers), **common)
        positive = sum((a.fraction for a in answers if a.fraction > 0), Decimal(0))
        if positive == 0:
            raise bad(block_offset, "no_full_marks")
        if abs(positive - 1) > Decimal("0.001"):
            total = format((positive * 100).normalize(), "f")
            raise bad(block_offset, "weights_not_100", total=total)
        return QuestionSpec(kind="multiresponse", answers=tuple(answers), **common)

    if "=" in block and "->" in block:
        pairs: list[tuple[str, str]] = []
        seen: set[str] = set()
        for _marker, piece, offset in _split_markers(block, "="):
            left, arrow, right = piece.partition("->")
            if not arrow:
                raise bad(block_offset + offset, "matching_format")
            left, right = _clean(left), _clean(right)
            if not right:
                raise bad(block_offset + offset, "empty_answer")
            if left and left in seen:
                raise bad(block_offset + offset, "duplicate_item", value=left)
            seen.add(left)
            pairs.append((left, right))
        if sum(1 for left, _ in pairs if left) < 2:
            raise bad(block_offset, "too_few_pairs")
        return QuestionSpec(kind="matching", pairs=tuple(pairs), **common)

    head = block.split("#", 1)[0].strip()
    if head in ("T", "TRUE", "F", "FALSE"):
        parts = block.split("#", 2)
        wrong = _clean(parts[1]) if len(parts) > 1 else ""
        right = _clean(parts[2]) if len(parts) > 2 else ""
        correct = head in ("T", "TRUE")
        return QuestionSpec(
            kind="truefalse",
            correct=correct,
            feedback_true=right if correct else wrong,
            feedback_false=wrong if correct else right,
            **common,
        )

    answers = []
    for _marker, piece, offset in _split_markers(block, "="):
        w, rest = weight(piece, offset)
        answer, feedback = text_and_feedback(rest)
        if not answer:
            raise bad(block_offset + offset, "empty_answer")
        answers.append(
            AnswerSpec(
                text=answer,
                fraction=Decimal(1) if w is None else w,
                feedback=feedback,
            )
        )
    if not answers:
        raise bad(block_offset, "too_few_answers", min=1)
    if max(a.fraction for a in answers) != 1:
        raise bad(block_offset, "no_full_marks")
    return QuestionSpec(kind="shortanswer", answers=tuple(answers), **common)


def _decimal(token: str) -> Decimal | None:
    """A number as written in GIFT: plain digits, optional sign, point and exponent,
    within the sizes the scoring engine accepts (10^±1000, 60 significant digits)."""
    token = token.strip()
    if not _NUMBER_RE.match(token):
        return None
    try:
        number = Decimal(token)
    except InvalidOperation:  # pragma: no cover - the regex only lets numbers through
        return None
    if number and (
        not -1000 <= number.adjusted() <= 1000 or len(number.as_tuple().digits) > 60
    ):
        return None
    return number


def _numerical(
    block: str, block_offset: int, common: dict, bad, weight
) -> QuestionSpec:
    wrong_feedback: str | None = None
    tilde = block.find("~")
    if tilde >= 0:
        _ignored, _sep, wrong_feedback = block[tilde + 1 :].partition("#")
        wrong_feedback = _clean(wrong_feedback)
        block = block[:tilde]
    answers: list[AnswerSpec] = []
    for _marker, piece, offset in _split_markers(block, "="):
        w, rest = weight(piece, offset)
        value, _sep, feedback = rest.partition("#")
        value = _restore(value).strip()
        feedback = _clean(feedback)
        fraction = Decimal(1) if w is None else w
        where = block_offset + offset
        if value == "*":
            answers.append(AnswerSpec(text="*", fraction=fraction, feedback=feedback))
            continue
        if ".." in value and value.index("..") > 0:
            low_text, high_text = value.split("..", 1)
            low, high = _decimal(low_text), _decimal(high_text)
            if low is None or high is None:
                raise bad(where, "bad_number", value=value)
            if low > high:
                raise bad(where, "bad_range", value=value)
            answers.append(
                AnswerSpec(
                    text=f"{low}..{high}",
                    fraction=fraction,
                    feedback=feedback,
                    low=low,
                    high=high,
                )
            )
            continue
        tolerance = None
        if ":" in value:
            value, tol_text = (v.strip() for v in value.split(":", 1))
            tolerance = _decimal(tol_text)
            if tolerance is None or tolerance < 0:
                raise bad(where, "bad_tolerance", value=tol_text)
        if _decimal(value) is None:
            raise bad(where, "bad_number", value=value or "?")
        answers.append(
            AnswerSpec(
                text=value, fraction=fraction, feedback=feedback, tolerance=tolerance
            )
        )
    if not answers:
        raise bad(block_offset, "too_few_answers", min=1)
    if max(a.fraction for a in answers) != 1:
        raise bad(block_offset, "no_full_marks")
    if wrong_feedback is not None:
        answers.append(
            AnswerSpec(text="*", fraction=Decimal(0), feedback=wrong_feedback)
        )
    return QuestionSpec(kind="numerical", answers=tuple(answers), **common)


# ------------------------------------------------------------------ dumping


def _esc(text: str, extra: str = "") -> str:
    out = text.replace("\\", "\\\\")
    for ch in "~=#{}:" + extra:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _esc_piece(text: str, fmt: str, extra: str = "") -> str:
    """Escape a text inside the answer block.

    A leading literal '[html]' is protected by the question's own marker, and '->' is
    written '-\\>' so that it cannot turn the block into a matching question.
    """
    prefix = f"[{fmt}]" if _FORMAT_RE.match(text) else ""
    return prefix + _esc(text, extra).replace("->", "-\\>")


def _pct(fraction: Decimal) -> str:
    return "%" + format((fraction * 100).normalize(), "f") + "%"


def _weighted(answer: AnswerSpec, default: Decimal, fmt: str) -> str:
    text = _esc_piece(answer.text, fmt)
    needs_weight = answer.fraction != default or text.startswith("%")
    out = (_pct(answer.fraction) if needs_weight else "") + text
    if answer.feedback:
        out += " #" + _esc_piece(answer.feedback, fmt)
    return out


def _block(spec: QuestionSpec) -> str:
    fmt = spec.text_format
    kind = spec.kind
    lines: list[str]
    if kind == "essay":
        lines = []
    elif kind == "truefalse":
        if spec.correct is None:
            raise ValueError(f"true/false question {spec.name!r} has no correct answer")
        right = spec.feedback_true if spec.correct else spec.feedback_false
        wrong = spec.feedback_false if spec.correct else spec.feedback_true
        out = "TRUE" if spec.correct else "FALSE"
        if wrong or right:
            out += "#" + _esc_piece(wrong, fmt)
        if right:
            out += "#" + _esc_piece(right, fmt)
        lines = [out]
    elif kind == "multichoice":
        lines = []
        # A block needs one '~' to read back as a choice question: when every
        # answer is worth 100%, write the last one as '~%100%'.
        all_full = all(answer.fraction == 1 for answer in spec.answers)
        for i, answer in enumerate(spec.answers):
            if answer.fraction == 1 and not (all_full and i == len(spec.answers) - 1):
                lines.append("=" + _weighted(answer, Decimal(1), fmt))
            else:
                lines.append("~" + _weighted(answer, Decimal(0), fmt))
    elif kind == "multiresponse":
        lines = ["~" + _weighted(answer, Decimal(0), fmt) for answer in spec.answers]
    elif kind == "shortanswer":
        lines = ["=" + _weighted(answer, Decimal(1), fmt) for answer in spec.answers]
    elif kind == "numerical":
        lines = ["#"]
        answers = list(spec.answers)
        catch_all = None
        if answers and answers[-1].text == "*" and answers[-1].fraction == 0:
            catch_all = answers.pop()
        for answer in answers:
            if answer.low is not None and answer.high is not None:
                value = f"{answer.low}..{answer.high}"
            elif answer.tolerance is not None:
                value = f"{answer.text}:{answer.tolerance}"
            else:
                value = answer.text
            out = "=" + (_pct(answer.fraction) if answer.fraction != 1 else "") + value
            if answer.feedback:
                out += " #" + _esc_piece(answer.feedback, fmt)
            lines.append(out)
        if catch_all is not None:
            lines.append("~#" + _esc_piece(catch_all.feedback, fmt))
    elif kind == "matching":
        lines = [
            "="
            + (_esc_piece(left, fmt, ">") if left else "")
            + " -> "
            + _esc_piece(right, fmt)
            for left, right in spec.pairs
        ]
    elif kind == "ordering":
        lines = [">" + _esc_piece(item, fmt, ">") for item in spec.items]
    else:  # pragma: no cover - description has no block
        raise AssertionError(kind)
    if spec.general_feedback:
        lines.append("####" + _esc_piece(spec.general_feedback, fmt))
    if kind == "numerical" and len(lines) == 2 and lines[1].startswith("="):
        # The common single-answer form: {#3.14:0.005}
        single = spec.answers[0]
        if single.fraction == 1:
            return "{#" + lines[1][1:] + "}"
    if kind in {"truefalse", "essay"} or len(lines) <= 1:
        return "{" + "".join(lines) + "}"
    if kind == "numerical":
        return "{#\n\t" + "\n\t".join(lines[1:]) + "\n}"
    return "{\n\t" + "\n\t".join(lines) + "\n}"


def _dump_one(spec: QuestionSpec) -> str:
    head = f"::{_esc(spec.name)}::"
    meta = []
    if spec.idnumber:
        meta.append(f"[id:{_esc_meta(spec.idnumber)}]")
    meta.extend(f"[tag:{_esc_meta(tag)}]" for tag in spec.tags)
    if meta:
        head = "// " + " ".join(meta) + "\n" + head
    text = _esc(spec.text)
    if spec.text_format != "moodle" or _FORMAT_RE.match(spec.text):
        text = f"[{spec.text_format}]" + text
    if spec.kind == "description":
        return head + " " + text
    block = _block(spec)
    stripped = spec.text.rstrip()
    if spec.text.count(BLANK) == 1 and not stripped.endswith(BLANK):
        return head + " " + text.replace(BLANK, block, 1)
    return head + " " + text + " " + block


def _esc_meta(text: str) -> str:
    # Comment lines cannot hold line breaks; Moodle escapes only "]".
    return " ".join(text.split()).replace("]", "\\]")


def dump_gift(specs: Iterable[QuestionSpec]) -> str:
    """Write specs as GIFT, one question per paragraph, with ``$CATEGORY:`` lines
    whenever the category changes. Text is escaped so it reads back unchanged."""
    out: list[str] = []
    category = ""
    for spec in specs:
        if spec.category != category:
            out.append(f"$CATEGORY: {_esc(spec.category)}")
            category = spec.category
        out.append(_dump_one(spec))
    return "\n\n".join(out) + "\n" if out else ""
