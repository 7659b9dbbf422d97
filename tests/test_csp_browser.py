"""The production Content-Security-Policy breaks nothing, in a real Chromium.

With the policies of config/settings/production.py switched on, learner pages
(home, course, every step of a guided lesson with a try-it exercise, my learning, a
skill test with autosave, account and two-step pages, login, sign-up, password reset)
and the Wagtail admin (dashboard, page editor with StreamField, user list) load with
no CSP violation: none reported by ``securitypolicyviolation`` events, none in the
console. A page with an inline script does get reported (the probe can see one).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.roles import HR, RESIDENTS, STAFF
from assessments import services as assessment_services
from assessments.models import SkillTest, TestSlot
from assessments.scoring import AnswerSpec, QuestionSpec
from config import csp
from tests.accounts.factories import activate_totp
from tests.training.conftest import (
    guided,
    knowledge_check,
    make_course,
    make_image,
    make_site,
    make_user,
    try_it,
)
from training import services as training_services
from training.models import LessonPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_JS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def csp_on(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DIGILADDER_CSP = csp.SITE_POLICY
    settings.DIGILADDER_CSP_ADMIN = csp.ADMIN_POLICY


@pytest.fixture
def world(csp_on):
    home, index = make_site()
    picture = make_image("phone home screen")
    course = make_course(
        index,
        title="智能手机入门",
        bodies=[
            [
                guided("打开手机，看看主屏幕", image=picture),
                try_it(picture, label="设置"),
                knowledge_check(),
                guided("做得好，回到主屏幕"),
            ]
        ],
        lessons=1,
    )
    lesson = LessonPage.objects.child_of(course).get()
    test = SkillTest.objects.create(title="手机安全", slug="phone-safety")
    category = assessment_services.category_ensure(path="Bank/Basics")
    question = assessment_services.question_save(
        spec=QuestionSpec(
            kind="multichoice",
            name="mc",
            text="哪一个是二？",
            answers=(
                AnswerSpec("二", Decimal(1), ""),
                AnswerSpec("三", Decimal(0), ""),
            ),
        ),
        category=category,
    )
    TestSlot.objects.create(test=test, question=question, sort_order=0, marks=1)
    return home, course, lesson, test


class Watcher:
    """Collects CSP violations of one browser page across navigations."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.events: list[str] = []
        page.add_init_script(WATCH_JS)
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security" in (
            message.text
        ):
            self.console.append(f"{self.page.url}: {message.text}")

    def visit(self, url: str) -> str:
        response = self.page.goto(url)
        assert response is not None
        assert response.status < 400, (url, response.status)
        self.page.wait_for_load_state("networkidle")
        self.collect()
        return response.headers.get("content-security-policy", "")

    def collect(self) -> None:
        from playwright.sync_api import Error

        for _ in range(3):
            try:
                self.page.wait_for_load_state("networkidle")
                found = self.page.evaluate(
                    "(() => { const f = window.__csp || []; window.__csp = []; "
                    "return f; })()"
                )
            except Error:  # a navigation started meanwhile: read the new page
                continue
            self.events.extend(f"{self.page.url}: {v}" for v in found)
            return

    def violations(self) -> list[str]:
        self.collect()
        return self.events + self.console


