"""Content-Security-Policy header (Django 5.2 has none built in).

``ContentSecurityPolicyMiddleware`` sends ``settings.DIGILADDER_CSP`` on every response,
and ``settings.DIGILADDER_CSP_ADMIN`` instead on the two admins (Wagtail's ``/admin/``
and Django's ``/django-admin/``). A setting of ``None`` sends nothing: production turns
the policies on (config/settings/production.py); dev and tests leave them off unless a
test turns them on. A view that sets its own header keeps it.

The site's policy allows no inline script at all: every script of ours is a static
file. Inline ``style="…"`` attributes are allowed (``style-src-attr``): the try-it
exercise places its tap targets with them; ``<style>`` elements are not. Embedded
lesson videos come from video sites in frames (``frame-src https:``).

The Wagtail admin still relies on inline scripts and styles in some panels and widgets
(inline panels, date pickers), so the admin's policy allows ``'unsafe-inline'`` for
them; it keeps every other restriction (no other origins, no plugins, no framing by
other sites, forms post only here).
"""

from __future__ import annotations

from django.conf import settings

SELF = "'self'"

SITE_POLICY: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": [SELF, "data:"],
    "media-src": [SELF],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": [SELF, "https:"],
    "frame-ancestors": [SELF],
    "form-action": [SELF],
    "base-uri": [SELF],
    "object-src": ["'none'"],
}

ADMIN_POLICY: dict[str, list[str]] = {
    **SITE_POLICY,
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "blob:"],
    "worker-src": [SELF, "blob:"],
}


def header_value(policy: dict[str, list[str]]) -> str:
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in policy.items()
    )


def _admin_prefixes() -> tuple[str, ...]:
    from cms.urlmemo import cached_reverse

    return (cached_reverse("wagtailadmin_home"), cached_reverse("admin:index"))


class ContentSecurityPolicyMiddleware:
    header = "Content-Security-Policy"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.header in response:
            return response
        policy = settings.DIGILADDER_CSP
        if request.path.startswith(_admin_prefixes()):
            policy = settings.DIGILADDER_CSP_ADMIN
        if policy:
            response[self.header] = header_value(policy)
        return response
