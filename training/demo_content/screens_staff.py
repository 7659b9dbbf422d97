"""Desktop screens (1280×800) for the staff courses: a spreadsheet, an online meeting,
documents, a flowchart and a code editor — simplified, product-neutral look-alikes."""

from __future__ import annotations

from collections.abc import Callable

from . import layout as L
from . import samples
from .drawing import (
    ACCENT,
    CARD,
    INK,
    LINE,
    MUTED,
    RED,
    Canvas,
    box,
    check_mark,
    person,
)

STAFF_SCREENS: dict[str, Callable[[], Canvas]] = {}

SHEET_GREEN = "#1F6E43"
GRID = "#C8CCD0"
HEAD_BG = "#EEF0F2"
MARK_BG = "#FFE8CC"  # cells with a problem: tinted AND outlined AND labelled


def reg(name: str, fn: Callable[..., Canvas], **kwargs) -> None:
    STAFF_SCREENS[name] = lambda: fn(**kwargs)


def window(
    title: str, colour: str = SHEET_GREEN, tabs: bool = True, active: str | None = None
) -> Canvas:
    c = Canvas(L.SCREEN, CARD)
    c.d.rectangle((0, 0, L.SCREEN_W, L.TITLE_H), fill=colour)
    for i, col in enumerate(("#FF5F57", "#FEBC2E", "#28C840")):
        c.d.ellipse((20 + i * 26, 14, 36 + i * 26, 30), fill=col)
    c.text(
        (L.SCREEN_W / 2, L.TITLE_H / 2), title, 24, "#FFFFFF", bold=True, anchor="mm"
    )
    if tabs:
        c.d.rectangle((0, L.TITLE_H, L.SCREEN_W, L.TITLE_H + 56), fill="#F6F7F8")
        for t in L.MENU_TABS:
            r = L.menu_tab(t)
            if t == active:
                c.rrect(r, 8, fill="#DDE7E1")
            c.text_in(r, t, 26, SHEET_GREEN if t == active else INK, bold=t == active)
            c.tappable(t, r)
        c.hline(L.TITLE_H + 56, fill=LINE)
    return c


