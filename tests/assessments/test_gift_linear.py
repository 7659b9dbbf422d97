"""The GIFT parser takes time proportional to its input on adversarial texts.

No absolute timings: for each shape, the time for 10× the input is compared with the
time for 1× measured in the same test. Linear code gives about 10× (up to ~16× when the
1× input still fits the CPU caches and the 10× input does not, measured in CI); the old
quadratic regular expressions gave 100× and more (60 KB of "[tag:" after a comment
took 23 s). Sizes grow until the small input takes long enough to measure, so the old
code fails here in seconds, not minutes.
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

MIN_SECONDS = 0.005  # the 1× input must take at least this long to time reliably
MAX_BASE = 50_000
ALLOWED_RATIO = 30  # between linear (10–16×) and quadratic (100×)


def _seconds(text: str) -> float:
    # CPU time of this thread: other processes on a busy machine do not count.
    start = time.thread_time()
    gift.parse_gift_lenient(text)
    return time.thread_time() - start


def _ratio(make) -> tuple[int, float]:
    size = 2_000
    while size < MAX_BASE and _seconds(make(size)) < MIN_SECONDS:
        size *= 2
    small, large = make(size), make(size * 10)
    # Interleaved, so a disturbance (cache, frequency) hits both sizes alike; the
    # fastest run of each is the one least disturbed.
    best_small = best_large = float("inf")
    for _ in range(4):
        best_small = min(best_small, _seconds(small))
        best_large = min(best_large, _seconds(large))
    return size, best_large / best_small


@pytest.mark.parametrize("make", SHAPES.values(), ids=SHAPES.keys())
def test_ten_times_the_input_takes_about_ten_times_as_long(make):
    gc.collect()
    gc.disable()  # a collection in one run but not the other is noise
    try:
        ratios = []
        for _attempt in range(3):  # a busy machine can slow one run down
            size, ratio = _ratio(make)
            ratios.append(ratio)
            if ratio <= ALLOWED_RATIO:
                break
    finally:
        gc.enable()
    assert min(ratios) <= ALLOWED_RATIO, (size, ratios)


def test_linear_tag_scanner_reads_tags_like_moodle():
    comments = "// [id:Q\\]1] [tag:表格] [tag:统计] [tag:表格] [tag:] [tag:open"
    assert gift._id_and_tags(comments) == ("Q]1", ("表格", "统计"))


def test_default_name_still_drops_html_tags():
    spec = gift.parse_gift("[html]<p>Which <b>app</b> pays?</p> <unclosed {T}")[0]
    assert spec.name == "Which app pays? <unclosed"
