"""Where things sit on the demo pictures — shared by the drawings and the lesson data.

Pure Python (no Pillow, no Django). ``images.py`` draws every tappable element at the
rectangle these functions return, and ``courses.py`` turns the same rectangles into
"try it" targets (percent of the picture), so a target can never drift away from the
thing it points at. Rectangles are ``(x, y, width, height)`` in pixels.
"""

from __future__ import annotations

Rect = tuple[int, int, int, int]

# Picture sizes
PHONE_W, PHONE_H = 720, 1280
COVER_W, COVER_H = 1200, 675
SCREEN_W, SCREEN_H = 1280, 800

# Phone chrome
STATUS_H = 56
APPBAR_H = 112
CONTENT_TOP = STATUS_H + APPBAR_H  # 168
ROW_H = 104
SEARCH_BOX: Rect = (32, CONTENT_TOP + 16, PHONE_W - 64, 80)
LIST_TOP_WITH_SEARCH = CONTENT_TOP + 120  # 288
LIST_TOP = CONTENT_TOP + 24  # 192


BACK_BUTTON: Rect = (0, STATUS_H, 100, APPBAR_H)
SEARCH_TABS: tuple[str, ...] = ("全部", "公众号", "小程序", "文章")


def search_tab(label: str) -> Rect:
    """A tab under the WeChat search box."""
    return (10 + SEARCH_TABS.index(label) * 150, CONTENT_TOP, 120, 80)


def list_row(index: int, top: int = LIST_TOP_WITH_SEARCH, row_h: int = ROW_H) -> Rect:
    """A full-width row of a settings-style list."""
    return (0, top + index * row_h, PHONE_W, row_h)


# ---------------------------------------------------------------- home screen
HOME_APPS: tuple[str, ...] = (
    "电话",
    "短信",
    "微信",
    "相机",
    "相册",
    "设置",
    "应用商店",
    "浏览器",
    "日历",
    "天气",
    "国家反诈中心",
    "时钟",
)
HOME_COLS = 4
HOME_GRID_TOP = 420
HOME_CELL_W = PHONE_W // HOME_COLS  # 180
HOME_CELL_H = 210
HOME_ICON = 128


def home_app(name: str) -> Rect:
    """The icon plus its label on the home screen."""
    i = HOME_APPS.index(name)
    col, row = i % HOME_COLS, i // HOME_COLS
    return (
        col * HOME_CELL_W,
        HOME_GRID_TOP + row * HOME_CELL_H,
        HOME_CELL_W,
        HOME_CELL_H,
    )


# ---------------------------------------------------------------- settings
SETTINGS_ROWS: tuple[str, ...] = (
    "WLAN",
    "蓝牙",
    "移动网络",
    "显示和亮度",
    "声音和振动",
    "通知",
    "应用",
    "辅助功能",
    "系统和更新",
)


def settings_row(label: str) -> Rect:
    return list_row(SETTINGS_ROWS.index(label))


DISPLAY_ROWS: tuple[str, ...] = (
    "亮度",
    "护眼模式",
    "深色模式",
    "字体大小",
    "显示大小",
    "自动锁屏",
)


def display_row(label: str) -> Rect:
    return list_row(DISPLAY_ROWS.index(label), top=LIST_TOP)


# Font size screen: a preview card and a slider with five stops (small … large)
FONT_PREVIEW: Rect = (32, CONTENT_TOP + 32, PHONE_W - 64, 520)
FONT_SLIDER_Y = 900
FONT_SLIDER_X0, FONT_SLIDER_X1 = 110, 610
FONT_STOPS = 5


def font_stop(i: int) -> Rect:
    """A 96×96 touch area around slider stop ``i`` (0 = smallest)."""
    x = FONT_SLIDER_X0 + (FONT_SLIDER_X1 - FONT_SLIDER_X0) * i // (FONT_STOPS - 1)
    return (x - 48, FONT_SLIDER_Y - 48, 96, 96)


# Settings search results (简易模式 / 长辈模式)
SEARCH_RESULT_TOP = CONTENT_TOP + 160


def search_result(i: int) -> Rect:
    return list_row(i, top=SEARCH_RESULT_TOP, row_h=120)


SIMPLE_MODE_BUTTON: Rect = (80, 1080, PHONE_W - 160, 112)

# Sound settings: three volume sliders
SOUND_SLIDERS: tuple[str, ...] = ("来电铃声", "媒体音量", "闹钟音量")
SOUND_TOP = CONTENT_TOP + 130  # room above the first slider for a call-out


def sound_slider(label: str) -> Rect:
    i = SOUND_SLIDERS.index(label)
    return (0, SOUND_TOP + i * 150, PHONE_W, 150)


# Side keys diagram: keys on the right edge of a drawn phone
PHONE_BODY: Rect = (170, 160, 380, 800)
VOLUME_UP: Rect = (550, 330, 30, 110)
VOLUME_DOWN: Rect = (550, 460, 30, 110)
POWER_KEY: Rect = (550, 630, 30, 90)

# Volume pop-up on the screen edge
VOLUME_PANEL: Rect = (560, 300, 110, 520)

