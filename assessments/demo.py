"""Demo data for assessments: the GIFT banks, skill tests and a few graded attempts.

Idempotent: questions are skipped when a question with the same name exists in the
same category; tests are found by slug; demo attempts are only made for people who
have none on that test yet. Deterministic: answers come from a seeded generator.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import scoring, services
from .models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    Audience,
    GradingMethod,
    Question,
    QuestionCategory,
    ReviewLevel,
    SkillTest,
    TestSlot,
)

DATA = Path(__file__).resolve().parent / "demo_data"

#: category path prefix -> training skill area slug (the shared tags)
TAGS = {
    "员工课程/数据分析": "data-analysis",
    "员工课程/自动化与编程入门": "programming",
    "员工课程/数字治理平台": "digital-governance",
    "员工课程/线上居民议事会": "digital-governance",
    "员工课程/个人信息保护": "digital-governance",
    "长辈课程/智能手机入门": "smartphone",
    "长辈课程/视频通话": "smartphone",
    "长辈课程/网上预约挂号": "health-travel",
    "长辈课程/防范电信诈骗": "anti-fraud",
}

STAFF = Audience.STAFF
RESIDENT = Audience.RESIDENT

#: slug, title, English title, audience, skill area of the linked course,
#: [(category path, how many at random)], extra fields
TESTS = [
    (
        "staff-data-analysis",
        "数据分析技能测试",
        "Data analysis skill test",
        STAFF,
        "data-analysis",
        [
            ("员工课程/数据分析/表格基础", 4),
            ("员工课程/数据分析/筛选与清洗", 3),
            ("员工课程/数据分析/透视表与图表", 3),
        ],
        {
            "time_limit_minutes": 25,
            "max_attempts": 3,
            "wait_minutes": 0,
            "review_level": ReviewLevel.ANSWERS,
        },
    ),
    (
        "staff-digital-governance",
        "数字治理与个人信息保护测试",
        "Digital governance and privacy test",
        STAFF,
        "digital-governance",
        [
            ("员工课程/数字治理平台", 4),
            ("员工课程/线上居民议事会", 3),
            ("员工课程/个人信息保护", 3),
        ],
        {
            "time_limit_minutes": 20,
            "max_attempts": 2,
            "grading_method": GradingMethod.LAST,
        },
    ),
    (
        "staff-automation-practice",
        "自动化与编程入门练习",
        "Automation and programming practice",
        STAFF,
        "programming",
        [("员工课程/自动化与编程入门", 6)],
        {"is_practice": True, "review_level": ReviewLevel.ANSWERS},
    ),
    (
        "resident-smartphone",
        "智能手机入门小测验",
        "Smartphone basics check",
        RESIDENT,
        "smartphone",
        [("长辈课程/智能手机入门", 4)],
        {
            "review_level": ReviewLevel.ANSWERS,
            "pass_mark_percent": Decimal(50),
            "allow_all_on_one_page": False,
        },
    ),
    (
        "resident-anti-fraud",
        "防范电信诈骗小测验",
        "Fraud prevention check",
        RESIDENT,
        "anti-fraud",
        [("长辈课程/防范电信诈骗", 5)],
        {
            "review_level": ReviewLevel.ANSWERS,
            "pass_mark_percent": Decimal(60),
            "allow_all_on_one_page": False,
        },
    ),
    (
        "resident-online-services",
        "视频通话与网上挂号小测验",
        "Video calls and online appointments check",
        RESIDENT,
        "health-travel",
        [("长辈课程/视频通话", 3), ("长辈课程/网上预约挂号", 3)],
        {
            "review_level": ReviewLevel.ANSWERS,
            "pass_mark_percent": Decimal(50),
            "allow_all_on_one_page": False,
        },
    ),
]

#: who takes the staff data-analysis test in the demo, and how well they do (0..1)
TAKERS = [
    ("staff", 0.85),
    ("liuyang", 0.7),
    ("chenjing", 0.45),
    ("yangfan", 0.9),
    ("zhaolei", 0.8),
    ("huangli", 0.55),
    ("zhouting", 0.35),
    ("wuqiang", 0.75),
    ("sunmin", 0.6),
]


def _import_banks(stdout) -> None:
    for path in sorted(DATA.glob("*.gift")):
        result = services.gift_import(
            text=path.read_text(encoding="utf-8"), category_path="题库"
        )
        stdout.write(
            f"  assessments: {path.name}: {result.created} new, "
            f"{result.skipped} already there"
        )


def _tag_questions() -> None:
    try:
        from training.models import SkillArea
    except ImportError:  # pragma: no cover
        return
    areas = {a.slug: a for a in SkillArea.objects.all()}
    for prefix, slug in TAGS.items():
        area = areas.get(slug)
        if area is None:
            continue
        for q in Question.objects.filter(category__path__startswith=f"题库/{prefix}"):
            q.tags.add(area)


def _course_for(skill_area_slug: str):
    try:
        from training.models import CoursePage
    except ImportError:  # pragma: no cover
        return None
    return (
        CoursePage.objects.filter(skill_area__slug=skill_area_slug)
        .order_by("pk")
        .first()
    )


def _ensure_tests() -> dict[str, SkillTest]:
    tests = {}
    for slug, title, title_en, audience, area, pools, extra in TESTS:
        test = SkillTest.objects.filter(slug=slug).first()
        if test is None:
            test = SkillTest(
                slug=slug,
                title=title,
                title_en=title_en,
                audience=audience,
                intro=(
                    "每道题的答案都会随时保存。没有把握也没关系，可以多试几次。"
                    if audience == RESIDENT
                    else "本测试从题库中随机抽题；每次尝试尽量不重复已做过的题。"
                ),
                course=_course_for(area),
                **extra,
            )
            test.full_clean()
            test.save()
            for order, (path, count) in enumerate(pools):
                category = QuestionCategory.objects.filter(path=f"题库/{path}").first()
                if category is None:
                    continue
                TestSlot.objects.create(
                    test=test,
                    sort_order=order,
                    section=path.rsplit("/", 1)[-1],
                    random_category=category,
                    random_count=count,
                    marks=Decimal(1),
                )
        elif test.course_id is None and (course := _course_for(area)) is not None:
            # The courses may be seeded after the tests were first made.
            test.course = course
            test.save(update_fields=["course"])
        tests[slug] = test
    return tests


_ESSAY_ANSWERS = {
    "DP13": (
        "调查共收回 412 份问卷。最突出的两项需求是助餐（63% 选择）和就医陪同（48%）。"
        "建议先和社区食堂合作增加助餐点，再招募志愿者组成陪诊小组，一个月后回访评估。"
    ),
    "OM11": (
        "上个月我组织了线上议事会，讨论楼道堆物清理。做得好的是提前一天发了议题和投票"
        "说明；可以改进的是有几位老人不会进会议室，下次要提前上门教一遍。"
    ),
    "AU12": (
        "每周要把各楼栋的走访记录汇总成一张表。可以让楼长用同一个在线表格填写，"
        "再用 SUMIF 公式按楼栋自动汇总，省去手工复制粘贴。"
    ),
}


def _answer_for(spec, rng: random.Random, ability: float):
    right = rng.random() < ability
    if spec.kind == "essay":
        # A plausible answer to the essay actually asked, for reviewers to grade.
        for prefix, text in _ESSAY_ANSWERS.items():
            if spec.name.startswith(prefix):
                return text
        return "我按要求做了，具体过程见上面的说明。"
    correct = scoring.correct_response(spec)
    if right or correct is None:
        if spec.kind == "ordering":
            return list(correct)
        if spec.kind == "multiresponse":
            return set(correct)
        return correct
    if spec.kind == "truefalse":
        return not correct
    if spec.kind == "multichoice":
        return (correct + 1) % max(len(spec.answers), 1)
    if spec.kind == "multiresponse":
        return {0}
    if spec.kind in ("shortanswer", "numerical"):
        return "不知道" if spec.kind == "shortanswer" else "0"
    if spec.kind == "matching":
        pairs = [(left, right) for left, right in spec.pairs if left]
        rights = [r for _l, r in pairs]
        return {
            left: rights[(i + 1) % len(rights)] for i, (left, _r) in enumerate(pairs)
        }
    if spec.kind == "ordering":
        return list(reversed(correct))
    return correct


def _demo_attempts(test: SkillTest, stdout) -> None:
    User = get_user_model()
    reviewer = User.objects.filter(username="reviewer").first()
    users = {
        u.username: u for u in User.objects.filter(username__in=[t[0] for t in TAKERS])
    }
    made = 0
    base = timezone.now() - timedelta(days=3)
    for index, (username, ability) in enumerate(TAKERS):
        user = users.get(username)
        if user is None or Attempt.objects.filter(user=user, test=test).exists():
            continue
        rng = random.Random(f"demo-{test.slug}-{username}")  # noqa: S311 - demo data
        start = base + timedelta(hours=index)
        attempt = services.attempt_start(user=user, test=test, now=start, rng=rng)
        answers = AttemptAnswer.objects.filter(attempt=attempt).select_related(
            "version"
        )
        for answer in answers:
            spec = answer.version.as_spec
            if spec.kind == "description":
                continue
            services.attempt_answer_save(
                attempt_id=attempt.pk,
                user=user,
                position=answer.position,
                response=_answer_for(spec, rng, ability),
                now=start + timedelta(minutes=1),
            )
        attempt, _changed = services.attempt_submit(
            attempt_id=attempt.pk, user=user, now=start + timedelta(minutes=12)
        )
        # The reviewer marks the written answers of all but the last person, so the
        # grading queue has something in it too.
        if (
            attempt.state == AttemptState.NEEDS_GRADING
            and reviewer is not None
            and index < len(TAKERS) - 1
        ):
            for answer in AttemptAnswer.objects.filter(
                attempt=attempt, needs_manual=True
            ):
                services.attempt_answer_grade(
                    answer_id=answer.pk,
                    grader=reviewer,
                    fraction=Decimal(str(round(ability, 1))),
                    comment="思路清楚，注意写明处理步骤。",
                    now=start + timedelta(hours=2),
                )
        made += 1
    stdout.write(f"  assessments: {made} demo attempts on {test.slug}")


def seed(stdout) -> None:
    _import_banks(stdout)
    _tag_questions()
    tests = _ensure_tests()
    _demo_attempts(tests["staff-data-analysis"], stdout)
    stdout.write(
        f"  assessments: {Question.objects.count()} questions, "
        f"{SkillTest.objects.count()} skill tests"
    )