# ================================================================ spreadsheet
def sheet(
    rows: tuple[tuple[str, ...], ...],
    title: str = "社区需求调查.xlsx",
    selected: L.Rect | None = None,
    formula: str = "",
    cellname: str = "",
    marks: tuple[tuple[int, int], ...] = (),
    summary: int = 0,
    active: str | None = None,
) -> Canvas:
    c = window(title, active=active)
    # formula bar
    fx, fy, fw, fh = L.FORMULA_BAR
    c.rrect((fx - 60, fy, 100, fh), 6, fill=CARD, outline=GRID)
    c.text_in((fx - 60, fy, 100, fh), cellname, 22, INK)
    c.text((fx + 56, fy + fh / 2), "fx", 24, MUTED, anchor="mm")
    c.rrect((fx + 80, fy, fw - 80, fh), 6, fill=CARD, outline=GRID)
    c.text((fx + 96, fy + fh / 2), formula, 26, INK, anchor="lm", mono=True)
    c.tappable("编辑栏", L.FORMULA_BAR)
    # column letters and row numbers
    top = L.SHEET_TOP - 36
    ncols = len(L.SHEET_COL_W)
    letters = "ABCDEFGHIJ"
    for col in range(ncols):
        x, _, w, _ = L.sheet_cell(col, 1)
        c.d.rectangle((x, top, x + w, L.SHEET_TOP), fill=HEAD_BG, outline=GRID)
        c.text((x + w / 2, top + 18), letters[col], 20, MUTED, anchor="mm")
    nrows = len(rows) + 1
    for r in range(1, nrows + 1):
        _, y, _, h = L.sheet_cell(0, r)
        c.d.rectangle(
            (L.SHEET_LEFT - 50, y, L.SHEET_LEFT, y + h), fill=HEAD_BG, outline=GRID
        )
        c.text((L.SHEET_LEFT - 25, y + h / 2), str(r), 20, MUTED, anchor="mm")
    # cells
    for r, values in enumerate((samples.HEADER, *rows), start=1):
        for col, v in enumerate(values):
            rect = L.sheet_cell(col, r)
            fill = HEAD_BG if r == 1 else CARD
            if (col, r) in marks:
                fill = MARK_BG
            c.d.rectangle(box(rect), fill=fill, outline=GRID)
            numeric = v.isdigit()
            c.text_in(
                rect,
                v,
                22,
                INK,
                bold=r == 1,
                align="right" if numeric and r > 1 else "left",
                pad=10,
            )
            c.tappable(f"{letters[col]}{r}", rect)
    for col, r in marks:
        rect = L.sheet_cell(col, r)
        c.d.rectangle(box(rect), outline=RED, width=3)
    # summary table
    if summary:
        c.text((L.SUMMARY_X, L.SHEET_TOP - 18), "统计结果", 22, MUTED, anchor="lm")
        for i, (label, _f, value) in enumerate(
            (("统计项", "", "结果"), *samples.SUMMARY[:summary]), start=1
        ):
            for col, v in enumerate((label, value)):
                rect = L.summary_cell(col, i)
                c.d.rectangle(box(rect), fill=HEAD_BG if i == 1 else CARD, outline=GRID)
                c.text_in(
                    rect,
                    v,
                    22,
                    INK,
                    bold=i == 1,
                    align="right" if col == 1 and i > 1 else "left",
                    pad=10,
                )
                c.tappable(f"summary-{col}-{i}", rect)
    if selected:
        c.d.rectangle(box(selected), outline=SHEET_GREEN, width=4)
    # sheet tabs
    c.d.rectangle((0, 752, L.SCREEN_W, L.SCREEN_H), fill="#F6F7F8")
    c.hline(752, fill=LINE)
    c.rrect((60, 756, 140, 40), 6, fill=CARD, outline=GRID)
    c.text((130, 776), "调查数据", 22, SHEET_GREEN, bold=True, anchor="mm")
    c.text((260, 776), "汇总", 22, MUTED, anchor="mm")
    return c


def sheet_raw() -> Canvas:
    marks = ((5, 2), (2, 3), (5, 5), (0, 7), (1, 7), (2, 9), (5, 12))
    c = sheet(samples.RAW_RESIDENTS, title="社区需求调查（原始）.xlsx", marks=marks)
    c.highlight(
        L.sheet_cell(5, 5),
        "写法不一、重复、空白\n先清理再统计",
        "right",
        size=28,
        gap=40,
    )
    return c


reg("sheet-raw", sheet_raw)


def sheet_dedupe() -> Canvas:
    c = sheet(
        samples.RAW_RESIDENTS,
        title="社区需求调查（原始）.xlsx",
        active="数据",
        marks=((0, 7), (1, 7)),
    )
    items = ("排序", "筛选", "删除重复项", "分列", "数据验证")
    for i, t in enumerate(items):
        r = L.menu_item("数据", i)
        c.d.rectangle(box(r), fill=CARD, outline=GRID)
        c.text_in(r, t, 24, INK, align="left", pad=20)
        c.tappable(t, r)
    c.highlight(L.menu_item("数据", 2), "数据 → 删除重复项", "right", gap=60)
    return c


reg("sheet-dedupe", sheet_dedupe)


def sheet_clean() -> Canvas:
    c = sheet(
        samples.RESIDENTS, selected=L.sheet_cell(5, 2), cellname="F2", formula="会"
    )
    col = L.sheet_cell(5, 1)
    last = L.sheet_cell(5, 11)
    whole = (col[0], col[1], col[2], last[1] + last[3] - col[1])
    c.highlight(whole, "统一写成\n“会”或“不会”", "right", size=30, gap=40)
    return c


reg("sheet-clean", sheet_clean)


