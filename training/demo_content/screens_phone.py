"""Simplified phone screens (720×1280) for the resident courses.

Each function draws one screen; every tappable element is drawn at the rectangle
``layout`` gives for it and recorded with ``Canvas.tappable``.
"""

from __future__ import annotations

from collections.abc import Callable

from . import layout as L
from .drawing import (
    ACCENT,
    CARD,
    GREEN,
    ICON_COLOURS,
    INK,
    LINE,
    MUTED,
    RED,
    Canvas,
    app_bar,
    box,
    check_mark,
    gear,
    handset,
    list_row,
    lock_glyph,
    phone_canvas,
    search_box,
    section_title,
    shield,
    status_bar,
    wifi_glyph,
)

PHONE_SCREENS: dict[str, Callable[[], Canvas]] = {}


def screen(name: str, **kwargs) -> Callable:
    def deco(fn: Callable[..., Canvas]) -> Callable[..., Canvas]:
        PHONE_SCREENS[name] = lambda: fn(**kwargs)
        return fn

    return deco


def also(name: str, fn: Callable[..., Canvas], **kwargs) -> None:
    PHONE_SCREENS[name] = lambda: fn(**kwargs)


# ================================================================ home screen
APP_COLOURS = {
    "电话": "#2E9E4F",
    "短信": "#2F80ED",
    "微信": GREEN,
    "相机": "#4A4A4A",
    "相册": "#F2994A",
    "设置": "#7C828A",
    "应用商店": "#EB5757",
    "浏览器": "#1A73E8",
    "日历": "#FFFFFF",
    "天气": "#56CCF2",
    "国家反诈中心": "#C62828",
    "时钟": "#263238",
}