# ---------------------------------------------------------------- Wi-Fi
WLAN_NETWORKS: tuple[str, ...] = (
    "家里的WiFi",
    "ChinaNet-3F2A",
    "邻居家-5G",
    "CMCC-WEB",
)
WLAN_SWITCH_ROW: Rect = (0, LIST_TOP, PHONE_W, ROW_H)
WLAN_LIST_TOP = LIST_TOP + ROW_H + 80  # after the WLAN switch and a section title


def wlan_row(name: str) -> Rect:
    return list_row(WLAN_NETWORKS.index(name), top=WLAN_LIST_TOP)


WIFI_DIALOG: Rect = (40, 640, PHONE_W - 80, 560)
WIFI_PASSWORD_FIELD: Rect = (80, 800, PHONE_W - 160, 96)
WIFI_CONNECT_BUTTON: Rect = (370, 1060, 270, 100)
WIFI_CANCEL_BUTTON: Rect = (80, 1060, 270, 100)

# ---------------------------------------------------------------- WeChat
WECHAT_TABBAR_H = 128
WECHAT_CHATS: tuple[str, ...] = (
    "女儿 小红",
    "社区服务群",
    "文件传输助手",
    "老同学 王姐",
    "市人民医院",
)
WECHAT_CHAT_ROW_H = 140
WECHAT_SEARCH_ICON: Rect = (552, STATUS_H + 20, 72, 72)


def wechat_chat_row(name: str) -> Rect:
    return list_row(WECHAT_CHATS.index(name), top=CONTENT_TOP, row_h=WECHAT_CHAT_ROW_H)


CHAT_INPUT_H = 120
CHAT_INPUT_TOP = PHONE_H - CHAT_INPUT_H  # input bar when no panel is open
CHAT_PLUS_BUTTON: Rect = (PHONE_W - 104, CHAT_INPUT_TOP + 20, 80, 80)

PLUS_PANEL_H = 440
PLUS_PANEL_TOP = PHONE_H - PLUS_PANEL_H
PLUS_ITEMS: tuple[str, ...] = (
    "相册",
    "拍摄",
    "视频通话",
    "位置",
    "红包",
    "转账",
    "语音输入",
    "收藏",
)


def plus_item(label: str) -> Rect:
    i = PLUS_ITEMS.index(label)
    col, row = i % 4, i // 4
    return (col * 180, PLUS_PANEL_TOP + 20 + row * 200, 180, 200)


CALL_SHEET_ITEMS: tuple[str, ...] = ("视频通话", "语音通话", "取消")
CALL_SHEET_ROW_H = 120


def call_sheet_item(label: str) -> Rect:
    i = CALL_SHEET_ITEMS.index(label)
    top = PHONE_H - CALL_SHEET_ROW_H * 3 - 16
    return (
        0,
        top + i * CALL_SHEET_ROW_H + (16 if i == 2 else 0),
        PHONE_W,
        CALL_SHEET_ROW_H,
    )


# Round call buttons: (centre x, centre y, radius) kept as rects
CALL_BTN_R = 72


def _round(cx: int, cy: int, r: int = CALL_BTN_R) -> Rect:
    return (cx - r, cy - r, 2 * r, 2 * r)


INCOMING_DECLINE: Rect = _round(180, 1060)
INCOMING_ACCEPT: Rect = _round(540, 1060)
IN_CALL_CONTROLS: tuple[str, ...] = ("麦克风已开", "扬声器已开", "摄像头已开")


def in_call_control(label: str) -> Rect:
    i = IN_CALL_CONTROLS.index(label)
    return _round(140 + i * 220, 880, 56)


IN_CALL_HANGUP: Rect = _round(360, 1100, 80)
IN_CALL_FLIP: Rect = _round(90, 290, 56)  # top left, under the name

APP_PERMISSIONS: tuple[str, ...] = ("相机", "麦克风", "位置信息", "通讯录", "存储")


def permission_row(label: str) -> Rect:
    return list_row(APP_PERMISSIONS.index(label), top=LIST_TOP + 200)


# ---------------------------------------------------------------- hospital booking
HOSPITAL_MENU: tuple[str, ...] = ("就医服务", "预约挂号", "个人中心")


def hospital_menu_item(label: str) -> Rect:
    i = HOSPITAL_MENU.index(label)
    return (i * 240, PHONE_H - 120, 240, 120)


DEPARTMENTS: tuple[str, ...] = (
    "普通内科",
    "心血管内科",
    "消化内科",
    "骨科",
    "眼科",
    "口腔科",
    "皮肤科",
)
DEPT_LIST_TOP = CONTENT_TOP + 120


def department_row(label: str) -> Rect:
    return (220, DEPT_LIST_TOP + DEPARTMENTS.index(label) * ROW_H, PHONE_W - 220, ROW_H)


DOCTORS: tuple[str, ...] = ("李医生", "王医生", "陈医生")
DOCTOR_TOP = CONTENT_TOP + 170
DOCTOR_CARD_H = 250


def doctor_card(name: str) -> Rect:
    return (
        24,
        DOCTOR_TOP + DOCTORS.index(name) * (DOCTOR_CARD_H + 20),
        PHONE_W - 48,
        DOCTOR_CARD_H,
    )


