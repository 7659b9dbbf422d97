"""grade() throughput on a 50-question attempt of mixed kinds.

Run: .venv/bin/python bench/bench_grade.py [--rounds N]

Prints responses per second for assessments.scoring.grade() and, in the same process
over the same responses, for a trivial baseline grader (a dict lookup of the right
answer with ``==``), and the ratio between them. No Django setup is needed: the engine
imports no Django.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.gift import parse_gift  # noqa: E402
from assessments.scoring import correct_response, grade  # noqa: E402

DEMO = Path(__file__).resolve().parent.parent / "assessments" / "demo_data"


def build_attempt(seed: int = 7) -> list[tuple[object, object]]:
    """50 (spec, response) pairs from the demo bank, about 2/3 right, mixed kinds."""
    specs = parse_gift((DEMO / "staff_data_analysis.gift").read_text(encoding="utf-8"))
    auto = [s for s in specs if s.is_auto_graded]
    rng = random.Random(seed)
    chosen = (auto * 2)[:50]
    pairs = []
    for spec in chosen:
        right = correct_response(spec)
        if spec.kind == "numerical":
            answer = spec.answers[0]
            right = str(answer.low) if answer.is_range else answer.text
        if rng.random() < 0.66:
            response = right
        elif spec.kind == "truefalse":
            response = not right
        elif spec.kind == "multichoice":
            response = (right + 1) % len(spec.answers)
        elif spec.kind == "multiresponse":
            response = frozenset({0, len(spec.answers) - 1})
        elif spec.kind == "shortanswer":
            response = "ＳＵＭ（Ｂ２：Ｂ２０１）"  # full-width typing, a wrong answer
        elif spec.kind == "numerical":
            response = "１，２３４"
        elif spec.kind == "matching":
            lefts = [left for left, _ in spec.pairs if left]
            rights = [right for _, right in spec.pairs]
            response = dict(zip(lefts, reversed(rights), strict=False))
        else:  # ordering
            response = list(reversed(spec.items))
        pairs.append((spec, response))
    return pairs


def baseline_grader(pairs):
    key = {id(spec): correct_response(spec) for spec, _ in pairs}
    one, zero = Decimal(1), Decimal(0)

    def grade_baseline(spec, response):
        return one if key[id(spec)] == response else zero

    return grade_baseline


def measure(fn, pairs, rounds: int) -> tuple[float, float]:
    """(best, median) responses/second of 5 runs of ``rounds`` passes over ``pairs``."""
    rates = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            for spec, response in pairs:
                fn(spec, response)
        elapsed = time.perf_counter() - start
        rates.append(rounds * len(pairs) / elapsed)
    return max(rates), statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    pairs = build_attempt()
    kinds = sorted({spec.kind for spec, _ in pairs})
    earned = sum((grade(s, r) or Decimal(0)) for s, r in pairs)
    baseline = baseline_grader(pairs)

    grade_best, grade_median = measure(grade, pairs, args.rounds)
    base_best, base_median = measure(baseline, pairs, args.rounds)

    print(f"attempt: {len(pairs)} questions, kinds: {', '.join(kinds)}")
    print(f"score of the benchmark attempt: {earned} / {len(pairs)}")
    print(f"rounds: {args.rounds} x {len(pairs)} responses, best of 5 (median)")
    print(f"grade():            {grade_best:12,.0f} responses/s ({grade_median:,.0f})")
    print(f"baseline dict ==:   {base_best:12,.0f} responses/s ({base_median:,.0f})")
    print(f"ratio baseline/grade: {base_best / grade_best:.1f}x slower than a lookup")
    per_attempt_us = 1e6 * len(pairs) / grade_best
    print(f"one 50-question attempt graded in {per_attempt_us:,.0f} microseconds")
    print("by kind (best of 5):")
    for kind in kinds:
        subset = [(s, r) for s, r in pairs if s.kind == kind]
        rate, _median = measure(grade, subset, max(1, args.rounds * 50 // len(subset)))
        print(f"  {kind:<14}{len(subset):>3} questions {rate:12,.0f} responses/s")


if __name__ == "__main__":
    main()
