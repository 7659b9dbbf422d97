"""Hospital booking, fraud examples and the anti-fraud app (720×1280 phone screens).

Hospital, phone numbers and links are made up; the fraud messages follow the patterns
police warnings describe, so learners meet them here first.
"""

from __future__ import annotations

from . import layout as L
from .drawing import (
    ACCENT,
    BG,
    CALL_GREEN,
    CARD,
    FRAUD_BG,
    INK,
    LINE,
    MUTED,
    RED,
    WARN_BG,
    Canvas,
    app_bar,
    avatar,
    box,
    check_mark,
    handset,
    phone_canvas,
    shield,
    status_bar,
)
from .screens_chat import bubble, chat, dark_bg, round_button
from .screens_phone import also, screen

HOSPITAL = "#0F6E74"


# ================================================================ finding the hospital
def top_search(c: Canvas, typed: str) -> None:
    """A search header (used by WeChat search and the app store)."""
    c.d.rectangle((0, 0, L.PHONE_W, L.CONTENT_TOP), fill=CARD)
    status_bar(c)
    field = (24, L.STATUS_H + 16, 540, 80)
    c.rrect(field, 40, fill="#EDEDED")
    fx, fy, fw, fh = field
    cx, cy = fx + 40, fy + fh // 2
    c.d.ellipse((cx - 14, cy - 16, cx + 10, cy + 8), outline=MUTED, width=4)
    c.d.line((cx + 6, cy + 4, cx + 18, cy + 16), fill=MUTED, width=5)
    c.text((fx + 76, cy), typed, 34, INK, anchor="lm")
    c.text((640, cy), "取消", 34, ACCENT, anchor="mm")
    c.hline(L.CONTENT_TOP - 1)


def wechat_search(highlight: str | None = "官方公众号") -> Canvas:
    c = phone_canvas()
    top_search(c, "市人民医院")
    for t in L.SEARCH_TABS:
        tab = L.search_tab(t)
        c.tappable(t, tab)
        x = tab[0] + tab[2] // 2
        active = t == "公众号"
        c.text(
            (x, L.CONTENT_TOP + 40),
            t,
            30,
            ACCENT if active else MUTED,
            bold=active,
            anchor="mm",
        )
        if active:
            c.d.rectangle(
                (x - 40, L.CONTENT_TOP + 64, x + 40, L.CONTENT_TOP + 70), fill=ACCENT
            )
    rows = {
        "官方公众号": (
            "院",
            HOSPITAL,
            "市人民医院",
            "公众号 · 已认证",
            "官方服务号：预约挂号、查报告",
        ),
        "官方小程序": (
            "挂",
            "#2F80ED",
            "市人民医院挂号",
            "小程序 · 市人民医院",
            "医院官方小程序",
        ),
        "代挂号": (
            "急",
            "#9E9E9E",
            "专家号代挂 加急出号",
            "个人号 · 未认证",
            "加微信付费抢号，当天有号",
        ),
    }
    for key in L.HOSPITAL_RESULTS:
        x, y, w, h = L.hospital_result(key)
        ch, col, name, kind, desc = rows[key]
        c.d.rectangle(box((x, y, w, h)), fill=CARD)
        avatar(c, (32, y + 40, 100, 100), ch, col)
        c.text((156, y + 52), name, 36, INK, bold=True, anchor="lm")
        verified = "已认证" in kind or "小程序" in kind
        c.text((156, y + 100), kind, 28, "#1B7F3B" if verified else RED, anchor="lm")
        if verified:
            kw = c.text_width(kind, 28)
            c.d.ellipse((166 + kw, y + 86, 194 + kw, y + 114), fill="#1B7F3B")
            check_mark(c, 180 + kw, y + 100, 16, "#FFFFFF", 4)
        c.text((156, y + 146), desc, 28, MUTED, anchor="lm")
        c.hline(y + h - 1, 156)
        c.tappable(key, (x, y, w, h))
    if highlight == "公众号":
        c.highlight(L.search_tab("公众号"), "点“公众号”", "below", gap=40, size=30)
    elif highlight:
        c.highlight(
            L.hospital_result("官方公众号"), "认准医院官方、已认证", "above", gap=24
        )
    return c


