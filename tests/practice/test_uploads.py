"""The upload checks with real samples: content decides, never the name."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from practice.uploads import UploadRefused, check_upload

from .conftest import (
    PDF,
    exe_bytes,
    jpeg_with_gps,
    office_zip,
    pixel_flood_png,
    png_bytes,
    real_xlsx,
    zip_bomb_xlsx,
)


def test_exe_renamed_pdf_is_refused_as_a_program():
    with pytest.raises(UploadRefused, match="program"):
        check_upload("report.pdf", exe_bytes())


def test_pdf_is_recognised_by_content_whatever_its_name():
    checked = check_upload("scan.jpg", PDF)
    assert checked.kind == "pdf"
    assert checked.data == PDF


def test_jpeg_gps_and_camera_exif_are_removed():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # sample has GPS
    checked = check_upload("IMG_0001.JPG", original)
    assert checked.kind == "jpg"
    exif = Image.open(io.BytesIO(checked.data)).getexif()
    assert not exif.get(0x8825)
    assert not exif.get(0x0110)
    assert b"SecretPhone" not in checked.data


def test_pixel_flood_png_is_refused_with_a_clear_message():
    bomb = pixel_flood_png()
    assert len(bomb) < 200_000  # tiny file, 900 million pixels declared
    with pytest.raises(UploadRefused, match="pixels"):
        check_upload("chart.png", bomb)


def test_zip_bomb_xlsx_is_refused():
    bomb = zip_bomb_xlsx()
    assert len(bomb) < 1_000_000
    with pytest.raises(UploadRefused, match="unpacks"):
        check_upload("survey.xlsx", bomb)


def test_real_xlsx_passes_and_keeps_its_bytes():
    data = real_xlsx()
    checked = check_upload("调查.xlsx", data)
    assert checked.kind == "xlsx"
    assert checked.data == data


def test_docx_and_pptx_are_told_apart_by_content_types():
    from practice.uploads import OFFICE_MAIN_TYPES

    assert check_upload("a.bin", office_zip(OFFICE_MAIN_TYPES["docx"])).kind == "docx"
    assert check_upload("a.bin", office_zip(OFFICE_MAIN_TYPES["pptx"])).kind == "pptx"


def test_plain_zip_and_macro_workbooks_are_refused():
    from practice.uploads import OFFICE_MAIN_TYPES

    with pytest.raises(UploadRefused, match="zip archive"):
        check_upload("photos.xlsx", office_zip("application/zip-thing"))
    macro = office_zip(OFFICE_MAIN_TYPES["xlsx"], {"xl/vbaProject.bin": b"x"})
    with pytest.raises(UploadRefused, match="macros"):
        check_upload("tool.xlsx", macro)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        pytest.param("data.csv", "需求,人数\n挂号,12\n".encode(), "csv", id="utf8-csv"),
        pytest.param("notes.txt", "笔记".encode("gb18030"), "txt", id="gb18030-text"),
    ],
)
def test_csv_and_text_pass(name, data, kind):
    assert check_upload(name, data).kind == kind


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<html><script>alert(1)</script></html>", id="html"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg"/>', id="svg"),
        pytest.param(b"\x00\x01\x02binary", id="binary"),
        pytest.param(b"\x7fELF\x02\x01", id="elf"),
    ],
)
def test_markup_and_binaries_are_refused(data):
    with pytest.raises(UploadRefused):
        check_upload("notes.txt", data)


def test_empty_and_oversized_files_are_refused(settings):
    settings.PRACTICE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(UploadRefused, match="empty"):
        check_upload("a.pdf", b"")
    with pytest.raises(UploadRefused, match="too large"):
        check_upload("a.pdf", PDF + b"0" * 2000)


def test_truncated_picture_is_refused_not_crashing():
    with pytest.raises(UploadRefused, match="cannot be read"):
        check_upload("a.png", png_bytes()[:60])


def test_truncated_picture_is_refused_even_after_weasyprint_is_imported(monkeypatch):
    # Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process
    # (cms.pdf turns it off again when it renders, but imports can come first).
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(UploadRefused, match="cannot be read"):
        check_upload("a.png", png_bytes()[:60])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as it was
