"""The main menu: what it links to, and that it costs the same few queries whatever
the number of menu pages (it reads the catalogue and the menu pages together)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import StandardPage
from cms.pagecache import invalidate


def menu_links(client, path="/") -> list[tuple[str, str]]:
    html = client.get(path, headers={"accept-language": "en"}).content
    nav = BeautifulSoup(html, "html.parser").select_one("nav.main-nav")
    return [(a.get_text(strip=True), a["href"]) for a in nav.select("a")]


def add_catalogue(home, *, in_menu: bool):
    pytest.importorskip("training.models")
    from training.models import CourseIndexPage

    catalogue = CourseIndexPage(title="课程", slug="courses", show_in_menus=in_menu)
    home.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    return catalogue


def add_menu_page(home, slug: str, title: str):
    page = StandardPage(title=title, slug=slug, show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("in_menu", [True, False], ids=["catalogue-in-menu", "not"])
def test_menu_links_the_catalogue_once_then_the_menu_pages(client, home, in_menu):
    add_catalogue(home, in_menu=in_menu)
    add_menu_page(home, "zz-last", "最后一页")
    links = menu_links(client)
    assert links[:2] == [("Home", "/"), ("Courses", "/courses/")]
    assert [href for _, href in links].count("/courses/") == 1
    assert links[-1] == ("最后一页", "/zz-last/")


@pytest.mark.django_db
def test_menu_without_a_catalogue_still_lists_the_menu_pages(client, home):
    add_menu_page(home, "zz-last", "最后一页")
    links = menu_links(client)
    assert ("Courses", "/courses/") not in links
    assert links[-1] == ("最后一页", "/zz-last/")


@pytest.mark.django_db
def test_unpublished_menu_pages_are_left_out(client, home):
    page = add_menu_page(home, "hidden", "草稿页")
    page.unpublish()
    assert ("草稿页", "/hidden/") not in menu_links(client)


@pytest.mark.django_db
def test_menu_queries_do_not_grow_with_menu_pages(client, home):
    add_catalogue(home, in_menu=True)
    add_menu_page(home, "one", "一")
    client.get("/about/")  # warm caches (content types, site root paths)

    def count() -> int:
        invalidate()  # measure the page as rendered, not the guest page cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/about/").status_code == 200
        return len(queries)

    few = count()
    for n in range(10):
        add_menu_page(home, f"more-{n}", f"页{n}")
    assert count() == few
    assert len(menu_links(client, "/about/")) >= 12


@pytest.mark.django_db
def test_staff_menu_reaches_practice_certificates_and_growth(client, home):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.roles import RESIDENTS, STAFF

    staff = get_user_model().objects.create_user("menu-staff", password="x")
    staff.groups.add(Group.objects.get(name=STAFF))
    client.force_login(staff)
    html = client.get("/", headers={"accept-language": "zh-CN"}).content.decode()
    for path in ("/practice/", "/certificates/mine/", "/incentives/growth/"):
        assert f'href="{path}"' in html, path
    resident = get_user_model().objects.create_user("menu-resident", password="x")
    resident.groups.add(Group.objects.get(name=RESIDENTS))
    client.force_login(resident)
    html = client.get("/").content.decode()
    assert 'href="/certificates/mine/"' in html  # 结业证书 to show the family
    assert 'href="/practice/confirm/"' in html
    assert 'href="/practice/"' not in html
    assert 'href="/incentives/growth/"' not in html
