"""Verification codes and holder-name masking (pure functions, no ORM).

Codes: 20 characters of Crockford's base 32 (``0-9`` and letters without I, L, O, U),
so 100 random bits from ``secrets``; shown in five groups of four
(``7K3M-9QX2-…``) which are easy to read aloud. Reading is forgiving: case, spaces,
hyphens and other separators are ignored, and the look-alikes O → 0, I/L → 1 are mapped
the way Crockford specifies.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20  # 20 × 5 bits = 100 bits ≥ 80
GROUP = 4
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(raw: str) -> str:
    """The stored form of what someone typed or scanned; '' if it cannot be a code."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    text = text.translate(_LOOKALIKES)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def format_code(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def mask_name(name: str) -> str:
    """Hide most of a name: 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明,
    "Li Wei" → "L* W**". Characters outside the BMP (𠮷) count as one."""
    name = (name or "").strip()
    if not name:
        return ""
    if " " in name:
        return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())
    if len(name) == 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
