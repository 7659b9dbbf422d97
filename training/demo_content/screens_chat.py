"""WeChat-like chat screens and video-call screens (720×1280).

Simplified look-alikes for teaching, not copies of any app's artwork.
"""

from __future__ import annotations

from . import layout as L
from .drawing import (
    CARD,
    GREEN,
    INK,
    LINE,
    MUTED,
    RED,
    Canvas,
    app_bar,
    avatar,
    box,
    centre,
    handset,
    list_row,
    person,
    phone_canvas,
    status_bar,
)
from .screens_phone import also, screen

CHAT_BG = "#EDEDED"
BUBBLE_ME = "#95EC69"
AVATAR_COLOURS = {
    "女儿 小红": "#E07A5F",
    "社区服务群": "#3D7DCA",
    "文件传输助手": "#4CAF50",
    "老同学 王姐": "#9C6ADE",
    "市人民医院": "#0F6E74",
}
CHAT_PREVIEW = {
    "女儿 小红": ("周末带孩子回去看您", "昨天"),
    "社区服务群": ("[通知] 周三上午有手机课", "10:20"),
    "文件传输助手": ("[图片]", "周一"),
    "老同学 王姐": ("好的，下午公园见", "周日"),
    "市人民医院": ("就诊提醒：请按时到院", "11/20"),
}


def video_glyph(c: Canvas, cx: int, cy: int, s: int, fill: str) -> None:
    c.d.rounded_rectangle(
        (cx - s, cy - s * 0.6, cx + s * 0.45, cy + s * 0.6),
        radius=int(s * 0.2),
        fill=fill,
    )
    c.d.polygon(
        [(cx + s * 0.5, cy), (cx + s, cy - s * 0.5), (cx + s, cy + s * 0.5)], fill=fill
    )


