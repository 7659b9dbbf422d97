"""Template tags for the site shell: navigation, help contact, tolerant URL lookups.

Other apps may be absent or still growing, so links to their pages are looked up in a
way that yields "" instead of an error when the page does not exist yet.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.db.models import Q
from wagtail.models import Page, Site

from cms import urlmemo

register = template.Library()

_MAX_UNIT_DEPTH = 5  # community → street → district, with room to spare


@register.simple_tag
def url_or_empty(name: str, *args, **kwargs) -> str:
    """``{% url_or_empty "training:index" as u %}``: the URL, or "" if unknown."""
    return urlmemo.reverse_or_empty(name, *args, **kwargs)


@register.simple_tag
def path_if_served(path: str) -> str:
    """The path when a Django view (not the Wagtail page catch-all) serves it."""
    return urlmemo.path_if_served(path)


def _site_root(request) -> Page | None:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    return site.root_page


def _site_settings(request):
    from cms.models import SiteSettings

    if request is None:
        return None
    try:
        return SiteSettings.for_request(request)
    except SiteSettings.DoesNotExist:  # no Wagtail site configured yet
        return None


def _content_lang(request) -> str:
    site_settings = _site_settings(request)
    return content_lang(site_settings.content_language) if site_settings else ""


def _catalogue_and_menu_ids(root, request) -> tuple[Page | None, list[int]]:
    """One query for the site root's live children that are in the menu or are the
    course catalogue (which lives under the home page): (catalogue or None, ids of
    the menu pages other than the catalogue)."""
    from cms.models import _MEMO, catalogue_content_type, remember_catalogue

    if root is None:
        return None, []
    known = hasattr(request, _MEMO)
    content_type = None if known else catalogue_content_type()
    wanted = Q(show_in_menus=True)
    if content_type is not None:
        wanted |= Q(content_type=content_type)
    children = list(root.get_children().live().filter(wanted))
    catalogue = getattr(request, _MEMO) if known else None
    if content_type is not None:
        catalogue = next(
            (p for p in children if p.content_type_id == content_type.pk), None
        )
        if catalogue is not None:
            remember_catalogue(request, catalogue)
    menu_ids = [
        p.pk
        for p in children
        if p.show_in_menus and (catalogue is None or p.pk != catalogue.pk)
    ]
    return catalogue, menu_ids


def _site_menu(request) -> list[dict]:
    """The menu items everyone sees: home, the catalogue, pages shown in menus.

    ``personal_after`` marks where a logged-in person's own links go (after the
    catalogue). Cached per site and language until the next content change.
    """
    from django.utils import translation

    from cms.models import course_catalogue

    from ..pagecache import shell_cached

    def build() -> list[dict]:
        items: list[dict] = []
        root = _site_root(request)
        if root is not None:
            items.append({"key": "home", "title": None, "url": root.get_url(request)})
        catalogue, menu_ids = _catalogue_and_menu_ids(root, request)
        if catalogue is None:
            catalogue = course_catalogue(request)
        if catalogue is not None:
            items.append(
                {"key": "courses", "title": None, "url": catalogue.get_url(request)}
            )
        items.append({"key": "personal_after"})
        if menu_ids:
            pages = Page.objects.filter(pk__in=menu_ids).order_by("path").specific()
            for page in pages:
                if catalogue is not None and page.pk == catalogue.pk:
                    continue
                title = getattr(page, "display_title", page.title)
                english = getattr(page, "title_is_english", False)
                items.append(
                    {
                        "key": "page",
                        "title": str(title),
                        "url": page.get_url(request),
                        "lang": "en" if english else _content_lang(request),
                    }
                )
        return items

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return build()
    return shell_cached(("menu", site.pk, translation.get_language()), build)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """Home, the course catalogue, "my learning", then pages marked show-in-menus."""
    request = context.get("request")
    user = context.get("user")
    current = request.path if request is not None else ""
    items: list[dict] = []
    for shared in _site_menu(request):
        if shared["key"] != "personal_after":
            items.append(dict(shared))
        elif user is not None and user.is_authenticated:
            learn = path_if_served("/learn/")
            if learn:
                items.append({"key": "learn", "title": None, "url": learn})
            tests = path_if_served("/tests/")
            if tests:
                items.append({"key": "tests", "title": None, "url": tests})
            items.extend(_personal_links(user))
    shortcuts = staff_shortcuts(user)
    if shortcuts["register_url"]:
        items.append(
            {"key": "register", "title": None, "url": shortcuts["register_url"]}
        )
    if shortcuts["admin_url"]:
        items.append({"key": "admin", "title": None, "url": shortcuts["admin_url"]})
    for item in items:
        url = item["url"] or ""
        if item["key"] == "home":
            item["current"] = current == url
        else:
            item["current"] = bool(url) and current.startswith(url)
    return {"items": items, "request": request}


def _personal_links(user) -> list[dict]:
    """The later stages' own pages: practice and growth for staff, certificates for
    everyone with an account. Looked up by name, so an absent app adds nothing."""
    from accounts.roles import RESIDENTS, STAFF, user_has_role

    wanted = [("certificates", "certificates:mine")]
    if user_has_role(user, RESIDENTS) and not user.is_superuser:
        # Confirm with one tap that a helper sat with you (practice's helper hours).
        wanted.append(("confirm", "practice:confirm"))
    if user_has_role(user, STAFF) and not user.is_superuser:
        wanted[:0] = [("practice", "practice:my_practice")]
        wanted.append(("growth", "incentives:growth"))
    links = []
    for key, name in wanted:
        url = url_or_empty(name)
        if url:
            links.append({"key": key, "title": None, "url": url})
    return links


def staff_shortcuts(user) -> dict:
    """Where staff go that residents do not: registering a resident (staff, HR) and
    the admin (any role with admin access). Empty URLs for everyone else."""
    from accounts.roles import may_access_admin
    from accounts.services import can_assist_registration

    register_url = admin_url = ""
    if user is not None and user.is_authenticated:
        if can_assist_registration(user):
            register_url = urlmemo.reverse_or_empty("accounts:assist")
        if may_access_admin(user):
            admin_url = urlmemo.reverse_or_empty("wagtailadmin_home")
    return {"register_url": register_url, "admin_url": admin_url}


@register.simple_tag(takes_context=True)
def staff_links(context) -> dict:
    return staff_shortcuts(context.get("user"))


@register.simple_tag(takes_context=True)
def help_contact(context) -> dict:
    """Who to call: the viewer's community (or its street/district), else the site's."""
    phone = ""
    place = ""
    address = ""
    user = context.get("user")
    unit_id = getattr(user, "org_unit_id", None) if user is not None else None
    if unit_id is not None:
        from ..pagecache import shell_cached

        phone, place, address = shell_cached(
            ("unit-help", unit_id), lambda: _unit_help(user.org_unit)
        )
    site_settings = _site_settings(context.get("request"))
    if not phone and site_settings is not None:
        phone = site_settings.help_phone
        place = site_settings.community_name
    if not address and site_settings is not None:
        address = site_settings.help_text
    if not phone:
        phone = getattr(settings, "DIGILADDER_HELP_PHONE_DEFAULT", "")
    tel = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return {"phone": phone, "tel": tel, "place": place, "address": address}


def _unit_help(unit) -> tuple[str, str, str]:
    """(phone, place, address) of the nearest unit up the tree that has a phone."""
    depth = 0
    while unit is not None and depth < _MAX_UNIT_DEPTH:
        if unit.help_phone:
            return unit.help_phone, unit.name, unit.address
        unit = unit.parent
        depth += 1
    return "", "", ""


@register.filter
def content_lang(code: str | None) -> str:
    """BCP 47 tag for a Django language code: zh-hans → zh-Hans."""
    if not code:
        return ""
    if code.lower() == "zh-hans":
        return "zh-Hans"
    return code


_NAME_SEPARATORS = ("·", "•", "｜", "|", " - ", "—")


def _split_name(name: str | None) -> tuple[str, str]:
    name = (name or "").strip()
    for separator in _NAME_SEPARATORS:
        first, found, _rest = name.partition(separator)
        if found and first.strip():
            return first.strip(), name[len(first.rstrip()) :]
    return name, ""


@register.filter
def short_name(name: str | None) -> str:
    """The first part of a community name, for a phone's one-row header.

    "幸福里社区 · 数字阶梯" → "幸福里社区"; a name without a separator stays whole.
    """
    return _split_name(name)[0]


@register.filter
def name_rest(name: str | None) -> str:
    """What ``short_name`` leaves off: "幸福里社区 · 数字阶梯" → " · 数字阶梯"."""
    return _split_name(name)[1]


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context) -> str:
        from django.utils import translation
        from django.utils.safestring import mark_safe

        from ..pagecache import fragment_cached

        parts = [part.resolve(context) for part in self.parts]
        request = context.get("request")
        host = request.get_host() if request is not None else ""
        key = (self.name, host, translation.get_language(), *parts)
        html = fragment_cached(key, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 - our own rendering, cached


@register.tag
def shared_fragment(parser, token):
    """``{% shared_fragment "name" part1 part2 %}…{% endshared_fragment %}``: the
    enclosed HTML, cached until the next content change (cms.pagecache's
    generation) per site, language and the given parts.

    Only for HTML that is the same for everyone with those parts: nothing personal,
    no ``{% csrf_token %}``, no form with the viewer's input. Personal bits go
    outside the block.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment needs a name")
    name = bits[1].strip("\"'")
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, name, parts)


