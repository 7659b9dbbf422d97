"""Open Badges 2.0 hosted JSON-LD (checked against the specification's required
properties here; the official ``openbadges`` validator runs on a live server in
test_ob_validator.py), the baked PNG, revocation as 410, and the OB 3.0 credential
verified with joserfc."""

from __future__ import annotations

import hashlib
import io
import json
import re

import pytest
from django.urls import reverse
from joserfc import jws
from joserfc.jwk import KeySet
from PIL import Image

from certificates import keys, services

pytestmark = [
    pytest.mark.django_db,
    # OB 3.0 names the algorithm "EdDSA"; RFC 9864 prefers "Ed25519" for new specs.
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated"),
]

ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


@pytest.fixture
def cert(cert_type, staff, hr):
    return services.certificate_issue_by_hand(
        actor=hr, holder=staff, cert_type=cert_type, reason="外区培训"
    )


def _get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def _local(url: str) -> str:
    assert url.startswith("https://ladder.example.org/")
    return url.removeprefix("https://ladder.example.org")


def test_hosted_assertion_badge_class_and_issuer_follow_the_spec(client, cert):
    assertion = _get_json(client, f"/certificates/ob/assertions/{cert.code}.json")
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion"
    # hosted verification: the id is where it is served
    assert _local(assertion["id"]) == f"/certificates/ob/assertions/{cert.code}.json"
    assert assertion["verification"] == {"type": "hosted"}
    assert ISO_DATETIME.match(assertion["issuedOn"])
    assert ISO_DATETIME.match(assertion["expires"])
    recipient = assertion["recipient"]
    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    expected = hashlib.sha256(("zxs@example.org" + recipient["salt"]).encode())
    assert recipient["identity"] == "sha256$" + expected.hexdigest()
    assert "zxs@example.org" not in json.dumps(assertion)
    assert assertion["evidence"][0]["narrative"] == "外区培训"

    badge = _get_json(client, _local(assertion["badge"]))
    assert badge["type"] == "BadgeClass"
    assert badge["id"] == assertion["badge"]
    for prop in ("name", "description", "image", "criteria", "issuer"):
        assert badge[prop], prop
    assert "Pass “防诈骗技能测试” with at least 80%" in badge["criteria"]["narrative"]
    image = client.get(_local(badge["image"]))
    assert image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (400, 400)

    issuer = _get_json(client, _local(badge["issuer"]))
    assert issuer["type"] == "Issuer"
    assert issuer["id"] == badge["issuer"]
    for prop in ("name", "url", "email"):
        assert issuer[prop], prop
    # the assertion is in the issuer's origin (hosted verification scope)
    assert assertion["id"].split("/")[2] == issuer["id"].split("/")[2]


def test_phone_only_holder_is_identified_by_hashed_telephone(cert_type, hr, client):
    from .conftest import make_person

    holder = make_person("phoneonly", phone="13912340009")
    cert = services.certificate_issue_by_hand(
        actor=hr, holder=holder, cert_type=cert_type, reason="r"
    )
    recipient = _get_json(client, f"/certificates/ob/assertions/{cert.code}.json")[
        "recipient"
    ]
    assert recipient["type"] == "telephone"
    digest = hashlib.sha256(("+8613912340009" + recipient["salt"]).encode())
    assert recipient["identity"] == "sha256$" + digest.hexdigest()


def test_revoked_assertion_answers_410_with_reason(client, cert, hr):
    services.certificate_revoke(
        actor=hr, certificate_id=cert.pk, reason="internal", public_reason="考试违规"
    )
    data = _get_json(client, f"/certificates/ob/assertions/{cert.code}.json", 410)
    assert data["revoked"] is True
    assert data["revocationReason"] == "考试违规"
    assert "recipient" not in data


def test_unknown_assertion_is_404(client, cert):
    response = client.get("/certificates/ob/assertions/ZZZZ2345EFGH6789JKMN.json")
    assert response.status_code == 404


def test_baked_png_carries_the_assertion(client, cert, staff):
    client.force_login(staff)
    response = client.get(reverse("certificates:badge", args=[cert.pk]))
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.content))
    baked = json.loads(image.text["openbadges"])
    assert baked["id"].endswith(f"/certificates/ob/assertions/{cert.code}.json")
    assert baked["recipient"]["identity"].startswith("sha256$")
    # iTXt, as the baking specification requires (not tEXt/zTXt)
    raw = response.content
    at = raw.index(b"iTXtopenbadges\x00")
    assert raw[at + len(b"iTXtopenbadges\x00")] == 0  # compression flag: none


def test_someone_elses_files_are_404(client, cert):
    from .conftest import make_person

    client.force_login(make_person("stranger"))
    for name in ("badge", "credential", "qr", "pdf"):
        url = reverse(f"certificates:{name}", args=[cert.pk])
        assert client.get(url).status_code == 404, name


def test_hr_may_fetch_the_pdf(client, cert, hr):
    client.force_login(hr)
    response = client.get(reverse("certificates:pdf", args=[cert.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_ob3_credential_verifies_with_the_published_jwk_set(client, cert, staff):
    client.force_login(staff)
    token = client.get(reverse("certificates:credential", args=[cert.pk])).content
    jwks = client.get(reverse("certificates:jwks")).json()
    assert all("d" not in key for key in jwks["keys"])
    key_set = KeySet.import_key_set(jwks)
    result = jws.deserialize_compact(token.decode(), key_set, algorithms=["EdDSA"])
    assert result.protected["alg"] == "EdDSA"
    claims = json.loads(result.payload)
    vc = claims["vc"]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://www.w3.org/ns/credentials/v2" in vc["@context"]
    assert vc["credentialSubject"]["achievement"]["name"] == "防范电信诈骗（初级）"
    assert claims["iss"] == vc["issuer"]["id"]
    assert claims["exp"] > claims["nbf"]


def test_a_tampered_credential_does_not_verify(client, cert, staff):
    client.force_login(staff)
    token = client.get(reverse("certificates:credential", args=[cert.pk])).content
    header, payload, signature = token.decode().split(".")
    forged = json.loads(keys.b64url_decode(payload))
    forged["vc"]["name"] = "高级"
    tampered = ".".join([header, keys.b64url(json.dumps(forged).encode()), signature])
    key_set = KeySet.import_key_set(client.get(reverse("certificates:jwks")).json())
    with pytest.raises(Exception, match="signature"):
        jws.deserialize_compact(tampered, key_set, algorithms=["EdDSA"])


def test_rotation_keeps_old_public_keys_so_old_credentials_verify(client, cert):
    from certificates.openbadges import credential_jws

    old_token = credential_jws(cert)
    old_kid = keys.load_keyset()["keys"][-1]["kid"]
    new_kid = keys.rotate()
    new_token = credential_jws(cert)
    jwks = client.get(reverse("certificates:jwks")).json()
    assert [k["kid"] for k in jwks["keys"]] == [old_kid, new_kid]
    key_set = KeySet.import_key_set(jwks)
    for token, kid in ((old_token, old_kid), (new_token, new_kid)):
        result = jws.deserialize_compact(token, key_set, algorithms=["EdDSA"])
        assert result.protected["kid"] == kid


def test_keys_can_come_from_the_environment(settings, client, cert):
    keyset = {"keys": [keys.new_jwk()]}
    settings.CERTIFICATES_SIGNING_KEYS = json.dumps(keyset)
    jwks = client.get(reverse("certificates:jwks")).json()
    assert [k["kid"] for k in jwks["keys"]] == [keyset["keys"][0]["kid"]]
