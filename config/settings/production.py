"""Production: refuses to start without a secret key, Redis or its public address;
HTTPS everywhere; a Content-Security-Policy on every page."""

import os

from django.core.exceptions import ImproperlyConfigured

from config import csp

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters."
    )
if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. redis://127.0.0.1:6379/0). Login "
        "rate limits and lock-outs live in the cache; without Redis every worker "
        "process would count failed logins on its own."
    )
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").rstrip("/")
if not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be set in production to the site's public "
        "address, e.g. https://digiladder.example.org (links in emails and the admin "
        "are built from it)."
    )
DEBUG = False
DIGILADDER_CSP = csp.SITE_POLICY
DIGILADDER_CSP_ADMIN = csp.ADMIN_POLICY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Off only for a loopback stack without TLS (scripts/stack.sh); never in a deployment.
SESSION_COOKIE_SECURE = env_bool("DJANGO_COOKIES_SECURE", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's compressed manifest storage, with URLs remembered per process.
    "staticfiles": {"BACKEND": "cms.staticstorage.StaticFilesStorage"},
}
