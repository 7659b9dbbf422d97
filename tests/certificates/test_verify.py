"""The public verification page in every state, masking, not found, rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.codes import format_code

from .conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def cert(cert_type, staff, hr):
    return services.certificate_issue_by_hand(
        actor=hr, holder=staff, cert_type=cert_type, reason="外区培训"
    )


def _url(cert):
    return reverse("certificate_verify", args=[cert.code])


def test_valid_certificate_shows_masked_name_type_dates_issuer(client, cert):
    response = client.get(_url(cert))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in body
    assert "张*三" in body
    assert "张小三" not in body
    assert "Fraud prevention (junior)" in body
    assert cert.serial in body
    assert cert.issued_on.strftime("%Y-%m-%d") in body
    assert cert.expires_on.strftime("%Y-%m-%d") in body
    assert "Kunming Road Community Centre" in body
    # nothing else personal
    assert "zxs@example.org" not in body
    assert "zhangxiaosan" not in body
    assert (
        f'<link rel="alternate" type="application/ld+json" '
        f'href="/certificates/ob/assertions/{cert.code}.json">' in body
    )


def test_holder_can_choose_to_show_the_full_name(client, cert, staff):
    client.force_login(staff)
    client.post(reverse("certificates:show_name", args=[cert.pk]), {"show": "1"})
    client.logout()
    assert "张小三" in client.get(_url(cert)).content.decode()


def test_someone_else_cannot_change_the_name_choice(client, cert):
    client.force_login(make_person("nosy"))
    response = client.post(
        reverse("certificates:show_name", args=[cert.pk]), {"show": "1"}
    )
    assert response.status_code == 404
    cert.refresh_from_db()
    assert cert.show_full_name is False


def test_typed_code_with_lower_case_and_spaces_finds_it(client, cert):
    typed = format_code(cert.code).lower().replace("-", " ")
    response = client.get(reverse("certificate_verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == _url(cert)
    dashed = client.get(reverse("certificate_verify", args=[format_code(cert.code)]))
    assert dashed["Location"] == _url(cert)


def test_revoked_shows_date_and_public_reason_only(client, cert, hr):
    services.certificate_revoke(
        actor=hr,
        certificate_id=cert.pk,
        reason="内部：代考",
        public_reason="<b>考试违规</b>",
    )
    body = client.get(_url(cert)).content.decode()
    assert "This certificate was revoked on" in body
    assert "&lt;b&gt;考试违规&lt;/b&gt;" in body
    assert "代考" not in body


def test_expired_shows_the_expiry_even_before_the_nightly_job(client, cert):
    cert.expires_on = timezone.localdate() - timedelta(days=1)
    cert.save(update_fields=["expires_on"])
    body = client.get(_url(cert)).content.decode()
    assert "This certificate expired on" in body


def test_renewed_points_to_the_newer_certificate(client, cert, cert_type, staff):
    cert.expires_on = timezone.localdate() + timedelta(days=10)
    cert.save(update_fields=["expires_on"])
    from .conftest import pass_test

    pass_test(staff, cert_type.requirements.get().skill_test)
    [newer] = services.certificates_issue_earned(user_id=staff.pk)
    body = client.get(_url(cert)).content.decode()
    assert "This certificate was renewed" in body
    assert _url(newer) in body


def _queries(client, code) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Warm caches (site, menu, the shell cache). Twice: the first visit may create the
    # site's settings row, which starts a new shell-cache generation.
    client.get("/verify/")
    client.get("/verify/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("certificate_verify", args=[code]))
    # Wagtail's redirect middleware looks up every 404 path; that is the site's
    # doing for any missing page, not ours.
    ours = [q for q in ctx.captured_queries if "wagtailredirects" not in q["sql"]]
    return response.status_code, len(ours)


@pytest.mark.parametrize("code", ["ZZZZ2345EFGH6789JKMN", "not-a-code", "x" * 200])
def test_unknown_code_is_a_plain_not_found_with_the_same_work(client, cert, code):
    found_status, found_queries = _queries(client, cert.code)
    status, queries = _queries(client, code)
    assert (found_status, status) == (200, 404)
    # the same database work as for a real code, so timing does not tell them apart
    assert queries == found_queries
    body = client.get(reverse("certificate_verify", args=[code])).content.decode()
    assert "Certificate not found" in body


def test_verification_is_rate_limited(client, cert, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CERTIFICATES_VERIFY_PER_MINUTE = 3
    codes = [client.get(_url(cert)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    cache.clear()
