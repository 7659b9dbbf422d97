"""The official Open Badges 2.0 validator (PyPI ``openbadges`` 1.1.2) against a live
server: a hosted assertion passes with no errors (the recipient's hashed email
included), a revoked one (410) is no longer accepted.

The validator runs in its own virtualenv (var/ob-validator, from
requirements-obvalidator.txt; ``scripts/setup.sh --test`` creates it): its exact pins
would downgrade click to 6.7 in .venv and break Celery's command line. It runs through
tests/certificates/tools/ob_validate.py, which restores the ``collections.Mapping``
aliases Python 3.10 removed (python-jose 3.0.1 still imports them) and answers the
JSON-LD context https://w3id.org/openbadges/v2 from the validator's own bundled copy,
refusing every other outside address (no network here). Everything of ours is fetched
from the live server over HTTP, as a verifier would.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from certificates import services

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PYTHON = ROOT / "var" / "ob-validator" / "bin" / "python"
PYTHON = Path(os.environ.get("OB_VALIDATOR_PYTHON", DEFAULT_PYTHON))
SCRIPT = Path(__file__).with_name("tools") / "ob_validate.py"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not PYTHON.exists(),
        reason=(
            f"the Open Badges validator's virtualenv is missing ({PYTHON}); "
            "create it with scripts/setup.sh --test (requirements-obvalidator.txt)"
        ),
    ),
]


def validate(url: str, email: str = "") -> dict:
    out = subprocess.run(  # noqa: S603 - our interpreter and script, a URL we made
        [str(PYTHON), str(SCRIPT), url, *([email] if email else [])],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


def _errors(report: dict) -> list[str]:
    return [
        f"{m.get('name')}: {m.get('result')}"
        for m in report.get("report", {}).get("messages", [])
        if m.get("messageLevel") == "ERROR"
    ]


@pytest.fixture
def hosted(cert_type, staff, hr, settings, live_server):
    settings.CERTIFICATES_BASE_URL = live_server.url
    cert = services.certificate_issue_by_hand(
        actor=hr, holder=staff, cert_type=cert_type, reason="外区培训"
    )
    from certificates.openbadges import assertion_url

    return cert, assertion_url(cert)


def test_the_official_validator_passes_our_hosted_assertion(hosted, staff):
    cert, url = hosted
    report = validate(url, staff.email)
    assert report["report"]["valid"] is True, _errors(report)
    assert report["report"]["errorCount"] == 0, _errors(report)
    assert report["report"]["openBadgesVersion"] == "2.0"
    # the validator matched the salted hash against the holder's email
    assert report["report"]["recipientProfile"] == {"email": staff.email}
    nodes = {node.get("type"): node for node in report["graph"]}
    assert nodes["Assertion"]["id"] == url
    assert nodes["BadgeClass"]["name"]
    issuer = nodes.get("Issuer") or nodes["Profile"]
    assert issuer["name"].startswith(cert.certificate_type.issuer.name)


def test_the_official_validator_no_longer_accepts_a_revoked_assertion(
    hosted, hr, staff
):
    # The specification answers a revoked hosted assertion with 410 and
    # {"revoked": true, "revocationReason": ...}. Validator 1.1.2 only checks
    # revocation lists of signed badges; for a hosted one it reads the 410 document
    # and refuses it because the assertion's properties are gone.
    cert, url = hosted
    services.certificate_revoke(actor=hr, certificate_id=cert.pk, reason="资料有误")
    report = validate(url, staff.email)
    assert report["report"]["valid"] is False
    errors = _errors(report)
    assert any("Required property recipient not present" in e for e in errors), errors
