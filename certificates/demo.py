"""Demo certificates (idempotent): an issuer with a logo, a type for every skill area
and level (初级/中级/高级, earned by the area's skill test with rising minimum
scores), residents' completion certificates (结业证书) for the residents' courses,
and certificates in every state — valid, expiring within 60 days, expired, revoked,
renewed — including one for 王䶮 (a CJK Extension A character)."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone

from .models import Certificate, CertificateType, Issuer, Requirement
from .services import add_months, certificate_issue_by_hand, certificate_revoke

LEVELS = {
    1: ("初级", "junior", None),
    2: ("中级", "intermediate", 80),
    3: ("高级", "senior", 90),
}
REASON = "演示数据 Demo data"


def _png(draw_fn, size) -> ImageFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw_fn(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out


def _wagtail_image(title: str, draw_fn, size):
    from wagtail.images.models import Image

    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    data = _png(draw_fn, size)
    image = Image(title=title)
    image.file.save(f"{title}.png", ImageFile(data, name=f"{title}.png"), save=False)
    image.save()
    return image


def _logo(draw):
    draw.rounded_rectangle((0, 0, 119, 119), radius=24, fill="#0b4f8a")
    for x0, x1 in ((38, 46), (80, 88)):
        draw.line((x0, 100, x1, 20), fill="white", width=9)
    for y in (40, 62, 84):
        draw.line((42, y, 86, y), fill="white", width=8)
    draw.ellipse((92, 10, 112, 30), fill="#ffd400")


def _signature(draw):
    points = [(10, 60), (40, 20), (60, 70), (90, 25), (120, 65), (160, 30), (220, 50)]
    draw.line(points, fill="#1a1a6e", width=5, joint="curve")


def _issuer() -> Issuer:
    issuer = Issuer.objects.filter(name="数字阶梯社区服务中心").first()
    if issuer is None:
        issuer = Issuer.objects.create(
            name="数字阶梯社区服务中心",
            name_en="DigiLadder Community Service Centre",
            email="hr@digiladder.example.org",
            url="",
        )
    if issuer.logo_id is None:
        issuer.logo = _wagtail_image("证书机构徽标", _logo, (120, 120))
        issuer.save(update_fields=["logo"])
    return issuer


def _types(issuer) -> dict[str, CertificateType]:
    from assessments.models import SkillTest
    from training.models import CoursePage, SkillArea

    signature = _wagtail_image("证书签名", _signature, (240, 90))
    types = {}
    tests = {
        t.course.specific.skill_area_id: t
        for t in SkillTest.objects.filter(
            course__isnull=False, is_practice=False
        ).select_related("course")
        if t.course.specific.skill_area_id
    }
    for area in SkillArea.objects.all():
        test = tests.get(area.pk)
        area_en = area.name_en or area.slug
        for level, (zh, en, min_score) in LEVELS.items():
            slug = f"{area.slug}-{en}"[:64]
            cert_type = CertificateType.objects.filter(slug=slug).first()
            if cert_type is None:
                cert_type = CertificateType.objects.create(
                    slug=slug,
                    name=f"{area.name}（{zh}）",
                    name_en=f"{area_en} ({en})",
                    description=f"掌握{area.name}的{zh}技能，考核合格。",
                    description_en=f"Assessed {en} skills: {area_en}.",
                    skill_area=area,
                    level=level,
                    validity_months=24,
                    layout="classic" if level != 2 else "modern",
                    issuer=issuer,
                    signatory_name="郑芳",
                    signatory_title="人事主管 HR manager",
                    signature_image=signature,
                )
                if test is not None:
                    Requirement.objects.create(
                        certificate_type=cert_type,
                        kind="skill_test_passed",
                        skill_test=test,
                        min_score=None if min_score is None else Decimal(min_score),
                    )
            types[slug] = cert_type
    for course in CoursePage.objects.filter(audience="residents").order_by("path")[:4]:
        slug = f"done-{course.slug}"[:64]
        cert_type = CertificateType.objects.filter(slug=slug).first()
        if cert_type is None:
            cert_type = CertificateType.objects.create(
                slug=slug,
                kind=CertificateType.Kind.COMPLETION,
                name=f"{course.title} 结业证书",
                name_en=f"{course.title_en or course.title}: completion",
                skill_area=course.skill_area,
                level=course.level,
                validity_months=None,
                layout="modern",
                issuer=issuer,
                signatory_name="郑芳",
                signatory_title="社区服务中心",
                signature_image=signature,
            )
            Requirement.objects.create(
                certificate_type=cert_type, kind="course_completed", course=course
            )
        types[slug] = cert_type
    return types


def _issue(hr, username, cert_type, on):
    holder = get_user_model().objects.filter(username=username).first()
    if holder is None or cert_type is None:
        return None
    if Certificate.objects.filter(holder=holder, certificate_type=cert_type).exists():
        return None
    return certificate_issue_by_hand(
        actor=hr, holder=holder, cert_type=cert_type, reason=REASON, today=on
    )


def _walk_course(username, cert_type) -> None:
    """The holder of a demo completion certificate really did the course: every step of
    every lesson, practice steps practised, so "My learning" agrees with "My
    certificates". Completing it may already issue the certificate (auto-issue)."""
    from training import services as training_services
    from training.models import LessonPage

    holder = get_user_model().objects.filter(username=username).first()
    requirement = (
        cert_type.requirements.filter(kind="course_completed").select_related("course")
        if cert_type is not None
        else None
    )
    requirement = requirement.first() if requirement is not None else None
    if holder is None or requirement is None or requirement.course is None:
        return
    course = requirement.course.specific
    training_services.enrolment_create(user=holder, course=course)
    for lesson in LessonPage.objects.live().child_of(course).order_by("path"):
        for step in range(1, lesson.step_count + 1):
            training_services.progress_record_step(
                user=holder, lesson=lesson, step=step, practised=True
            )


