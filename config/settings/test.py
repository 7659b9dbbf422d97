"""Test settings: fast hashing, in-memory email, a reusable file database.

DATABASE_URL selects PostgreSQL for the scale-path run; otherwise SQLite files under
var/ are used, named by TEST_DB_SUFFIX so parallel runs do not share one file.
"""

import os

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
VAR_DIR.mkdir(parents=True, exist_ok=True)
# WhiteNoise warns on every request when STATIC_ROOT is missing; it is empty until
# collectstatic, and the finders serve static files meanwhile.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Live-server and race tests open connections from many threads; close them per
# request as before rather than keep one per thread alive.
DATABASES["default"]["CONN_MAX_AGE"] = 0
_suffix = os.environ.get("TEST_DB_SUFFIX", "default")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_{_suffix}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_digiladder_{_suffix}"}
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Rate limits are tested explicitly where they matter; keep the rest of the suite free.
ACCOUNT_RATE_LIMITS = False
# Tasks run in-process unless a test switches to the real worker
# (tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