def doctor_book_button(name: str) -> Rect:
    x, y, w, h = doctor_card(name)
    return (x + w - 200, y + 28, 176, 80)


PATIENT_CARD: Rect = (24, CONTENT_TOP + 90, PHONE_W - 48, 250)
ADD_PATIENT_BUTTON: Rect = (24, CONTENT_TOP + 370, PHONE_W - 48, 100)
BIG_BOTTOM_BUTTON: Rect = (40, PHONE_H - 150, PHONE_W - 80, 110)
CANCEL_BOOKING_BUTTON: Rect = (380, CONTENT_TOP + 470, 290, 90)
CANCEL_DIALOG_KEEP: Rect = (90, 700, 255, 100)
CANCEL_DIALOG_OK: Rect = (375, 700, 255, 100)

HOSPITAL_RESULTS: tuple[str, ...] = ("官方公众号", "官方小程序", "代挂号")
HOSPITAL_RESULT_TOP = CONTENT_TOP + 200  # room for a call-out above
HOSPITAL_RESULT_H = 190


def hospital_result(key: str) -> Rect:
    i = HOSPITAL_RESULTS.index(key)
    return (0, HOSPITAL_RESULT_TOP + i * HOSPITAL_RESULT_H, PHONE_W, HOSPITAL_RESULT_H)


# ---------------------------------------------------------------- fraud
SMS_BUBBLE_TOP = CONTENT_TOP + 90
SMS_ACTIONS: tuple[str, ...] = ("举报", "删除")


def sms_action(label: str) -> Rect:
    i = SMS_ACTIONS.index(label)
    return (i * 360, PHONE_H - 130, 360, 130)


APPSTORE_INSTALL: Rect = (520, CONTENT_TOP + 62, 160, 76)
ANTIFRAUD_FEATURES: tuple[str, ...] = ("来电预警", "举报", "风险查询", "身份核实")


def antifraud_feature(label: str) -> Rect:
    i = ANTIFRAUD_FEATURES.index(label)
    col, row = i % 2, i // 2
    return (40 + col * 330, 560 + row * 250, 310, 220)


# ---------------------------------------------------------------- desktop screens
SHEET_LEFT = 80
SHEET_TOP = 200
SHEET_ROW_H = 44
SHEET_COL_W: tuple[int, ...] = (80, 120, 100, 120, 220, 200)


def sheet_cell(col: int, row: int) -> Rect:
    """Cell at 0-based column and 1-based spreadsheet row (row 1 = header)."""
    x = SHEET_LEFT + sum(SHEET_COL_W[:col])
    y = SHEET_TOP + (row - 1) * SHEET_ROW_H
    return (x, y, SHEET_COL_W[col], SHEET_ROW_H)


FORMULA_BAR: Rect = (80, 112, SCREEN_W - 120, 48)
SUMMARY_X = 960
SUMMARY_COL_W: tuple[int, ...] = (150, 130)


def summary_cell(col: int, row: int) -> Rect:
    """The little results table right of the data (row 1 = its header)."""
    x = SUMMARY_X + sum(SUMMARY_COL_W[:col])
    return (x, SHEET_TOP + (row - 1) * SHEET_ROW_H, SUMMARY_COL_W[col], SHEET_ROW_H)


TITLE_H = 44
MENU_TABS: tuple[str, ...] = ("文件", "开始", "插入", "数据", "公式", "视图")


def menu_tab(label: str) -> Rect:
    return (24 + MENU_TABS.index(label) * 100, TITLE_H, 92, 56)


def menu_item(tab: str, i: int) -> Rect:
    x = menu_tab(tab)[0]
    return (x, TITLE_H + 60 + i * 56, 300, 56)


MEETING_PANEL_X = 900  # participants / vote side panel
PARTICIPANT_ROW_H = 76


def participant_row(i: int) -> Rect:
    return (
        MEETING_PANEL_X,
        120 + i * PARTICIPANT_ROW_H,
        SCREEN_W - MEETING_PANEL_X,
        PARTICIPANT_ROW_H,
    )


ALLOW_SPEAK_BUTTON: Rect = (SCREEN_W - 170, 120 + 2 * PARTICIPANT_ROW_H + 16, 150, 44)
MEETING_TOOLBAR: tuple[str, ...] = (
    "静音",
    "开启视频",
    "举手",
    "参会者",
    "表决",
    "聊天",
    "结束会议",
)


def meeting_tool(label: str) -> Rect:
    i = MEETING_TOOLBAR.index(label)
    return (40 + i * 172, SCREEN_H - 110, 160, 96)


def pct(rect: Rect, size: tuple[int, int], label: str) -> dict:
    """A try-it target in percent of the picture, as the lesson blocks expect."""
    x, y, w, h = rect
    width, height = size
    return {
        "x": round(100 * x / width, 2),
        "y": round(100 * y / height, 2),
        "width": round(100 * w / width, 2),
        "height": round(100 * h / height, 2),
        "label": label,
    }


PHONE = (PHONE_W, PHONE_H)
SCREEN = (SCREEN_W, SCREEN_H)