def app_icon(c: Canvas, name: str, x: int, y: int, s: int = L.HOME_ICON) -> None:
    """Icon ``name`` as an ``s``-px rounded square with a simple white glyph."""
    c.rrect((x, y, s, s), s // 4, fill=APP_COLOURS[name])
    cx, cy = x + s // 2, y + s // 2
    u = s / 128
    d = c.d
    if name == "设置":
        gear(c, cx, cy, int(36 * u), "#FFFFFF", APP_COLOURS[name])
    elif name == "微信":
        d.ellipse((cx - 44 * u, cy - 34 * u, cx + 14 * u, cy + 14 * u), fill="#FFFFFF")
        d.polygon(
            [
                (cx - 34 * u, cy + 4 * u),
                (cx - 40 * u, cy + 22 * u),
                (cx - 20 * u, cy + 10 * u),
            ],
            fill="#FFFFFF",
        )
        d.ellipse(
            (cx - 6 * u, cy - 8 * u, cx + 46 * u, cy + 34 * u),
            fill="#FFFFFF",
            outline=GREEN,
            width=max(2, int(4 * u)),
        )
        for ex in (-26, -4):
            d.ellipse(
                (cx + (ex - 4) * u, cy - 16 * u, cx + (ex + 4) * u, cy - 8 * u),
                fill=GREEN,
            )
        for ex in (10, 30):
            d.ellipse(
                (cx + (ex - 4) * u, cy + 6 * u, cx + (ex + 4) * u, cy + 14 * u),
                fill=GREEN,
            )
    elif name == "电话":
        handset(c, cx, cy, int(44 * u), "#FFFFFF", angle=135)
    elif name == "短信":
        d.rounded_rectangle(
            (cx - 42 * u, cy - 32 * u, cx + 42 * u, cy + 26 * u),
            radius=int(16 * u),
            fill="#FFFFFF",
        )
        d.polygon(
            [(cx - 20 * u, cy + 20 * u), (cx - 30 * u, cy + 42 * u), (cx, cy + 22 * u)],
            fill="#FFFFFF",
        )
        for k in (-22, 0, 22):
            d.ellipse(
                (cx + (k - 6) * u, cy - 9 * u, cx + (k + 6) * u, cy + 3 * u),
                fill=APP_COLOURS[name],
            )
    elif name == "相机":
        d.rounded_rectangle(
            (cx - 44 * u, cy - 26 * u, cx + 44 * u, cy + 34 * u),
            radius=int(12 * u),
            fill="#FFFFFF",
        )
        d.rectangle(
            (cx - 18 * u, cy - 38 * u, cx + 18 * u, cy - 24 * u), fill="#FFFFFF"
        )
        d.ellipse((cx - 20 * u, cy - 16 * u, cx + 20 * u, cy + 24 * u), fill="#4A4A4A")
        d.ellipse((cx - 11 * u, cy - 7 * u, cx + 11 * u, cy + 15 * u), fill="#9AA5B1")
    elif name == "相册":
        d.rounded_rectangle(
            (cx - 44 * u, cy - 34 * u, cx + 44 * u, cy + 34 * u),
            radius=int(10 * u),
            fill="#FFFFFF",
        )
        d.polygon(
            [
                (cx - 38 * u, cy + 28 * u),
                (cx - 10 * u, cy - 8 * u),
                (cx + 10 * u, cy + 14 * u),
                (cx + 22 * u, cy + 2 * u),
                (cx + 38 * u, cy + 28 * u),
            ],
            fill="#27AE60",
        )
        d.ellipse((cx + 12 * u, cy - 26 * u, cx + 30 * u, cy - 8 * u), fill="#F2C94C")
    elif name == "应用商店":
        d.rounded_rectangle(
            (cx - 36 * u, cy - 16 * u, cx + 36 * u, cy + 40 * u),
            radius=int(8 * u),
            fill="#FFFFFF",
        )
        d.arc(
            (cx - 20 * u, cy - 42 * u, cx + 20 * u, cy + 2 * u),
            start=180,
            end=360,
            fill="#FFFFFF",
            width=max(3, int(7 * u)),
        )
        c.text(
            (cx, cy + 14 * u),
            "A",
            int(40 * u),
            APP_COLOURS[name],
            bold=True,
            anchor="mm",
        )
    elif name == "浏览器":
        d.ellipse(
            (cx - 42 * u, cy - 42 * u, cx + 42 * u, cy + 42 * u),
            outline="#FFFFFF",
            width=max(3, int(7 * u)),
        )
        d.ellipse(
            (cx - 18 * u, cy - 42 * u, cx + 18 * u, cy + 42 * u),
            outline="#FFFFFF",
            width=max(2, int(5 * u)),
        )
        d.line(
            (cx - 42 * u, cy, cx + 42 * u, cy), fill="#FFFFFF", width=max(2, int(5 * u))
        )
    elif name == "日历":
        c.rrect((x, y, s, s), s // 4, fill="#FFFFFF", outline=LINE, width=2)
        d.rectangle((x + 14 * u, y + 14 * u, x + s - 14 * u, y + 40 * u), fill=RED)
        c.text((cx, y + 27 * u), "周五", int(20 * u), "#FFFFFF", bold=True, anchor="mm")
        c.text((cx, cy + 20 * u), "27", int(56 * u), INK, bold=True, anchor="mm")
    elif name == "天气":
        d.ellipse((cx - 38 * u, cy - 38 * u, cx + 10 * u, cy + 10 * u), fill="#F2C94C")
        d.ellipse((cx - 30 * u, cy, cx + 14 * u, cy + 36 * u), fill="#FFFFFF")
        d.ellipse((cx - 4 * u, cy - 14 * u, cx + 44 * u, cy + 36 * u), fill="#FFFFFF")
    elif name == "国家反诈中心":
        shield(c, cx, cy, int(46 * u), "#FFFFFF", "反", APP_COLOURS[name])
    elif name == "时钟":
        d.ellipse((cx - 44 * u, cy - 44 * u, cx + 44 * u, cy + 44 * u), fill="#FFFFFF")
        d.line((cx, cy, cx, cy - 30 * u), fill=INK, width=max(3, int(6 * u)))
        d.line((cx, cy, cx + 22 * u, cy + 10 * u), fill=INK, width=max(3, int(6 * u)))


def wallpaper(
    c: Canvas, top: str = (40, 90, 150), bottom: str = (120, 190, 200)
) -> None:
    for yy in range(L.PHONE_H):
        t = yy / L.PHONE_H
        col = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        c.d.line((0, yy, L.PHONE_W, yy), fill=col)
    # gentle hills, so it reads as a picture rather than a flat block
    c.d.ellipse((-300, 1050, 600, 1600), fill=(80, 150, 120))
    c.d.ellipse((250, 1000, 1100, 1600), fill=(60, 130, 110))


def home(highlight: str | None = None, label: str = "点这里") -> Canvas:
    c = phone_canvas()
    wallpaper(c)
    status_bar(c, dark=True)
    c.text((L.PHONE_W / 2, 190), "9:41", 120, "#FFFFFF", bold=True, anchor="mm")
    c.text((L.PHONE_W / 2, 290), "11月27日 星期五", 36, "#FFFFFF", anchor="mm")
    for name in L.HOME_APPS:
        x, y, w, h = L.home_app(name)
        app_icon(c, name, x + (w - L.HOME_ICON) // 2, y + 12)
        size = 28 if len(name) <= 4 else 24
        c.text(
            (x + w / 2, y + 12 + L.HOME_ICON + 30),
            name,
            size,
            "#FFFFFF",
            anchor="mm",
            stroke=(3, "#1B3550"),
        )
        c.tappable(name, (x, y, w, h))
    # page dots
    for i in range(3):
        col = "#FFFFFF" if i == 0 else "#9FB8CC"
        c.d.ellipse((336 + i * 24 - 6, 1180 - 6, 336 + i * 24 + 6, 1180 + 6), fill=col)
    if highlight:
        c.highlight(L.home_app(highlight), label, "below")
    return c


also("phone-home", home)
also("phone-home-settings", home, highlight="设置")
also("phone-home-wechat", home, highlight="微信")
also("phone-home-appstore", home, highlight="应用商店")
also("phone-home-phone", home, highlight="电话")


# ================================================================ settings
def settings(
    highlight: str | None = None, label: str = "点这里", wlan_value: str = "未连接"
) -> Canvas:
    c = phone_canvas()
    app_bar(c, "设置", back=False)
    search_box(c, "搜索设置项")
    for row in L.SETTINGS_ROWS:
        value = {"WLAN": wlan_value, "蓝牙": "关闭"}.get(row)
        list_row(c, L.settings_row(row), row, value=value, icon=ICON_COLOURS[row])
    if highlight == "搜索":
        c.highlight(L.SEARCH_BOX, "点搜索框", "below", gap=40)
    elif highlight:
        c.highlight(L.settings_row(highlight), label, "below")
    return c


also("phone-settings", settings)
also("phone-settings-display", settings, highlight="显示和亮度")
also("phone-settings-sound", settings, highlight="声音和振动")
also("phone-settings-wlan", settings, highlight="WLAN")
also("phone-settings-apps", settings, highlight="应用")
also("phone-settings-searchbox", settings, highlight="搜索")


@screen("phone-display")
def display() -> Canvas:
    c = phone_canvas()
    app_bar(c, "显示和亮度")
    values = {
        "亮度": "自动",
        "护眼模式": "关闭",
        "深色模式": "关闭",
        "字体大小": "标准",
        "显示大小": "标准",
        "自动锁屏": "1分钟",
    }
    for row in L.DISPLAY_ROWS:
        list_row(c, L.display_row(row), row, value=values[row])
    c.highlight(L.display_row("字体大小"), "点这里", "below")
    return c


def font_size(stop: int = 1, highlight: bool = True, back: bool = False) -> Canvas:
    c = phone_canvas()
    app_bar(c, "字体大小")
    c.rrect(L.FONT_PREVIEW, 24, fill=CARD)
    x, y, w, h = L.FONT_PREVIEW
    size = (28, 34, 42, 50, 58)[stop]
    c.text((x + 32, y + 40), "预览", 28, MUTED)
    yy = c.paragraph(x + 32, y + 100, "孩子们：周末回家吃饭吗？", size, w - 64)
    c.paragraph(x + 32, yy + 20, "字越大，看得越清楚。", size, w - 64, MUTED)
    c.text((L.PHONE_W / 2, 760), "拖动圆点，或点一下刻度", 30, MUTED, anchor="mm")
    c.text(
        (L.FONT_SLIDER_X0 - 60, L.FONT_SLIDER_Y), "A", 30, INK, bold=True, anchor="mm"
    )
    c.text(
        (L.FONT_SLIDER_X1 + 60, L.FONT_SLIDER_Y), "A", 60, INK, bold=True, anchor="mm"
    )
    c.slider(
        L.FONT_SLIDER_X0,
        L.FONT_SLIDER_X1,
        L.FONT_SLIDER_Y,
        stop / (L.FONT_STOPS - 1),
        stops=L.FONT_STOPS,
    )
    for i in range(L.FONT_STOPS):
        c.tappable(f"stop-{i}", L.font_stop(i))
    c.tappable("最大", L.font_stop(L.FONT_STOPS - 1))
    c.text((L.FONT_SLIDER_X0, L.FONT_SLIDER_Y + 76), "小", 30, MUTED, anchor="mm")
    c.text((L.FONT_SLIDER_X1, L.FONT_SLIDER_Y + 76), "大", 30, MUTED, anchor="mm")
    if highlight:
        # the drag itself: an arrow from the knob towards the larger sizes
        kx = L.font_stop(stop)[0] + 48
        c.arrow((kx + 10, L.FONT_SLIDER_Y - 70), (kx + 230, L.FONT_SLIDER_Y - 70))
        c.highlight(L.font_stop(L.FONT_STOPS - 2), "往右拖，字变大", "below", gap=110)
    if back:
        c.highlight(L.BACK_BUTTON, "点“<”返回", "below", gap=50)
    return c


also("phone-font-size", font_size, stop=1, highlight=True)
also("phone-font-size-plain", font_size, stop=1, highlight=False)
also("phone-font-size-large", font_size, stop=3, highlight=False)
also("phone-font-size-back", font_size, stop=3, highlight=False, back=True)


@screen("phone-settings-search")
def settings_search() -> Canvas:
    c = phone_canvas()
    app_bar(c, "设置")
    search_box(c, "搜索设置项", typed="简易模式")
    section_title(c, L.SEARCH_RESULT_TOP - 36, "搜索结果")
    results = [
        ("简易模式", "辅助功能 > 简易模式"),
        ("简易模式桌面", "桌面和壁纸"),
        ("字体大小", "显示和亮度"),
    ]
    for i, (t, sub) in enumerate(results):
        list_row(c, L.search_result(i), t, sub=sub)
    c.highlight(L.search_result(0), "点这里", "below")
    return c


@screen("phone-simple-mode")
def simple_mode() -> Canvas:
    c = phone_canvas()
    app_bar(c, "简易模式")
    # a preview of the simple home: big tiles
    c.rrect((150, 210, 420, 560), 36, fill="#263238")
    tiles = [
        ("电话", "#2E9E4F"),
        ("微信", GREEN),
        ("相机", "#4A4A4A"),
        ("相册", "#F2994A"),
    ]
    for i, (t, col) in enumerate(tiles):
        tx, ty = 180 + (i % 2) * 186, 270 + (i // 2) * 230
        c.rrect((tx, ty, 170, 200), 20, fill=col)
        c.text((tx + 85, ty + 100), t, 40, "#FFFFFF", bold=True, anchor="mm")
    c.text((360, 840), "图标更大、字更大、桌面更简单", 32, INK, anchor="mm")
    c.text((360, 900), "随时可以在设置里退出", 30, MUTED, anchor="mm")
    c.button(L.SIMPLE_MODE_BUTTON, "启用", key="启用")
    c.highlight(L.SIMPLE_MODE_BUTTON, "点这里", "above")
    return c


# ================================================================ volume
def _side_keys(highlight: str) -> Canvas:
    c = phone_canvas("#EEF3F8")
    c.text((L.PHONE_W / 2, 80), "手机侧面的按键", 40, INK, bold=True, anchor="mm")
    bx, by, bw, bh = L.PHONE_BODY
    c.rrect(L.PHONE_BODY, 56, fill="#37474F")
    c.rrect((bx + 20, by + 60, bw - 40, bh - 120), 20, fill="#B3D4F0")
    c.d.ellipse((bx + bw / 2 - 10, by + 24, bx + bw / 2 + 10, by + 44), fill="#263238")
    for key, rect, label in (
        ("音量+", L.VOLUME_UP, "音量 +"),
        ("音量-", L.VOLUME_DOWN, "音量 −"),
        ("电源键", L.POWER_KEY, "电源键"),
    ):
        c.rrect(rect, 10, fill="#263238")
        c.tappable(key, rect)
        if key != highlight:
            c.text((rect[0] + 50, rect[1] + rect[3] / 2), label, 30, MUTED, anchor="lm")
    # explanations under the phone
    c.text((L.PHONE_W / 2, 1040), "上面的键：声音变大", 36, INK, anchor="mm")
    c.text((L.PHONE_W / 2, 1100), "下面的键：声音变小", 36, INK, anchor="mm")
    c.text((L.PHONE_W / 2, 1160), "有的手机按键在左边", 30, MUTED, anchor="mm")
    label = {"音量+": "按这里：声音变大", "音量-": "按这里：声音变小"}[highlight]
    rect = L.VOLUME_UP if highlight == "音量+" else L.VOLUME_DOWN
    c.highlight(rect, label, "left", gap=60)
    return c


also("phone-side-keys", _side_keys, highlight="音量+")
also("phone-side-keys-down", _side_keys, highlight="音量-")


@screen("phone-volume-panel")
def volume_panel() -> Canvas:
    c = home()
    c.dim(70)
    x, y, w, h = L.VOLUME_PANEL
    c.rrect(L.VOLUME_PANEL, 55, fill="#FFFFFF")
    inner = (x + 30, y + 90, w - 60, h - 180)
    c.rrect(inner, 25, fill="#D0D5DB")
    ix, iy, iw, ih = inner
    level = 0.6
    c.rrect((ix, iy + int(ih * (1 - level)), iw, int(ih * level)), 25, fill=ACCENT)
    c.text((x + w / 2, y + 50), "铃声", 26, INK, bold=True, anchor="mm")
    c.text((x + w / 2, y + h - 50), "60%", 28, INK, bold=True, anchor="mm")
    c.tappable("音量条", L.VOLUME_PANEL)
    c.highlight(L.VOLUME_PANEL, "音量条\n往上拖变大", "left", gap=50)
    return c


@screen("phone-sound")
def sound() -> Canvas:
    c = phone_canvas()
    app_bar(c, "声音和振动")
    levels = {"来电铃声": 0.35, "媒体音量": 0.6, "闹钟音量": 0.7}
    for label in L.SOUND_SLIDERS:
        x, y, w, h = L.sound_slider(label)
        c.d.rectangle(box((x, y, w, h)), fill=CARD)
        c.text((40, y + 44), label, 34, INK, anchor="lm")
        c.slider(60, 660, y + 104, levels[label])
        c.hline(y + h - 1, 40)
        c.tappable(label, (x, y, w, h))
    top = L.SOUND_TOP + 3 * 150 + 30
    list_row(c, (0, top, L.PHONE_W, L.ROW_H), "静音模式", toggle=False)
    list_row(c, (0, top + L.ROW_H, L.PHONE_W, L.ROW_H), "来电铃声", value="默认铃声")
    list_row(c, (0, top + 2 * L.ROW_H, L.PHONE_W, L.ROW_H), "来电振动", toggle=True)
    c.highlight(L.sound_slider("来电铃声"), "往右拖：铃声变大", "above", gap=30)
    return c


# ================================================================ Wi-Fi
def wlan(
    selected: str | None = None, connected: bool = False, switch: bool = False
) -> Canvas:
    c = phone_canvas()
    app_bar(c, "WLAN")
    list_row(c, L.WLAN_SWITCH_ROW, "WLAN", toggle=True, chevron=False)
    if connected:
        section_title(c, L.WLAN_LIST_TOP - 36, "已连接")
    else:
        section_title(c, L.WLAN_LIST_TOP - 36, "可用 WLAN")
    strength = {"家里的WiFi": 3, "ChinaNet-3F2A": 2, "邻居家-5G": 2, "CMCC-WEB": 1}
    for name in L.WLAN_NETWORKS:
        x, y, w, h = L.wlan_row(name)
        c.d.rectangle(box((x, y, w, h)), fill=CARD)
        wifi_glyph(c, 70, y + h // 2 + 16, 36, INK, strength[name])
        if name != "CMCC-WEB":
            lock_glyph(c, 92, y + h // 2 + 10, 16)
        if connected and name == "家里的WiFi":
            c.text((130, y + h // 2 - 18), name, 36, ACCENT, bold=True, anchor="lm")
            c.text((130, y + h // 2 + 24), "已连接", 26, ACCENT, anchor="lm")
            check_mark(c, 650, y + h // 2, 30, ACCENT, 6)
        else:
            c.text((130, y + h // 2), name, 36, INK, anchor="lm")
            c.chevron(680, y + h // 2, 12)
        c.hline(y + h - 1, 130)
        c.tappable(name, (x, y, w, h))
    if switch:
        c.highlight(L.WLAN_SWITCH_ROW, "开关要打开\n圆点在右边", "below", gap=150)
    if selected:
        c.highlight(L.wlan_row(selected), "点你家的网络名", "below")
    if connected:
        # status-bar Wi-Fi fan called out
        c.highlight((570, 8, 44, 40), "有这个扇形\n就连上了", "below", gap=40)
    return c


also("phone-wlan-list", wlan, selected="家里的WiFi")
also("phone-wlan-list-plain", wlan)
also("phone-wlan-switch", wlan, switch=True)
also("phone-wlan-connected", wlan, connected=True)


def wifi_password(highlight: str = "connect") -> Canvas:
    c = wlan()
    c.dim(110)
    c.rrect(L.WIFI_DIALOG, 32, fill=CARD)
    x, y, w, h = L.WIFI_DIALOG
    c.text((L.PHONE_W / 2, y + 60), "家里的WiFi", 40, INK, bold=True, anchor="mm")
    if highlight != "field":  # the call-out label takes this line's place
        c.text((L.PHONE_W / 2, y + 112), "请输入密码", 30, MUTED, anchor="mm")
    fx, fy, fw, fh = L.WIFI_PASSWORD_FIELD
    c.rrect(L.WIFI_PASSWORD_FIELD, 14, fill="#F5F6F8", outline=ACCENT, width=3)
    c.text((fx + 24, fy + fh / 2), "zhang1958", 36, INK, anchor="lm")
    c.tappable("密码", L.WIFI_PASSWORD_FIELD)
    # show-password eye
    ex, ey = fx + fw - 50, fy + fh // 2
    c.d.ellipse((ex - 26, ey - 14, ex + 26, ey + 14), outline=MUTED, width=4)
    c.d.ellipse((ex - 8, ey - 8, ex + 8, ey + 8), fill=MUTED)
    cb = (fx, fy + fh + 32, 36, 36)
    c.rrect(cb, 6, fill=ACCENT)
    check_mark(c, fx + 18, fy + fh + 50, 24, "#FFFFFF", 5)
    c.text((fx + 52, fy + fh + 50), "显示密码", 28, MUTED, anchor="lm")
    c.text((fx, fy + fh + 100), "密码在路由器背面或问家人", 28, MUTED, anchor="lm")
    c.button(L.WIFI_CANCEL_BUTTON, "取消", fill="#E4E6E9", fg=INK)
    c.button(L.WIFI_CONNECT_BUTTON, "连接")
    if highlight == "connect":
        c.highlight(L.WIFI_CONNECT_BUTTON, "输好后点连接", "above", gap=40)
    elif highlight == "field":
        c.highlight(L.WIFI_PASSWORD_FIELD, "在这里输入密码", "above", gap=40)
    return c


also("phone-wifi-password", wifi_password, highlight="field")
also("phone-wifi-connect", wifi_password, highlight="connect")