def mic_glyph(c: Canvas, cx: int, cy: int, s: int, fill: str) -> None:
    c.d.rounded_rectangle(
        (cx - s * 0.3, cy - s, cx + s * 0.3, cy + s * 0.2),
        radius=int(s * 0.3),
        fill=fill,
    )
    c.d.arc(
        (cx - s * 0.6, cy - s * 0.6, cx + s * 0.6, cy + s * 0.5),
        start=0,
        end=180,
        fill=fill,
        width=max(3, s // 7),
    )
    c.d.line((cx, cy + s * 0.5, cx, cy + s * 0.85), fill=fill, width=max(3, s // 7))


def speaker_glyph(c: Canvas, cx: int, cy: int, s: int, fill: str) -> None:
    c.d.polygon(
        [
            (cx - s, cy - s * 0.3),
            (cx - s * 0.5, cy - s * 0.3),
            (cx, cy - s * 0.8),
            (cx, cy + s * 0.8),
            (cx - s * 0.5, cy + s * 0.3),
            (cx - s, cy + s * 0.3),
        ],
        fill=fill,
    )
    for r in (0.45, 0.85):
        c.d.arc(
            (cx - s * r, cy - s * r, cx + s * r, cy + s * r),
            start=-50,
            end=50,
            fill=fill,
            width=max(3, s // 8),
        )


def flip_glyph(c: Canvas, cx: int, cy: int, s: int, fill: str) -> None:
    w = max(3, s // 6)
    c.d.arc((cx - s, cy - s, cx + s, cy + s), start=200, end=340, fill=fill, width=w)
    c.d.arc((cx - s, cy - s, cx + s, cy + s), start=20, end=160, fill=fill, width=w)
    c.d.polygon(
        [
            (cx + s * 0.95, cy - s * 0.55),
            (cx + s * 1.05, cy + s * 0.05),
            (cx + s * 0.5, cy - s * 0.2),
        ],
        fill=fill,
    )
    c.d.polygon(
        [
            (cx - s * 0.95, cy + s * 0.55),
            (cx - s * 1.05, cy - s * 0.05),
            (cx - s * 0.5, cy + s * 0.2),
        ],
        fill=fill,
    )


# ================================================================ chat list
def chat_list(highlight: str | None = None) -> Canvas:
    c = phone_canvas(CARD)
    app_bar(c, "微信", back=False, right="plus")
    sx, sy, sw, sh = L.WECHAT_SEARCH_ICON
    c.d.ellipse((sx + 14, sy + 12, sx + 50, sy + 48), outline=INK, width=5)
    c.d.line((sx + 44, sy + 42, sx + 60, sy + 58), fill=INK, width=6)
    c.tappable("搜索", L.WECHAT_SEARCH_ICON)
    for name in L.WECHAT_CHATS:
        x, y, w, h = L.wechat_chat_row(name)
        avatar(
            c,
            (32, y + 22, 96, 96),
            name[-1] if name != "社区服务群" else "群",
            AVATAR_COLOURS[name],
        )
        msg, when = CHAT_PREVIEW[name]
        c.text((152, y + 46), name, 36, INK, anchor="lm")
        c.text((152, y + 98), msg, 28, MUTED, anchor="lm")
        c.text((688, y + 46), when, 24, MUTED, anchor="rm")
        c.hline(y + h - 1, 152)
        c.tappable(name, (x, y, w, h))
    # bottom tab bar
    top = L.PHONE_H - L.WECHAT_TABBAR_H
    c.d.rectangle((0, top, L.PHONE_W, L.PHONE_H), fill="#F7F7F7")
    c.hline(top, fill=LINE)
    for i, tab in enumerate(("微信", "通讯录", "发现", "我")):
        cx = 90 + i * 180
        col = GREEN if i == 0 else INK
        c.d.rounded_rectangle(
            (cx - 24, top + 18, cx + 24, top + 62), radius=12, outline=col, width=4
        )
        c.text((cx, top + 92), tab, 26, col, bold=i == 0, anchor="mm")
    if highlight == "搜索":
        c.highlight(L.WECHAT_SEARCH_ICON, "点放大镜“搜索”", "below", gap=60)
    elif highlight:
        c.highlight(L.wechat_chat_row(highlight), "点家人的名字", "below")
    return c


also("phone-wechat-chats", chat_list, highlight="女儿 小红")
also("phone-wechat-chats-search", chat_list, highlight="搜索")
also("phone-wechat-chats-plain", chat_list)


# ================================================================ a chat
Message = tuple[str, str]


def bubble(
    c: Canvas, y: int, side: str, msg: str, who: str, colour: str
) -> tuple[int, tuple]:
    """Draw one message; return the next y and the bubble rectangle."""
    size, maxw = 34, 430
    lines = c.wrap(msg, size, maxw)
    tw = max(c.text_width(t, size) for t in lines)
    bw, bh = tw + 48, len(lines) * int(size * 1.45) + 30
    if side == "l":
        avatar(c, (24, y, 84, 84), who[-1], colour)
        bx = 130
        fill = CARD
        c.d.polygon([(bx, y + 30), (bx - 14, y + 42), (bx, y + 54)], fill=fill)
    else:
        avatar(c, (L.PHONE_W - 108, y, 84, 84), "我", "#8D6E63")
        bx = L.PHONE_W - 130 - bw
        fill = BUBBLE_ME
        c.d.polygon(
            [(bx + bw, y + 30), (bx + bw + 14, y + 42), (bx + bw, y + 54)], fill=fill
        )
    rect = (bx, y, bw, bh)
    c.rrect(rect, 12, fill=fill)
    ty = y + 15
    for t in lines:
        c.text((bx + 24, ty), t, size, INK)
        ty += int(size * 1.45)
    return y + max(bh, 84) + 36, rect


def chat(
    title: str,
    messages: list[Message],
    panel: bool = False,
    highlight: str | None = None,
    mark: tuple[int, str] | None = None,
    who: str = "女儿 小红",
    colour: str = "#E07A5F",
) -> Canvas:
    c = phone_canvas(CHAT_BG)
    app_bar(c, title, bg="#EDEDED", right="more")
    y = L.CONTENT_TOP + 30
    rects = []
    for side, msg in messages:
        if side == "time":
            c.text((L.PHONE_W / 2, y + 18), msg, 26, MUTED, anchor="mm")
            y += 66
            rects.append(None)
            continue
        if side == "call":  # a "video call ended" record, WeChat shows it as my bubble
            y, r = bubble(c, y, "r", msg, "我", "#8D6E63")
            video_glyph(c, r[0] + 44, r[1] + r[3] // 2, 16, INK)
            rects.append(r)
            continue
        y, r = bubble(c, y, side, msg, who, colour)
        rects.append(r)
    input_top = (L.PLUS_PANEL_TOP if panel else L.PHONE_H) - L.CHAT_INPUT_H
    c.d.rectangle((0, input_top, L.PHONE_W, L.PHONE_H), fill="#F7F7F7")
    c.hline(input_top, fill=LINE)
    cy = input_top + L.CHAT_INPUT_H // 2
    # voice button, text field, emoji, plus
    c.d.ellipse((24, cy - 30, 84, cy + 30), outline=INK, width=4)
    c.d.arc((36, cy - 14, 64, cy + 14), start=-60, end=60, fill=INK, width=4)
    c.rrect((104, cy - 38, 420, 76), 10, fill=CARD)
    c.d.ellipse((540, cy - 30, 600, cy + 30), outline=INK, width=4)
    c.d.ellipse((556, cy - 10, 564, cy - 2), fill=INK)
    c.d.ellipse((576, cy - 10, 584, cy - 2), fill=INK)
    c.d.arc((554, cy - 6, 586, cy + 18), start=20, end=160, fill=INK, width=3)
    px, py, pw, ph = L.CHAT_PLUS_BUTTON
    py = cy - ph // 2
    c.d.ellipse((px + 10, py + 10, px + pw - 10, py + ph - 10), outline=INK, width=4)
    c.d.line((px + 24, py + ph // 2, px + pw - 24, py + ph // 2), fill=INK, width=4)
    c.d.line((px + pw // 2, py + 24, px + pw // 2, py + ph - 24), fill=INK, width=4)
    if not panel:
        c.tappable("+", L.CHAT_PLUS_BUTTON)
    if panel:
        c.d.rectangle((0, L.PLUS_PANEL_TOP, L.PHONE_W, L.PHONE_H), fill="#F7F7F7")
        c.hline(L.PLUS_PANEL_TOP, fill=LINE)
        for label in L.PLUS_ITEMS:
            x, y0, w, h = L.plus_item(label)
            ic = (x + (w - 112) // 2, y0 + 16, 112, 112)
            c.rrect(ic, 24, fill=CARD)
            icx, icy = centre(ic)
            if label == "视频通话":
                video_glyph(c, icx, icy, 34, INK)
            elif label == "语音输入":
                mic_glyph(c, icx, icy, 34, INK)
            elif label == "红包":
                c.rrect((icx - 26, icy - 34, 52, 68), 8, fill=RED)
                c.d.ellipse((icx - 10, icy - 12, icx + 10, icy + 8), fill="#F2C94C")
            else:
                c.text(
                    (icx, icy),
                    {"转账": "¥"}.get(label, label[0]),
                    44,
                    INK,
                    bold=True,
                    anchor="mm",
                )
            c.text((x + w / 2, y0 + 162), label, 28, MUTED, anchor="mm")
            c.tappable(label, (x, y0, w, h))
    if highlight == "+":
        c.highlight(L.CHAT_PLUS_BUTTON, "点右下角“+”", "above", gap=70)
    elif highlight:
        c.highlight(L.plus_item(highlight), "点“视频通话”", "above", gap=60)
    if mark:
        index, label = mark
        c.highlight(rects[index], label, "below", gap=40)
    return c


FAMILY_CHAT: list[Message] = [
    ("time", "昨天 19:02"),
    ("l", "妈，周末带孩子回去看您"),
    ("r", "好呀，我包饺子"),
    ("l", "想视频看看您，有空吗？"),
]

also("phone-wechat-chat", chat, title="女儿 小红", messages=FAMILY_CHAT, highlight="+")
also("phone-wechat-chat-plain", chat, title="女儿 小红", messages=FAMILY_CHAT)
also(
    "phone-wechat-plus",
    chat,
    title="女儿 小红",
    messages=FAMILY_CHAT[:3],
    panel=True,
    highlight="视频通话",
)
also(
    "phone-wechat-chat-ended",
    chat,
    title="女儿 小红",
    messages=[*FAMILY_CHAT, ("call", "　 通话时长 05:12"), ("l", "妈，下次再聊！")],
    mark=(5, "通话结束了\n这里记着时长"),
)


@screen("phone-wechat-call-sheet")
def call_sheet() -> Canvas:
    c = chat("女儿 小红", FAMILY_CHAT[:3], panel=True)
    c.dim(120)
    c.tappables.clear()
    top = L.call_sheet_item("视频通话")[1]
    c.d.rounded_rectangle(
        (0, top - 10, L.PHONE_W, L.PHONE_H + 20), radius=24, fill=CARD
    )
    cancel = L.call_sheet_item("取消")
    c.d.rectangle((0, cancel[1] - 16, L.PHONE_W, cancel[1]), fill="#EDEDED")
    for label in L.CALL_SHEET_ITEMS:
        rect = L.call_sheet_item(label)
        c.text_in(rect, label, 38, INK)
        if label == "视频通话":
            c.hline(rect[1] + rect[3] - 1, 40, 680)
        c.tappable(label, rect)
    c.highlight(L.call_sheet_item("视频通话"), "选“视频通话”", "above", gap=60)
    return c


# ================================================================ video calls
def dark_bg(c: Canvas, top: tuple = (64, 72, 80), bottom: tuple = (24, 28, 32)) -> None:
    for yy in range(L.PHONE_H):
        t = yy / L.PHONE_H
        col = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        c.d.line((0, yy, L.PHONE_W, yy), fill=col)


def round_button(c: Canvas, rect, fill: str, label: str, key: str, glyph) -> None:
    x, y, w, h = rect
    c.d.ellipse(box(rect), fill=fill)
    glyph(*centre(rect))
    c.text(
        (x + w / 2, y + h + 34),
        label,
        30,
        "#FFFFFF",
        anchor="mm",
        stroke=(3, "#333333"),
    )
    c.tappable(key, rect)


@screen("phone-video-calling")
def calling() -> Canvas:
    c = phone_canvas()
    dark_bg(c)
    status_bar(c, dark=True)
    avatar(c, (260, 220, 200, 200), "红", "#E07A5F")
    c.text((360, 500), "女儿 小红", 48, "#FFFFFF", bold=True, anchor="mm")
    c.text((360, 570), "正在等待对方接受邀请…", 32, "#DDDDDD", anchor="mm")
    rect = L.IN_CALL_HANGUP
    round_button(
        c, rect, RED, "取消", "取消", lambda x, y: handset(c, x, y, 52, "#FFFFFF", 0)
    )
    c.highlight(rect, "等对方接听\n不想打了点“取消”", "above", gap=60)
    return c


@screen("phone-video-incoming")
def incoming() -> Canvas:
    c = phone_canvas()
    dark_bg(c)
    status_bar(c, dark=True)
    avatar(c, (260, 220, 200, 200), "红", "#E07A5F")
    c.text((360, 500), "女儿 小红", 48, "#FFFFFF", bold=True, anchor="mm")
    c.text((360, 570), "邀请你视频通话", 32, "#DDDDDD", anchor="mm")
    c.text((360, 780), "也可以“切到语音接听”", 28, "#DDDDDD", anchor="mm")
    round_button(
        c,
        L.INCOMING_DECLINE,
        RED,
        "挂断",
        "挂断",
        lambda x, y: handset(c, x, y, 46, "#FFFFFF", 0),
    )
    round_button(
        c,
        L.INCOMING_ACCEPT,
        "#1FA84F",
        "接听",
        "接听",
        lambda x, y: video_glyph(c, x, y, 40, "#FFFFFF"),
    )
    c.highlight(L.INCOMING_ACCEPT, "点“接听”", "above", gap=60)
    return c


def in_call(highlight: str | None = None) -> Canvas:
    c = phone_canvas()
    dark_bg(c, (236, 214, 190), (196, 170, 150))
    # the family member, full screen
    c.d.rectangle((0, 640, L.PHONE_W, 1280), fill=(176, 150, 132))
    person(c, 360, 470, 130, shirt="#E07A5F", hair="#3B2A20")
    # me, small window top right
    c.rrect((500, 90, 190, 280), 16, fill="#A9C7DE", outline="#FFFFFF", width=4)
    person(c, 595, 190, 44, shirt="#5C6BC0", hair="#BDBDBD")
    status_bar(c, dark=True)
    c.text(
        (36, 110),
        "女儿 小红",
        36,
        "#FFFFFF",
        bold=True,
        anchor="lm",
        stroke=(3, "#333333"),
    )
    c.text((36, 160), "00:35", 30, "#FFFFFF", anchor="lm", stroke=(3, "#333333"))
    # darker band behind the buttons
    band = (0, 770, L.PHONE_W, 510)
    c.d.rectangle(box(band), fill=(40, 40, 44))
    glyphs = {
        "麦克风已开": mic_glyph,
        "扬声器已开": speaker_glyph,
        "摄像头已开": video_glyph,
    }
    for label in L.IN_CALL_CONTROLS:
        rect = L.in_call_control(label)
        round_button(
            c,
            rect,
            "#F0F0F0",
            label,
            label,
            lambda x, y, g=glyphs[label]: g(c, x, y, 30, INK),
        )
    round_button(
        c,
        L.IN_CALL_HANGUP,
        RED,
        "挂断",
        "挂断",
        lambda x, y: handset(c, x, y, 56, "#FFFFFF", 0),
    )
    round_button(
        c,
        L.IN_CALL_FLIP,
        "#5A5A5E",
        "翻转",
        "翻转",
        lambda x, y: flip_glyph(c, x, y, 28, "#FFFFFF"),
    )
    labels = {
        "挂断": (L.IN_CALL_HANGUP, "说完了\n点“挂断”", "left"),
        "翻转": (L.IN_CALL_FLIP, "点“翻转”\n换前后摄像头", "below"),
        "扬声器已开": (L.in_call_control("扬声器已开"), "扬声器要开着", "above"),
        "麦克风已开": (L.in_call_control("麦克风已开"), "麦克风要开着", "above"),
    }
    if highlight:
        rect, label, where = labels[highlight]
        c.highlight(rect, label, where, gap=60)
    return c


also("phone-video-call", in_call, highlight="挂断")
also("phone-video-call-plain", in_call)
also("phone-video-call-flip", in_call, highlight="翻转")
also("phone-video-call-speaker", in_call, highlight="扬声器已开")
also("phone-video-call-mic", in_call, highlight="麦克风已开")


def app_permissions(highlight: bool = True) -> Canvas:
    c = phone_canvas()
    app_bar(c, "应用权限")
    card = (0, L.LIST_TOP, L.PHONE_W, 170)
    c.d.rectangle(box(card), fill=CARD)
    avatar(c, (40, L.LIST_TOP + 35, 100, 100), "微", GREEN)
    c.text((170, L.LIST_TOP + 65), "微信", 40, INK, bold=True, anchor="lm")
    c.text((170, L.LIST_TOP + 115), "设置 → 应用 → 微信 → 权限", 26, MUTED, anchor="lm")
    values = {
        "相机": "允许",
        "麦克风": "禁止",
        "位置信息": "使用时允许",
        "通讯录": "禁止",
        "存储": "允许",
    }
    for label in L.APP_PERMISSIONS:
        list_row(c, L.permission_row(label), label, value=values[label])
    if highlight:
        c.highlight(
            L.permission_row("麦克风"), "麦克风被禁止了\n点进去改成“允许”", "below"
        )
    return c


also("phone-app-permissions", app_permissions)
also("phone-app-permissions-plain", app_permissions, highlight=False)
