"""Site shell content: the home page, plain pages, and the community's site settings."""

from __future__ import annotations

import copy

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock

CATALOGUE_TYPE = ("training", "courseindexpage")
_MEMO = "_cms_course_catalogue"


def catalogue_content_type():
    """The catalogue's content type (cached by Django), or None without the app."""
    from django.contrib.contenttypes.models import ContentType

    try:
        return ContentType.objects.get_by_natural_key(*CATALOGUE_TYPE)
    except ContentType.DoesNotExist:
        return None


def remember_catalogue(request, page) -> None:
    """Keep the catalogue found for this request (the menu and the home page both
    need it). Per request only: nothing is kept between requests."""
    if request is not None:
        setattr(request, _MEMO, page)


def course_catalogue(request=None):
    """The live course catalogue page, found without importing the training app."""
    if request is not None and hasattr(request, _MEMO):
        return getattr(request, _MEMO)
    content_type = catalogue_content_type()
    page = (
        Page.objects.live().filter(content_type=content_type).order_by("path").first()
        if content_type is not None
        else None
    )
    remember_catalogue(request, page)
    return page


@register_setting(icon="home")
class SiteSettings(BaseSiteSetting):
    community_name = models.CharField(
        _("community name"), max_length=100, default="DigiLadder 数字阶梯"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    help_phone = models.CharField(
        _("help phone"),
        max_length=32,
        blank=True,
        help_text=_("Shown on every page under “Need help”."),
    )
    help_text = models.TextField(
        _("help address and hours"),
        blank=True,
        help_text=_("Where to come and when, e.g. the service centre’s address."),
    )
    content_language = models.CharField(
        _("language of page content"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
        help_text=_("The language editors write pages in; used by screen readers."),
    )

    select_related = ["logo"]

    panels = [
        FieldPanel("community_name"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("help_phone"), FieldPanel("help_text")], heading=_("Help")
        ),
        FieldPanel("content_language"),
    ]

    class Meta:
        verbose_name = _("Community settings")
        verbose_name_plural = _("Community settings")

    def __str__(self) -> str:
        return self.community_name

    @classmethod
    def for_site(cls, site):
        """Read through the shell cache: every page shows these, they rarely change
        (saving them starts a new cache generation, see cms.pagecache)."""
        if site is None:
            return super().for_site(site)
        from .pagecache import shell_cached

        load = super().for_site
        # A copy: Wagtail's for_request writes the request onto the object, and the
        # cached one is shared by every request this process serves.
        return copy.copy(shell_cached(("site-settings", site.pk), lambda: load(site)))


def prefer_english() -> bool:
    """True when the active interface language is English."""
    return (get_language() or "").lower().startswith("en")


class EnglishTitleMixin(models.Model):
    """An optional English title, shown when the interface is English.

    Shared by every page type whose content is written Chinese-first (cms, training).
    """

    title_en = models.CharField(_("English title"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def display_title(self) -> str:
        if prefer_english() and self.title_en:
            return self.title_en
        return self.title

    @property
    def title_is_english(self) -> bool:
        return prefer_english() and bool(self.title_en)


class EnglishTextMixin(EnglishTitleMixin):
    """An English title and introduction (the page defines ``intro``/``intro_en``)."""

    class Meta:
        abstract = True

    @property
    def display_intro(self) -> str:
        if prefer_english() and self.intro_en:
            return self.intro_en
        return self.intro

    @property
    def intro_is_english(self) -> bool:
        return prefer_english() and bool(self.intro_en)


class HomePage(EnglishTextMixin, Page):  # noqa: DJ008 (Page.__str__ is the title)
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    intro_en = RichTextField(
        _("English introduction"), blank=True, features=["bold", "italic", "link"]
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("more content"))

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage", "training.CourseIndexPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("intro"),
        FieldPanel("intro_en"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        catalogue = course_catalogue(request)
        catalogue_url = catalogue.get_url(request) if catalogue else None
        context["catalogue_url"] = catalogue_url
        if catalogue_url:
            context["residents_url"] = f"{catalogue_url}?audience=residents"
            context["staff_url"] = f"{catalogue_url}?audience=staff"
        return context


class StandardPage(EnglishTextMixin, Page):  # noqa: DJ008
    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("English introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("intro"),
        FieldPanel("intro_en"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
