"""The one place for PDF making: fonts, base CSS, WeasyPrint rendering, glyph coverage.

Every printable document (the resident's login card, certificates) renders through
``render_pdf(html)``. Fonts come from Debian packages installed by scripts/setup.sh:

- ``fonts-noto-cjk`` — Noto Serif/Sans CJK SC: all of GB 18030's common characters and
  CJK Extension A (䶮), part of Extension B (𠮷);
- ``fonts-hanazono`` — HanaMinA/HanaMinB: the rest of Extension B (𪚥) and beyond, so
  rare characters in people's names (生僻字) still print;
- DejaVu for Latin digits in monospace.

``missing_glyphs(text)`` says which characters no font in ``FONT_FILES`` has (checked
with fontTools against the fonts' character maps), so a caller can warn a person before
a name prints as empty boxes.

Speed: every font a document uses is embedded as a subset, and subsetting a CJK font
costs more than laying out a whole page. ``serif_stack(text)`` therefore names the
rare-character fonts (HanaMin) only when ``text`` has a character the primary Noto
fonts lack, and ``render_pdf(..., stylesheets=[css])`` parses each stylesheet once per
thread instead of once per document.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from django.conf import settings

#: Font families in fallback order, for CSS ``font-family``.
SERIF_STACK = (
    '"Noto Serif CJK SC", "Noto Sans CJK SC", "HanaMinA", "HanaMinB", "DejaVu Serif", '
    "serif"
)
SANS_STACK = (
    '"Noto Sans CJK SC", "Noto Serif CJK SC", "HanaMinA", "HanaMinB", "DejaVu Sans", '
    "sans-serif"
)
MONO_STACK = '"DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace'
#: The serif stack without the rare-character fonts (see ``serif_stack``).
PRIMARY_SERIF_STACK = '"Noto Serif CJK SC", "Noto Sans CJK SC", "DejaVu Serif", serif'

#: The fonts ``PRIMARY_SERIF_STACK`` draws CJK text with (its coverage decides).
PRIMARY_FONT_FILES: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)

#: Where the fonts of the stacks live (Debian paths); the coverage check reads these.
FONT_FILES: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
    Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)

#: CSS every document starts from: the font stacks and print-safe colours.
BASE_CSS = f"""
html {{ font-family: {SANS_STACK}; color: #000; }}
body {{ margin: 0; }}
.serif {{ font-family: {SERIF_STACK}; }}
.mono {{ font-family: {MONO_STACK}; }}
img {{ max-width: 100%; }}
"""

_local = threading.local()


def _font_config():
    # One FontConfiguration per thread: building it scans the system fonts, which
    # costs more than rendering a one-page document.
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def _stylesheet(css: str):
    # Parsed stylesheets per thread, by their text: a document's fixed CSS is parsed
    # once, not on every render. No @font-face here, so they don't depend on the
    # document; the few distinct texts (one per design and font stack) stay small.
    sheets = getattr(_local, "stylesheets", None)
    if sheets is None:
        sheets = _local.stylesheets = {}
    sheet = sheets.get(css)
    if sheet is None:
        from weasyprint import CSS

        if len(sheets) >= 32:
            sheets.clear()
        sheet = sheets[css] = CSS(string=css, font_config=_font_config())
    return sheet


def render_pdf(
    html: str, *, base_url: str | None = None, stylesheets: Sequence[str] = ()
) -> bytes:
    """Render an HTML document (which may include ``{{ pdf_base_css }}``) to PDF.

    ``stylesheets`` are CSS texts applied after the document's own styles; each
    distinct text is parsed once per thread and reused.
    """
    # Importing WeasyPrint makes Pillow accept truncated images in the whole process
    # (uploads included); a broken picture in a PDF is skipped with a warning anyway.
    from PIL import ImageFile
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf(
        stylesheets=[_stylesheet(css) for css in stylesheets],
        font_config=_font_config(),
    )


def _cmap_points(paths: Sequence[Path]) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    points: set[int] = set()
    for path in paths:
        if not path.exists():
            continue
        if path.suffix == ".ttc":
            fonts = TTCollection(str(path), lazy=True).fonts[:1]
        else:
            fonts = [TTFont(str(path), lazy=True)]
        for font in fonts:
            points.update(font.getBestCmap() or {})
    return frozenset(points)


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    return _cmap_points(FONT_FILES)


@lru_cache(maxsize=1)
def _primary_covered() -> frozenset[int]:
    return _cmap_points(PRIMARY_FONT_FILES)


def needs_rare_fonts(text: str) -> bool:
    """Whether ``text`` has a character the primary Noto CJK fonts cannot draw."""
    covered = _primary_covered()
    return any(not ch.isspace() and ord(ch) not in covered for ch in text or "")


def serif_stack(text: str) -> str:
    """The serif font stack for a document printing ``text``: the rare-character
    fonts are named only when ``text`` needs them, so an ordinary document embeds
    no subset of them (and pays nothing for subsetting them)."""
    return SERIF_STACK if needs_rare_fonts(text) else PRIMARY_SERIF_STACK


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` that no installed font can draw (whitespace ignored),
    in order of first appearance, without repeats."""
    covered = _covered()
    seen: list[str] = []
    for ch in text or "":
        if ch.isspace() or ord(ch) in covered or ch in seen:
            continue
        seen.append(ch)
    return seen


def pdf_context() -> dict[str, str]:
    """Template context for documents: the base CSS and the font stacks."""
    return {
        "pdf_base_css": BASE_CSS,
        "pdf_serif": SERIF_STACK,
        "pdf_sans": SANS_STACK,
        "pdf_mono": MONO_STACK,
    }
