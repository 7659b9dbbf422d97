"""The grade distribution chart of the HR reports, laid out for server-side SVG.

``grade_chart(rows)`` takes the report's rows (``post_code``, ``post_type`` label,
``grade``, ``n``) and returns a frozen layout: one panel per post type (its grade range
on the x axis, as 三岗十八级 defines it), one bar per (post type, grade) that has
people, every bar labelled with its count. The template
``incentives/includes/grade_chart.html`` draws it as inline SVG for the admin page and
the PDF summary (no JavaScript, nothing to load). Post types are told apart by their
panel's title, and also by colour (each ≥ 3:1 against white) and fill pattern.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .rules import GRADE_RANGES

WIDTH = 720
LEFT = 44  # room for the axis word "级 / grade"
RIGHT = 12
TITLE_H = 30
LABEL_H = 22  # the count above the tallest bar
PLOT_H = 120
TICK_H = 26
GAP = 18
PANEL_H = TITLE_H + LABEL_H + PLOT_H + TICK_H + GAP

#: (colour, pattern) per post type; colours are ≥ 3:1 against white (non-text
#: contrast, WCAG 1.4.11), patterns keep them apart without colour.
STYLES = {
    "chief": ("#2e1f5e", "solid"),
    "deputy": ("#0b5c8a", "stripes"),
    "other": ("#8a4500", "dots"),
}
FALLBACK_STYLE = ("#4a4a4a", "solid")


@dataclass(frozen=True)
class Bar:
    post_code: str
    post_label: str
    grade: int
    n: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    grade: int
    x: float


@dataclass(frozen=True)
class Panel:
    post_code: str
    label: str
    top: float
    colour: str
    pattern: str
    total: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]

    @property
    def baseline(self) -> float:
        return TITLE_H + LABEL_H + PLOT_H

    @property
    def fill(self) -> str:
        if self.pattern == "solid":
            return self.colour
        return f"url(#grade-chart-{self.pattern}-{self.post_code or 'none'})"


@dataclass(frozen=True)
class GradeChart:
    width: int
    height: int
    max_n: int
    panels: tuple[Panel, ...]

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right_edge(self) -> int:
        return self.width - RIGHT

    @property
    def bars(self) -> tuple[Bar, ...]:
        return tuple(b for p in self.panels for b in p.bars)


def grade_chart(rows: Iterable[Mapping]) -> GradeChart:
    """Lay out the chart of ``rows``; post types in the order chief, deputy, other,
    then any other code (e.g. staff with a grade but no post, ``""``)."""
    by_post: dict[str, dict[int, int]] = {}
    labels: dict[str, str] = {}
    for row in rows:
        code = row["post_code"] or ""
        labels[code] = str(row["post_type"])
        counts = by_post.setdefault(code, {})
        counts[row["grade"]] = counts.get(row["grade"], 0) + int(row["n"])
    order = [c for c in GRADE_RANGES if c in by_post]
    order += sorted(c for c in by_post if c not in GRADE_RANGES)
    max_n = max((n for counts in by_post.values() for n in counts.values()), default=0)
    panels = []
    for i, code in enumerate(order):
        counts = by_post[code]
        low, high = GRADE_RANGES.get(code, (min(counts), max(counts)))
        low, high = min(low, *counts), max(high, *counts)
        grades = range(low, high + 1)
        slot = (WIDTH - LEFT - RIGHT) / len(grades)
        bar_w = min(slot * 0.62, 40)
        ticks, bars = [], []
        for j, grade in enumerate(grades):
            x = LEFT + slot * j + slot / 2
            ticks.append(Tick(grade, round(x, 1)))
            n = counts.get(grade, 0)
            if not n:
                continue
            h = max(PLOT_H * n / max_n, 2.0)
            bars.append(
                Bar(
                    post_code=code,
                    post_label=labels[code],
                    grade=grade,
                    n=n,
                    x=round(x - bar_w / 2, 1),
                    y=round(TITLE_H + LABEL_H + PLOT_H - h, 1),
                    width=round(bar_w, 1),
                    height=round(h, 1),
                )
            )
        colour, pattern = STYLES.get(code, FALLBACK_STYLE)
        panels.append(
            Panel(
                post_code=code,
                label=labels[code],
                top=i * PANEL_H,
                colour=colour,
                pattern=pattern,
                total=sum(counts.values()),
                bars=tuple(bars),
                ticks=tuple(ticks),
            )
        )
    return GradeChart(
        width=WIDTH, height=len(panels) * PANEL_H, max_n=max_n, panels=tuple(panels)
    )
