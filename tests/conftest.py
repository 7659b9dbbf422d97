"""Shared fixtures: a real headless Chromium (Debian's) and an axe-core audit helper.

Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
run inside one unless told it is safe, which it is here (one thread, no real async).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _db_order(item) -> int:
    """0 plain db tests, 1 serialized-rollback transactional, 2 other transactional,
    3 no database."""
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    if kwargs.get("serialized_rollback"):
        return 1
    fixtures = getattr(item, "fixturenames", ())
    if kwargs.get("transaction") or kwargs.get("reset_sequences"):
        return 2
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return 2
    return 0 if marker or "db" in fixtures else 3


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run serialized-rollback tests before other transactional ones (a stable sort,
    after pytest-django's order).

    A transactional test without serialized rollback flushes the database and the
    flush's post_migrate recreates the role groups with new ids; a serialized-rollback
    test after it could then not restore the migration-made groups (UNIQUE name). Their
    own flushes skip post_migrate, so together they must come first.
    """
    items.sort(key=_db_order)


@pytest.fixture(autouse=True)
def _post_migrate_rows_after_serialized_flush(request):
    """A serialized-rollback test's flush skips post_migrate, so the content types,
    permissions and role groups it would recreate are missing (and ContentType's cache
    still holds the old ids: Wagtail's reference index then fails a FOREIGN KEY). Give
    the next other transactional test what an ordinary flush leaves behind."""
    if _db_order(request.node) != 2:
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    if not ContentType.objects.exists():
        ContentType.objects.clear_cache()
        emit_post_migrate_signal(0, False, "default")


@pytest.fixture(autouse=True)
def _new_content_generation():
    """Each test's database starts from a rollback that the caches did not see: a
    new content generation (cms.pagecache) keeps an earlier test's cached tests,
    menus or cards from being found again."""
    from cms.pagecache import invalidate

    invalidate()


@pytest.fixture
def shared_cache(settings):
    """As in production (Redis): role names, admin access and the person's user
    row kept across requests, one cache for everything, empty before and after the
    test."""
    from django.core.cache import cache

    settings.ROLES_CACHE_SECONDS = 300
    settings.USER_CACHE_SECONDS = 300
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies) at a desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser):
    """Factory for pages with their own context: new_page(width=360, locale="en")."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **kwargs):
        context = browser.new_context(
            viewport={"width": width, "height": height}, **kwargs
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def run_axe(page) -> list[dict]:
    """Run axe-core with the WCAG 2.2 A/AA rules; return the violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


@pytest.fixture
def axe():
    """axe(page) asserts the page has no WCAG 2.2 A/AA violations."""

    def check(page):
        violations = run_axe(page)
        assert not violations, format_violations(violations)

    return check
