"""GIFT import/export: every feature of Moodle's format, the ordering extension,
line-numbered problems, round trips and the shipped demo banks. No database."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessments.gift import (
    BLANK,
    GiftError,
    GiftProblem,
    dump_gift,
    parse_gift,
    parse_gift_lenient,
)
from assessments.scoring import AnswerSpec, QuestionSpec, grade

D = Decimal
DEMO = Path(__file__).resolve().parents[2] / "assessments" / "demo_data"


def one(text: str) -> QuestionSpec:
    specs = parse_gift(text)
    assert len(specs) == 1, specs
    return specs[0]


# ------------------------------------------------------------------ kinds


def test_multichoice_with_feedback():
    spec = one("::Q:: 首都是？ {=北京#对 ~上海#不对 ~广州}")
    assert spec.kind == "multichoice"
    assert spec.name == "Q"
    assert spec.text == "首都是？"
    assert spec.answers == (
        AnswerSpec("北京", D(1), "对"),
        AnswerSpec("上海", D(0), "不对"),
        AnswerSpec("广州", D(0)),
    )


def test_multichoice_on_several_lines():
    spec = one("::Q:: Pick {\n  =a # right\n  ~b # wrong\n}")
    assert [(x.text, x.fraction, x.feedback) for x in spec.answers] == [
        ("a", 1, "right"),
        ("b", 0, "wrong"),
    ]


def test_multichoice_partial_and_negative_weights():
    spec = one("Q {=a ~%50%b ~%-25%c ~%33.33333%d}")
    assert [x.fraction for x in spec.answers] == [
        D(1),
        D("0.5"),
        D("-0.25"),
        D("0.3333333"),
    ]


def test_weighted_equals_answer_extension():
    spec = one("Q {=%100%a =%50%b ~c}")
    assert spec.kind == "multichoice"
    assert [x.fraction for x in spec.answers] == [D(1), D("0.5"), D(0)]


def test_multiresponse_when_no_equals_sign():
    spec = one("Q {~%50%a ~%50%b ~%-100%c}")
    assert spec.kind == "multiresponse"
    assert grade(spec, {0, 1}) == 1
    assert grade(spec, {0, 2}) == 0


def test_multiresponse_thirds_accepted():
    spec = one("Q {~%33.33333%a ~%33.33333%b ~%33.33334%c ~d}")
    assert spec.kind == "multiresponse"


@pytest.mark.parametrize(
    ("block", "correct"),
    [
        pytest.param("{T}", True, id="T"),
        pytest.param("{TRUE}", True, id="TRUE"),
        pytest.param("{F}", False, id="F"),
        pytest.param("{FALSE}", False, id="FALSE"),
        pytest.param("{ TRUE }", True, id="spaces"),
    ],
)
def test_truefalse(block, correct):
    spec = one(f"::TF:: 地球是圆的 {block}")
    assert spec.kind == "truefalse"
    assert spec.correct is correct


def test_truefalse_feedback_is_wrong_then_right():
    # Moodle's rule: {TRUE#feedback when wrong#feedback when right}
    true_q = one("Q {TRUE#选错了#选对了}")
    assert (true_q.feedback_true, true_q.feedback_false) == ("选对了", "选错了")
    false_q = one("Q {FALSE#选错了#选对了}")
    assert (false_q.feedback_true, false_q.feedback_false) == ("选错了", "选对了")


def test_lowercase_true_is_a_short_answer_like_moodle():
    spec = one("Q {true}")
    assert spec.kind == "shortanswer"
    assert spec.answers[0].text == "true"


def test_shortanswer_several_answers_and_weights():
    spec = one("Who? {=no one =nobody#ok =%50%none#half}")
    assert spec.kind == "shortanswer"
    assert [(x.text, x.fraction, x.feedback) for x in spec.answers] == [
        ("no one", D(1), ""),
        ("nobody", D(1), "ok"),
        ("none", D("0.5"), "half"),
    ]


def test_missing_word_keeps_blank_marker():
    spec = one("::MW:: 透视表在{=插入}菜单里。")
    assert spec.kind == "shortanswer"
    assert spec.text == f"透视表在{BLANK}菜单里。"


def test_missing_word_multichoice():
    spec = one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert spec.text == f"Grant is {BLANK} in Grant's tomb."
    assert spec.kind == "multichoice"


def test_block_at_end_is_not_missing_word():
    assert one("Question? {=a}").text == "Question?"


def test_numerical_tolerance():
    spec = one("pi {#3.14:0.005}")
    assert spec.kind == "numerical"
    assert spec.answers == (AnswerSpec("3.14", D(1), tolerance=D("0.005")),)
    assert grade(spec, "3.145") == 1
    assert grade(spec, "3.1451") == 0


def test_numerical_exact():
    spec = one("n {#42}")
    assert spec.answers[0].tolerance is None
    assert grade(spec, "42") == 1
    assert grade(spec, "42.0001") == 0


def test_numerical_range():
    spec = one("n {#1..5}")
    answer = spec.answers[0]
    assert (answer.low, answer.high, answer.text) == (D(1), D(5), "1..5")
    assert grade(spec, "5") == 1


def test_numerical_negative_range():
    spec = one("n {#-5..-1.5}")
    assert (spec.answers[0].low, spec.answers[0].high) == (D(-5), D("-1.5"))


def test_numerical_several_answers_and_wrong_feedback():
    spec = one("When? {#\n=1822:0 #exact\n=%50%1822:2 #close\n~#not even close\n}")
    assert [(x.text, x.fraction, x.tolerance, x.feedback) for x in spec.answers] == [
        ("1822", D(1), D(0), "exact"),
        ("1822", D("0.5"), D(2), "close"),
        ("*", D(0), None, "not even close"),
    ]
    assert grade(spec, "1823") == D("0.5")
    assert grade(spec, "1700") == 0


def test_numerical_spaced_multiple_form():
    spec = one("n {# =2:0 =%50%2:1}")
    assert [x.fraction for x in spec.answers] == [D(1), D("0.5")]


def test_matching():
    spec = one("配对 {=求和 -> SUM =平均 -> AVERAGE = -> MAX}")
    assert spec.kind == "matching"
    assert spec.pairs == (("求和", "SUM"), ("平均", "AVERAGE"), ("", "MAX"))


def test_matching_right_side_may_contain_arrow():
    spec = one("m {=a -> b->c =d -> e}")
    assert spec.pairs[0] == ("a", "b->c")


def test_ordering_extension():
    spec = one("排序 {>打开表格 >选中数据 >插入透视表}")
    assert spec.kind == "ordering"
    assert spec.items == ("打开表格", "选中数据", "插入透视表")


def test_ordering_item_with_escaped_greater_than():
    spec = one("排序 {\n>打开 设置 \\> 通用\n>点 关于手机\n}")
    assert spec.items == ("打开 设置 > 通用", "点 关于手机")


@pytest.mark.parametrize(
    "block",
    [pytest.param("{}", id="empty"), pytest.param("{ }", id="space")],
)
def test_essay(block):
    spec = one(f"::E:: 写一段话 {block}")
    assert spec.kind == "essay"


def test_essay_with_general_feedback():
    spec = one("写 {####参考：要点三条}")
    assert (spec.kind, spec.general_feedback) == ("essay", "参考：要点三条")


def test_description():
    spec = one("::说明:: 下面的题目都关于表格。")
    assert spec.kind == "description"
    assert spec.text == "下面的题目都关于表格。"


# ---------------------------------------------------------------- features


def test_general_feedback_any_kind():
    spec = one("Q {=a ~b#fb ####整体反馈}")
    assert spec.general_feedback == "整体反馈"
    assert spec.answers[1].feedback == "fb"


def test_truefalse_with_answer_and_general_feedback():
    spec = one("Q {T#wrong#right####general}")
    assert (spec.feedback_false, spec.feedback_true, spec.general_feedback) == (
        "wrong",
        "right",
        "general",
    )


def test_comments_are_ignored_and_do_not_split_questions():
    text = "// header\n::A:: one\n// inside\n{=x}\n\n// lone comment\n\n::B:: two {T}"
    specs = parse_gift(text)
    assert [s.name for s in specs] == ["A", "B"]
    assert specs[0].text == "one"


def test_id_number_and_tags_from_comment_lines():
    text = (
        "// question: 12  name: exported by Moodle\n"
        "// [id:DA-01] [tag:表格] [tag:a \\] b] [tag:表格]\n"
        "::A:: a {T}\n\n"
        "// [tag:not mine: a blank line follows]\n\n"
        "::B:: b {T}"
    )
    first, second = parse_gift(text)
    assert first.idnumber == "DA-01"
    assert first.tags == ("表格", "a ] b")
    assert (second.idnumber, second.tags) == ("", ())


def test_tags_are_written_as_a_comment_line():
    spec = QuestionSpec(
        kind="truefalse",
        name="n",
        text="t",
        correct=True,
        idnumber="X1",
        tags=("数据",),
    )
    assert dump_gift([spec]) == "// [id:X1] [tag:数据]\n::n:: t {TRUE}\n"


def test_double_slash_inside_a_line_is_text():
    assert one("See http://example.com {T}").text == "See http://example.com"


def test_category_applies_to_following_questions():
    text = "::A:: a {T}\n\n$CATEGORY: 员工/数据分析\n\n::B:: b {T}\n\n::C:: c {F}"
    specs = parse_gift(text)
    assert [s.category for s in specs] == ["", "员工/数据分析", "员工/数据分析"]


def test_category_line_directly_above_a_question():
    specs = parse_gift("$CATEGORY: top/x\n::A:: a {T}")
    assert specs[0].category == "top/x"


@pytest.mark.parametrize("fmt", ["html", "moodle", "plain", "markdown"])
def test_text_formats(fmt):
    spec = one(f"::F::[{fmt}]**粗体** {{T}}")
    assert spec.text_format == fmt
    assert spec.text == "**粗体**"


def test_unknown_bracket_is_text():
    spec = one("[注意] 这是题干 {T}")
    assert (spec.text_format, spec.text) == ("moodle", "[注意] 这是题干")


def test_question_without_title_gets_a_name_from_its_text():
    spec = one("<p>打开   Excel 后，先做什么？</p> {T}")
    assert spec.name == "打开 Excel 后，先做什么？"


def test_long_untitled_question_name_is_shortened():
    spec = one("字" * 100 + " {T}")
    assert spec.name == "字" * 40 + "…"


def test_line_numbers_of_questions():
    text = "// c\n\n::A:: a {T}\n\n\n::B::\nb\n{F}\n"
    assert [s.line for s in parse_gift(text)] == [3, 6]


def test_windows_line_endings_and_bom():
    specs = parse_gift("\ufeff::A:: a {T}\r\n\r\n::B:: b {F}\r\n")
    assert [s.name for s in specs] == ["A", "B"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("a \\~ b", "a ~ b", id="tilde"),
        pytest.param("a \\= b", "a = b", id="equals"),
        pytest.param("a \\# b", "a # b", id="hash"),
        pytest.param("a \\{ b", "a { b", id="open-brace"),
        pytest.param("a \\} b", "a } b", id="close-brace"),
        pytest.param("a \\: b", "a : b", id="colon"),
        pytest.param("a \\n b", "a \n b", id="newline"),
        pytest.param("a \\\\ b", "a \\ b", id="backslash"),
        pytest.param("C\\:\\\\new", "C:\\new", id="backslash-before-n"),
        pytest.param("a \\> b", "a > b", id="greater-than-extension"),
        pytest.param("a \\x b", "a \\x b", id="unknown-escape-kept"),
    ],
)
def test_escapes_in_text_and_answers(source, expected):
    spec = one(f"::T\\:1:: {source} {{={source}#{source}}}")
    assert spec.name == "T:1"
    assert spec.text == expected
    assert spec.answers[0].text == expected.strip()
    assert spec.answers[0].feedback == expected.strip()


def test_escaped_control_chars_do_not_change_kind():
    spec = one("Q {=a \\~ b -\\> c}")
    assert spec.kind == "shortanswer"
    assert spec.answers[0].text == "a ~ b -> c"


# ----------------------------------------------------------------- problems

PROBLEMS = [
    pytest.param(
        "::A:: a {T}\n\n::B:: b {=x\n", 3, "unclosed_brace", id="unclosed-brace"
    ),
    pytest.param("::A:: a } {T}", 1, "unexpected_brace", id="unexpected-brace"),
    pytest.param("Q {=a {=b}}", 1, "nested_brace", id="nested-brace"),
    pytest.param("Q {=a} and {=b}", 1, "extra_block", id="two-blocks"),
    pytest.param("::Q a {T}", 1, "unclosed_title", id="unclosed-title"),
    pytest.param("::Q::", 1, "empty_question", id="title-only"),
    pytest.param("::Q:: {T}", 1, "empty_question", id="no-text"),
    pytest.param("Q {~a}", 1, "too_few_answers", id="one-choice"),
    pytest.param("Q {=a ~}", 1, "empty_answer", id="empty-choice"),
    pytest.param("Q {= =a}", 1, "empty_answer", id="empty-short-answer"),
    pytest.param("Q {~%abc%a =b}", 1, "bad_weight", id="bad-weight-text"),
    pytest.param("Q {~%150%a =b}", 1, "bad_weight", id="weight-over-100"),
    pytest.param("Q {~%-101%a =b}", 1, "bad_weight", id="weight-under-minus-100"),
    pytest.param("Q {=%50a}", 1, "bad_weight", id="unterminated-weight"),
    pytest.param("Q {~a ~b}", 1, "no_full_marks", id="choices-none-right"),
    pytest.param("Q {=%50%a}", 1, "no_full_marks", id="short-answer-none-full"),
    pytest.param("Q {~%50%a ~%20%b}", 1, "weights_not_100", id="mr-sum-70"),
    pytest.param("Q {#abc}", 1, "bad_number", id="numeric-not-number"),
    pytest.param("Q {#1,5}", 1, "bad_number", id="numeric-comma"),
    pytest.param("Q {#1e99999}", 1, "bad_number", id="numeric-too-large"),
    pytest.param("Q {#3:x}", 1, "bad_tolerance", id="bad-tolerance"),
    pytest.param("Q {#3:-1}", 1, "bad_tolerance", id="negative-tolerance"),
    pytest.param("Q {#5..1}", 1, "bad_range", id="range-reversed"),
    pytest.param("Q {#1..x}", 1, "bad_number", id="range-not-number"),
    pytest.param("Q {#=%50%3}", 1, "no_full_marks", id="numeric-none-full"),
    pytest.param("Q {#}", 1, "too_few_answers", id="numeric-no-answers"),
    pytest.param("Q {=a -> b}", 1, "too_few_pairs", id="matching-one-pair"),
    pytest.param("Q {=a -> b = -> c}", 1, "too_few_pairs", id="matching-one-real-pair"),
    pytest.param("Q {=a -> b =c}", 1, "matching_format", id="matching-no-arrow"),
    pytest.param("Q {=a -> b =a -> c}", 1, "duplicate_item", id="matching-dup-left"),
    pytest.param("Q {=a -> b =c -> }", 1, "empty_answer", id="matching-empty-right"),
    pytest.param("Q {>only}", 1, "too_few_items", id="ordering-one-item"),
    pytest.param("Q {>a >a}", 1, "duplicate_item", id="ordering-duplicate"),
    pytest.param("Q {>a > >b}", 1, "empty_answer", id="ordering-empty-item"),
]


@pytest.mark.parametrize(("text", "line", "code"), PROBLEMS)
def test_problem_is_reported_with_line_and_code(text, line, code):
    # when
    with pytest.raises(GiftError) as caught:
        parse_gift(text)
    # then
    problems = caught.value.problems
    assert [(p.line, p.code) for p in problems] == [(line, code)]
    problem = problems[0]
    assert problem.message_en
    assert problem.message_zh
    assert problem.message == problem.message_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem.message_zh)
    assert f"line {line}" in str(caught.value)


def test_problem_line_points_inside_a_multiline_question():
    text = "::A:: a {T}\n\n::B:: pick\n{\n=a\n~%x%b\n}"
    with pytest.raises(GiftError) as caught:
        parse_gift(text)
    assert [(p.line, p.code) for p in caught.value.problems] == [(6, "bad_weight")]


def test_all_problems_are_listed_and_nothing_is_returned_in_strict_mode():
    text = "::ok1:: a {T}\n\n::bad1:: b {=x\n\n::ok2:: c {F}\n\n::bad2:: d {~a}\n"
    with pytest.raises(GiftError) as caught:
        parse_gift(text)
    assert [(p.line, p.code) for p in caught.value.problems] == [
        (3, "unclosed_brace"),
        (7, "too_few_answers"),
    ]
    assert caught.value.problems[0].excerpt.startswith("::bad1::")


def test_lenient_returns_good_questions_and_problems():
    text = "::ok1:: a {T}\n\n::bad1:: b {=x\n\n::ok2:: c {F}\n"
    specs, problems = parse_gift_lenient(text)
    assert [s.name for s in specs] == ["ok1", "ok2"]
    assert [(p.line, p.code) for p in problems] == [(3, "unclosed_brace")]
    assert isinstance(problems[0], GiftProblem)


def test_non_strict_returns_good_questions_only():
    text = "::ok:: a {T}\n\n::bad:: b {~a}\n"
    assert [s.name for s in parse_gift(text, strict=False)] == ["ok"]


def test_gift_error_is_a_value_error():
    assert issubclass(GiftError, ValueError)


def test_empty_and_comment_only_files_have_no_questions():
    assert parse_gift("") == []
    assert parse_gift("// nothing\n\n   \n// here\n") == []


# --------------------------------------------------------------- round trip


def a(text, fraction="1", feedback="", **kw):
    return AnswerSpec(text=text, fraction=D(fraction), feedback=feedback, **kw)


TRICKY = "含 ~ = # { } : \\ 和 -> 与 > 以及\n换行 %50% [html]"

ROUND_TRIP = [
    QuestionSpec(
        kind="truefalse",
        name="tf",
        text="对吗？",
        correct=True,
        feedback_true="对",
        feedback_false="错",
    ),
    QuestionSpec(kind="truefalse", name="tf-f", text="t", correct=False),
    QuestionSpec(
        kind="truefalse",
        name="tf-right-only",
        text="t",
        correct=True,
        feedback_true="r",
    ),
    QuestionSpec(
        kind="truefalse",
        name="tf-wrong-only",
        text="t",
        correct=False,
        feedback_true="w",
        general_feedback="g",
    ),
    QuestionSpec(
        kind="multichoice",
        name="mc",
        text="选一个",
        answers=(
            a("甲", "1", "好"),
            a("乙", "-0.5", "扣"),
            a("丙", "0.25"),
            a("丁", "0"),
        ),
        general_feedback="总评",
    ),
    QuestionSpec(
        kind="multichoice",
        name="mc-all-right",
        text="任选一个都对",
        answers=(a("甲", "1"), a("乙", "1")),
    ),
    QuestionSpec(
        kind="multiresponse",
        name="mr",
        text="选多个",
        answers=(a("A", "0.5"), a("B", "0.5"), a("C", "-1"), a("D", "0")),
    ),
    QuestionSpec(
        kind="multiresponse",
        name="mr-100",
        text="one right",
        answers=(a("A", "1"), a("B", "0")),
    ),
    QuestionSpec(
        kind="shortanswer",
        name="sa",
        text="填空",
        answers=(a("数据透视表", "1", "对"), a("透视*", "0.5"), a("5\\*3", "0.1")),
        case_sensitive=False,
    ),
    QuestionSpec(
        kind="shortanswer",
        name="sa-percent",
        text="t",
        answers=(a("%50", "1"), a("[plain]x", "0.5")),
    ),
    QuestionSpec(
        kind="shortanswer",
        name="missing-word",
        text=f"透视表在{BLANK}菜单里。",
        answers=(a("插入"),),
    ),
    QuestionSpec(
        kind="shortanswer",
        name="blank-at-end",
        text=f"答案：{BLANK}",
        answers=(a("x"),),
    ),
    QuestionSpec(
        kind="shortanswer",
        name="two-blanks",
        text=f"{BLANK} 和 {BLANK}",
        answers=(a("x"),),
    ),
    QuestionSpec(
        kind="numerical",
        name="num",
        text="多少？",
        answers=(a("3.14", "1", "准", tolerance=D("0.005")),),
    ),
    QuestionSpec(
        kind="numerical",
        name="num-multi",
        text="n",
        answers=(
            a("1822", "1", tolerance=D(0)),
            a("1822", "0.5", "close", tolerance=D(2)),
            a("-1E+3", "0.1"),
            a("*", "0", "wrong"),
        ),
        general_feedback="gf",
    ),
    QuestionSpec(
        kind="numerical",
        name="num-range",
        text="n",
        answers=(a("1.5..7", "1", low=D("1.5"), high=D(7)),),
    ),
    QuestionSpec(
        kind="matching",
        name="match",
        text="配对",
        pairs=(("求和", "SUM"), ("平均", "AVERAGE"), ("", "MAX"), ("a->b", "c->d")),
    ),
    QuestionSpec(
        kind="ordering",
        name="order",
        text="排序",
        items=("设置 > 通用", "关于手机", "版本号"),
        general_feedback="先设置",
    ),
    QuestionSpec(kind="essay", name="essay", text="写", general_feedback="参考"),
    QuestionSpec(kind="description", name="desc", text="说明文字"),
    QuestionSpec(kind="description", name="html", text="<b>x</b>", text_format="html"),
    QuestionSpec(kind="essay", name="md", text="*x*", text_format="markdown"),
    QuestionSpec(kind="essay", name="literal-marker", text="[html] not a marker"),
    QuestionSpec(
        kind="shortanswer",
        name=TRICKY,
        text=TRICKY,
        answers=(a(TRICKY.replace("%", "pct"), "1", TRICKY),),
        general_feedback=TRICKY,
    ),
    QuestionSpec(
        kind="multichoice",
        name="tricky-mc",
        text=TRICKY,
        answers=(a(TRICKY, "1", TRICKY), a("%x", "0", "")),
    ),
    QuestionSpec(
        kind="matching",
        name="tricky-match",
        text="t",
        pairs=((TRICKY, TRICKY), ("b", "c")),
    ),
    QuestionSpec(kind="ordering", name="tricky-order", text="t", items=(TRICKY, "z")),
    QuestionSpec(
        kind="essay",
        name="tagged",
        text="t",
        idnumber="ID [1] :: x",
        tags=("数据分析", "a]b", "[c]", "表格 统计"),
    ),
    QuestionSpec(
        kind="truefalse",
        name="tricky-tf",
        text="t",
        correct=True,
        feedback_true=TRICKY,
        feedback_false=TRICKY,
    ),
]


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.name[:20]) for s in ROUND_TRIP])
def test_round_trip_each(spec):
    assert parse_gift(dump_gift([spec])) == [spec]


def test_round_trip_all_with_categories():
    specs = [
        QuestionSpec(
            kind=s.kind,
            name=s.name,
            text=s.text,
            answers=s.answers,
            correct=s.correct,
            feedback_true=s.feedback_true,
            feedback_false=s.feedback_false,
            pairs=s.pairs,
            items=s.items,
            general_feedback=s.general_feedback,
            text_format=s.text_format,
            category=["", "员工/数据", "员工/数据", "居民", ""][i % 5],
        )
        for i, s in enumerate(ROUND_TRIP)
    ]
    text = dump_gift(specs)
    assert parse_gift(text) == specs
    assert text.count("$CATEGORY:") >= 4


def test_dump_is_readable_moodle_gift():
    spec = QuestionSpec(
        kind="multichoice",
        name="首都",
        text="首都是？",
        answers=(a("北京", "1", "对"), a("上海", "0")),
    )
    assert dump_gift([spec]) == "::首都:: 首都是？ {\n\t=北京 #对\n\t~上海\n}\n"


def test_dump_missing_word_puts_block_in_place():
    spec = QuestionSpec(
        kind="shortanswer", name="mw", text=f"在{BLANK}菜单里", answers=(a("插入"),)
    )
    assert dump_gift([spec]) == "::mw:: 在{=插入}菜单里\n"


def test_dump_single_numerical_is_compact():
    spec = one("pi {#3.14:0.005}")
    assert "{#3.14:0.005}" in dump_gift([spec])


def test_round_trip_keeps_grading():
    source = (DEMO / "staff_data_analysis.gift").read_text(encoding="utf-8")
    specs = parse_gift(source)
    again = parse_gift(dump_gift(specs))
    assert again == specs


# -------------------------------------------------------------- demo banks


def test_staff_demo_bank_parses_and_is_big_and_varied():
    specs = parse_gift((DEMO / "staff_data_analysis.gift").read_text(encoding="utf-8"))
    assert len([s for s in specs if s.kind != "description"]) >= 60
    kinds = {s.kind for s in specs}
    assert kinds >= {
        "truefalse",
        "multichoice",
        "multiresponse",
        "shortanswer",
        "numerical",
        "matching",
        "ordering",
        "essay",
    }
    assert all(s.category for s in specs)
    assert len({s.name for s in specs}) == len(specs), "names are unique"
    assert sum(
        1 for s in specs if any("\u4e00" <= ch <= "\u9fff" for ch in s.text)
    ) == len(specs)


def test_resident_demo_bank_parses_and_is_gentle():
    specs = parse_gift((DEMO / "resident_checks.gift").read_text(encoding="utf-8"))
    assert 12 <= len(specs) <= 20
    assert {s.kind for s in specs} <= {"truefalse", "multichoice", "description"}
    assert len({s.name for s in specs}) == len(specs)
    for spec in specs:
        assert len(spec.text) <= 80, spec.name


@pytest.mark.parametrize(
    "filename", ["staff_data_analysis.gift", "resident_checks.gift"]
)
def test_demo_banks_have_a_right_answer_for_every_auto_question(filename):
    from assessments.scoring import correct_response

    specs = parse_gift((DEMO / filename).read_text(encoding="utf-8"))
    for spec in specs:
        if spec.is_auto_graded:
            response = correct_response(spec)
            if spec.kind == "numerical":
                answer = spec.answers[0]
                response = str(answer.low) if answer.is_range else answer.text
            assert grade(spec, response) == 1, spec.name


# ------------------------------------------------------------ random inputs

_PIECES = [*"~=#{}:\\>-%. 0123456789ab数[]*_", "\\~", "\\=", "\\#", "\\{", "\\}"]
_PIECES += ["\\:", "\\\\", "\\n", "\\>", "->", "%50%", "%-25%", "[html]", "..", "_____"]
_MARKS = [
    "=",
    "~",
    "~%50%",
    "=%50%",
    "~%100%",
    ">",
    "#",
    "\n=",
    "\n~",
    "####",
    "T",
    "->",
]


@pytest.mark.parametrize("seed", range(4))
def test_random_gift_never_crashes_and_what_parses_round_trips(seed):
    """A property test without hypothesis: 1,500 random GIFT-ish questions per seed.

    Whatever the input, parsing either yields specs or GiftProblems (never another
    exception), and every parsed spec survives dump -> parse unchanged and grades
    its own right answer without error.
    """
    import random

    from assessments.scoring import correct_response

    rng = random.Random(seed)

    def word(n):
        return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, n)))

    parsed = 0
    for _ in range(1500):
        block = "".join(rng.choice(_MARKS) + word(4) for _ in range(rng.randint(0, 5)))
        if rng.random() < 0.2:
            block = "#" + block
        tail = word(3) if rng.random() < 0.3 else ""
        text = f"::{word(5)}:: {word(8)} {{{block}}}{tail}"
        specs, problems = parse_gift_lenient(text)
        assert all(isinstance(p, GiftProblem) for p in problems)
        assert parse_gift(dump_gift(specs)) == specs, text
        for spec in specs:
            if spec.kind not in {"numerical", "essay"}:
                assert grade(spec, correct_response(spec)) is not None
        parsed += len(specs)
    assert parsed > 200  # the generator does reach valid questions
