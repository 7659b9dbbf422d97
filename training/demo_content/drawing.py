"""Drawing kit for the demo pictures: fonts, a canvas that remembers tappable areas,
and the parts of a simplified phone or desktop screen (status bar, lists, buttons,
chat bubbles, highlights).

Everything is deterministic: same input, same pixels. Highlights never rely on colour
alone — a thick outline, an arrow and a word label ("点这里") mark the spot.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import layout as L
from .layout import Rect

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FACE = "Noto Sans CJK SC"
MONO_FACE = "Noto Sans Mono CJK SC"

# Colours
BG = "#F2F3F5"
CARD = "#FFFFFF"
INK = "#1A1A1A"
MUTED = "#555B63"
LINE = "#D5D8DC"
ACCENT = "#1565C0"
GREEN = "#07C160"
CALL_GREEN = "#1FA84F"
RED = "#D32F2F"
HL = "#C2410C"  # highlight: dark orange, 5.2:1 on white
HL_TEXT = "#FFFFFF"
WARN_BG = "#FFF4E5"
FRAUD_BG = "#FDECEC"


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False, mono: bool = False) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK SC (or its mono face) at ``size`` px; PIL's default if absent."""
    path = FONT_DIR / ("NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc")
    want = MONO_FACE if mono else FACE
    try:
        for index in range(16):
            f = ImageFont.truetype(str(path), size, index=index)
            if f.getname()[0] == want:
                return f
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size)


def grow(rect: Rect, by: int) -> Rect:
    x, y, w, h = rect
    return (x - by, y - by, w + 2 * by, h + 2 * by)


def box(rect: Rect) -> tuple[int, int, int, int]:
    x, y, w, h = rect
    return (x, y, x + w, y + h)