def _logged_in(new_page, live_server, user, **kwargs):
    client = Client()
    client.force_login(user)
    page = new_page(**kwargs)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def test_learner_pages_have_no_csp_violations(new_page, live_server, world):
    _home, course, lesson, test = world
    resident = make_user("wang", role=RESIDENTS, display_name="王阿姨", elder_mode=True)
    base = live_server.url

    # anonymous: entrance pages
    visitor = Watcher(new_page(width=390, height=844, locale="zh-CN"))
    header = visitor.visit(f"{base}/")
    assert "script-src 'self';" in header
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        visitor.visit(base + path)
    assert visitor.violations() == []

    # a resident takes the guided lesson, try-it (inline style placement) included
    watcher = Watcher(_logged_in(new_page, live_server, resident, width=390))
    watcher.visit(base + course.url)
    training_services.enrolment_create(user=resident, course=course)
    watcher.visit(f"{base}/learn/lesson/{lesson.pk}/step/1/")
    page = watcher.page
    seen_try_it = False
    for _ in range(8):
        targets = page.locator(".try-it-target")
        if targets.count():
            seen_try_it = True
            assert targets.first.evaluate("el => el.style.width") != ""
            targets.first.click()
            page.wait_for_load_state("networkidle")
        radios = page.locator("main input[type=radio]")
        if radios.count():
            radios.first.check()
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state("networkidle")
        watcher.collect()
        if not page.locator("button.nav-next").count():
            break
        page.locator("button.nav-next").click()
        page.wait_for_load_state("networkidle")
        watcher.collect()
    assert seen_try_it
    for path in ("/learn/", "/account/", "/accounts/2fa/", "/tests/"):
        watcher.visit(base + path)
    assert watcher.violations() == []

    # a staff member sits a skill test: the answer autosaves (fetch) without errors
    staff = make_user("li", role=STAFF)
    attempt = assessment_services.attempt_start(user=staff, test=test)
    taker = Watcher(_logged_in(new_page, live_server, staff, width=390))
    taker.visit(f"{base}/tests/{test.slug}/")
    taker.visit(f"{base}/tests/attempt/{attempt.pk}/q/1/")
    taker.page.locator("input[type=radio]").first.check()
    taker.page.wait_for_timeout(1500)
    taker.page.wait_for_load_state("networkidle")
    taker.visit(f"{base}/tests/attempt/{attempt.pk}/review/")
    assert taker.violations() == []

    # HR setting up the authenticator app: the QR code is a data: image
    hr = make_user("renshi", role=HR)
    assert hr.pk
    setup = Watcher(new_page())
    setup.visit(f"{base}/accounts/login/")
    setup.page.fill("#id_login", "renshi")
    setup.page.fill("#id_password", "pw-123456-long")
    setup.page.locator("main form button[type=submit]").first.click()
    setup.page.wait_for_url("**/accounts/2fa/totp/activate/**")
    setup.page.wait_for_load_state("networkidle")
    assert setup.page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 0
    assert setup.violations() == []


def test_wagtail_admin_works_under_its_policy(new_page, live_server, world):
    _home, course, lesson, _test = world
    root = get_user_model().objects.create_superuser("root", password="x-long-pw-1")
    activate_totp(root)
    base = live_server.url
    watcher = Watcher(_logged_in(new_page, live_server, root))
    header = watcher.visit(f"{base}/admin/")
    assert "script-src 'self' 'unsafe-inline'" in header
    watcher.visit(f"{base}/admin/pages/{course.pk}/edit/")
    assert watcher.page.locator("[data-side-panel-toggle], .w-tabs").count() > 0
    watcher.visit(f"{base}/admin/pages/{lesson.pk}/edit/")
    # the StreamField editor is drawn by JavaScript: its blocks are on the page
    watcher.page.wait_for_selector("[data-streamfield-stream-container]")
    watcher.visit(f"{base}/admin/users/")
    watcher.visit(f"{base}/admin/images/")
    assert watcher.violations() == []


def test_the_probe_sees_an_inline_script_blocked(new_page, live_server, csp_on):
    """Guards the two tests above against passing because nothing is watched."""
    page = new_page()
    watcher = Watcher(page)
    page.route(
        f"{live_server.url}/probe/",
        lambda route: route.fulfill(
            status=200,
            headers={
                "Content-Type": "text/html",
                "Content-Security-Policy": csp.header_value(csp.SITE_POLICY),
            },
            body="<!doctype html><title>p</title><script>document.title='x'</script>",
        ),
    )
    page.goto(f"{live_server.url}/probe/")
    page.wait_for_timeout(300)
    found = watcher.violations()
    assert any("script-src" in v for v in found), found
    assert page.title() == "p"
