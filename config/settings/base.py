"""Settings shared by every environment; everything deploy-specific comes from env vars.

Documented variables (see README.md):
DJANGO_SECRET_KEY, DATABASE_URL, CELERY_BROKER_URL / REDIS_URL, DJANGO_ALLOWED_HOSTS,
DJANGO_STATIC_ROOT, DJANGO_MEDIA_ROOT, DJANGO_EMAIL_URL-like EMAIL_* variables.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("DIGILADDER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Order matters: project apps come first so their templates override allauth's.
INSTALLED_APPS = [
    "accounts",
    "cms",
    "training",
    "practice",
    "assessments",
    "certificates",
    "incentives",
    "events",  # durable outbox for events between the apps above
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.CustomUsersAppConfig",  # wagtail.users with staff-fact forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and routing: a cached guest page costs one cache read.
    "cms.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the person's row from the shared cache when there is one.
    "accounts.usercache.CachedUserAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.mfa_required.RequiredStepsMiddleware",
    "accounts.middleware.PreferencesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "accounts.context_processors.preferences",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # Persistent connections, checked before reuse: a new connection per request
        # was a large part of a plain page's cost. 0 behind a transaction pooler.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the dev server, eager tasks and tests share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # IMMEDIATE: a transaction takes the write lock when it begins, so concurrent
        # writers wait (up to the timeout) instead of failing with "database is locked"
        # when a read inside the transaction is followed by a write.
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "accounts.backends.PhonePasswordBackend",
]
_PV = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_PV}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_PV}.MinimumLengthValidator"},
    {"NAME": f"{_PV}.CommonPasswordValidator"},
    {"NAME": f"{_PV}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# --- django-allauth -------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PHONE_VERIFICATION_ENABLED = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"  # "signed in as 张大爷"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
}
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "DigiLadder"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"  # required authenticators stay on
# Email verification is off (ACCOUNT_EMAIL_VERIFICATION), so do not block TOTP on it.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# --- i18n -----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- static & media -------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- cache ----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Role names kept across requests only where every process shares the cache.
ROLES_CACHE_SECONDS = 300 if REDIS_URL else 0
# The logged-in person's user row, likewise (accounts.usercache).
USER_CACHE_SECONDS = 300 if REDIS_URL else 0
if REDIS_URL:
    # Sessions read from the shared cache, written through to the database. Not with
    # the per-process local-memory cache, where another process could read a stale one.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
# Without a broker the tasks run in-process (the embedded default of `make run`).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE: dict = {
    "accounts-heartbeat": {
        "task": "accounts.tasks.heartbeat",
        "schedule": crontab(minute="*/30"),
    },
    "certificates-nightly": {
        "task": "certificates.tasks.nightly",
        "schedule": crontab(hour=2, minute=15),
    },
    "assessments-submit-overdue": {
        "task": "assessments.tasks.submit_overdue_attempts",
        "schedule": 60.0,
    },
    "practice-expire-helper-sessions": {
        "task": "practice.tasks.expire_helper_sessions",
        "schedule": crontab(minute=7),
    },
    "incentives-nightly-evaluation": {
        "task": "incentives.tasks.evaluate_incentives_task",
        "schedule": crontab(hour=2, minute=15),
    },
    "events-relay-pending": {
        "task": "events.tasks.relay_pending_events",
        "schedule": 60.0,
    },
}

# --- practice (uploads and helper sessions) ---------------------------------
PRACTICE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # per file
PRACTICE_UPLOAD_MAX_FILES = 5  # per hand-in
PRACTICE_IMAGE_MAX_PIXELS = 40_000_000
PRACTICE_HELPER_DAILY_CAP_MINUTES = 240
PRACTICE_HELPER_CONFIRM_DAYS = 7  # then unconfirmed sessions expire
PRACTICE_HELPER_POINTS_PER_HOUR = "2"
PRACTICE_REVIEW_DAYS = 7  # waiting longer shows as overdue

# --- email ----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "DigiLadder <noreply@localhost>"
)

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "DigiLadder 数字阶梯"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
# One way in (accounts/login_routes.py): Wagtail's login pages lead to allauth's login,
# and Wagtail neither resets nor changes passwords nor offers shared page passwords.
WAGTAIL_FRONTEND_LOGIN_URL = "login_gate_private_pages"
WAGTAILADMIN_LOGIN_URL = "login_gate_wagtail_admin"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# No avatar look-ups at gravatar.com (an outside site, and it would learn emails).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls to releases.wagtail.org either
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "txt",
    "xlsx",
    "zip",
    "mp4",
    "webm",
    "vtt",
    "mp3",
    "m4a",
    "ogg",
    "wav",
]  # lesson media
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "digiladder": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

DIGILADDER_HELP_PHONE_DEFAULT = "0000-0000000"

# Content-Security-Policy (config/csp.py): off here, on in production.
DIGILADDER_CSP: dict | None = None
DIGILADDER_CSP_ADMIN: dict | None = None

# --- certificates (see docs/certificates.md) -----------------------------------
CERTIFICATES_BASE_URL = os.environ.get("DIGILADDER_PUBLIC_URL", WAGTAILADMIN_BASE_URL)
CERTIFICATES_ISSUER_EMAIL = os.environ.get("CERTIFICATES_ISSUER_EMAIL", "hr@localhost")
CERTIFICATES_SIGNING_KEYS = os.environ.get("CERTIFICATES_SIGNING_KEYS", "")
CERTIFICATES_SIGNING_KEYS_FILE = os.environ.get(
    "CERTIFICATES_SIGNING_KEYS_FILE",
    str(VAR_DIR / "keys" / "certificates-ed25519.json"),
)
CERTIFICATES_VERIFY_PER_MINUTE = int(
    os.environ.get("CERTIFICATES_VERIFY_PER_MINUTE", "30")
)
CERTIFICATES_REQUIREMENT_KINDS: list[str] = [
    "practice.certificate_kinds.AcceptedPracticeWork",
]
