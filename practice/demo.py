# ruff: noqa: E501 - demo texts are Chinese sentences kept whole
"""Demo practice data: four staff tasks from the community's work, sample hand-ins
(accepted, returned, rejected, waiting) with real small files made here, a showcase,
a resident's story, and confirmed, pending and expired helper sessions.

Written through ``practice.services`` so the demo follows the same rules as real use.
Idempotent: nothing is added when the first demo task already exists.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image, ImageDraw

from . import services
from .models import PracticeTask, ResidentStory, Rubric, RubricCriterion
from .services import CriterionMark

D = Decimal

RUBRICS = {
    "data": (
        "数据成果评分",
        "Data work rubric",
        [
            (
                "数据整理准确",
                "Data cleaned correctly",
                10,
                "10: 无重复、无错填\n6: 少量错误\n2: 错误较多",
            ),
            (
                "图表清楚易懂",
                "Clear chart",
                10,
                "10: 标题、单位、图例齐全\n5: 缺一两项",
            ),
            (
                "结论对工作有用",
                "Useful conclusions",
                10,
                "10: 提出可执行的服务建议\n5: 只描述数据",
            ),
        ],
    ),
    "activity": (
        "实践活动评分",
        "Activity rubric",
        [
            ("准备充分", "Well prepared", 10, "10: 有教案和材料\n5: 只有提纲"),
            (
                "居民学会了",
                "Residents learned",
                10,
                "10: 每位居民都能自己操作\n5: 部分能操作",
            ),
            ("记录完整", "Well documented", 10, "10: 有照片、签到和反馈\n5: 只有文字"),
        ],
    ),
}

TASKS = [
    {
        "title": "用电子表格分析街道老年人需求调查并制作图表",
        "title_en": "Analyse the street's elderly-needs survey in a spreadsheet and chart it",
        "brief": "<p>街道收回了 300 多份老年人需求调查表。请把数据整理进电子表格，去掉重复和错填，"
        "按需求类别统计人数，做一张清楚的图表，并写三条对社区服务的建议。</p>",
        "brief_en": "<p>The street collected over 300 elderly-needs surveys. Clean the data "
        "in a spreadsheet, count people per need, make one clear chart and write three "
        "suggestions for community services.</p>",
        "area": "data-analysis",
        "course": "survey-spreadsheet",
        "rubric": "data",
        "points": 20,
        "points_mode": "scaled",
        "accepts_text": True,
        "accepts_files": True,
        "accepts_link": False,
        "due_days": 20,
    },
    {
        "title": "为社区服务设置一个自动提醒",
        "title_en": "Build an automatic reminder for a community service",
        "brief": "<p>选一项社区服务（如每月体检、领取补贴），用表格公式、企业微信或简单脚本做一个"
        "自动提醒，说明它怎么运行、提醒谁、怎么停用。</p>",
        "brief_en": "<p>Pick a community service (monthly check-ups, subsidy collection) and "
        "build an automatic reminder with spreadsheet formulas, WeCom or a small script. "
        "Explain how it runs, whom it reminds and how to stop it.</p>",
        "area": "programming",
        "course": "automation-programming",
        "rubric": "activity",
        "points": 15,
        "points_mode": "fixed",
        "accepts_text": True,
        "accepts_files": True,
        "accepts_link": True,
        "due_days": 30,
    },
    {
        "title": "为五位居民上一堂数字课",
        "title_en": "Run a digital class for five residents",
        "brief": "<p>为至少五位老年居民上一堂 30 分钟以上的手机课（如调大字体、视频通话、网上挂号）。"
        "提交教案、签到表照片和居民的反馈。本任务由两位审核人独立评分。</p>",
        "brief_en": "<p>Teach at least five older residents a phone lesson of 30 minutes or "
        "more. Hand in your plan, a photo of the sign-in sheet and the residents' "
        "feedback. Two reviewers score this task independently.</p>",
        "area": "smartphone",
        "course": "smartphone-basics",
        "rubric": "activity",
        "points": 20,
        "points_mode": "fixed",
        "accepts_text": True,
        "accepts_files": True,
        "accepts_link": False,
        "reviews_required": 2,
        "due_days": 45,
    },
    {
        "title": "为防诈骗课程记录一个诈骗案例",
        "title_en": "Document a fraud case for the anti-fraud course",
        "brief": "<p>记录一个本社区居民遇到的诈骗（或险些被骗）案例：经过、骗子的话术、识破的关键点。"
        "<strong>去掉居民的姓名、电话和住址。</strong></p>",
        "brief_en": "<p>Write up a fraud (or near miss) a resident met: what happened, what "
        "the fraudster said, and the tell-tale signs. <strong>Leave out names, phone "
        "numbers and addresses.</strong></p>",
        "area": "anti-fraud",
        "course": "anti-fraud-basics",
        "rubric": None,
        "points": 10,
        "points_mode": "fixed",
        "accepts_text": True,
        "accepts_files": True,
        "accepts_link": False,
        "due_days": 60,
    },
]


# --------------------------------------------------------------------- sample files


def survey_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "需求统计"
    rows = [
        ("需求类别", "人数"),
        ("网上挂号", 128),
        ("视频通话", 96),
        ("防诈骗", 87),
        ("扫码支付", 64),
        ("健康码/出行", 41),
    ]
    for row in rows:
        ws.append(row)
    chart = BarChart()
    chart.title = "老年人需求（人数）"
    chart.add_data(
        Reference(ws, min_col=2, min_row=1, max_row=len(rows)), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(rows)))
    ws.add_chart(chart, "D2")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def chart_png() -> bytes:
    values = [128, 96, 87, 64, 41]
    image = Image.new("RGB", (480, 300), "white")
    draw = ImageDraw.Draw(image)
    for i, value in enumerate(values):
        x = 40 + i * 85
        draw.rectangle([x, 270 - value * 2, x + 55, 270], fill=(46, 109, 164))
    draw.line([30, 270, 460, 270], fill="black", width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def simple_pdf(text: str) -> bytes:
    """A valid one-page PDF with one line of ASCII text (built by hand, no renderer)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def reminder_csv() -> bytes:
    return (
        "居民,服务,提醒日期\n王**,每月体检,每月5日\n李**,高龄补贴,每季度首日\n".encode()
    )