also("phone-wechat-search-hospital", wechat_search)
also("phone-wechat-search-hospital-plain", wechat_search, highlight=None)
also("phone-wechat-search-hospital-tab", wechat_search, highlight="公众号")


def hospital_account(highlight: str | None = "预约挂号") -> Canvas:
    c = phone_canvas("#EDEDED")
    app_bar(c, "市人民医院", bg="#EDEDED", right="more")
    y = L.CONTENT_TOP + 30
    c.text((L.PHONE_W / 2, y + 18), "11月26日 08:00", 26, MUTED, anchor="mm")
    y, _ = bubble(
        c,
        y + 66,
        "l",
        "欢迎关注市人民医院！点下方“预约挂号”即可预约门诊。",
        "院",
        HOSPITAL,
    )
    card = (24, y, L.PHONE_W - 48, 300)
    c.rrect(card, 16, fill=CARD)
    c.rrect((24, y, L.PHONE_W - 48, 160), 16, fill="#B9DCDD")
    c.text((56, y + 80), "冬季就医指南", 44, HOSPITAL, bold=True, anchor="lm")
    c.text((56, y + 210), "流感高发，就诊请戴好口罩；", 30, INK, anchor="lm")
    c.text((56, y + 256), "带好身份证、医保卡。", 30, INK, anchor="lm")
    # bottom menu
    top = L.PHONE_H - 120
    c.d.rectangle((0, top, L.PHONE_W, L.PHONE_H), fill="#F7F7F7")
    c.hline(top, fill=LINE)
    for label in L.HOSPITAL_MENU:
        rect = L.hospital_menu_item(label)
        c.text_in(rect, label, 34, INK)
        if label != L.HOSPITAL_MENU[-1]:
            c.d.line(
                (rect[0] + rect[2], top + 30, rect[0] + rect[2], top + 90),
                fill=LINE,
                width=2,
            )
        c.tappable(label, rect)
    if highlight:
        c.highlight(
            L.hospital_menu_item(highlight), f"点“{highlight}”", "above", gap=80
        )
    return c


also("phone-hospital-account", hospital_account)
also("phone-hospital-account-mine", hospital_account, highlight="个人中心")


