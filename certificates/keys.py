"""Ed25519 signing keys for Open Badges 3.0 credentials, kept outside the database.

Where the keys are (first found wins):

1. ``CERTIFICATES_SIGNING_KEYS`` environment variable / setting: the JSON text below;
2. the file ``CERTIFICATES_SIGNING_KEYS_FILE`` (default
   ``var/keys/certificates-ed25519.json``, mode 0600). ``manage.py
   certificate_keys rotate`` creates it or adds a key; a missing file is created
   with one key on first use (handy in development).

Format: a JWK set of private OKP keys, oldest first; the last key signs::

    {"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "2026-12-02-ab12",
               "x": "…", "d": "…"}]}

Rotation appends a key; old keys stay in the file and their public halves stay in the
published JWK set (``/certificates/ob/jwks.json``), so credentials signed before the
rotation still verify. Remove an old key only to invalidate its signatures.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.conf import settings
from django.utils import timezone

_lock = threading.Lock()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _path() -> Path:
    return Path(settings.CERTIFICATES_SIGNING_KEYS_FILE)


def new_jwk() -> dict:
    key = Ed25519PrivateKey.generate()
    d = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    x = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = f"{timezone.now():%Y-%m-%d}-{secrets.token_hex(4)}"
    return {"kty": "OKP", "crv": "Ed25519", "kid": kid, "x": b64url(x), "d": b64url(d)}


def _write(path: Path, keyset: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(keyset, fh, indent=1)
    os.replace(tmp, path)


def load_keyset() -> dict:
    inline = getattr(settings, "CERTIFICATES_SIGNING_KEYS", "")
    if inline:
        return json.loads(inline)
    path = _path()
    with _lock:
        if not path.exists():
            _create_once(path)
        return json.loads(path.read_text())


def _create_once(path: Path) -> None:
    """Create the key file with one key unless another process just did (the link
    is atomic and refuses to replace an existing file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump({"keys": [new_jwk()]}, fh, indent=1)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def rotate() -> str:
    """Add a new signing key (file keys only); returns its kid."""
    if getattr(settings, "CERTIFICATES_SIGNING_KEYS", ""):
        raise RuntimeError(
            "Keys come from CERTIFICATES_SIGNING_KEYS; rotate them where you set it."
        )
    keyset = load_keyset()
    key = new_jwk()
    keyset["keys"].append(key)
    _write(_path(), keyset)
    return key["kid"]


def public_jwks() -> dict:
    return {
        "keys": [
            {k: v for k, v in key.items() if k != "d"} | {"use": "sig", "alg": "EdDSA"}
            for key in load_keyset()["keys"]
        ]
    }


def sign_compact(payload: dict, *, typ: str = "JWT") -> str:
    """A compact JWS (RFC 7515) with alg EdDSA over the JSON payload."""
    key = load_keyset()["keys"][-1]
    private = Ed25519PrivateKey.from_private_bytes(b64url_decode(key["d"]))
    header = {"alg": "EdDSA", "typ": typ, "kid": key["kid"]}
    signing_input = (
        b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url(
            json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        )
    )
    signature = private.sign(signing_input.encode("ascii"))
    return signing_input + "." + b64url(signature)