def _mark_expired(certificate, today) -> None:
    from .services import certificates_expire

    if certificate is not None:
        certificates_expire(today=today)


def seed(stdout) -> None:
    User = get_user_model()
    hr = (
        User.objects.filter(username="hr").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if hr is None:
        stdout.write("certificates: no HR account yet; skipped")
        return
    issuer = _issuer()
    types = _types(issuer)
    today = timezone.localdate()
    staff_types = [t for s, t in types.items() if not s.startswith("done-")]
    completion = [t for s, t in types.items() if s.startswith("done-")]
    if staff_types:
        first = staff_types[0]
        second = staff_types[min(1, len(staff_types) - 1)]
        # valid
        _issue(hr, "staff", first, today - timedelta(days=40))
        _issue(hr, "liuyang", first, today - timedelta(days=100))
        # expiring within 60 days (issued 24 months ago, less 40 days)
        _issue(hr, "staff", second, add_months(today, -24) + timedelta(days=40))
        # expired
        expired = _issue(hr, "chenjing", first, add_months(today, -25))
        _mark_expired(expired, today)
        # revoked
        revoked = _issue(hr, "yangfan", second, today - timedelta(days=200))
        if revoked is not None:
            certificate_revoke(
                actor=hr,
                certificate_id=revoked.pk,
                reason="演示：考试违规",
                public_reason="考试违规，证书作废",
            )
        # renewed: an expired one, then its renewal
        old = _issue(hr, "zhaolei", first, add_months(today, -26))
        if old is not None:
            _mark_expired(old, today)
            certificate_issue_by_hand(
                actor=hr,
                holder=old.holder,
                cert_type=first,
                reason=REASON,
                today=today - timedelta(days=20),
            )
    if completion:
        # 王䶮 (CJK Extension A) and another resident: completion certificates
        for username, cert_type, days in (
            ("wangyan", completion[0], 10),
            ("liguifang", completion[0], 8),
            ("resident", completion[1] if len(completion) > 1 else None, 5),
        ):
            _walk_course(username, cert_type)
            _issue(hr, username, cert_type, today - timedelta(days=days))
    stdout.write(
        f"certificates: {CertificateType.objects.count()} types, "
        f"{Certificate.objects.count()} certificates"
    )
