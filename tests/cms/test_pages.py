"""Page-type rules and the home page in both languages."""

import io
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import HomePage, SiteSettings, StandardPage


class PageTypeRulesTests(WagtailPageTestCase):
    def setUp(self):
        from cms.demo import _tree_root

        _tree_root()  # present after migrate; recreated if an earlier run flushed it

    def test_home_page_lives_only_under_the_tree_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_holds_standard_pages_and_the_catalogue(self):
        allowed = {cls._meta.label_lower for cls in HomePage.allowed_subpage_models()}
        assert "cms.standardpage" in allowed
        assert allowed <= {"cms.standardpage", "training.courseindexpage"}

    def test_standard_page_cannot_sit_at_the_root(self):
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)

    def test_only_one_home_page(self):
        root = Page.get_first_root_node()
        assert HomePage.can_create_at(root)
        root.add_child(instance=HomePage(title="首页", slug="first-home"))
        assert not HomePage.can_create_at(root)


@pytest.mark.django_db
def test_seed_replaces_the_wagtail_welcome_page_and_is_idempotent(home):
    from cms.demo import seed

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == home
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail"
    ).exists()
    counts = (Page.objects.count(), SiteSettings.objects.count())

    seed(io.StringIO())

    assert (Page.objects.count(), SiteSettings.objects.count()) == counts
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert HomePage.objects.get().slug == "home"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "lang", "entry", "title"),
    [
        pytest.param(
            "zh-CN,zh;q=0.9",
            "zh-Hans",
            "我是居民",
            "欢迎来到数字阶梯",
            id="chinese-browser",
        ),
        pytest.param(
            "en-US,en;q=0.8",
            "en",
            "For residents",
            "Welcome to DigiLadder",
            id="english-browser",
        ),
        pytest.param(
            "fr-FR,fr;q=0.9",
            "zh-Hans",
            "我是社区工作者",
            "欢迎来到数字阶梯",
            id="unknown-language-falls-back-to-chinese",
        ),
    ],
)
def test_home_page_follows_browser_language(client, home, header, lang, entry, title):
    response = client.get("/", headers={"accept-language": header})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert entry in html
    assert title in html


@pytest.mark.django_db
def test_language_cookie_overrides_the_browser(client, home):
    client.cookies["django_language"] = "en"
    html = client.get("/", headers={"accept-language": "zh-CN"}).content.decode()
    assert '<html lang="en"' in html
    assert "For community staff" in html
    assert "Elder mode" in html


@pytest.mark.django_db
def test_home_page_shows_shell_parts_and_help_contact(client, home):
    html = client.get("/", headers={"accept-language": "zh-CN"}).content.decode()
    # every page: skip link, elder-mode switch, text size, contrast, help place
    assert re.search(r'<a class="skip-link" href="#main">跳到正文</a>', html)
    elder = re.search(r'<button[^>]*name="elder_mode".*?</button>', html, re.S)
    assert elder
    assert "长辈模式" in elder.group(0)
    assert 'aria-pressed="false"' in elder.group(0)
    assert html.count('name="text_size"') == 2  # A− and A+
    assert 'name="high_contrast"' in html
    assert 'action="/i18n/setlang/"' in html
    footer = html[html.index('<footer class="site-footer" id="help"') :]
    assert "需要帮助" in footer
    assert "010-6512-3456" in footer
    assert 'href="tel:01065123456"' in footer
    assert "幸福里社区" in html
    # the About page from the demo is in the menu
    assert 'href="/about/"' in html


@pytest.mark.django_db
def test_help_phone_comes_from_the_users_community(client, home, django_user_model):
    from accounts.models import OrgUnit

    district = OrgUnit.objects.create(
        name="朝阳区", kind="district", help_phone="010-1111-2222"
    )
    street = OrgUnit.objects.create(name="幸福街道", kind="street", parent=district)
    community = OrgUnit.objects.create(name="幸福里", kind="community", parent=street)
    user = django_user_model.objects.create_user(
        "wang", password="x", org_unit=community
    )
    client.force_login(user)

    html = client.get("/").content.decode()

    # the community has no phone of its own: its district's number is shown
    assert "010-1111-2222" in html
    assert "010-6512-3456" not in html


@pytest.mark.django_db
def test_resident_and_staff_entries_point_to_the_filtered_catalogue(client, home):
    pytest.importorskip("training.models")
    from training.models import CourseIndexPage

    catalogue = CourseIndexPage(title="课程", slug="courses")
    home.add_child(instance=catalogue)
    catalogue.save_revision().publish()

    html = client.get("/").content.decode()

    assert 'href="/courses/?audience=residents"' in html
    assert 'href="/courses/?audience=staff"' in html