def centre(rect: Rect) -> tuple[int, int]:
    x, y, w, h = rect
    return (x + w // 2, y + h // 2)


NO_LINE_START = set("，。！？、；：”’）》」』…%,.!?;:)")


class Canvas:
    """An RGB image plus a record of the tappable areas drawn on it."""

    def __init__(self, size: tuple[int, int], bg: str = BG) -> None:
        self.img = Image.new("RGB", size, bg)
        self.d = ImageDraw.Draw(self.img)
        self.w, self.h = size
        self.tappables: dict[str, Rect] = {}
        # every string drawn, so tests can check glyph coverage
        self.texts: list[str] = []
        # call-outs, so tests can check "try it" pictures do not give the answer away
        self.highlights: list[Rect] = []

    # -- text -------------------------------------------------------------
    def text(
        self,
        xy: tuple[float, float],
        s: str,
        size: int,
        fill: str = INK,
        bold: bool = False,
        anchor: str = "la",
        mono: bool = False,
        stroke: tuple[int, str] | None = None,
    ) -> None:
        self.texts.append(s)
        kw = {}
        if stroke:
            kw = {"stroke_width": stroke[0], "stroke_fill": stroke[1]}
        self.d.text(xy, s, font=font(size, bold, mono), fill=fill, anchor=anchor, **kw)

    def text_width(
        self, s: str, size: int, bold: bool = False, mono: bool = False
    ) -> int:
        return int(font(size, bold, mono).getlength(s))

    def wrap(self, s: str, size: int, width: int, bold: bool = False) -> list[str]:
        """Break ``s`` into lines no wider than ``width`` (CJK may break anywhere;
        runs of Latin letters/digits stay together when they fit)."""
        f = font(size, bold)
        lines: list[str] = []
        for para in s.split("\n"):
            tokens: list[str] = []
            for ch in para:
                if (
                    tokens
                    and ch.isascii()
                    and ch not in " "
                    and tokens[-1][-1:].isascii()
                    and tokens[-1][-1:] not in " "
                ):
                    tokens[-1] += ch
                else:
                    tokens.append(ch)
            line = ""
            for tok in tokens:
                # closing punctuation never starts a line: let it hang instead
                if f.getlength(line + tok) <= width or (line and tok in NO_LINE_START):
                    line += tok
                    continue
                if line:
                    lines.append(line)
                line = tok.lstrip() if tok.strip() else ""
                while f.getlength(line) > width:  # a very long URL: hard-break it
                    cut = len(line)
                    while cut > 1 and f.getlength(line[:cut]) > width:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        return lines

    def paragraph(
        self,
        x: int,
        y: int,
        s: str,
        size: int,
        width: int,
        fill: str = INK,
        bold: bool = False,
        line_h: float = 1.45,
    ) -> int:
        """Draw wrapped text; return the y just below it."""
        for line in self.wrap(s, size, width, bold):
            self.text((x, y), line, size, fill, bold)
            y += int(size * line_h)
        return y

    def text_in(
        self,
        rect: Rect,
        s: str,
        size: int,
        fill: str = INK,
        bold: bool = False,
        align: str = "center",
        pad: int = 24,
    ) -> None:
        x, y, w, h = rect
        if align == "center":
            self.text((x + w / 2, y + h / 2), s, size, fill, bold, anchor="mm")
        elif align == "left":
            self.text((x + pad, y + h / 2), s, size, fill, bold, anchor="lm")
        else:
            self.text((x + w - pad, y + h / 2), s, size, fill, bold, anchor="rm")

    # -- shapes -----------------------------------------------------------
    def rrect(
        self,
        rect: Rect,
        r: int = 16,
        fill: str | None = None,
        outline: str | None = None,
        width: int = 1,
    ) -> None:
        self.d.rounded_rectangle(
            box(rect), radius=r, fill=fill, outline=outline, width=width
        )

    def hline(
        self,
        y: int,
        x0: int = 0,
        x1: int | None = None,
        fill: str = LINE,
        width: int = 2,
    ) -> None:
        self.d.line(
            [(x0, y), (self.w if x1 is None else x1, y)], fill=fill, width=width
        )

    def chevron(
        self,
        cx: int,
        cy: int,
        size: int = 14,
        fill: str = MUTED,
        direction: str = "right",
        width: int = 4,
    ) -> None:
        s = size
        if direction == "right":
            pts = [(cx - s / 2, cy - s), (cx + s / 2, cy), (cx - s / 2, cy + s)]
        elif direction == "left":
            pts = [(cx + s / 2, cy - s), (cx - s / 2, cy), (cx + s / 2, cy + s)]
        else:  # down
            pts = [(cx - s, cy - s / 2), (cx, cy + s / 2), (cx + s, cy - s / 2)]
        self.d.line(pts, fill=fill, width=width, joint="curve")

    def tappable(self, key: str, rect: Rect) -> Rect:
        self.tappables[key] = rect
        return rect

    def button(
        self,
        rect: Rect,
        label: str,
        fill: str = ACCENT,
        fg: str = "#FFFFFF",
        size: int = 38,
        key: str | None = None,
        r: int = 20,
        outline: str | None = None,
    ) -> None:
        self.rrect(rect, r, fill=fill, outline=outline, width=3 if outline else 1)
        self.text_in(rect, label, size, fg, bold=True)
        self.tappable(key or label, rect)

    def toggle(self, cx: int, cy: int, on: bool) -> None:
        rect = (cx - 48, cy - 26, 96, 52)
        self.rrect(rect, 26, fill=ACCENT if on else "#B8BCC2")
        kx = cx + 22 if on else cx - 22
        self.d.ellipse((kx - 21, cy - 21, kx + 21, cy + 21), fill="#FFFFFF")

    def slider(
        self, x0: int, x1: int, y: int, frac: float, stops: int = 0, knob: int = 26
    ) -> None:
        self.d.rounded_rectangle((x0, y - 6, x1, y + 6), radius=6, fill="#C9CDD2")
        xk = int(x0 + (x1 - x0) * frac)
        self.d.rounded_rectangle((x0, y - 6, xk, y + 6), radius=6, fill=ACCENT)
        for i in range(stops):
            xs = x0 + (x1 - x0) * i // (stops - 1)
            self.d.ellipse(
                (xs - 10, y - 10, xs + 10, y + 10),
                fill=ACCENT if xs <= xk else "#C9CDD2",
            )
        self.d.ellipse(
            (xk - knob, y - knob, xk + knob, y + knob),
            fill="#FFFFFF",
            outline=ACCENT,
            width=5,
        )

    def dim(self, alpha: int = 120) -> None:
        overlay = Image.new("RGBA", self.img.size, (0, 0, 0, alpha))
        self.img = Image.alpha_composite(self.img.convert("RGBA"), overlay).convert(
            "RGB"
        )
        self.d = ImageDraw.Draw(self.img)

    def arrow(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        fill: str = HL,
        width: int = 9,
        head: int = 30,
    ) -> None:
        (x0, y0), (x1, y1) = start, end
        ang = math.atan2(y1 - y0, x1 - x0)
        bx, by = x1 - head * math.cos(ang), y1 - head * math.sin(ang)
        # white halo so the arrow reads on dark screens too
        self.d.line([(x0, y0), (bx, by)], fill="#FFFFFF", width=width + 6)
        self.d.line([(x0, y0), (bx, by)], fill=fill, width=width)
        left = (bx + head * 0.6 * math.sin(ang), by - head * 0.6 * math.cos(ang))
        right = (bx - head * 0.6 * math.sin(ang), by + head * 0.6 * math.cos(ang))
        self.d.polygon([(x1, y1), left, right], fill=fill, outline="#FFFFFF")

    def highlight(
        self,
        rect: Rect,
        label: str = "点这里",
        where: str = "below",
        size: int = 34,
        gap: int = 64,
        shift: int = 0,
    ) -> None:
        """Thick outline + arrow + word label round ``rect`` (never colour alone).

        ``shift`` moves the label along the side it sits on (down for left/right,
        right for above/below) when the straight spot would cover something."""
        self.highlights.append(rect)
        outer = grow(rect, 6)
        ox, oy, ow, oh = outer
        # clamp the outline into the picture
        ox0, oy0 = max(4, ox), max(4, oy)
        ox1, oy1 = min(self.w - 5, ox + ow), min(self.h - 5, oy + oh)
        self.d.rounded_rectangle(
            (ox0 - 3, oy0 - 3, ox1 + 3, oy1 + 3), radius=18, outline="#FFFFFF", width=14
        )
        self.d.rounded_rectangle((ox0, oy0, ox1, oy1), radius=16, outline=HL, width=8)
        lines = label.split("\n")
        tw = max(self.text_width(t, size, bold=True) for t in lines)
        bw, bh = tw + 40, int(size * 1.4) * len(lines) + 20
        cx, cy = (ox0 + ox1) / 2, (oy0 + oy1) / 2
        if where == "below" and oy1 + gap + bh > self.h - 8:
            where = "above"
        if where == "above" and oy0 - gap - bh < 8:
            where = "below"
        if where == "below":
            bx, by = cx - bw / 2, oy1 + gap
        elif where == "above":
            bx, by = cx - bw / 2, oy0 - gap - bh
        elif where == "left":
            bx, by = ox0 - gap - bw, cy - bh / 2
        else:
            bx, by = ox1 + gap, cy - bh / 2
        if where in ("left", "right"):
            by += shift
        else:
            bx += shift
        bx = min(max(12, bx), self.w - 12 - bw)
        by = min(max(12, by), self.h - 12 - bh)
        self.d.rounded_rectangle(
            (bx - 3, by - 3, bx + bw + 3, by + bh + 3), radius=18, fill="#FFFFFF"
        )
        self.d.rounded_rectangle((bx, by, bx + bw, by + bh), radius=16, fill=HL)
        for i, t in enumerate(lines):
            self.text(
                (bx + bw / 2, by + 10 + int(size * 1.4) * i + size * 0.7),
                t,
                size,
                HL_TEXT,
                bold=True,
                anchor="mm",
            )
        # arrow from the label to the outline
        if where == "below":
            tx = min(max(bx + bw / 2, ox0 + 20), ox1 - 20)
            self.arrow((tx, by - 2), (tx, oy1 + 6))
        elif where == "above":
            tx = min(max(bx + bw / 2, ox0 + 20), ox1 - 20)
            self.arrow((tx, by + bh + 2), (tx, oy0 - 6))
        elif where == "left":
            ty = min(max(by + bh / 2, oy0 + 20), oy1 - 20)
            self.arrow((bx + bw + 2, by + bh / 2), (ox0 - 6, ty))
        else:
            ty = min(max(by + bh / 2, oy0 + 20), oy1 - 20)
            self.arrow((bx - 2, by + bh / 2), (ox1 + 6, ty))

    def mark(self, rect: Rect, label: str, where: str = "below") -> None:
        """A warning-style annotation (same shape language as ``highlight``)."""
        self.highlight(rect, label, where)


# ---------------------------------------------------------------- glyphs
def handset(
    c: Canvas, cx: int, cy: int, s: int, fill: str = "#FFFFFF", angle: float = 0
) -> None:
    """A telephone handset of size ``s`` centred at (cx, cy); ``angle`` 0 is the
    "hang up" pose (ends pointing down), 45 a tilted "call" pose."""
    n = s * 4  # draw large, then shrink: smoother edges
    tile = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    td = ImageDraw.Draw(tile)
    w = int(n * 0.16)
    td.arc(
        (n * 0.06, n * 0.2, n * 0.94, n * 1.0), start=198, end=342, fill=fill, width=w
    )
    td.rounded_rectangle(
        (n * 0.0, n * 0.46, n * 0.38, n * 0.72), radius=int(n * 0.08), fill=fill
    )
    td.rounded_rectangle(
        (n * 0.62, n * 0.46, n * 1.0, n * 0.72), radius=int(n * 0.08), fill=fill
    )
    if angle:
        tile = tile.rotate(angle, resample=Image.BICUBIC, center=(n / 2, n / 2))
    tile = tile.resize((s * 2, s * 2), Image.LANCZOS)
    c.img.paste(tile, (cx - s, cy - s), tile)


def gear(
    c: Canvas, cx: int, cy: int, r: int, fill: str = "#FFFFFF", hole: str = "#8E8E93"
) -> None:
    for k in range(8):
        a = k * math.pi / 4
        pts = []
        for da, rr in (
            (-0.22, r * 0.8),
            (-0.16, r * 1.15),
            (0.16, r * 1.15),
            (0.22, r * 0.8),
        ):
            pts.append((cx + rr * math.cos(a + da), cy + rr * math.sin(a + da)))
        c.d.polygon(pts, fill=fill)
    c.d.ellipse((cx - r * 0.85, cy - r * 0.85, cx + r * 0.85, cy + r * 0.85), fill=fill)
    c.d.ellipse((cx - r * 0.35, cy - r * 0.35, cx + r * 0.35, cy + r * 0.35), fill=hole)


def wifi_glyph(
    c: Canvas, cx: int, cy: int, s: int, fill: str = INK, bars: int = 3
) -> None:
    """A Wi-Fi fan whose point is at (cx, cy)."""
    for i in range(1, 4):
        r = s * i / 3
        col = fill if i <= bars else "#B8BCC2"
        c.d.arc(
            (cx - r, cy - r, cx + r, cy + r),
            start=225,
            end=315,
            fill=col,
            width=max(3, s // 6),
        )
    c.d.ellipse((cx - s / 8, cy - s / 8 - 2, cx + s / 8, cy + s / 8 - 2), fill=fill)


def lock_glyph(c: Canvas, cx: int, cy: int, s: int = 22, fill: str = MUTED) -> None:
    c.d.arc(
        (cx - s / 2.6, cy - s, cx + s / 2.6, cy - s * 0.1),
        start=180,
        end=360,
        fill=fill,
        width=4,
    )
    c.d.rounded_rectangle(
        (cx - s / 2, cy - s / 2, cx + s / 2, cy + s / 2), radius=4, fill=fill
    )


def shield(
    c: Canvas,
    cx: int,
    cy: int,
    s: int,
    fill: str,
    text: str | None = None,
    fg: str = "#FFFFFF",
) -> None:
    pts = [
        (cx, cy - s),
        (cx + s * 0.8, cy - s * 0.7),
        (cx + s * 0.75, cy + s * 0.1),
        (cx, cy + s),
        (cx - s * 0.75, cy + s * 0.1),
        (cx - s * 0.8, cy - s * 0.7),
    ]
    c.d.polygon(pts, fill=fill)
    if text:
        c.text((cx, cy - s * 0.05), text, int(s * 0.9), fg, bold=True, anchor="mm")


def check_mark(
    c: Canvas, cx: int, cy: int, s: int, fill: str = "#FFFFFF", width: int = 12
) -> None:
    c.d.line(
        [
            (cx - s * 0.5, cy),
            (cx - s * 0.12, cy + s * 0.4),
            (cx + s * 0.55, cy - s * 0.4),
        ],
        fill=fill,
        width=width,
        joint="curve",
    )


def person(
    c: Canvas,
    cx: int,
    cy: int,
    s: int,
    skin: str = "#F2C9A0",
    shirt: str = "#3D7DCA",
    hair: str = "#2B2B2B",
) -> None:
    """A friendly head-and-shoulders figure; (cx, cy) is the centre of the head."""
    c.d.pieslice(
        (cx - s * 1.6, cy + s * 0.9, cx + s * 1.6, cy + s * 4.2),
        start=180,
        end=360,
        fill=shirt,
    )
    c.d.ellipse((cx - s, cy - s, cx + s, cy + s), fill=skin)
    c.d.chord(
        (cx - s, cy - s * 1.05, cx + s, cy + s * 0.5), start=180, end=360, fill=hair
    )
    c.d.ellipse((cx - s * 0.42, cy + s * 0.05, cx - s * 0.22, cy + s * 0.25), fill=INK)
    c.d.ellipse((cx + s * 0.22, cy + s * 0.05, cx + s * 0.42, cy + s * 0.25), fill=INK)
    c.d.arc(
        (cx - s * 0.4, cy + s * 0.2, cx + s * 0.4, cy + s * 0.7),
        start=20,
        end=160,
        fill=INK,
        width=max(2, s // 14),
    )


def avatar(c: Canvas, rect: Rect, text: str, fill: str) -> None:
    c.rrect(rect, 12, fill=fill)
    c.text_in(rect, text, int(rect[3] * 0.45), "#FFFFFF", bold=True)


# ---------------------------------------------------------------- phone chrome
def status_bar(
    c: Canvas, dark: bool = False, wifi: bool = True, bg: str | None = None
) -> None:
    fg = "#FFFFFF" if dark else INK
    if bg:
        c.d.rectangle((0, 0, L.PHONE_W, L.STATUS_H), fill=bg)
    c.text((36, L.STATUS_H // 2), "9:41", 28, fg, bold=True, anchor="lm")
    x = 520
    for i in range(4):  # signal bars
        h = 8 + i * 6
        c.d.rectangle((x + i * 10, 40 - h, x + i * 10 + 6, 40), fill=fg)
    if wifi:
        wifi_glyph(c, 590, 40, 24, fg)
    c.d.rounded_rectangle((622, 18, 674, 40), radius=5, outline=fg, width=3)
    c.d.rectangle((676, 24, 680, 34), fill=fg)
    c.d.rectangle((627, 23, 660, 35), fill=fg)


def app_bar(
    c: Canvas,
    title: str,
    back: bool = True,
    bg: str = CARD,
    fg: str = INK,
    right: str | None = None,
) -> None:
    c.d.rectangle((0, L.STATUS_H, L.PHONE_W, L.CONTENT_TOP), fill=bg)
    status_bar(c, dark=fg != INK)
    cy = L.STATUS_H + L.APPBAR_H // 2
    if back:
        c.chevron(44, cy, 18, fg, "left", 6)
        c.tappable("返回", L.BACK_BUTTON)
    c.text((L.PHONE_W / 2, cy), title, 40, fg, bold=True, anchor="mm")
    if right == "more":
        for i in range(3):
            c.d.ellipse((650 + i * 16 - 5, cy - 5, 650 + i * 16 + 5, cy + 5), fill=fg)
    elif right == "plus":
        c.d.ellipse((640, cy - 26, 692, cy + 26), outline=fg, width=4)
        c.d.line((652, cy, 680, cy), fill=fg, width=4)
        c.d.line((666, cy - 14, 666, cy + 14), fill=fg, width=4)
    c.hline(L.CONTENT_TOP - 1, fill=LINE)


def search_box(c: Canvas, placeholder: str, typed: str | None = None) -> None:
    c.rrect(L.SEARCH_BOX, 40, fill="#E4E6E9")
    c.tappable("搜索", L.SEARCH_BOX)
    x, y, w, h = L.SEARCH_BOX
    cx, cy = x + 44, y + h // 2
    c.d.ellipse((cx - 16, cy - 18, cx + 12, cy + 10), outline=MUTED, width=4)
    c.d.line((cx + 8, cy + 6, cx + 20, cy + 18), fill=MUTED, width=5)
    if typed:
        c.text((x + 80, cy), typed, 34, INK, anchor="lm")
        tw = c.text_width(typed, 34)
        c.d.line((x + 84 + tw, cy - 20, x + 84 + tw, cy + 20), fill=ACCENT, width=3)
    else:
        c.text((x + 80, cy), placeholder, 32, MUTED, anchor="lm")


ICON_COLOURS = {
    "WLAN": "#1E88E5",
    "蓝牙": "#3949AB",
    "移动网络": "#43A047",
    "显示和亮度": "#FB8C00",
    "声音和振动": "#E53935",
    "通知": "#8E24AA",
    "应用": "#00897B",
    "辅助功能": "#5E35B1",
    "系统和更新": "#546E7A",
}


def list_row(
    c: Canvas,
    rect: Rect,
    label: str,
    value: str | None = None,
    icon: str | None = None,
    chevron: bool = True,
    sub: str | None = None,
    toggle: bool | None = None,
    size: int = 36,
) -> None:
    x, y, w, h = rect
    c.d.rectangle(box(rect), fill=CARD)
    tx = 40
    if icon:
        r = (36, y + h // 2 - 30, 60, 60)
        c.rrect(r, 14, fill=icon)
        if label == "WLAN":
            wifi_glyph(c, 66, y + h // 2 + 14, 30, "#FFFFFF")
        else:
            c.text_in(r, label[0], 32, "#FFFFFF", bold=True)
        tx = 124
    if sub:
        c.text((tx, y + h // 2 - 20), label, size, INK, anchor="lm")
        c.text((tx, y + h // 2 + 24), sub, 26, MUTED, anchor="lm")
    else:
        c.text((tx, y + h // 2), label, size, INK, anchor="lm")
    rx = w - 40
    if toggle is not None:
        c.toggle(w - 90, y + h // 2, toggle)
    elif chevron:
        c.chevron(rx, y + h // 2, 14, MUTED)
        rx -= 40
    if value and toggle is None:
        c.text((rx, y + h // 2), value, 30, MUTED, anchor="rm")
    c.hline(y + h - 1, x0=tx, fill=LINE)
    c.tappable(label, rect)


def phone_canvas(bg: str = BG) -> Canvas:
    return Canvas(L.PHONE, bg)


def section_title(c: Canvas, y: int, text: str) -> None:
    c.text((40, y), text, 28, MUTED, anchor="lm")
