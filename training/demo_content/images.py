"""The demo course pictures, drawn with Pillow.

Contract (see notes/training_content_contract.md):

- ``IMAGE_NAMES`` lists every picture ``courses.py`` uses.
- ``render(name) -> bytes`` returns a PNG, the same bytes every time; unknown
  names raise ``KeyError``. Phone screens are 720×1280, course covers 1200×675,
  desktop screens 1280×800.
- ``tappables(name)`` returns the rectangles (pixels) of the tappable things drawn on a
  picture, so tests can check that every "try it" target sits on one of them.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image

from . import layout as L
from . import screens_chat, screens_services  # noqa: F401  (they register screens)
from .covers import COVERS
from .drawing import Canvas
from .screens_phone import PHONE_SCREENS
from .screens_staff import STAFF_SCREENS

_SCREENS: dict[str, Callable[[], Canvas]] = {**PHONE_SCREENS, **STAFF_SCREENS, **COVERS}

IMAGE_NAMES: tuple[str, ...] = tuple(_SCREENS)


def size_of(name: str) -> tuple[int, int]:
    """The pixel size a picture is drawn at (phone, cover or desktop screen)."""
    if name.startswith("cover-"):
        return (L.COVER_W, L.COVER_H)
    if name.startswith("phone-"):
        return L.PHONE
    return L.SCREEN


def draw(name: str) -> Canvas:
    return _SCREENS[name]()


def tappables(name: str) -> dict[str, L.Rect]:
    return dict(draw(name).tappables)


def render(name: str) -> bytes:
    """PNG bytes of picture ``name``; palette-quantised to keep files small."""
    img = draw(name).img
    # 256-colour palette without dithering: crisp flat UI, a fraction of the RGB size
    out = img.quantize(
        colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    buf = io.BytesIO()
    out.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
