"""Display preferences of the person looking at a page (适老化 settings).

Promise: ``Prefs`` is a small frozen value read either from a logged-in user's fields
(``elder_mode``, ``high_contrast``, ``text_size``, ``auto_read_aloud``) or, for guests,
from long-lived cookies. ``parse_updates`` turns submitted form values into a clean dict
of changes and the names of invalid values; it never raises on bad input.
Nothing here touches the database except ``save_for_user``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

TEXT_SIZE_MIN = 0
TEXT_SIZE_MAX = 3

#: Cookie name for each preference a guest can set.
COOKIE_NAMES: dict[str, str] = {
    "elder_mode": "dl_elder_mode",
    "high_contrast": "dl_high_contrast",
    "text_size": "dl_text_size",
    "auto_read_aloud": "dl_auto_read_aloud",
}
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600  # remembered for years, like a paper setting

BOOL_FIELDS = ("elder_mode", "high_contrast", "auto_read_aloud")
_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


@dataclass(frozen=True)
class Prefs:
    elder_mode: bool = False
    high_contrast: bool = False
    text_size: int = TEXT_SIZE_MIN
    auto_read_aloud: bool = False
    #: Guided one-step-per-screen lessons by default; follows elder mode.
    guided_default: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        size = min(max(int(self.text_size), TEXT_SIZE_MIN), TEXT_SIZE_MAX)
        object.__setattr__(self, "text_size", size)
        object.__setattr__(self, "guided_default", bool(self.elder_mode))

    @property
    def html_classes(self) -> str:
        """Classes for the <html> element (see static/css/site.css)."""
        classes = [f"text-size-{self.text_size}"]
        if self.elder_mode:
            classes.insert(0, "elder-mode")
        if self.high_contrast:
            classes.append("high-contrast")
        return " ".join(classes)

    @property
    def can_shrink(self) -> bool:
        return self.text_size > TEXT_SIZE_MIN

    @property
    def can_grow(self) -> bool:
        return self.text_size < TEXT_SIZE_MAX

    @property
    def smaller(self) -> int:
        return max(self.text_size - 1, TEXT_SIZE_MIN)

    @property
    def larger(self) -> int:
        return min(self.text_size + 1, TEXT_SIZE_MAX)

    @property
    def text_size_step(self) -> int:
        """1-based step for people: "2 of 4"."""
        return self.text_size + 1

    @property
    def text_size_steps(self) -> int:
        return TEXT_SIZE_MAX - TEXT_SIZE_MIN + 1


PREF_NAMES = tuple(f.name for f in fields(Prefs) if f.init)


def parse_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def parse_text_size(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if not value.isdigit():
        return None
    size = int(value)
    if TEXT_SIZE_MIN <= size <= TEXT_SIZE_MAX:
        return size
    return None


def prefs_from_user(user) -> Prefs:
    return Prefs(
        elder_mode=bool(user.elder_mode),
        high_contrast=bool(user.high_contrast),
        text_size=int(user.text_size or 0),
        auto_read_aloud=bool(user.auto_read_aloud),
    )


def prefs_from_cookies(cookies: Mapping[str, str]) -> Prefs:
    """Read a guest's preferences; unknown or broken cookie values mean "default"."""
    values: dict = {}
    for name in BOOL_FIELDS:
        parsed = parse_bool(cookies.get(COOKIE_NAMES[name]))
        if parsed is not None:
            values[name] = parsed
    size = parse_text_size(cookies.get(COOKIE_NAMES["text_size"]))
    if size is not None:
        values["text_size"] = size
    return Prefs(**values)


def prefs_for_request(request) -> Prefs:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return prefs_from_user(user)
    return prefs_from_cookies(request.COOKIES)


def parse_updates(data: Mapping[str, str]) -> tuple[dict, list[str]]:
    """Return (changes, invalid names) from submitted values.

    Names that are absent are not changed; a name with a value that is not a valid
    on/off or text-size step is reported (the caller words the message) and nothing is
    changed for it.
    """
    changes: dict = {}
    invalid: list[str] = []
    for name in BOOL_FIELDS:
        if name not in data:
            continue
        parsed = parse_bool(data.get(name))
        if parsed is None:
            invalid.append(name)
        else:
            changes[name] = parsed
    if "text_size" in data:
        size = parse_text_size(data.get("text_size"))
        if size is None:
            invalid.append("text_size")
        else:
            changes["text_size"] = size
    return changes, invalid


def save_for_user(user, changes: Mapping) -> None:
    """Store changed preferences on the account (only the fields that changed)."""
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, changes[name])
    if changed:
        user.save(update_fields=changed)


def cookie_changes(cookies: Mapping[str, str], prefs: Prefs) -> dict:
    """The preferences whose cookie does not hold ``prefs``' value (to write)."""
    current = prefs_from_cookies(cookies)
    changes = {}
    for name in PREF_NAMES:
        wanted = getattr(prefs, name)
        if COOKIE_NAMES[name] not in cookies and wanted == getattr(Prefs(), name):
            continue  # a missing cookie already means "default"
        if COOKIE_NAMES[name] not in cookies or getattr(current, name) != wanted:
            changes[name] = wanted
    return changes


def set_cookies(response, changes: Mapping, *, secure: bool = False) -> None:
    """Remember a guest's preferences in long-lived cookies."""
    for name, value in changes.items():
        if isinstance(value, bool):
            value = "1" if value else "0"
        response.set_cookie(
            COOKIE_NAMES[name],
            str(value),
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=secure,
            httponly=True,
        )