def sheet_formula(i: int) -> Canvas:
    label, formula, _ = samples.SUMMARY[i]
    cell = L.summary_cell(1, i + 2)
    c = sheet(
        samples.RESIDENTS,
        selected=cell,
        cellname=f"K{i + 2}",
        formula=formula,
        summary=4,
    )
    c.highlight(cell, "结果", "below", gap=40)
    fx, fy, fw, fh = L.FORMULA_BAR
    c.highlight((fx + 80, fy, 460, fh), "公式写在这里", "right", gap=40)
    return c


reg("sheet-countif", sheet_formula, i=1)
reg("sheet-average", sheet_formula, i=2)


def sheet_pivot_insert() -> Canvas:
    first, last = L.sheet_cell(0, 1), L.sheet_cell(5, 11)
    c = sheet(samples.RESIDENTS, active="插入", cellname="A1", formula="编号")
    c.d.rectangle(
        (first[0], first[1], last[0] + last[2], last[1] + last[3]),
        outline=SHEET_GREEN,
        width=4,
    )
    for i, t in enumerate(("数据透视表", "图表", "图片", "文本框")):
        r = L.menu_item("插入", i)
        c.d.rectangle(box(r), fill=CARD, outline=GRID)
        c.text_in(r, t, 24, INK, align="left", pad=20)
        c.tappable(t, r)
    c.highlight(L.menu_item("插入", 0), "选中数据 → 插入 → 数据透视表", "right", gap=60)
    return c


reg("sheet-pivot-insert", sheet_pivot_insert)


def sheet_pivot() -> Canvas:
    c = window("社区需求调查.xlsx — 数据透视表", active="插入")
    x0, y0 = 80, 170
    widths = (240, 200)
    rows = (
        ("最需要的服务", "计数项：编号"),
        *((k, str(v)) for k, v in samples.PIVOT),
        ("总计", "10"),
    )
    for i, row in enumerate(rows):
        x = x0
        for j, v in enumerate(row):
            rect = (x, y0 + i * 52, widths[j], 52)
            head = i == 0 or i == len(rows) - 1
            c.d.rectangle(box(rect), fill="#E3EFE7" if head else CARD, outline=GRID)
            c.text_in(
                rect,
                v,
                24,
                INK,
                bold=head,
                align="right" if j == 1 and i > 0 else "left",
                pad=14,
            )
            x += widths[j]
    # field list panel
    px = 820
    c.d.rectangle((px, L.TITLE_H + 57, L.SCREEN_W, L.SCREEN_H), fill="#F6F7F8")
    c.d.line((px, L.TITLE_H + 57, px, L.SCREEN_H), fill=LINE, width=2)
    c.text((px + 30, 140), "数据透视表字段", 26, INK, bold=True, anchor="lm")
    for i, f in enumerate(samples.HEADER):
        y = 190 + i * 44
        on = f in ("最需要的服务", "编号")
        c.rrect(
            (px + 30, y - 12, 24, 24),
            4,
            fill=SHEET_GREEN if on else CARD,
            outline=MUTED,
        )
        if on:
            check_mark(c, px + 42, y, 16, "#FFFFFF", 3)
        c.text((px + 70, y), f, 24, INK, anchor="lm")
    areas = (("行", "最需要的服务"), ("值", "计数项：编号"))
    for i, (k, v) in enumerate(areas):
        r = (px + 30, 500 + i * 120, 400, 90)
        c.rrect(r, 10, fill=CARD, outline=GRID)
        c.text((r[0] + 16, r[1] + 24), k, 22, MUTED, anchor="lm")
        c.rrect((r[0] + 16, r[1] + 42, 260, 38), 8, fill="#DDE7E1")
        c.text((r[0] + 30, r[1] + 61), v, 22, INK, anchor="lm")
        c.tappable(k, r)
    c.highlight(
        (px + 30, 500, 400, 210),
        "把“最需要的服务”拖到“行”\n把“编号”拖到“值”（计数）",
        "left",
        gap=40,
    )
    return c


reg("sheet-pivot", sheet_pivot)


