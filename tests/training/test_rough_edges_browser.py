"""Editors mark a try-it tap target by dragging a box on the picture in the admin
(issue 8, point 7); the four percentages stay the stored value and can be typed."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from training.models import LessonPage

from .conftest import make_course, make_image, make_site, make_user, try_it

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_drags_a_box_to_mark_a_tap_target(
    new_page, live_server, tmp_path, settings
):
    # The settings fixture (not django.conf.settings): storage follows the new root and
    # it is restored afterwards.
    settings.MEDIA_ROOT = tmp_path
    home, index = make_site()
    picture = make_image("phone home screen")
    course = make_course(index, bodies=[[try_it(picture)]])
    lesson = LessonPage.objects.child_of(course).get()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    editor = make_user("ed", role="Editors", is_superuser=True)
    TOTP.activate(editor, generate_totp_secret())  # admin roles need one
    client = Client()
    client.force_login(editor)
    page = new_page(width=1280, height=1400, locale="zh-CN")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    button = page.get_by_role(
        "button", name=re.compile("在图上框出位置|Mark it on the picture")
    )
    button.first.click()
    stage = page.locator(".tap-target-stage")
    stage.wait_for()
    page.locator(".tap-target-stage img").evaluate(
        "img => img.complete || new Promise(r => img.onload = r)"
    )
    stage.scroll_into_view_if_needed()
    box = stage.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.7)
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.8)
    page.mouse.up()

    def value(name):
        return float(
            page.locator(f'input[name$="-value-targets-0-value-{name}"]').input_value()
        )

    assert value("x") == pytest.approx(50, abs=1)
    assert value("y") == pytest.approx(60, abs=1)
    assert value("width") == pytest.approx(25, abs=1)
    assert value("height") == pytest.approx(20, abs=1)
    # typing still works and is what is kept
    page.locator('input[name$="-value-targets-0-value-width"]').fill("20")
    assert value("width") == 20