# ================================================================ booking
def departments(highlight: bool = True) -> Canvas:
    c = phone_canvas()
    app_bar(c, "选择科室")
    strip = (0, L.CONTENT_TOP, L.PHONE_W, 100)
    c.d.rectangle(box(strip), fill="#E3F1F1")
    c.text(
        (40, L.CONTENT_TOP + 50),
        "市人民医院 · 门诊",
        32,
        HOSPITAL,
        bold=True,
        anchor="lm",
    )
    side = ("内科", "外科", "专科", "儿科", "妇产科", "中医科")
    c.d.rectangle((0, L.DEPT_LIST_TOP, 220, L.PHONE_H), fill="#EEF0F2")
    for i, s in enumerate(side):
        y = L.DEPT_LIST_TOP + i * L.ROW_H
        if i == 0:
            c.d.rectangle((0, y, 220, y + L.ROW_H), fill=CARD)
            c.d.rectangle((0, y + 20, 8, y + L.ROW_H - 20), fill=HOSPITAL)
        c.text(
            (110, y + L.ROW_H / 2),
            s,
            32,
            INK if i == 0 else MUTED,
            bold=i == 0,
            anchor="mm",
        )
    c.d.rectangle((220, L.DEPT_LIST_TOP, L.PHONE_W, L.PHONE_H), fill=CARD)
    for d in L.DEPARTMENTS:
        x, y, w, h = L.department_row(d)
        c.text((x + 36, y + h / 2), d, 34, INK, anchor="lm")
        c.chevron(x + w - 40, y + h // 2, 12)
        c.hline(y + h - 1, x + 36)
        c.tappable(d, (x, y, w, h))
    if highlight:
        c.highlight(L.department_row("心血管内科"), "选要看的科室", "below")
    return c


also("phone-booking-departments", departments)
also("phone-booking-departments-plain", departments, highlight=False)


@screen("phone-booking-doctors")
def doctors() -> Canvas:
    c = phone_canvas()
    app_bar(c, "心血管内科")
    days = (
        ("周五", "27"),
        ("周六", "28"),
        ("周日", "29"),
        ("周一", "30"),
        ("周二", "1"),
        ("周三", "2"),
    )
    for i, (wd, dn) in enumerate(days):
        x = 12 + i * 116
        sel = i == 3
        c.rrect((x, L.CONTENT_TOP + 16, 108, 130), 16, fill=HOSPITAL if sel else CARD)
        col = "#FFFFFF" if sel else INK
        c.text((x + 54, L.CONTENT_TOP + 56), wd, 28, col, anchor="mm")
        c.text((x + 54, L.CONTENT_TOP + 108), dn, 36, col, bold=True, anchor="mm")
    docs = {
        "李医生": ("主任医师", "高血压、冠心病", "上午 余号 2", "¥35", True),
        "王医生": ("副主任医师", "心律不齐、心衰", "上午 余号 5", "¥25", True),
        "陈医生": ("主治医师", "高血压", "上午 已约满", "¥15", False),
    }
    for name in L.DOCTORS:
        x, y, w, h = L.doctor_card(name)
        title, spec, slot, fee, free = docs[name]
        c.rrect((x, y, w, h), 20, fill=CARD)
        avatar(c, (x + 24, y + 28, 90, 90), name[0], "#7E57C2")
        c.text((x + 136, y + 50), f"{name}  {title}", 34, INK, bold=True, anchor="lm")
        c.text((x + 136, y + 100), f"擅长：{spec}", 28, MUTED, anchor="lm")
        c.text((x + 24, y + h - 60), f"{slot} · 挂号费 {fee}", 30, INK, anchor="lm")
        btn = L.doctor_book_button(name)
        if free:
            c.button(btn, "预约", fill=HOSPITAL, size=32, key=f"{name}-预约")
        else:
            c.rrect(btn, 20, fill="#E0E0E0")
            c.text_in(btn, "约满", 32, MUTED, bold=True)
    c.highlight(L.doctor_book_button("王医生"), "点“预约”", "below", gap=30)
    return c


@screen("phone-booking-patient")
def patient() -> Canvas:
    c = phone_canvas()
    app_bar(c, "选择就诊人")
    c.text(
        (40, L.CONTENT_TOP + 46),
        "挂号需要实名：用看病本人的信息",
        30,
        MUTED,
        anchor="lm",
    )
    c.rrect(L.PATIENT_CARD, 20, fill=CARD, outline=HOSPITAL, width=4)
    x, y, w, h = L.PATIENT_CARD
    c.text((x + 32, y + 50), "张桂兰", 40, INK, bold=True, anchor="lm")
    c.text((x + 200, y + 50), "本人 · 女 · 68岁", 28, MUTED, anchor="lm")
    c.text((x + 32, y + 110), "身份证 3301**********1234", 30, INK, anchor="lm")
    c.text((x + 32, y + 160), "手机号 138****5678", 30, INK, anchor="lm")
    c.text((x + 32, y + 210), "医保卡 已绑定", 30, INK, anchor="lm")
    c.d.ellipse((x + w - 84, y + 24, x + w - 28, y + 80), fill=HOSPITAL)
    check_mark(c, x + w - 56, y + 52, 30, "#FFFFFF", 6)
    c.tappable("张桂兰", L.PATIENT_CARD)
    c.rrect(L.ADD_PATIENT_BUTTON, 20, fill=CARD, outline=LINE, width=2)
    c.text_in(L.ADD_PATIENT_BUTTON, "+ 添加就诊人（帮家人挂号）", 32, ACCENT)
    c.tappable("添加就诊人", L.ADD_PATIENT_BUTTON)
    c.button(L.BIG_BOTTOM_BUTTON, "下一步", fill=HOSPITAL)
    c.highlight(L.BIG_BOTTOM_BUTTON, "核对就诊人，再点“下一步”", "above", gap=60)
    return c


def confirm(highlight: bool = True) -> Canvas:
    c = phone_canvas()
    app_bar(c, "确认预约信息")
    card = (24, L.CONTENT_TOP + 30, L.PHONE_W - 48, 560)
    c.rrect(card, 20, fill=CARD)
    rows = (
        ("医院", "市人民医院"),
        ("科室", "心血管内科"),
        ("医生", "王医生 副主任医师"),
        ("时间", "11月30日 周一 上午 9:30"),
        ("就诊人", "张桂兰"),
        ("挂号费", "¥25（到院缴费）"),
    )
    for i, (k, v) in enumerate(rows):
        y = card[1] + 30 + i * 88
        c.text((64, y + 40), k, 30, MUTED, anchor="lm")
        c.text((200, y + 40), v, 32, INK, anchor="lm")
    note = (24, card[1] + card[3] + 30, L.PHONE_W - 48, 150)
    c.rrect(note, 16, fill=WARN_BG)
    c.paragraph(
        48,
        note[1] + 24,
        "请核对时间和就诊人。去不了请提前取消，多次爽约可能暂停预约。",
        28,
        L.PHONE_W - 96,
        INK,
    )
    c.button(L.BIG_BOTTOM_BUTTON, "确认预约", fill=HOSPITAL)
    if highlight:
        c.highlight(L.BIG_BOTTOM_BUTTON, "核对无误，点这里", "above", gap=60)
    return c


also("phone-booking-confirm", confirm)


@screen("phone-booking-success")
def success() -> Canvas:
    c = phone_canvas()
    app_bar(c, "预约结果")
    cx = L.PHONE_W // 2
    c.d.ellipse((cx - 90, 240, cx + 90, 420), fill="#1B7F3B")
    check_mark(c, cx, 330, 90, "#FFFFFF", 16)
    c.text((cx, 480), "预约成功", 52, INK, bold=True, anchor="mm")
    c.text((cx, 550), "11月30日 周一 上午 9:30", 34, INK, anchor="mm")
    c.text((cx, 600), "心血管内科 · 王医生", 34, INK, anchor="mm")
    card = (24, 660, L.PHONE_W - 48, 330)
    c.rrect(card, 20, fill=CARD)
    c.text((56, 710), "就诊那天请带好：", 32, INK, bold=True, anchor="lm")
    for i, t in enumerate(("身份证", "医保卡或医保电子凭证", "以前的病历和检查单")):
        y = 770 + i * 64
        c.d.ellipse((60, y - 8, 76, y + 8), fill=HOSPITAL)
        c.text((96, y), t, 32, INK, anchor="lm")
    c.text((56, 960), "提前30分钟到医院签到取号", 30, MUTED, anchor="lm")
    c.button(L.BIG_BOTTOM_BUTTON, "查看我的预约", fill=HOSPITAL)
    return c


def my_bookings(highlight: bool = True) -> Canvas:
    c = phone_canvas()
    app_bar(c, "我的预约")
    card = (24, L.CONTENT_TOP + 30, L.PHONE_W - 48, 560)
    c.rrect(card, 20, fill=CARD)
    x, y = card[0], card[1]
    c.text((x + 32, y + 50), "心血管内科 · 王医生", 36, INK, bold=True, anchor="lm")
    c.rrect((x + w_tag(c), y + 26, 140, 50), 25, fill="#E3F1F1")
    c.text((x + w_tag(c) + 70, y + 51), "待就诊", 28, HOSPITAL, bold=True, anchor="mm")
    for i, t in enumerate(
        (
            "就诊人：张桂兰",
            "时间：11月30日 周一 上午 9:30",
            "地点：门诊楼3楼 心血管内科",
            "挂号费：¥25（到院缴费）",
        )
    ):
        c.text((x + 32, y + 130 + i * 62), t, 30, INK, anchor="lm")
    c.button(
        L.CANCEL_BOOKING_BUTTON, "取消预约", fill=CARD, fg=RED, outline=RED, size=32
    )
    c.button(
        (54, L.CANCEL_BOOKING_BUTTON[1], 290, 90),
        "查看详情",
        fill=CARD,
        fg=ACCENT,
        outline=ACCENT,
        size=32,
    )
    if highlight:
        c.highlight(
            L.CANCEL_BOOKING_BUTTON, "去不了？\n提前点“取消预约”", "below", gap=80
        )
    return c


def w_tag(c: Canvas) -> int:
    """x offset of the status tag, just right of the title."""
    return 32 + c.text_width("心血管内科 · 王医生", 36, bold=True) + 24


@screen("phone-booking-cancel-confirm")
def cancel_confirm() -> Canvas:
    c = my_bookings(highlight=False)
    c.dim(120)
    c.tappables.clear()
    dlg = (60, 460, L.PHONE_W - 120, 380)
    c.rrect(dlg, 28, fill=CARD)
    c.text(
        (L.PHONE_W / 2, 530), "确定取消这次预约吗？", 38, INK, bold=True, anchor="mm"
    )
    c.text((L.PHONE_W / 2, 600), "取消后号源会让给别人", 30, MUTED, anchor="mm")
    c.button(L.CANCEL_DIALOG_KEEP, "再想想", fill="#E4E6E9", fg=INK, size=34)
    c.button(L.CANCEL_DIALOG_OK, "确定取消", fill=RED, size=34)
    c.highlight(L.CANCEL_DIALOG_OK, "确定去不了\n点“确定取消”", "below", gap=60)
    return c


also("phone-booking-mine", my_bookings)
also("phone-booking-mine-plain", my_bookings, highlight=False)


# ============================================================ fraud: calls, messages
def incoming_call(
    caller: str, number: str, place: str, mark: str, danger: bool, hl: str = "号码"
) -> Canvas:
    c = phone_canvas()
    dark_bg(c, (52, 58, 70), (20, 22, 28))
    status_bar(c, dark=True)
    c.text((L.PHONE_W / 2, 200), "来电", 30, "#DDDDDD", anchor="mm")
    c.text((L.PHONE_W / 2, 300), caller, 64, "#FFFFFF", bold=True, anchor="mm")
    num = (110, 410, 500, 70)
    c.text((L.PHONE_W / 2, 445), number, 38, "#FFFFFF", anchor="mm")
    c.text((L.PHONE_W / 2, 370), place, 30, "#DDDDDD", anchor="mm")
    c.tappable("号码", num)
    round_button(
        c,
        L.INCOMING_DECLINE,
        RED,
        "拒绝",
        "拒绝",
        lambda x, y: handset(c, x, y, 46, "#FFFFFF", 0),
    )
    round_button(
        c,
        L.INCOMING_ACCEPT,
        CALL_GREEN,
        "接听",
        "接听",
        lambda x, y: handset(c, x, y, 46, "#FFFFFF", 135),
    )
    if danger:
        c.text(
            (L.PHONE_W / 2, 860),
            "“公安”不会打电话让你转账",
            32,
            "#FFFFFF",
            bold=True,
            anchor="mm",
        )
    if hl == "号码":
        c.highlight(num, mark, "below", gap=90)
    elif hl == "拒绝":
        c.highlight(L.INCOMING_DECLINE, mark, "above", gap=140)
    return c


also(
    "phone-fake-call",
    incoming_call,
    caller="公安局",
    number="+00 852 6123 4567",
    place="境外号码",
    mark="号码奇怪：+00 开头\n是境外来电，很可能是骗子",
    danger=True,
)
also(
    "phone-fake-call-decline",
    incoming_call,
    caller="公安局",
    number="+00 852 6123 4567",
    place="境外号码",
    mark="不用争辩\n直接点“拒绝”",
    danger=False,
    hl="拒绝",
)
also(
    "phone-fake-call-plain",
    incoming_call,
    caller="公安局",
    number="+00 852 6123 4567",
    place="境外号码",
    mark="",
    danger=False,
    hl="",
)
also(
    "phone-call-96110",
    incoming_call,
    caller="96110",
    number="96110",
    place="反诈预警劝阻专线",
    mark="96110 是警方反诈专线\n打来提醒你，一定要接",
    danger=False,
)


def sms(
    sender: str,
    note: str,
    text: str,
    mark: str,
    actions: bool = True,
    report: bool = False,
) -> Canvas:
    c = phone_canvas(CARD)
    app_bar(c, sender)
    banner = (24, L.CONTENT_TOP + 20, L.PHONE_W - 48, 70)
    c.rrect(banner, 14, fill=FRAUD_BG)
    c.text_in(banner, note, 28, RED, align="left")
    c.text((L.PHONE_W / 2, L.SMS_BUBBLE_TOP + 40), "今天 09:12", 26, MUTED, anchor="mm")
    size, maxw = 34, 560
    lines = c.wrap(text, size, maxw)
    y = L.SMS_BUBBLE_TOP + 80
    rect = (32, y, maxw + 48, len(lines) * int(size * 1.5) + 36)
    c.rrect(rect, 24, fill="#EEF0F3")
    ty = y + 18
    for line in lines:
        is_link = "http" in line or ".cc" in line
        c.text((56, ty), line, size, ACCENT if is_link else INK)
        if is_link:
            c.d.line(
                (56, ty + size + 6, 56 + c.text_width(line, size), ty + size + 6),
                fill=ACCENT,
                width=3,
            )
        ty += int(size * 1.5)
    c.tappable("短信", rect)
    if actions:
        top = L.PHONE_H - 130
        c.d.rectangle((0, top, L.PHONE_W, L.PHONE_H), fill="#F7F7F7")
        c.hline(top)
        for label in L.SMS_ACTIONS:
            r = L.sms_action(label)
            c.text_in(r, label, 36, RED if label == "举报" else INK, bold=True)
            c.tappable(label, r)
        c.d.line((360, top + 30, 360, L.PHONE_H - 30), fill=LINE, width=2)
    if mark:
        c.highlight(rect, mark, "below", gap=60)
    if report:
        c.highlight(L.sms_action("举报"), "先点“举报”\n再点“删除”", "above", gap=60)
    return c


SCAM_SMS = (
    "【银行通知】尊敬的客户，您的账户存在异常，将于今日冻结。"
    "请立即点击 http://yh-kfzx.cc 验证身份解冻。"
)
also(
    "phone-scam-sms",
    sms,
    sender="+86 171 2345 6789",
    note="陌生号码 · 不在通讯录",
    text=SCAM_SMS,
    mark="",
)
also(
    "phone-scam-sms-report",
    sms,
    sender="+86 171 2345 6789",
    note="陌生号码 · 不在通讯录",
    text=SCAM_SMS,
    mark="",
    report=True,
)
also(
    "phone-scam-sms-link",
    sms,
    sender="+86 171 2345 6789",
    note="陌生号码 · 不在通讯录",
    text=SCAM_SMS,
    mark="催你点链接“解冻”\n就是诈骗，千万别点",
)
also(
    "phone-sms-code",
    sms,
    sender="某银行",
    note="验证码短信",
    text=(
        "【某银行】验证码 386512，您正在转账5000.00元。"
        "验证码切勿告诉任何人，银行工作人员不会向您索取。"
    ),
    mark="验证码就是钱包钥匙\n谁要都不给",
    actions=False,
)

also(
    "phone-fake-refund",
    chat,
    title="快递理赔客服",
    who="客服",
    colour="#607D8B",
    messages=[
        ("time", "今天 15:30"),
        ("l", "您好，我是快递客服。您的包裹丢了，我们赔您三倍。"),
        ("l", "请下载一个会议软件，打开“屏幕共享”，我教您领钱。"),
        ("r", "好的，怎么弄？"),
        ("l", "领钱前要先验证流水，请先转1000元，马上退还。"),
    ],
    mark=(4, "先转钱才能退款？\n一定是骗子"),
)
also(
    "phone-wechat-fake-child",
    chat,
    title="小明（新号）",
    who="明",
    colour="#5C6BC0",
    messages=[
        ("time", "今天 14:05"),
        ("l", "妈，我手机坏了，这是我新微信号。"),
        ("l", "同学住院急用钱，你先转5000给我，别告诉爸。"),
        ("r", "你是小明？打个电话吧"),
        ("l", "我这不方便接电话，你快点转！"),
    ],
    mark=(4, "不让打电话、催着要钱\n先挂断，打他原来的号码核实"),
)
also(
    "phone-health-scam",
    chat,
    title="健康养生交流群(268)",
    who="专",
    colour="#8D6E63",
    messages=[
        ("time", "今天 08:40"),
        ("l", "王专家：我们的“量子”保健品，包治高血压、糖尿病，吃了就能停药！"),
        ("l", "今天下单，原价3980现价998，再送10斤鸡蛋！"),
        ("l", "名额只剩5个，快转账抢购！"),
    ],
    mark=(3, "吹“包治百病”、催你转账\n都是骗人的"),
)


# ================================================================ anti-fraud app
def appstore(highlight: bool = True) -> Canvas:
    c = phone_canvas()
    top_search(c, "国家反诈中心")
    card = (0, L.CONTENT_TOP + 20, L.PHONE_W, 260)
    c.d.rectangle(box(card), fill=CARD)
    ic = (32, L.CONTENT_TOP + 50, 130, 130)
    c.rrect(ic, 30, fill="#C62828")
    shield(c, 97, L.CONTENT_TOP + 115, 48, "#FFFFFF", "反", "#C62828")
    c.text((190, L.CONTENT_TOP + 80), "国家反诈中心", 36, INK, bold=True, anchor="lm")
    c.text((190, L.CONTENT_TOP + 130), "公安部刑事侦查局", 26, MUTED, anchor="lm")
    c.text(
        (190, L.CONTENT_TOP + 230),
        "官方 · 免费",
        26,
        "#1B7F3B",
        anchor="lm",
    )
    c.button(L.APPSTORE_INSTALL, "安装", fill=ACCENT, size=32, r=38)
    if highlight:
        c.highlight(
            L.APPSTORE_INSTALL, "认准开发者是公安部\n再点“安装”", "below", gap=200
        )
    return c


also("phone-appstore-antifraud", appstore)
also("phone-appstore-antifraud-plain", appstore, highlight=False)


@screen("phone-antifraud-app")
def antifraud_app() -> Canvas:
    c = phone_canvas(BG)
    c.d.rectangle((0, 0, L.PHONE_W, 480), fill="#C62828")
    status_bar(c, dark=True)
    shield(c, 360, 210, 90, "#FFFFFF", "反", "#C62828")
    c.text((360, 360), "国家反诈中心", 48, "#FFFFFF", bold=True, anchor="mm")
    c.text((360, 425), "不听 不信 不转账", 32, "#FFFFFF", anchor="mm")
    desc = {
        "来电预警": "诈骗电话打来时提醒",
        "举报": "举报诈骗电话、短信",
        "风险查询": "查可疑账号、网址",
        "身份核实": "和亲友视频确认身份",
    }
    for label in L.ANTIFRAUD_FEATURES:
        r = L.antifraud_feature(label)
        c.rrect(r, 24, fill=CARD)
        x, y, w, h = r
        c.text((x + w / 2, y + 80), label, 40, INK, bold=True, anchor="mm")
        c.paragraph(x + 28, y + 130, desc[label], 26, w - 56, MUTED)
        c.tappable(label, r)
    c.highlight(L.antifraud_feature("来电预警"), "打开“来电预警”", "above", gap=20)
    return c