def chart() -> Canvas:
    c = window("社区需求调查.xlsx — 图表", active="插入")
    frame = (120, 130, 1040, 620)
    c.rrect(frame, 12, fill=CARD, outline=GRID, width=2)
    title = "居民最需要的服务（共10人，可选1项）"
    c.text((640, 180), title, 32, INK, bold=True, anchor="mm")
    c.tappable("标题", (340, 155, 600, 50))
    base, left, unit = 660, 260, 100
    for k in range(0, 5):
        y = base - k * unit
        c.d.line((left, y, 1100, y), fill="#E6E8EB", width=2)
        c.text((left - 20, y), str(k), 22, MUTED, anchor="rm")
    c.d.line((left, base, 1100, base), fill=INK, width=3)
    colours = ("#2F6B4F", "#4E8F6E", "#7DB395", "#B5D6C3")
    for i, (k, v) in enumerate(samples.PIVOT):
        x = left + 60 + i * 200
        c.d.rectangle((x, base - v * unit, x + 120, base), fill=colours[i], outline=INK)
        c.text(
            (x + 60, base - v * unit - 22), f"{v}人", 26, INK, bold=True, anchor="mm"
        )
        c.text((x + 60, base + 30), k, 26, INK, anchor="mm")
    c.text((150, 400), "人数", 22, MUTED, anchor="mm")
    c.highlight(
        (340, 155, 600, 50), "标题写清：\n是什么、共多少人", "right", size=28, gap=36
    )
    return c


reg("sheet-chart", chart)


def macro_menu() -> Canvas:
    c = sheet(samples.RAW_RESIDENTS, title="社区需求调查（原始）.xlsx", active="视图")
    for i, t in enumerate(("查看宏", "录制宏", "使用相对引用")):
        r = L.menu_item("视图", i)
        c.d.rectangle(box(r), fill=CARD, outline=GRID)
        c.text_in(r, t, 24, INK, align="left", pad=20)
        c.tappable(t, r)
    c.highlight(L.menu_item("视图", 1), "视图 → 宏 → 录制宏", "left", gap=60)
    return c


reg("sheet-macro", macro_menu)


# ================================================================ documents
def document(
    title: str,
    heading: str,
    lines: list[str],
    mark: tuple[int, str] | None,
    colour: str,
) -> Canvas:
    c = window(title, colour=colour, tabs=False)
    c.d.rectangle((0, L.TITLE_H, L.SCREEN_W, L.SCREEN_H), fill="#E9EBEE")
    page = (60, 70, 860, 730)
    c.d.rectangle(box(page), fill=CARD, outline=LINE)
    c.text((490, 124), heading, 32, INK, bold=True, anchor="mm")
    y = 180
    rects = []
    for line in lines:
        wrapped = c.wrap(line, 24, 780)
        h = len(wrapped) * 36
        rects.append((110, y - 4, 780, h + 8))
        for t in wrapped:
            c.text((110, y), t, 24, INK)
            y += 36
        y += 10
    if mark:
        i, label = mark
        c.highlight(rects[i], label, "right", size=30, gap=40)
    return c


reg(
    "meeting-notice",
    document,
    title="议事会通知.docx",
    heading="关于召开3号楼加装电梯网上议事会的通知",
    lines=[
        "3号楼各位居民：",
        "时间：12月5日（周六）19:30—20:30",
        "议题：3号楼加装电梯方案（征求意见稿）",
        "议程：①方案介绍 10分钟 ②居民发言 30分钟 ③表决 10分钟 ④小结 10分钟",
        "入会：会议号 123 456 789，密码见楼栋群公告；"
        "入会请改名为“楼栋-姓名”，实名参会。",
        "不方便上网的居民，可到社区活动室一起参会，工作人员协助。",
        "会议将录屏存档，仅用于整理纪要，入会即视为知晓。",
        "联系人：社区 李老师 0571-8888 0000",
    ],
    mark=(4, "写清怎么进会、\n要实名"),
    colour="#2B579A",
)
reg(
    "doc-minutes",
    document,
    title="会议纪要.docx",
    heading="3号楼加装电梯网上议事会 会议纪要",
    lines=[
        "时间：12月5日 19:30—20:35　方式：网上会议（另有6人在社区活动室）",
        "主持：社区李书记　记录：网格员张某　参会：20人（实名核对）",
        "议题：3号楼加装电梯方案（征求意见稿）",
        "主要意见：①低层住户担心采光和噪音 ②费用分摊需再细化 "
        "③希望施工期间安排临时助老服务",
        "表决结果：同意14，反对3，弃权1，未投2（共20人）",
        "下一步：12月20日前公示修改后的方案；按规定需书面签字的事项另行办理。",
        "本纪要不含身份证号、电话等个人信息。",
    ],
    mark=(4, "表决结果写具体数字"),
    colour="#2B579A",
)


