"""The logged-in site header is rendered once per site, language, display preferences
and main menu, and cached (cms_tags.personal_shell); the CSRF token and the current
path are put in per request. Nothing of one person may reach another, a role or
preference change shows on the next page, and the cached forms still work.

Also the per-process URL lookups (cms.urlmemo) and the Redis cache client reuse
(cms.redis_cache) the shell relies on.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from accounts.roles import STAFF
from cms import urlmemo
from tests.training.conftest import make_user, site_tree  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]

NEXT = re.compile(r'name="next" value="([^"]*)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def header(response) -> str:
    html = response.content.decode()
    start = html.index('<header class="site-header">')
    return html[start : html.index("</header>", start)]


def elder_pressed(head: str) -> str:
    return re.search(r'elder-toggle"[^>]*aria-pressed="(\w+)"', head, re.S).group(1)


def test_two_people_each_get_their_own_header(site_tree):  # noqa: F811
    amy = make_user("amy", elder_mode=True, text_size=4, language="zh-hans")
    li = make_user("li", role=STAFF, elder_mode=False)
    practice = reverse("practice:my_practice")
    clients = {}
    for user in (amy, li):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    url = reverse("training:my_learning")
    for _round in range(2):  # the second round comes from the cache
        for name, client in clients.items():
            head = header(client.get(url))
            if name == "amy":
                assert elder_pressed(head) == "true"
                assert f'href="{practice}"' not in head
            else:
                assert elder_pressed(head) == "false"
                assert f'href="{practice}"' in head
            assert NEXT.findall(head) == [f"{url}#site-menu", url]


def test_the_cached_header_carries_a_working_token_and_this_page_s_path(
    site_tree,  # noqa: F811
):
    amy = make_user("amy", elder_mode=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(amy)
    first = client.get(reverse("training:my_learning"))
    course = site_tree.course.url + "?mode=guided"
    second = client.get(course)
    head = header(second)
    assert NEXT.findall(head) == [f"{course.replace('&', '&amp;')}#site-menu", course]
    tokens = TOKEN.findall(head)
    assert tokens
    assert len(set(tokens)) == 1
    assert TOKEN.findall(header(first)) != tokens  # masked afresh for each response
    answer = client.post(
        reverse("cms:prefs"),
        {"csrfmiddlewaretoken": tokens[0], "elder_mode": "1", "next": course},
    )
    assert answer.status_code == 302
    amy.refresh_from_db()
    assert amy.elder_mode is True
    # the preference shows in the next header, though the page was cached before
    assert elder_pressed(header(client.get(course))) == "true"


def test_the_path_is_escaped_in_the_cached_header(site_tree):  # noqa: F811
    amy = make_user("amy")
    client = Client()
    client.force_login(amy)
    url = reverse("training:my_learning")
    client.get(url)  # cache the header
    response = client.get(url + "?a=1&b='x'")
    full_path = response.wsgi_request.get_full_path()
    assert "&" in full_path
    head = header(response)
    assert NEXT.findall(head)[1] == escape(full_path)
    assert f'value="{full_path}"' not in head


def test_a_new_role_shows_in_the_menu_on_the_next_page(site_tree):  # noqa: F811
    amy = make_user("amy")
    client = Client()
    client.force_login(amy)
    url = reverse("training:my_learning")
    practice = reverse("practice:my_practice")
    assert f'href="{practice}"' not in header(client.get(url))
    amy.groups.add(Group.objects.get(name=STAFF))
    assert f'href="{practice}"' in header(client.get(url))


def test_url_lookups_follow_the_urlconf_in_force():
    assert urlmemo.reverse_or_empty("no-such-name") == ""
    assert urlmemo.cached_reverse("account_logout") == reverse("account_logout")
    assert urlmemo.path_if_served("/learn/") == "/learn/"
    assert urlmemo.path_if_served("/some-wagtail-page/") == ""
    assert urlmemo.reverse_or_empty("tiny") == ""
    with override_settings(ROOT_URLCONF="tests.cms.urls_tiny"):
        assert urlmemo.reverse_or_empty("account_logout") == ""
        assert urlmemo.reverse_or_empty("tiny") == "/tiny/"
        assert urlmemo.path_if_served("/learn/") == ""
    assert urlmemo.reverse_or_empty("tiny") == ""
    assert urlmemo.cached_reverse("account_logout") == reverse("account_logout")


def test_an_object_s_page_urls_are_its_own_and_follow_the_urlconf():
    from django.urls import NoReverseMatch

    names = ("save", "review")
    assert urlmemo.object_urls("assessments", names, 7) == {
        "save": reverse("assessments:save", args=[7]),
        "review": reverse("assessments:review", args=[7]),
    }
    assert urlmemo.object_urls("assessments", names, 8)["save"] == reverse(
        "assessments:save", args=[8]
    )
    with (
        override_settings(ROOT_URLCONF="tests.cms.urls_tiny"),
        pytest.raises(NoReverseMatch),
    ):
        urlmemo.object_urls("assessments", names, 7)


def test_the_redis_cache_builds_one_client_per_connection_pool():
    from cms.redis_cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {"OPTIONS": {}})
    writer = backend._cache.get_client(write=True)
    assert backend._cache.get_client(write=True) is writer
    reader = backend._cache.get_client()
    assert reader is not writer  # reads go to the second server
    assert backend._cache.get_client() is reader
    assert writer.connection_pool is backend._cache._get_connection_pool(True)


def footer(response) -> str:
    html = response.content.decode()
    return html[html.index('<footer class="site-footer"') :]


def test_each_community_gets_its_own_help_contact_from_the_cached_footer(site_tree):  # noqa: F811
    """The footer and the read-aloud notices are one shared fragment per site,
    language and community (base.html): its help phone is the community's."""
    from tests.accounts.factories import make_units

    # 昆明路 has its own phone; 桂林路 uses its street's.
    own_phone, other = make_units()
    clients = {}
    for user in (
        make_user("kun", org_unit=own_phone),
        make_user("gui", org_unit=other),
    ):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    url = reverse("training:my_learning")
    for _round in range(2):  # the second round comes from the cache
        kun, gui = (footer(clients[name].get(url)) for name in ("kun", "gui"))
        assert "022-2330 2101" in kun
        assert "022-1111 2222" not in kun
        assert "022-1111 2222" in gui
        assert "022-2330 2101" not in gui
        assert 'id="no-voice-zh"' in kun  # the notices are in the fragment too

    own_phone.help_phone = "022-9999 0000"
    own_phone.save()

    assert "022-9999 0000" in footer(clients["kun"].get(url))
    assert "022-1111 2222" in footer(clients["gui"].get(url))