# --------------------------------------------------------------------- seeding


def _marks(task, *points):
    criteria = list(task.rubric.criteria.all()) if task.rubric_id else []
    return [
        CriterionMark(criterion_id=c.pk, points=D(p), comment="")
        for c, p in zip(criteria, points, strict=False)
    ]


def _review(task, sub, reviewer, decision, points, comment=""):
    sub.refresh_from_db()
    services.review_submit(
        submission_id=sub.pk,
        reviewer=reviewer,
        expected_revision=sub.revision,
        decision=decision,
        comment=comment,
        marks=_marks(task, *points),
    )
    sub.refresh_from_db()
    return sub


def seed(stdout) -> None:
    if PracticeTask.objects.filter(title=TASKS[0]["title"]).exists():
        stdout.write("Practice demo: already there.")
        return
    from training.models import CoursePage, SkillArea

    users = {u.username: u for u in get_user_model().objects.all()}
    needed = [
        "staff",
        "liuyang",
        "chenjing",
        "yangfan",
        "reviewer",
        "admin",
        "resident",
    ]
    if any(name not in users for name in needed):
        stdout.write("Practice demo: skipped (accounts demo missing).")
        return
    rubrics = {}
    for key, (title, title_en, criteria) in RUBRICS.items():
        rubric = Rubric.objects.create(title=title, title_en=title_en)
        for order, (c_title, c_en, max_points, levels) in enumerate(criteria):
            RubricCriterion.objects.create(
                rubric=rubric,
                title=c_title,
                title_en=c_en,
                max_points=D(max_points),
                levels=levels,
                sort_order=order,
            )
        rubrics[key] = rubric
    now = timezone.now()
    tasks = []
    for spec in TASKS:
        task = PracticeTask(
            title=spec["title"],
            title_en=spec["title_en"],
            brief=spec["brief"],
            brief_en=spec["brief_en"],
            skill_area=SkillArea.objects.filter(slug=spec["area"]).first(),
            course=CoursePage.objects.filter(slug=spec["course"]).first(),
            rubric=rubrics.get(spec["rubric"]),
            points=D(spec["points"]),
            points_mode=spec["points_mode"],
            accepts_text=spec["accepts_text"],
            accepts_files=spec["accepts_files"],
            accepts_link=spec["accepts_link"],
            reviews_required=spec.get("reviews_required", 1),
            opens_at=now - timedelta(days=40),
            due_at=now + timedelta(days=spec["due_days"]),
            is_published=True,
        )
        task.full_clean()
        task.save()
        tasks.append(task)
    survey, reminder, klass, fraud = tasks
    staff, liuyang, chenjing, yangfan = (
        users["staff"],
        users["liuyang"],
        users["chenjing"],
        users["yangfan"],
    )
    reviewer, admin = users["reviewer"], users["admin"]

    # Accepted, shared publicly and featured: 张伟's survey analysis.
    sub = services.submission_save(
        task=survey,
        author=staff,
        text="整理了 312 份问卷，去掉 17 份重复。需求最多的是网上挂号（128 人），其次是视频通话。"
        "建议：每周二上午在活动室开设挂号帮办；组织子女视频通话课；防诈骗讲座进楼栋。",
        uploads=[("老年人需求统计.xlsx", survey_xlsx()), ("需求图表.png", chart_png())],
        submit=True,
    )
    _review(survey, sub, reviewer, "accepted", (9, 8, 9), "数据干净，建议很实用。")
    services.submission_share(
        submission_id=sub.pk,
        author=staff,
        share=True,
        public=True,
        title="三百份问卷里的老年人需求",
        summary="把 312 份纸质问卷整理成表格和图表，找出了最急需的三项帮办服务。",
    )
    editor = users.get("editor")
    if editor is not None:
        services.showcase_feature(submission_id=sub.pk, editor=editor, featured=True)

    # Returned for revision: 刘洋's survey analysis (chart without a title).
    sub = services.submission_save(
        task=survey,
        author=liuyang,
        text="统计了各类需求人数，见附件。",
        uploads=[("统计.csv", "需求,人数\n挂号,120\n视频,90\n".encode())],
        submit=True,
    )
    _review(
        survey,
        sub,
        reviewer,
        "returned",
        (6, 3, 4),
        "数据还有重复；请给图表加上标题和单位，再写两三条建议。",
    )

    # Accepted after two independent reviews: 刘洋's digital class, shared with staff.
    sub = services.submission_save(
        task=klass,
        author=liuyang,
        text="6 月 12 日在昆明路社区活动室给 6 位居民上了“调大字体和视频通话”课，"
        "每人都自己给家人打通了视频。附教案和签到表。",
        uploads=[("教案.pdf", simple_pdf("Lesson plan: text size and video calls"))],
        submit=True,
    )
    _review(klass, sub, reviewer, "accepted", (9, 9, 8), "准备充分。")
    _review(klass, sub, admin, "accepted", (8, 9, 9), "居民反馈很好。")
    services.submission_share(
        submission_id=sub.pk,
        author=liuyang,
        share=True,
        title="六位居民第一次自己打通视频电话",
        summary="一堂 40 分钟的手机课，每位居民都学会了给家人打视频。",
    )

    # Rejected: 陈静's fraud case kept the resident's phone number.
    sub = services.submission_save(
        task=fraud,
        author=chenjing,
        text="居民（电话 139xxxx）接到“医保卡冻结”电话……",
        submit=True,
    )
    _review(
        fraud,
        sub,
        reviewer,
        "rejected",
        (),
        "案例里留了居民的电话号码，不能用于课程。请去掉个人信息后重新提交一个新案例。",
    )

    # Waiting in the review queue.
    services.submission_save(
        task=reminder,
        author=yangfan,
        text="用表格公式在每月 1 日标出当月需要体检的居民，并通过企业微信群提醒网格员。",
        link="https://example.org/reminder-sheet",
        uploads=[("提醒名单示例.csv", reminder_csv())],
        submit=True,
    )
    services.submission_save(
        task=survey,
        author=chenjing,
        text="初步统计见附件。",
        uploads=[("统计说明.pdf", simple_pdf("Survey summary draft"))],
        submit=True,
    )

    _seed_sessions(users, stdout)

    ResidentStory.objects.create(
        title="张阿姨第一次自己挂上了号",
        story="以前看病都要女儿请假陪着排队。上了两次手机课后，张阿姨自己在手机上挂了"
        "下周二的眼科号，还教会了楼下的老姐妹。",
        shown_name="张阿姨",
        resident=users.get("zhangshulan"),
        told_by=staff,
        community=staff.org_unit,
        skill_area=SkillArea.objects.filter(slug="health-travel").first(),
        consent_given_on=timezone.localdate() - timedelta(days=5),
        consent_note="本人在社区签署书面同意书，原件存社区服务站",
        is_published=True,
        share_publicly=True,
        featured=True,
    )
    stdout.write(
        "Practice demo: 4 tasks, 6 hand-ins, a showcase, a story and helper sessions."
    )


