"""Staff register a resident and print a large-print login card."""

import re
import subprocess
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.roles import HR, RESIDENTS, STAFF
from accounts.services import (
    OTP_DIGITS,
    OTP_LETTERS,
    generate_one_time_password,
    resident_register_assisted,
)
from accounts.views import CARD_SESSION_KEY

from .factories import make_units, make_user

User = get_user_model()
ASSIST = reverse("accounts:assist")


@pytest.fixture
def units(db):
    return make_units()


@pytest.fixture
def staff(units):
    community, _ = units
    return make_user("staff1", role=STAFF, org_unit=community, display_name="张伟")


def _form(units, **overrides):
    community, _ = units
    data = {
        "display_name": "王䶮",
        "phone": "139 1234 0001",
        "birth_year": "1948",
        "org_unit": str(community.pk),
    }
    data.update(overrides)
    return data


def _activate_totp(user) -> None:
    TOTP.activate(user, generate_totp_secret())


def _card_password(client, resident) -> str:
    return client.session[CARD_SESSION_KEY][str(resident.pk)]["password"]


@pytest.mark.parametrize("role", [RESIDENTS, None], ids=["resident", "no-role"])
def test_only_staff_may_register_residents(client, units, role):
    client.force_login(make_user("someone", role=role))
    assert client.get(ASSIST).status_code == 403
    assert client.post(ASSIST, _form(units)).status_code == 403
    assert not User.objects.filter(display_name="王䶮").exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(ASSIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_hr_may_register_too(client, units):
    hr = make_user("hr1", role=HR)
    _activate_totp(hr)
    client.force_login(hr)
    response = client.post(ASSIST, _form(units))
    resident = User.objects.get(display_name="王䶮")
    assert response["Location"] == reverse("accounts:assist_done", args=[resident.pk])
    assert resident.registered_by == hr


def test_staff_registers_resident_who_must_change_password(client, staff, units):
    client.force_login(staff)
    form_page = client.get(ASSIST).content.decode()
    # the staff member's community is preselected
    assert f'value="{units[0].pk}" selected' in form_page
    response = client.post(ASSIST, _form(units))
    resident = User.objects.get(display_name="王䶮")
    assert response["Location"] == reverse("accounts:assist_done", args=[resident.pk])
    assert re.fullmatch(r"jm\d{6}", resident.username)
    assert resident.phone == "13912340001"
    assert resident.must_change_password
    assert resident.registered_by == staff
    assert resident.groups.filter(name=RESIDENTS).exists()
    password = _card_password(client, resident)
    assert password not in resident.password  # only the hash is stored
    assert resident.check_password(password)
    done = client.get(response["Location"]).content.decode()
    assert reverse("accounts:assist_card", args=[resident.pk]) in done


def test_double_submit_creates_one_resident_whose_card_works(client, staff, units):
    client.force_login(staff)
    client.post(ASSIST, _form(units, phone=""))
    client.post(ASSIST, _form(units, phone=""))
    residents = User.objects.filter(display_name="王䶮")
    assert residents.count() == 1
    assert residents[0].check_password(_card_password(client, residents[0]))


def test_bad_input_is_shown_next_to_the_field(client, staff, units):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    response = client.post(
        ASSIST, _form(units, phone="12345", birth_year="1850", display_name="  ")
    )
    assert response.status_code == 200
    body = response.content.decode()
    for field in ("display_name", "phone", "birth_year"):
        assert f'id="id_{field}_error"' in body
    assert User.objects.filter(registered_by=staff).count() == 0


def test_phone_already_registered_is_refused(client, staff, units):
    make_user("other", phone="13912340001")
    client.force_login(staff)
    response = client.post(ASSIST, _form(units))
    assert response.status_code == 200
    assert 'id="id_phone_error"' in response.content.decode()


def test_login_card_is_a_large_print_pdf_with_embedded_cjk_font(
    client, staff, units, tmp_path
):
    client.force_login(staff)
    client.post(ASSIST, _form(units))
    resident = User.objects.get(display_name="王䶮")
    response = client.get(reverse("accounts:assist_card", args=[resident.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(  # noqa: S603
        ["/usr/bin/pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    cjk_lines = [
        line
        for line in fonts.splitlines()
        if "Noto-Sans-CJK" in line or "NotoSansCJK" in line
    ]
    assert cjk_lines, fonts
    assert all(" yes " in line for line in cjk_lines), fonts  # embedded
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert resident.username in text
    assert _card_password(client, resident) in text
    assert "王䶮" in text
    assert "昆明路社区" in text
    assert "022-2330 2101" in text  # the community's help phone


def test_card_expires_and_needs_a_new_one_time_password(client, staff, units):
    client.force_login(staff)
    client.post(ASSIST, _form(units))
    resident = User.objects.get(display_name="王䶮")
    old_password = _card_password(client, resident)
    session = client.session
    session[CARD_SESSION_KEY][str(resident.pk)]["expires"] = time.time() - 1
    session.save()
    card_url = reverse("accounts:assist_card", args=[resident.pk])
    response = client.get(card_url)
    assert response.status_code == 302
    assert (
        CARD_SESSION_KEY not in client.session
        or str(resident.pk) not in client.session[CARD_SESSION_KEY]
    )
    client.post(reverse("accounts:assist_reset", args=[resident.pk]))
    resident.refresh_from_db()
    new_password = _card_password(client, resident)
    assert resident.check_password(new_password)
    assert not resident.check_password(old_password)
    assert client.get(card_url)["Content-Type"] == "application/pdf"


def test_card_and_reset_are_only_for_the_staff_member_who_registered(
    client, staff, units
):
    client.force_login(staff)
    client.post(ASSIST, _form(units))
    resident = User.objects.get(display_name="王䶮")
    client.force_login(make_user("staff2", role=STAFF))
    assert (
        client.get(reverse("accounts:assist_card", args=[resident.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("accounts:assist_reset", args=[resident.pk])).status_code
        == 404
    )


def test_resident_logs_in_with_card_and_must_choose_own_password(client, staff, units):
    client.force_login(staff)
    client.post(ASSIST, _form(units))
    resident = User.objects.get(display_name="王䶮")
    password = _card_password(client, resident)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "13912340001", "password": password}
    )
    assert response.status_code == 302
    follow = client.get(reverse("accounts:settings"))
    assert follow["Location"].startswith(reverse("account_change_password"))


@pytest.mark.parametrize("seed", range(5), ids=lambda s: f"draw-{s}")
def test_one_time_passwords_avoid_lookalike_characters(seed):
    password = generate_one_time_password()
    assert len(password) == 8
    assert set(password) <= set(OTP_LETTERS + OTP_DIGITS)
    assert not set(password) & set("0Oo1lIi")


def test_service_refuses_non_staff(units):
    community, _ = units
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        resident_register_assisted(
            staff=make_user("r", role=RESIDENTS),
            display_name="x",
            phone=None,
            birth_year=None,
            org_unit=community,
        )


@pytest.mark.parametrize(
    "target_role", [STAFF, HR, "superuser"], ids=["staff", "hr", "superuser"]
)
def test_hr_cannot_reset_passwords_of_privileged_accounts(client, units, target_role):
    hr = make_user("hr1", role=HR)
    if target_role == "superuser":
        target = User.objects.create_superuser("root", password="x-long-secret-1")
    else:
        target = make_user("victim", role=target_role, registered_by=hr)
    _activate_totp(hr)
    client.force_login(hr)
    response = client.post(reverse("accounts:assist_reset", args=[target.pk]))
    assert response.status_code == 404
    target.refresh_from_db()
    assert not target.must_change_password


def test_hr_can_reset_any_plain_resident(client, staff, units):
    resident = make_user("r1", role=RESIDENTS)
    hr = make_user("hr1", role=HR)
    _activate_totp(hr)
    client.force_login(hr)
    response = client.post(reverse("accounts:assist_reset", args=[resident.pk]))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(_card_password(client, resident))


def test_new_one_time_password_asks_first_and_only_post_resets(client, staff, units):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    client.post(ASSIST, _form(units))
    resident = User.objects.get(display_name="王䶮")
    resident.set_password("their-own-secret-9")
    resident.must_change_password = False
    resident.save()
    url = reverse("accounts:assist_reset", args=[resident.pk])
    # the list links to a question, not straight to the reset
    listing = client.get(ASSIST).content.decode()
    assert f'href="{url}"' in listing
    assert f'action="{url}"' not in listing
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "This resident has set their own password. It will stop working" in html
    assert "Yes, make a new one-time password" in html
    resident.refresh_from_db()
    assert resident.check_password("their-own-secret-9")  # asking changed nothing
    client.post(url)
    resident.refresh_from_db()
    assert not resident.check_password("their-own-secret-9")
    assert resident.must_change_password


@pytest.mark.parametrize(
    ("resident_language", "expected"),
    [("", "一次性密码"), ("en", "One-time password")],
    ids=["resident-default-chinese", "resident-chose-english"],
)
def test_login_card_speaks_the_residents_language_not_the_staff_members(
    client, staff, units, tmp_path, resident_language, expected
):
    staff.language = "en"  # the staff member works in English
    staff.save()
    client.force_login(staff)
    client.post(ASSIST, _form(units))
    resident = User.objects.get(display_name="王䶮")
    resident.language = resident_language
    resident.save()
    response = client.get(reverse("accounts:assist_card", args=[resident.pk]))
    path = tmp_path / "card.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert expected in text
