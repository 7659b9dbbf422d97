"""Checks an uploaded file by its content, never by its name, and makes it safe to keep.

``check_upload(name, data)`` returns a ``CheckedFile`` or raises ``UploadRefused``
with a message for the person who uploaded it. What passes:

* PDF (``%PDF-``), kept as is (never rendered on the server);
* PNG, JPEG, WebP images: decoded by Pillow within a pixel limit (decompression
  bombs are refused), re-encoded from the pixels only, so EXIF (GPS, camera, time)
  and any other metadata or trailing data are dropped;
* XLSX, DOCX, PPTX: a zip whose ``[Content_Types].xml`` names the right main part,
  with limits on entries and on the unpacked size (zip bombs), and no macros;
  never opened or executed beyond reading the zip directory and that one XML file;
* CSV and plain text: UTF-8 (or GB18030, common on Chinese Windows) with no NUL bytes.

Everything else (programs renamed ``.pdf``, HTML, SVG, archives…) is refused.
The clock and the limits come from settings so tests and production agree.
"""

from __future__ import annotations

import io
import os
import re
import warnings
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_BYTES_DEFAULT = 10 * 1024 * 1024
MAX_FILES_DEFAULT = 5
MAX_PIXELS_DEFAULT = 40_000_000
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNPACKED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 200

OFFICE_MAIN_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ".sheet.main+xml",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml"
    ".document.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml"
    ".presentation.main+xml",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
IMAGE_KINDS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


class UploadRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    kind: str  # the extension we store it under
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS.values()


def max_bytes() -> int:
    return int(getattr(settings, "PRACTICE_UPLOAD_MAX_BYTES", MAX_BYTES_DEFAULT))


def max_files() -> int:
    return int(getattr(settings, "PRACTICE_UPLOAD_MAX_FILES", MAX_FILES_DEFAULT))


def max_pixels() -> int:
    return int(getattr(settings, "PRACTICE_IMAGE_MAX_PIXELS", MAX_PIXELS_DEFAULT))


def clean_name(name: str) -> str:
    """A display name without directories or control characters (kept short)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", base).strip().strip(".")
    return (base or "file")[:120]


def check_upload(name: str, data: bytes) -> CheckedFile:
    shown = clean_name(name)
    if not data:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": shown})
    if len(data) > max_bytes():
        raise UploadRefused(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {
                "name": shown,
                "size": filesizeformat(len(data)),
                "limit": filesizeformat(max_bytes()),
            }
        )
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return CheckedFile(shown, "pdf", CONTENT_TYPES["pdf"], data)
    if (
        head.startswith(b"\x89PNG\r\n\x1a\n")
        or head.startswith(b"\xff\xd8\xff")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    ):
        return _check_image(shown, data)
    if head.startswith(b"PK\x03\x04"):
        return _check_office(shown, data)
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        raise UploadRefused(
            _(
                "“%(name)s” is a program, not a document. Programs cannot be handed "
                "in; save your work as PDF, a picture, a spreadsheet or a document."
            )
            % {"name": shown}
        )
    text_kind = _text_kind(shown, data)
    if text_kind:
        return CheckedFile(shown, text_kind, CONTENT_TYPES[text_kind], data)
    raise UploadRefused(_unsupported(shown))


def _unsupported(shown: str) -> str:
    return _(
        "“%(name)s” is not a file type we accept. Hand in PDF, PNG/JPEG/WebP "
        "pictures, Excel/Word/PowerPoint (.xlsx/.docx/.pptx), CSV or plain text."
    ) % {"name": shown}


def _check_image(shown: str, data: bytes) -> CheckedFile:
    limit = max_pixels()
    broken = _("“%(name)s” looks like a picture but cannot be read.") % {"name": shown}
    too_big = _(
        "“%(name)s” has too many pixels (%(w)s×%(h)s) and could overload the "
        "server. Send a smaller picture (at most %(limit)s million pixels)."
    )
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make it an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        old_limit = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = limit
        # WeasyPrint (certificates, booklets) turns on LOAD_TRUNCATED_IMAGES for the
        # whole process when imported; a truncated upload must still be refused.
        old_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            try:
                image = Image.open(io.BytesIO(data))
                fmt = image.format
                width, height = image.size
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise UploadRefused(
                    _(
                        "“%(name)s” has too many pixels and could overload the "
                        "server. Send a smaller picture."
                    )
                    % {"name": shown}
                ) from None
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
                raise UploadRefused(broken) from None
            if fmt not in IMAGE_KINDS:
                raise UploadRefused(_unsupported(shown))
            if width * height > limit:
                raise UploadRefused(
                    too_big
                    % {"name": shown, "w": width, "h": height, "limit": limit // 10**6}
                )
            try:
                image.load()
                image = ImageOps.exif_transpose(image)
                clean = _reencode(image, fmt)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise UploadRefused(
                    too_big
                    % {"name": shown, "w": width, "h": height, "limit": limit // 10**6}
                ) from None
            except (OSError, SyntaxError, ValueError, EOFError):
                raise UploadRefused(broken) from None
        finally:
            Image.MAX_IMAGE_PIXELS = old_limit
            ImageFile.LOAD_TRUNCATED_IMAGES = old_truncated
    kind = IMAGE_KINDS[fmt]
    return CheckedFile(shown, kind, CONTENT_TYPES[kind], clean)


def _reencode(image: Image.Image, fmt: str) -> bytes:
    """Only the pixels survive: no EXIF, ICC, text chunks or appended data."""
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "WEBP":
        mode = "RGBA" if "A" in image.getbands() else "RGB"
        image.convert(mode).save(out, "WEBP", quality=88)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _check_office(shown: str, data: bytes) -> CheckedFile:
    not_office = _(
        "“%(name)s” is a zip archive, not an Excel, Word or PowerPoint file. "
        "Archives cannot be handed in."
    ) % {"name": shown}
    bomb = _(
        "“%(name)s” unpacks to far more than its size, which can overload the "
        "server. Save it again from Excel/Word/PowerPoint and send that copy."
    ) % {"name": shown}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(
            _("“%(name)s” is damaged and cannot be read.") % {"name": shown}
        ) from None
    if len(infos) > ZIP_MAX_ENTRIES:
        raise UploadRefused(bomb)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > ZIP_MAX_UNPACKED or unpacked > ZIP_MAX_RATIO * max(len(data), 1):
        raise UploadRefused(bomb)
    names = {info.filename for info in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRefused(
            _(
                "“%(name)s” contains macros, which are not accepted. Save it as a "
                "normal .xlsx/.docx/.pptx without macros."
            )
            % {"name": shown}
        )
    if "[Content_Types].xml" not in names:
        raise UploadRefused(not_office)
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > 1024 * 1024:
        raise UploadRefused(bomb)
    try:
        root = ElementTree.fromstring(archive.read(info))  # noqa: S314 - size-capped, no DTD
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(not_office) from None
    types = {el.get("ContentType", "") for el in root.iter() if el.get("ContentType")}
    for kind, main in OFFICE_MAIN_TYPES.items():
        if main in types:
            return CheckedFile(shown, kind, CONTENT_TYPES[kind], data)
    raise UploadRefused(not_office)


def _text_kind(shown: str, data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    sample = text[:2048].lstrip().lower()
    if sample.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script")):
        return None  # markup a browser would run: never stored as "text"
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls:
        return None
    return "csv" if shown.lower().endswith(".csv") else "txt"
