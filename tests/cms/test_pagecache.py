"""Anonymous pages are cached whole, shared by guests with the same settings, never
for logged-in people, and fresh again after a publish or a site-settings change."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cms.pagecache import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_guest_pages_are_cached_and_carry_no_cookie(client, home):
    first = client.get("/")
    second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second.content == first.content
    # nothing personal: no CSRF cookie, no session, no token in the page
    assert not first.cookies
    assert b"csrfmiddlewaretoken" not in first.content


def test_publish_makes_the_next_guest_get_fresh(client, home):
    client.get("/")
    assert client.get("/")[HEADER] == "hit"
    # when an editor publishes a new title
    revision = home.save_revision()
    home.title = "新的首页标题"
    revision = home.save_revision()
    revision.publish()
    # then the next anonymous GET shows it
    response = client.get("/")
    assert response[HEADER] == "miss"
    assert "新的首页标题" in response.content.decode()


def test_site_settings_change_makes_pages_fresh(client, home):
    from wagtail.models import Site

    from cms.models import SiteSettings

    client.get("/")
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.community_name = "幸福里社区"
    settings_row.save()
    response = client.get("/")
    assert response[HEADER] == "miss"
    assert "幸福里社区" in response.content.decode()


def test_preferences_and_language_get_their_own_copies(client, home):
    plain = client.get("/")
    client.cookies["dl_elder_mode"] = "1"
    elder = client.get("/")
    assert elder[HEADER] == "miss"  # not the plain guest's copy
    assert b"elder-mode" in elder.content
    assert b"elder-mode" not in plain.content
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english[HEADER] == "miss"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")[HEADER] == "hit"


def test_logged_in_people_never_get_or_fill_the_cache(client, home, django_user_model):
    client.get("/")  # a guest's copy exists
    user = django_user_model.objects.create_user("amy", password="x")
    client.force_login(user)
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert HEADER not in response


def test_other_cookies_bypass_the_cache(client, home):
    client.get("/")
    client.cookies["messages"] = "anything"
    assert HEADER not in client.get("/")


def test_guest_switches_work_without_a_token_from_this_site(home):
    from django.test import Client

    guest = Client(enforce_csrf_checks=True)
    response = guest.post(
        "/site/prefs/",
        {"elder_mode": "1", "next": "/"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302
    assert response.cookies["dl_elder_mode"].value == "1"
    response = guest.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/"},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/page"},
    ],
    ids=["fetch-metadata", "origin", "referer"],
)
@pytest.mark.parametrize("url", ["/site/prefs/", "/i18n/setlang/"])
def test_cross_site_switches_are_refused(home, headers, url):
    from django.test import Client

    guest = Client(enforce_csrf_checks=True)
    response = guest.post(url, {"elder_mode": "1", "language": "en"}, **headers)
    assert response.status_code == 403
    assert "dl_elder_mode" not in response.cookies
    assert "django_language" not in response.cookies


def test_logged_in_switches_still_need_the_token(home, django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_user("bo", password="x")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post(
        "/site/prefs/", {"elder_mode": "1"}, HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.elder_mode is False


def test_made_up_queries_are_served_but_never_stored(client, home):
    # A flood of random query strings must not fill the cache: only the few shared
    # views (catalogue filters, page numbers) are stored.
    for n in range(3):
        response = client.get(f"/?utm={n}")
        assert response.status_code == 200
        assert HEADER not in response
    assert HEADER not in client.get("/?q=手机")
    assert client.get("/?level=1")[HEADER] == "miss"
    assert client.get("/?level=1")[HEADER] == "hit"
    assert HEADER not in client.get("/?level=" + "1" * 300)


def test_a_content_change_starts_a_new_generation_again_at_commit(
    client, home, django_capture_on_commit_callbacks
):
    """Between the save and the commit another request still reads the old rows and
    may cache them under the generation the save started; the commit starts
    another one, so those entries are never found."""
    from wagtail.models import Site

    from cms.models import SiteSettings
    from cms.pagecache import generation

    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings_row.community_name = "幸福里社区"
        settings_row.save()
        during = generation()
    after = generation()
    assert before < during < after
