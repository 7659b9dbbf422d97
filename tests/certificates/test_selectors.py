"""valid_certificates: the contract with incentives."""

from __future__ import annotations

from datetime import date

import pytest

from certificates import services
from certificates.selectors import CertificateFact, valid_certificates

from .conftest import TODAY, make_person

pytestmark = pytest.mark.django_db


def test_valid_on_a_date_per_user_in_one_query(
    cert_type, hr, django_assert_num_queries
):
    people = [make_person(f"s{i}") for i in range(4)]
    certs = [
        services.certificate_issue_by_hand(
            actor=hr, holder=p, cert_type=cert_type, reason="r", today=TODAY
        )
        for p in people
    ]
    services.certificate_revoke(actor=hr, certificate_id=certs[1].pk, reason="x")
    services.certificates_expire(today=date(2028, 12, 2))  # all expire
    ids = [p.pk for p in people]
    with django_assert_num_queries(1):
        on_2027 = valid_certificates(user_ids=ids, on=date(2027, 6, 1))
    # revoked is never valid; the others were valid in 2027 even though expired now
    assert set(on_2027) == {people[0].pk, people[2].pk, people[3].pk}
    [fact] = on_2027[people[0].pk]
    assert fact == CertificateFact(
        certificate_id=certs[0].pk,
        type_code="anti-fraud-1",
        name="防范电信诈骗（初级）",
        name_en="Fraud prevention (junior)",
        skill_area="anti-fraud",
        level=1,
        kind="certificate",
        serial=certs[0].serial,
        issued_on=TODAY,
        expires_on=date(2028, 12, 2),
        status="valid",
    )
    assert valid_certificates(user_ids=ids, on=date(2028, 12, 2)) == {}
    assert valid_certificates(user_ids=ids, on=date(2026, 12, 1)) == {}
