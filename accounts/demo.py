"""Demo community and accounts (Chinese-first). Idempotent: existing rows and existing
users' passwords are left alone; a second run creates nothing and changes nothing."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import OrgUnit, PostType
from .roles import EDITORS, HR, RESIDENTS, REVIEWERS, STAFF, sync_roles

DEMO_PASSWORD = "ladder2026"  # noqa: S105 - printed on purpose: demo logins only

DISTRICT = ("和平区", "022-2330 1000")
STREETS = {
    "南营门街道": ("022-2330 2000", ["昆明路社区", "桂林路社区"]),
    "劝业场街道": ("022-2330 3000", ["福明里社区", "滨西社区"]),
}
COMMUNITY_PHONES = {
    "昆明路社区": ("022-2330 2101", "昆明路 88 号社区服务中心一楼"),
    "桂林路社区": ("022-2330 2102", "桂林路 17 号社区活动室"),
    "福明里社区": ("022-2330 3101", "福明里 5 号楼底商"),
    "滨西社区": ("022-2330 3102", "滨江道西段 210 号"),
}

#: username, display name, role, community, extra fields
ROLE_ACCOUNTS = [
    ("resident", "王秀英", RESIDENTS, "昆明路社区", {"birth_year": 1952}),
    (
        "staff",
        "张伟",
        STAFF,
        "昆明路社区",
        {
            "employee_number": "HP-0001",
            "post_type": PostType.CHIEF,
            "grade": 9,
            "hire_date": date(2012, 3, 1),
            "grade_since": date(2021, 7, 1),
            "birth_year": 1981,
        },
    ),
    ("reviewer", "马丽", REVIEWERS, "桂林路社区", {}),
    ("hr", "郑芳", HR, None, {}),
    ("editor", "何军", EDITORS, None, {}),
]

RESIDENTS_DEMO = [
    ("wangyan", "王䶮", "昆明路社区", 1948, "13912340001"),
    ("liguifang", "李桂芳", "昆明路社区", 1945, None),
    ("zhangshulan", "张淑兰", "桂林路社区", 1950, "13912340003"),
    ("liujianguo", "刘建国", "桂林路社区", 1940, None),
    ("chenyulan", "陈玉兰", "福明里社区", 1956, "13912340005"),
    ("zhaodeshan", "赵德山", "福明里社区", 1958, None),
    ("sunfengying", "孙凤英", "滨西社区", 1960, "13912340007"),
    ("zhoumin", "周敏", "滨西社区", 1972, None),
]

#: username, name, community, post, grade, hire date, grade since
STAFF_DEMO = [
    (
        "liuyang",
        "刘洋",
        "昆明路社区",
        PostType.DEPUTY,
        6,
        date(2015, 9, 1),
        date(2022, 1, 1),
    ),
    (
        "chenjing",
        "陈静",
        "昆明路社区",
        PostType.OTHER,
        3,
        date(2020, 4, 15),
        date(2023, 4, 15),
    ),
    (
        "yangfan",
        "杨帆",
        "桂林路社区",
        PostType.OTHER,
        12,
        date(2008, 7, 1),
        date(2019, 7, 1),
    ),
    (
        "zhaolei",
        "赵磊",
        "桂林路社区",
        PostType.CHIEF,
        18,
        date(2001, 5, 1),
        date(2018, 5, 1),
    ),
    (
        "huangli",
        "黄丽",
        "福明里社区",
        PostType.DEPUTY,
        4,
        date(2023, 3, 1),
        date(2023, 3, 1),
    ),
    (
        "zhouting",
        "周婷",
        "福明里社区",
        PostType.OTHER,
        1,
        date(2025, 9, 1),
        date(2025, 9, 1),
    ),
    (
        "wuqiang",
        "吴强",
        "滨西社区",
        PostType.DEPUTY,
        15,
        date(2003, 11, 1),
        date(2020, 11, 1),
    ),
    (
        "sunmin",
        "孙敏",
        "滨西社区",
        PostType.CHIEF,
        7,
        date(2016, 2, 1),
        date(2024, 2, 1),
    ),
]


def _org_units() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    district, _ = OrgUnit.objects.get_or_create(
        name=DISTRICT[0],
        kind=OrgUnit.Kind.DISTRICT,
        parent=None,
        defaults={"help_phone": DISTRICT[1]},
    )
    units[district.name] = district
    for street_name, (phone, communities) in STREETS.items():
        street, _ = OrgUnit.objects.get_or_create(
            name=street_name,
            parent=district,
            defaults={"kind": OrgUnit.Kind.STREET, "help_phone": phone},
        )
        units[street.name] = street
        for community_name in communities:
            c_phone, address = COMMUNITY_PHONES[community_name]
            community, _ = OrgUnit.objects.get_or_create(
                name=community_name,
                parent=street,
                defaults={
                    "kind": OrgUnit.Kind.COMMUNITY,
                    "help_phone": c_phone,
                    "address": address,
                },
            )
            units[community.name] = community
    return units


def _ensure_user(username: str, *, role: str | None, fields: dict, superuser=False):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, **fields)
        user.is_superuser = user.is_staff = superuser
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user, created


def seed(stdout) -> None:
    sync_roles()  # groups exist even on a database migrated before accounts 0002
    units = _org_units()
    created_names: list[str] = []

    admin, created = _ensure_user(
        "admin", role=None, fields={"display_name": "系统管理员"}, superuser=True
    )
    if created:
        created_names.append(admin.username)
    by_username = {}
    for username, name, role, community, extra in ROLE_ACCOUNTS:
        fields = {"display_name": name, "org_unit": units.get(community), **extra}
        user, created = _ensure_user(username, role=role, fields=fields)
        by_username[username] = user
        if created:
            created_names.append(username)
    staff_member = by_username["staff"]
    for username, name, community, birth_year, phone in RESIDENTS_DEMO:
        fields = {
            "display_name": name,
            "org_unit": units[community],
            "birth_year": birth_year,
            "phone": phone,
            "registered_by": staff_member,
        }
        user, created = _ensure_user(username, role=RESIDENTS, fields=fields)
        if created:
            created_names.append(username)
    for number, (username, name, community, post, grade, hired, since) in enumerate(
        STAFF_DEMO, start=2
    ):
        fields = {
            "display_name": name,
            "org_unit": units[community],
            "employee_number": f"HP-{number:04d}",
            "post_type": post,
            "grade": grade,
            "hire_date": hired,
            "grade_since": since,
        }
        user, created = _ensure_user(username, role=STAFF, fields=fields)
        if created:
            created_names.append(username)

    stdout.write(
        f"accounts: {len(created_names)} demo accounts created"
        + (f" ({', '.join(created_names)})" if created_names else " (all existed)")
    )
    stdout.write(
        "Demo logins (username / password) — passwords of accounts that already "
        "existed are unchanged:"
    )
    for username, label in [
        (
            "admin",
            "superuser, Wagtail admin at /admin/: must set up an authenticator "
            "app (TOTP) at first login",
        ),
        ("resident", "居民 Residents"),
        ("staff", "社区工作者 Staff (can register residents at /account/assist/)"),
        ("reviewer", "审核 Reviewers"),
        ("hr", "人事 HR: must set up an authenticator app (TOTP) at first login"),
        ("editor", "编辑 Editors"),
    ]:
        stdout.write(f"  {username:<10} / {DEMO_PASSWORD}   {label}")
    stdout.write(
        f"  Residents (e.g. wangyan, or by phone 13912340001) and staff (e.g. liuyang) "
        f"also use {DEMO_PASSWORD}."
    )
