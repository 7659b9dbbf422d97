"""Local development: the embedded defaults (SQLite, eager Celery, console email)."""

import os

from .base import *  # noqa: F403
from .base import STATIC_ROOT, VAR_DIR

DEBUG = True
SECRET_KEY = (
    os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-do-not-deploy"
)  # noqa: S105
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
VAR_DIR.mkdir(parents=True, exist_ok=True)
# WhiteNoise warns on every request when STATIC_ROOT is missing; it is empty until
# collectstatic, and the finders serve static files meanwhile.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
