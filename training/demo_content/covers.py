"""Course covers (1200×675): a big readable title, a calm colour, a simple drawing."""

from __future__ import annotations

from collections.abc import Callable

from . import layout as L
from .drawing import (
    CALL_GREEN,
    RED,
    Canvas,
    check_mark,
    gear,
    handset,
    person,
    shield,
    wifi_glyph,
)

COVERS: dict[str, Callable[[], Canvas]] = {}

# name: (Chinese title, English subtitle, audience tag, background, illustration)
COVER_SPECS: dict[str, tuple[str, str, str, str, str]] = {
    "cover-smartphone": (
        "智能手机基础",
        "Smartphone basics",
        "居民课程",
        "#1F5F99",
        "phone",
    ),
    "cover-video-call": (
        "和家人视频通话",
        "Video calls with family",
        "居民课程",
        "#1E7B4F",
        "video",
    ),
    "cover-hospital": (
        "网上预约挂号",
        "Book a hospital appointment online",
        "居民课程",
        "#0F6E74",
        "hospital",
    ),
    "cover-anti-fraud": (
        "识别电话\n和网络诈骗",
        "Spot phone and online fraud",
        "居民课程",
        "#9E2A2B",
        "fraud",
    ),
    "cover-survey-sheet": (
        "社区需求调查的\n电子表格分析",
        "Analyse a community needs survey in a spreadsheet",
        "工作人员课程",
        "#3D4F8F",
        "chart",
    ),
    "cover-online-meeting": (
        "组织网上议事厅",
        "Run an online residents' meeting",
        "工作人员课程",
        "#6A3D8F",
        "meeting",
    ),
    "cover-programming": (
        "自动化与\n编程入门",
        "First steps in automation and programming",
        "工作人员课程",
        "#2F3E46",
        "code",
    ),
}


def _phone_outline(
    c: Canvas, x: int, y: int, w: int = 250, h: int = 440
) -> tuple[int, int, int, int]:
    c.rrect((x, y, w, h), 40, fill="#263238")
    c.rrect((x + 16, y + 50, w - 32, h - 100), 16, fill="#FFFFFF")
    return (x + 16, y + 50, w - 32, h - 100)


