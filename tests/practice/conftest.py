"""Builders for the practice tests: communities, people in roles, tasks with rubrics,
and real file samples (made here, in memory) for the upload checks."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from PIL import Image

from accounts.models import OrgUnit, PostType
from accounts.roles import EDITORS, HR, RESIDENTS, REVIEWERS, STAFF, sync_roles
from practice.models import PracticeTask, Rubric, RubricCriterion
from training.models import SkillArea

D = Decimal


def make_user(username: str, *roles: str, org_unit=None, **fields):
    user = get_user_model().objects.create_user(
        username=username, password="pw-123456-long", org_unit=org_unit, **fields
    )
    sync_roles()
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


def _with_totp(user):
    """HR must have an authenticator app before any page opens (accounts rule)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def communities(db):
    district = OrgUnit.objects.create(name="测试区", kind="district")
    street = OrgUnit.objects.create(name="测试街道", kind="street", parent=district)
    east = OrgUnit.objects.create(name="东社区", kind="community", parent=street)
    west = OrgUnit.objects.create(name="西社区", kind="community", parent=street)
    return SimpleNamespace(east=east, west=west)


@pytest.fixture
def people(communities):
    east, west = communities.east, communities.west
    return SimpleNamespace(
        staff=make_user("li", STAFF, org_unit=east, display_name="李社工"),
        staff2=make_user("zhou", STAFF, org_unit=east, display_name="周社工"),
        west_staff=make_user("zhao", STAFF, org_unit=west, display_name="赵社工"),
        reviewer=make_user("rev", REVIEWERS, display_name="审核甲"),
        reviewer2=make_user("rev2", REVIEWERS, display_name="审核乙"),
        reviewer3=make_user("rev3", REVIEWERS, display_name="审核丙"),
        hr=_with_totp(make_user("hr", HR, display_name="人事")),
        editor=make_user("ed", EDITORS),
        chief=make_user(
            "chief", STAFF, org_unit=east, post_type=PostType.CHIEF, grade=9
        ),
        resident=make_user("wang", RESIDENTS, org_unit=east, display_name="王阿姨"),
        resident2=make_user("zhang", RESIDENTS, org_unit=east, display_name="张阿姨"),
        west_resident=make_user("liu", RESIDENTS, org_unit=west),
    )


@pytest.fixture
def rubric(db):
    rubric = Rubric.objects.create(title="数据分析评分", title_en="Data analysis")
    RubricCriterion.objects.create(
        rubric=rubric, title="数据整理", max_points=D(10), levels="10: 完整\n5: 部分"
    )
    RubricCriterion.objects.create(rubric=rubric, title="图表", max_points=D(10))
    return rubric


@pytest.fixture
def make_task(db, rubric):
    def make(**fields):
        defaults = {
            "title": "分析调查表",
            "title_en": "Analyse the survey",
            "brief": "<p>把调查结果做成图表。</p>",
            "rubric": rubric,
            "points": D(20),
            "is_published": True,
        }
        defaults.update(fields)
        communities = defaults.pop("communities", None)
        reviewers = defaults.pop("reviewers", None)
        task = PracticeTask.objects.create(**defaults)
        if communities:
            task.communities.set(communities)
        if reviewers:
            task.reviewers.set(reviewers)
        task.save()  # ParentalManyToMany relations are written on save
        return task

    return make


@pytest.fixture
def area(db):
    return SkillArea.objects.create(slug="data", name="数据分析", name_en="Data")


# ------------------------------------------------------------------ file samples


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A real JPEG carrying EXIF with a GPS position and a camera model."""
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "SecretPhone 9"  # Model
    gps = {1: "N", 2: (39.0, 7.0, 12.5), 3: "E", 4: (117.0, 12.0, 1.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def pixel_flood_png(width=30000, height=30000) -> bytes:
    """A tiny PNG declaring a huge canvas (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("1", (width, height), 0).save(out, "PNG", optimize=True)
    return out.getvalue()


def office_zip(main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/main.xml" '
            f'ContentType="{main_type}"/></Types>',
        )
        z.writestr("main.xml", "<x/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def real_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["需求", "人数"])
    wb.active.append(["挂号", 12])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bomb_xlsx() -> bytes:
    """A genuine-looking xlsx with a 150 MB run of zeros packed into a small file."""
    from practice.uploads import OFFICE_MAIN_TYPES

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/xl/workbook.xml" ContentType="'
            f'{OFFICE_MAIN_TYPES["xlsx"]}"/></Types>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(150):
                member.write(chunk)
    return out.getvalue()


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