#: Stand-ins for the personal bits of a cached shell fragment, replaced per request.
SHELL_CSRF = "\x1eshell-csrf\x1e"
SHELL_NEXT = "\x1eshell-next\x1e"


class PersonalShellNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        from django.utils import translation
        from django.utils.html import escape
        from django.utils.safestring import mark_safe

        from ..pagecache import fragment_cached

        request = context.get("request")
        user = context.get("user")
        full_path = request.get_full_path() if request is not None else ""
        if request is None or user is None or not user.is_authenticated:
            with context.push(shell_next=full_path):
                return self.nodelist.render(context)
        menu = main_menu(context)["items"]
        key = (
            self.name,
            request.get_host(),
            translation.get_language(),
            repr(context.get("prefs")),
            tuple(
                (item["key"], item["url"], item["current"], item.get("lang"))
                for item in menu
            ),
        )

        def build() -> str:
            with context.push(csrf_token=SHELL_CSRF, shell_next=SHELL_NEXT):
                return str(self.nodelist.render(context))

        html = fragment_cached(key, build)
        token = context.get("csrf_token")
        html = html.replace(SHELL_CSRF, escape(str(token) if token else ""))
        return mark_safe(html.replace(SHELL_NEXT, escape(full_path)))  # noqa: S308


@register.tag
def personal_shell(parser, token):
    """``{% personal_shell "header" %}…{% endpersonal_shell %}``: a part of the site
    shell rendered once per site, language, display preferences and main menu (the
    menu says what the person's roles show and which item is current), cached until
    the next content change, with the CSRF token and the current path (as
    ``{{ shell_next }}``) put in per request. Nothing else personal may be inside.
    Guests get it rendered each time (their pages are cached whole).
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("personal_shell needs a name")
    nodelist = parser.parse(("endpersonal_shell",))
    parser.delete_first_token()
    return PersonalShellNode(nodelist, bits[1].strip("\"'"))