def _illustration(c: Canvas, kind: str) -> None:
    d = c.d
    cx, cy = 930, 340
    d.ellipse((cx - 230, cy - 230, cx + 230, cy + 230), fill=_tint(c))
    if kind == "phone":
        sx, sy, sw, sh = _phone_outline(c, cx - 125, cy - 220)
        c.text((sx + sw / 2, sy + 120), "A", 150, "#1F5F99", bold=True, anchor="mm")
        c.text((sx + sw / 2, sy + 230), "大字", 48, "#263238", bold=True, anchor="mm")
        wifi_glyph(c, sx + sw // 2, sy + 320, 60, "#1F5F99")
    elif kind == "video":
        sx, sy, sw, sh = _phone_outline(c, cx - 125, cy - 220)
        d.rectangle((sx, sy, sx + sw, sy + sh), fill="#CFE8D8")
        person(c, sx + sw // 2, sy + 110, 50, shirt="#E07A5F", hair="#6D6D6D")
        d.ellipse(
            (sx + sw / 2 - 40, sy + sh - 90, sx + sw / 2 + 40, sy + sh - 10), fill=RED
        )
        handset(c, int(sx + sw / 2), sy + sh - 50, 28, "#FFFFFF", angle=135)
    elif kind == "hospital":
        d.rounded_rectangle(
            (cx - 170, cy - 110, cx + 170, cy + 190), radius=20, fill="#FFFFFF"
        )
        d.rectangle((cx - 60, cy - 40, cx + 60, cy), fill=RED)
        d.rectangle((cx - 20, cy - 80, cx + 20, cy + 40), fill=RED)
        for i in range(3):
            d.rectangle(
                (cx - 130 + i * 100, cy + 70, cx - 70 + i * 100, cy + 130),
                fill="#9FD3D6",
            )
        c.text((cx, cy - 160), "挂号", 56, "#FFFFFF", bold=True, anchor="mm")
    elif kind == "fraud":
        shield(c, cx, cy, 190, "#FFFFFF", None)
        c.text((cx, cy - 20), "反诈", 96, "#9E2A2B", bold=True, anchor="mm")
        c.text((cx, cy + 90), "不转账", 44, "#263238", bold=True, anchor="mm")
    elif kind == "chart":
        d.rounded_rectangle(
            (cx - 200, cy - 170, cx + 200, cy + 170), radius=20, fill="#FFFFFF"
        )
        for i, (hgt, col) in enumerate(
            ((220, "#3D4F8F"), (160, "#5C7BD9"), (110, "#8FA6EA"), (60, "#C3CFF2"))
        ):
            x0 = cx - 160 + i * 85
            d.rectangle((x0, cy + 130 - hgt, x0 + 60, cy + 130), fill=col)
        d.line((cx - 175, cy + 132, cx + 175, cy + 132), fill="#263238", width=4)
    elif kind == "meeting":
        d.rounded_rectangle(
            (cx - 210, cy - 150, cx + 210, cy + 150), radius=20, fill="#FFFFFF"
        )
        cols = ("#E07A5F", "#3D7DCA", "#81B29A", "#F2CC8F")
        for i in range(4):
            tx, ty = cx - 195 + (i % 2) * 200, cy - 135 + (i // 2) * 140
            d.rounded_rectangle((tx, ty, tx + 190, ty + 130), radius=12, fill="#E9E4F0")
            person(c, tx + 95, ty + 50, 26, shirt=cols[i])
        d.ellipse((cx + 120, cy + 110, cx + 200, cy + 190), fill=CALL_GREEN)
        check_mark(c, cx + 160, cy + 150, 40, "#FFFFFF", 8)
    elif kind == "code":
        d.rounded_rectangle(
            (cx - 210, cy - 150, cx + 210, cy + 150), radius=20, fill="#1E1E1E"
        )
        lines = [
            ("for r in rows:", "#9CDCFE"),
            ("  if r.age >= 80:", "#C586C0"),
            ("    old += 1", "#B5CEA8"),
            ("print(old)", "#DCDCAA"),
        ]
        for i, (t, col) in enumerate(lines):
            c.text((cx - 180, cy - 110 + i * 56), t, 34, col, mono=True)
        gear(c, cx + 170, cy + 140, 50, "#F2CC8F", "#2F3E46")
    else:  # pragma: no cover - every spec names a known kind
        raise KeyError(kind)


def _tint(c: Canvas) -> tuple[int, int, int]:
    """A lighter shade of the background for the illustration's disc."""
    r, g, b = c.img.getpixel((2, 2))[:3]
    return (r + (255 - r) // 4, g + (255 - g) // 4, b + (255 - b) // 4)


def cover(name: str) -> Canvas:
    title, en, tag, bg, kind = COVER_SPECS[name]
    c = Canvas((L.COVER_W, L.COVER_H), bg)
    _illustration(c, kind)
    # audience tag
    tw = c.text_width(tag, 32, bold=True)
    c.rrect((64, 64, tw + 48, 60), 30, fill="#FFFFFF")
    c.text((88, 94), tag, 32, bg, bold=True, anchor="lm")
    lines = c.wrap(title, 80, 620, bold=True)
    y = 170 if len(lines) == 1 else 160
    for line in lines:
        c.text((64, y), line, 80, "#FFFFFF", bold=True)
        y += 104
    c.paragraph(64, y + 20, en, 36, 620, "#FFFFFF")
    c.text((64, L.COVER_H - 56), "数字阶梯 DigiLadder", 28, "#FFFFFF", anchor="lm")
    return c


for _name in COVER_SPECS:
    COVERS[_name] = (lambda n: lambda: cover(n))(_name)
