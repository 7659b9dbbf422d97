"""Production settings with the bare view's URLconf, for bench/http_pages.py."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "http_urls"
