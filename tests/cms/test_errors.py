"""403/404/500 pages: styled like the site and readable in both languages."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "lang", "first", "second"),
    [
        pytest.param("zh-CN", "zh-Hans", "找不到这个页面", "Page not found", id="zh"),
        pytest.param("en", "en", "Page not found", "找不到这个页面", id="en"),
    ],
)
def test_404_page_is_styled_and_bilingual(client, home, accept, lang, first, second):
    response = client.get("/no-such-page/", headers={"accept-language": accept})

    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}"' in html
    assert "/static/css/site.css" in html
    assert 'name="elder_mode"' in html  # the full site header, switches included
    assert html.index(first) < html.index(second)  # current language first
    assert 'href="tel:' in html  # help contact


@pytest.mark.django_db
@pytest.mark.urls("tests.cms.urls_errors")
def test_403_page_is_styled_and_bilingual(client, home):
    response = client.get("/test-forbidden/", headers={"accept-language": "zh-CN"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "无法打开这个页面" in html
    assert "You cannot open this page" in html
    assert "/static/css/site.css" in html


@pytest.mark.django_db
@pytest.mark.urls("tests.cms.urls_errors")
def test_500_page_is_rendered_for_a_crash(home):
    client = Client(raise_request_exception=False)
    response = client.get("/test-broken/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "网站出了点问题" in html
    assert "/static/css/site.css" in html


def test_500_page_needs_no_database_or_context():
    # no django_db mark: any database query here would fail the test
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "网站出了点问题" in html
    assert "Something went wrong" in html


@pytest.mark.django_db
def test_expired_form_gets_a_friendly_bilingual_page(home, django_user_model):
    # Guests' display switches need no token (pages for guests are cached); a
    # logged-in person's do.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(django_user_model.objects.create_user("csrf", password="x"))
    response = browser.post(
        "/site/prefs/", {"elder_mode": "1"}, headers={"accept-language": "zh-CN"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html
    assert "This page has expired" in html


@pytest.mark.django_db
def test_too_big_a_form_gets_a_friendly_bilingual_400(home, settings):
    # Django refuses the body before any view runs (RequestDataTooBig): the person
    # still gets a page in both languages that says what to do, not Django's raw one.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    browser = Client(raise_request_exception=False)
    response = browser.post(
        "/site/prefs/",
        {"next": "/", "big": "x" * 5000},
        headers={"accept-language": "zh-CN"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "网页收不下您发送的内容" in html
    assert "The page could not take what was sent" in html
    assert "/static/css/site.css" in html