# ================================================================ online meeting
MEETING_BG = "#1F2329"
ATTENDEES = (
    ("主持人-社区李书记", "#3D7DCA"),
    ("3号楼-王*英", "#E07A5F"),
    ("3号楼-张*兰", "#81B29A"),
    ("3号楼-赵*芬", "#F2CC8F"),
    ("物业-陈经理", "#6D597A"),
    ("社区活动室（6人）", "#457B9D"),
)


def meeting(panel: str | None = None, highlight: str | None = None) -> Canvas:
    c = window("网上议事厅 · 3号楼加装电梯", colour="#30343B", tabs=False)
    c.d.rectangle((0, L.TITLE_H, L.SCREEN_W, L.SCREEN_H), fill=MEETING_BG)
    area_w = L.MEETING_PANEL_X if panel else L.SCREEN_W
    tw, th = (area_w - 80) // 3, 270
    for i, (name, col) in enumerate(ATTENDEES):
        x, y = 30 + (i % 3) * (tw + 10), 70 + (i // 3) * (th + 14)
        c.rrect((x, y, tw, th), 12, fill="#2E333B")
        person(
            c,
            x + tw // 2,
            y + 100,
            46,
            shirt=col,
            hair="#BDBDBD" if "楼" in name else "#2B2B2B",
        )
        c.rrect((x + 10, y + th - 48, tw - 20, 38), 8, fill="#15181C")
        c.text((x + 22, y + th - 29), name, 22, "#FFFFFF", anchor="lm")
        if i == 2:  # raised hand, shown as a word badge
            c.rrect((x + tw - 110, y + 12, 96, 40), 20, fill="#F2C94C")
            c.text((x + tw - 62, y + 32), "举手", 22, INK, bold=True, anchor="mm")
    # toolbar
    c.d.rectangle((0, L.SCREEN_H - 120, L.SCREEN_W, L.SCREEN_H), fill="#15181C")
    for t in L.MEETING_TOOLBAR:
        r = L.meeting_tool(t)
        fill = RED if t == "结束会议" else "#2E333B"
        c.rrect(r, 12, fill=fill)
        c.text_in(r, t, 24, "#FFFFFF", bold=t == "结束会议")
        c.tappable(t, r)
    if panel == "participants":
        px = L.MEETING_PANEL_X
        c.d.rectangle((px, L.TITLE_H, L.SCREEN_W, L.SCREEN_H - 120), fill=CARD)
        c.text((px + 24, 84), "参会者（20）", 26, INK, bold=True, anchor="lm")
        c.rrect((L.SCREEN_W - 150, 64, 130, 40), 8, fill="#EEF0F2")
        c.text((L.SCREEN_W - 85, 84), "全体静音", 22, INK, anchor="mm")
        c.tappable("全体静音", (L.SCREEN_W - 150, 64, 130, 40))
        for i, (name, _col) in enumerate(ATTENDEES[:6]):
            r = L.participant_row(i)
            c.text((px + 24, r[1] + r[3] / 2), name, 22, INK, anchor="lm")
            if i == 2:
                c.text(
                    (px + 210, r[1] + r[3] / 2),
                    "举手",
                    20,
                    "#8A6D00",
                    bold=True,
                    anchor="lm",
                )
            c.hline(r[1] + r[3] - 1, px + 20, L.SCREEN_W - 20)
        c.button(L.ALLOW_SPEAK_BUTTON, "允许发言", fill=ACCENT, size=22, r=8)
    if panel == "vote":
        px = L.MEETING_PANEL_X
        c.d.rectangle((px, L.TITLE_H, L.SCREEN_W, L.SCREEN_H - 120), fill=CARD)
        c.text((px + 24, 84), "表决（实名）", 26, INK, bold=True, anchor="lm")
        c.paragraph(px + 24, 120, "是否同意3号楼加装电梯方案（征求意见稿）？", 22, 340)
        total = sum(v for _, v in samples.VOTE)
        for i, (k, v) in enumerate(samples.VOTE):
            y = 230 + i * 80
            c.text((px + 24, y), k, 24, INK, anchor="lm")
            c.d.rectangle((px + 100, y - 12, px + 100 + 220, y + 12), fill="#EEF0F2")
            c.d.rectangle(
                (px + 100, y - 12, px + 100 + 220 * v // total, y + 12), fill=ACCENT
            )
            c.text((L.SCREEN_W - 24, y), f"{v}人", 24, INK, bold=True, anchor="rm")
        c.text(
            (px + 24, 560),
            f"已投 {total - samples.VOTE[-1][1]}/{total}",
            24,
            MUTED,
            anchor="lm",
        )
        c.button(
            (px + 24, 600, 170, 56), "结束表决", fill="#EEF0F2", fg=INK, size=22, r=8
        )
        c.button((px + 206, 600, 170, 56), "公布结果", fill=ACCENT, size=22, r=8)
    if highlight == "允许发言":
        c.highlight(L.ALLOW_SPEAK_BUTTON, "按举手顺序\n点“允许发言”", "left", gap=60)
    elif highlight:
        c.highlight(L.meeting_tool(highlight), f"点“{highlight}”", "above", gap=60)
    return c


reg("meeting-room", meeting, highlight="参会者")
reg("meeting-participants", meeting, panel="participants", highlight="允许发言")
reg("meeting-room-vote", meeting, highlight="表决")
reg("meeting-vote", meeting, panel="vote")


# ================================================================ programming
def flowchart() -> Canvas:
    c = window("算法：按年龄段数人数", colour="#2F3E46", tabs=False)
    d = c.d

    def node(cx: int, cy: int, text: str, kind: str = "box") -> None:
        w = c.text_width(text, 24) + 60
        if kind == "round":
            d.rounded_rectangle(
                (cx - w / 2, cy - 30, cx + w / 2, cy + 30),
                radius=30,
                fill="#DDE7E1",
                outline=INK,
                width=2,
            )
        elif kind == "diamond":
            w = max(w, 260)
            d.polygon(
                [(cx, cy - 50), (cx + w / 2, cy), (cx, cy + 50), (cx - w / 2, cy)],
                fill="#FFF4E5",
                outline=INK,
            )
        else:
            d.rectangle(
                (cx - w / 2, cy - 30, cx + w / 2, cy + 30),
                fill="#E8F0FB",
                outline=INK,
                width=2,
            )
        c.text((cx, cy), text, 24, INK, anchor="mm")

    def down(x: int, y0: int, y1: int) -> None:
        d.line((x, y0, x, y1 - 12), fill=INK, width=3)
        d.polygon([(x, y1), (x - 9, y1 - 14), (x + 9, y1 - 14)], fill=INK)

    cx = 420
    node(cx, 100, "开始", "round")
    down(cx, 130, 170)
    node(cx, 200, "打开居民名单")
    down(cx, 230, 270)
    node(cx, 320, "还有下一行吗？", "diamond")
    down(cx, 370, 410)
    c.text((cx + 16, 388), "有", 22, MUTED, anchor="lm")
    node(cx, 440, "读出这一行的年龄")
    down(cx, 470, 510)
    node(cx, 540, "判断属于哪个年龄段")
    down(cx, 570, 610)
    node(cx, 640, "这个年龄段 +1")
    # loop back
    d.line((cx - 170, 640, 160, 640), fill=INK, width=3)
    d.line((160, 640, 160, 320), fill=INK, width=3)
    d.line((160, 320, cx - 140, 320), fill=INK, width=3)
    d.polygon([(cx - 130, 320), (cx - 144, 311), (cx - 144, 329)], fill=INK)
    c.text((170, 480), "回到上面", 22, MUTED, anchor="lm")
    # no -> print
    d.line((cx + 130, 320, 900, 320), fill=INK, width=3)
    c.text((700, 300), "没有了", 22, MUTED, anchor="mm")
    down(900, 320, 420)
    node(900, 450, "打印每个年龄段的人数")
    down(900, 480, 560)
    node(900, 590, "结束", "round")
    c.highlight(
        (cx - 130, 270, 260, 100),
        "算法：一步一步、\n每步都写清楚",
        "right",
        gap=60,
        shift=-120,
    )
    return c


reg("algo-flow", flowchart)


def code_editor() -> Canvas:
    c = window("count_ages.py", colour="#2F3E46", tabs=False)
    c.d.rectangle((0, L.TITLE_H, L.SCREEN_W, L.SCREEN_H), fill="#1E1E1E")
    lines = samples.PY_SCRIPT.rstrip("\n").split("\n")
    y = L.TITLE_H + 16
    keywords = ("import", "from", "def", "return", "if", "with", "for", "in", "as")
    for n, line in enumerate(lines, start=1):
        c.text((44, y), str(n), 20, "#858585", anchor="ra", mono=True)
        word = line.strip().split(" ")[0]
        col = "#C586C0" if word in keywords else "#9CDCFE"
        if line.strip().startswith("print") or "counts[" in line:
            col = "#DCDCAA"
        c.text((60, y), line, 22, col, mono=True)
        y += 33
    # terminal on the right
    tx = 800
    term = (tx, L.TITLE_H, L.SCREEN_W - tx, L.SCREEN_H - L.TITLE_H)
    c.d.rectangle(box(term), fill="#111111")
    c.text((tx + 24, L.TITLE_H + 36), "终端", 24, "#BBBBBB", bold=True, anchor="lm")
    c.text(
        (tx + 24, L.TITLE_H + 90),
        "$ python count_ages.py",
        24,
        "#6A9955",
        mono=True,
        anchor="lm",
    )
    out = samples.PY_OUTPUT.rstrip("\n").split("\n")
    for i, line in enumerate(out):
        c.text(
            (tx + 24, L.TITLE_H + 140 + i * 44),
            line,
            28,
            "#FFFFFF",
            mono=True,
            anchor="lm",
        )
    c.tappable("终端", term)
    c.highlight(
        (tx + 12, L.TITLE_H + 112, 300, 44 * len(out) + 12),
        "运行结果：\n每个年龄段的人数",
        "below",
        gap=60,
    )
    return c


reg("code-python", code_editor)


def csv_file() -> Canvas:
    c = window("residents.csv — 文本编辑器", colour="#2F3E46", tabs=False)
    c.d.rectangle((0, L.TITLE_H, L.SCREEN_W, L.SCREEN_H), fill=CARD)
    y = 80
    for n, line in enumerate(samples.RESIDENTS_CSV.rstrip("\n").split("\n"), start=1):
        c.text((60, y), str(n), 22, MUTED, anchor="ra", mono=True)
        c.text((80, y), line, 24, INK, mono=True)
        y += 40
    width = max(
        c.text_width(t, 24, mono=True) for t in samples.RESIDENTS_CSV.split("\n")
    )
    c.highlight(
        (76, 76, width + 12, 40 * 11),
        "只放统计要用的列\n姓名打码，不放电话、身份证号",
        "right",
        size=28,
        gap=40,
    )
    return c


reg("csv-residents", csv_file)