def _seed_sessions(users, stdout) -> None:
    staff = users["staff"]
    residents = [users[n] for n in ("wangyan", "liguifang", "resident") if n in users]
    today = timezone.localdate()

    def at(days_ago: int, hour: int) -> datetime:
        day = today - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, datetime.min.time())).replace(
            hour=hour
        )

    # Confirmed by a resident two days ago.
    confirmed = services.helper_session_record(
        helper=staff,
        starts_at=at(2, 9),
        minutes=90,
        place="昆明路社区活动室",
        topic="网上挂号",
        residents=residents[:2],
        residents_without_account=1,
    )
    services.helper_session_confirm(session_id=confirmed.pk, user=residents[0])
    # Pending: the demo resident (王秀英) can confirm it on /practice/confirm/.
    services.helper_session_record(
        helper=staff,
        starts_at=at(1, 14),
        minutes=60,
        place="王秀英家中",
        topic="调大字体、视频通话",
        residents=[users["resident"]],
    )
    # Expired: recorded ten days ago, nobody confirmed within the window.
    old_start = at(10, 10)
    services.helper_session_record(
        helper=staff,
        starts_at=old_start,
        minutes=45,
        place="社区服务站",
        topic="防诈骗提醒",
        residents=residents[1:2],
        now=old_start + timedelta(hours=2),
    )
    services.helper_sessions_expire()
