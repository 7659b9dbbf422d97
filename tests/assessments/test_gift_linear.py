"""The GIFT parser takes time proportional to its input on adversarial texts.

No absolute timings: for each shape, the time for 10× the input is compared with the
time for 1× measured in the same test. Linear code gives about 10× (up to ~15× with
cache effects on a busy machine); the old quadratic regular expressions gave 100× and
more (60 KB of "[tag:" after a comment took 23 s). Sizes grow until the small input
takes long enough to measure, so the old code fails here in seconds, not minutes.
"""

from __future__ import annotations

import gc
import time

import pytest

from assessments import gift

SHAPES = {
    # the two from the report
    "unclosed-tags-in-a-comment": lambda n: (
        "// " + "[tag:" * (n // 5) + "\n::q:: x {T}\n"
    ),
    "less-than-signs-in-text": lambda n: "<" * n + " {T}\n",
    # more of the same family
    "unclosed-ids-in-a-comment": lambda n: (
        "// " + "[id:" * (n // 4) + "\n::q:: x {T}\n"
    ),
    "escaped-brackets-in-a-tag": lambda n: (
        "// [tag:" + "\\]" * (n // 2) + "\n::q:: x {T}\n"
    ),
    "unclosed-html-tags": lambda n: "<a " * (n // 3) + " {T}\n",
    "many-lines-in-one-question": lambda n: "x\n" * (n // 2) + "{T}\n",
    "many-comment-lines": lambda n: "// c\n" * (n // 5) + "q {T}\n",
    "many-choices": lambda n: "q {" + "~a" * (n // 2) + "=b}\n",
    "many-matching-arrows": lambda n: "q {" + "=a -> b " * (n // 8) + "}\n",
    "many-backslashes": lambda n: "q " + "\\" * n + " {T}\n",
    "many-questions": lambda n: "q {T}\n\n" * (n // 7),
    "long-weight": lambda n: "q {~%" + "1" * n + "}\n",
    "many-feedback-marks": lambda n: "q {=a" + "#" * n + "}\n",
}

MIN_SECONDS = 0.02  # the 1× input must take at least this long to time reliably
MAX_BASE = 400_000
ALLOWED_RATIO = 15


def _seconds(text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        gift.parse_gift_lenient(text)
        best = min(best, time.perf_counter() - start)
    return best


def _ratio(make) -> tuple[int, float]:
    size = 2_000
    while size < MAX_BASE and _seconds(make(size), 1) < MIN_SECONDS:
        size *= 2
    small, large = make(size), make(size * 10)
    return size, _seconds(large, 2) / _seconds(small, 3)


@pytest.mark.parametrize("make", SHAPES.values(), ids=SHAPES.keys())
def test_ten_times_the_input_takes_about_ten_times_as_long(make):
    gc.collect()
    gc.disable()  # a collection in one run but not the other is noise
    try:
        ratios = []
        for _attempt in range(3):  # a busy machine can slow one run down
            size, ratio = _ratio(make)
            ratios.append(ratio)
            if ratio <= ALLOWED_RATIO or ratio > 3 * ALLOWED_RATIO:
                break  # clearly linear, or clearly not: no need to measure again
    finally:
        gc.enable()
    assert min(ratios) <= ALLOWED_RATIO, (size, ratios)


def test_linear_tag_scanner_reads_tags_like_moodle():
    comments = "// [id:Q\\]1] [tag:表格] [tag:统计] [tag:表格] [tag:] [tag:open"
    assert gift._id_and_tags(comments) == ("Q]1", ("表格", "统计"))


def test_default_name_still_drops_html_tags():
    spec = gift.parse_gift("[html]<p>Which <b>app</b> pays?</p> <unclosed {T}")[0]
    assert spec.name == "Which app pays? <unclosed"
