"""Deployment settings come from the environment and refuse unsafe defaults."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_REQUIRED = {"REDIS_URL", "WAGTAILADMIN_BASE_URL"}


def _production(**overrides: str) -> dict[str, str]:
    """Every variable production requires, with overrides ('' drops one)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "digiladder.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "WAGTAILADMIN_BASE_URL": "https://digiladder.example.org",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v}


def _check(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in PRODUCTION_REQUIRED
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"DJANGO_SETTINGS_MODULE": "config.settings.production"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_deploy_check_is_clean_with_the_documented_variables():
    result = _check(
        _production(),
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "explained"),
    [
        ("REDIS_URL", "rate limits and lock-outs"),
        ("WAGTAILADMIN_BASE_URL", "public address"),
    ],
)
def test_production_refuses_to_start_without_redis_or_its_address(missing, explained):
    result = _check(_production(**{missing: ""}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr
    assert explained in result.stderr.replace("\n", " ")


def test_production_sends_a_content_security_policy():
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; from django.http import HttpResponse; "
        "from django.test import RequestFactory; "
        "from config.csp import ContentSecurityPolicyMiddleware as M; "
        "assert 'config.csp.ContentSecurityPolicyMiddleware' in settings.MIDDLEWARE; "
        "rf = RequestFactory(); mw = M(lambda r: HttpResponse()); "
        "print(mw(rf.get('/learn/'))['Content-Security-Policy']); "
        "print(mw(rf.get('/admin/pages/'))['Content-Security-Policy'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(_production())
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    site, admin = result.stdout.splitlines()
    assert "script-src 'self';" in site
    assert "unsafe-inline" not in site.split("style-src-attr")[0]
    assert "object-src 'none'" in site
    assert "frame-ancestors 'self'" in site
    assert "script-src 'self' 'unsafe-inline'" in admin


def test_celery_is_eager_without_a_broker_and_real_with_one():
    code = (
        "import django, os; django.setup(); from django.conf import settings as s; "
        "print(s.CELERY_TASK_ALWAYS_EAGER, bool(s.CELERY_BROKER_URL))"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CELERY_BROKER_URL", "REDIS_URL"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    eager = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert eager.stdout.split() == ["True", "False"], eager.stderr
    env["CELERY_BROKER_URL"] = "redis://127.0.0.1:6390/0"
    real = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert real.stdout.split() == ["False", "True"], real.stderr