@pytest.mark.django_db
def test_entries_without_a_catalogue_explain_instead_of_linking(client, home):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert "?audience=residents" not in html
    assert "Lessons are being prepared" in html


@pytest.mark.django_db
def test_standard_page_renders_in_english_when_asked(client, home):
    html = client.get("/about/", headers={"accept-language": "en"}).content.decode()
    assert "About us" in html
    assert 'lang="zh-Hans"' in html  # the Chinese body is marked as Chinese


@pytest.mark.django_db
@pytest.mark.parametrize("alt", ["", "   "], ids=["empty", "only-spaces"])
def test_image_block_refuses_an_image_without_alt_text(wagtail_roots, alt):
    from django.core.exceptions import ValidationError
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from cms.blocks import FigureBlock

    image = Image.objects.create(title="手机", file=get_test_image_file())
    block = FigureBlock()
    assert block.clean({"image": image, "alt": "一部手机", "caption": ""})["alt"]
    with pytest.raises(ValidationError):
        block.clean({"image": image, "alt": alt, "caption": ""})


class EditorTests(WagtailPageTestCase):
    """Editors can open, preview and render both page types in the Wagtail admin."""

    # Superusers must use an authenticator app (accounts/mfa_required.py).
    def create_test_user(self):
        user = super().create_test_user()
        TOTP.activate(user, generate_totp_secret())
        return user

    def create_superuser(self, *args, **kwargs):
        user = super().create_superuser(*args, **kwargs)
        TOTP.activate(user, generate_totp_secret())
        return user

    def setUp(self):
        from cms.demo import seed

        from .conftest import ensure_wagtail_roots

        ensure_wagtail_roots()
        seed(io.StringIO())
        self.home = HomePage.objects.get()
        self.about = StandardPage.objects.get(slug="about")
        self.user = self.login()

    def test_home_page_is_renderable_editable_and_previewable(self):
        data = nested_form_data(
            {
                "title": "欢迎",
                "slug": "home",
                "title_en": "Welcome",
                "intro": rich_text("<p>一起学</p>"),
                "intro_en": rich_text("<p>Learn together</p>"),
                "body": streamfield([("heading", "怎么开始")]),
            }
        )
        self.assertPageIsRenderable(self.home)
        self.assertPageIsEditable(self.home, post_data=data)
        self.assertPageIsPreviewable(self.home, post_data=data)

    def test_standard_page_is_renderable_editable_and_previewable(self):
        data = nested_form_data(
            {
                "title": "关于我们",
                "slug": "about",
                "title_en": "About us",
                "intro": "简介",
                "intro_en": "Intro",
                "body": streamfield(
                    [
                        ("heading", "给居民"),
                        ("paragraph", rich_text("<p>慢慢学</p>")),
                        (
                            "callout",
                            {
                                "kind": "fraud",
                                "title": "当心",
                                "text": rich_text("<p>挂断</p>"),
                            },
                        ),
                    ]
                ),
            }
        )
        self.assertPageIsRenderable(self.about)
        self.assertPageIsEditable(self.about, post_data=data)
        self.assertPageIsPreviewable(self.about, post_data=data)

    def test_community_settings_are_editable_in_the_admin(self):
        site = Site.objects.get(is_default_site=True)
        response = self.client.get(f"/admin/settings/cms/sitesettings/{site.pk}/")
        assert response.status_code == 200
        assert "010-6512-3456" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("/about/", 'href="/accounts/login/?next=/about/"', id="come-back"),
        pytest.param("/", 'href="/accounts/login/"', id="home"),
        pytest.param(
            "/accounts/password/reset/", 'href="/accounts/login/"', id="no-login-loop"
        ),
    ],
)
def test_login_link_brings_people_back(client, home, path, expected):
    assert expected in client.get(path).content.decode()


@pytest.mark.django_db
def test_main_menu_offers_my_learning_and_my_tests_only_when_logged_in(client, home):
    from accounts.models import User

    # given a guest, the personal entries are absent
    guest_html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/tests/"' not in guest_html
    # when a resident logs in
    client.force_login(User.objects.create_user("menu-user", password="pw-12345-x"))
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # then the menu links to their learning and their tests, in Chinese
    assert 'href="/learn/"' in html
    assert 'href="/tests/"' in html
    assert "我的测试" in html
