"""Demo content for the site shell: the home page at the site root, community settings,
and an "About" page. Idempotent: running it again changes nothing."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, SiteSettings, StandardPage

HOME_TITLE = "欢迎来到数字阶梯"
HOME_TITLE_EN = "Welcome to DigiLadder"
HOME_INTRO = (
    "<p>在社区里一起学用手机和电脑：一步一步来，字大、能朗读，不会就问。"
    "社区工作者在这里学习、实践、考证，看清晋升和津贴的下一步。</p>"
)
HOME_INTRO_EN = (
    "<p>Learn to use phones and computers together in your community: step by step, "
    "with large text and read-aloud, and help whenever you ask. Community staff learn, "
    "practise and earn certificates here, and see their next step towards promotion "
    "and allowances.</p>"
)
HOME_BODY = [
    {
        "type": "callout",
        "value": {
            "kind": "fraud",
            "title": "陌生来电要当心",
            "text": (
                "<p>凡是让您转账、说出验证码、下载陌生软件的电话和短信，都可能是诈骗。"
                "先挂断，再打社区服务中心电话问一问。</p>"
            ),
        },
    },
    {"type": "heading", "value": "怎么开始"},
    {
        "type": "paragraph",
        "value": (
            "<ol><li>点上方的“长辈模式”，字和按钮都会变大。</li>"
            "<li>选择“我是居民”或“我是社区工作者”。</li>"
            "<li>每一课都有“朗读”按钮，可以听着学。</li></ol>"
        ),
    },
]

ABOUT_TITLE = "关于我们"
ABOUT_TITLE_EN = "About us"
ABOUT_INTRO = (
    "数字阶梯是社区的“培训—实践—激励”平台，"
    "帮助长辈跨越数字鸿沟，帮助社区工作者提升数字技能。"
)
ABOUT_INTRO_EN = (
    "DigiLadder is the community's training, practice and incentive platform: it helps "
    "older residents cross the digital divide and community staff build digital skills."
)
ABOUT_BODY = [
    {"type": "heading", "value": "给居民"},
    {
        "type": "paragraph",
        "value": (
            "<p>手把手的小课程：用智能手机、网上预约挂号、识别电话诈骗。"
            "慢慢学，随时暂停，下次从上次的地方接着学。</p>"
        ),
    },
    {"type": "heading", "value": "给社区工作者"},
    {
        "type": "paragraph",
        "value": (
            "<p>课程、实践任务和技能测评，合格后获得证书；"
            "证书和实践成果会用于岗位等级晋升和津贴评定。</p>"
        ),
    },
    {
        "type": "callout",
        "value": {
            "kind": "tip",
            "title": "需要帮助？",
            "text": "<p>每周二、周四上午，社区服务中心有志愿者现场教您用手机。</p>",
        },
    },
]

COMMUNITY_NAME = "幸福里社区 · 数字阶梯"
HELP_PHONE = "010-6512-3456"
HELP_TEXT = "社区服务中心：幸福路 18 号一层\n周一至周五 8:30–17:30，周六 9:00–12:00"


def _default_welcome_pages(root: Page):
    """Wagtail's "Welcome to your new Wagtail site!" placeholder (a plain Page)."""
    plain = ContentType.objects.get_for_model(Page)
    return root.get_children().filter(content_type=plain)


def _tree_root() -> Page:
    """Wagtail's tree root; recreated if the database was emptied (e.g. flushed)."""
    root = Page.get_first_root_node()
    if root is not None:
        return root
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.add_root(instance=Page(title="Root", slug="root"))


@transaction.atomic
def seed(stdout) -> None:
    root = _tree_root()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title=HOME_TITLE,
            slug="home-digiladder",
            title_en=HOME_TITLE_EN,
            intro=HOME_INTRO,
            intro_en=HOME_INTRO_EN,
            body=HOME_BODY,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("cms: created the home page")

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "DigiLadder 数字阶梯"
        site.save()

    for page in _default_welcome_pages(root):
        if page.pk != home.pk and not page.get_children().exists():
            if not Site.objects.filter(root_page=page).exists():
                page.delete()
    if home.slug != "home" and not root.get_children().filter(slug="home").exists():
        home.slug = "home"
        home.save_revision().publish()

    site_settings = SiteSettings.for_site(site)
    if not site_settings.help_phone:
        site_settings.community_name = COMMUNITY_NAME
        site_settings.help_phone = HELP_PHONE
        site_settings.help_text = HELP_TEXT
        site_settings.content_language = "zh-hans"
        site_settings.save()

    home = HomePage.objects.get(pk=home.pk)
    if not home.get_children().type(StandardPage).filter(slug="about").exists():
        about = StandardPage(
            title=ABOUT_TITLE,
            slug="about",
            title_en=ABOUT_TITLE_EN,
            intro=ABOUT_INTRO,
            intro_en=ABOUT_INTRO_EN,
            body=ABOUT_BODY,
            show_in_menus=True,
        )
        home.add_child(instance=about)
        about.save_revision().publish()
        stdout.write("cms: created the About page")
