"""The certificate PDF: real WeasyPrint, fonts embedded (pdffonts), the QR code decoded
(zbarimg) to the verification URL, rare characters drawn, missing images tolerated."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from certificates import services
from certificates.models import CertificateType
from cms.pdf import missing_glyphs

from .conftest import TODAY, make_person

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdffonts") or not shutil.which("pdftoppm"),
    reason="needs poppler-utils",
)
needs_zbar = pytest.mark.skipif(not shutil.which("zbarimg"), reason="needs zbar-tools")


def run(tool: str, *args: str, check: bool = True) -> str:
    """Run a poppler/zbar tool found on PATH and return its standard output."""
    return subprocess.run(  # noqa: S603 - fixed tools, arguments from the test
        [shutil.which(tool), *args], capture_output=True, text=True, check=check
    ).stdout


def _issue(cert_type, hr, name, username="rare"):
    holder = make_person(username, display_name=name)
    return services.certificate_issue_by_hand(
        actor=hr, holder=holder, cert_type=cert_type, reason="测试", today=TODAY
    )


def _pdf_path(cert, tmp_path):
    cert = services.certificate_render_pdf(certificate_id=cert.pk)
    path = tmp_path / "c.pdf"
    path.write_bytes(cert.pdf.read())
    return cert, path


def test_coverage_check_knows_rare_characters_and_flags_unknown_ones():
    # 䶮 is CJK Extension A, 𠮷 and 𪚥 Extension B: the installed fonts have them.
    assert missing_glyphs("龚䶮 𠮷野 𪚥") == []
    # U+F8FF is private use: no font has it.
    assert missing_glyphs("张\uf8ff三\uf8ff") == ["\uf8ff"]


@needs_poppler
def test_rare_characters_render_with_embedded_fonts(cert_type, hr, tmp_path):
    cert = _issue(cert_type, hr, "龚䶮𠮷𪚥")
    cert, path = _pdf_path(cert, tmp_path)
    assert cert.missing_glyphs == ""
    fonts = run("pdffonts", str(path))
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    # every font is embedded (the "emb" column) …
    assert all(" yes " in row for row in rows), fonts
    # … and the Extension-B characters came from a font that has them.
    assert "HanaMin" in fonts
    assert "Noto" in fonts, fonts
    text = run("pdftotext", "-layout", str(path), "-")
    assert "龚䶮𠮷𪚥" in text
    assert cert.serial in text


@needs_poppler
@needs_zbar
def test_qr_code_decodes_to_the_verification_url(cert_type, hr, tmp_path):
    cert = _issue(cert_type, hr, "张小三")
    _, path = _pdf_path(cert, tmp_path)
    run("pdftoppm", "-png", "-r", "150", str(path), str(tmp_path / "page"))
    [png] = list(tmp_path.glob("page*.png"))
    decoded = run("zbarimg", "--raw", "-q", str(png), check=False).strip()
    assert decoded == f"https://ladder.example.org/verify/{cert.code}/"


def test_names_and_reasons_are_escaped_and_missing_images_still_render(
    issuer, area, hr, tmp_path
):
    from tests.training.conftest import ensure_roots

    ensure_roots()  # a browser test may have flushed Wagtail's root collection
    logo = Image.objects.create(title="logo", file=get_test_image_file())
    signature = Image.objects.create(title="sig", file=get_test_image_file())
    issuer.logo = logo
    issuer.save()
    cert_type = CertificateType.objects.create(
        slug="modern",
        name="<b>粗体</b>",
        skill_area=area,
        level=2,
        issuer=issuer,
        layout="modern",
        signatory_name="刘主任",
        signatory_title="主任",
        signature_image=signature,
    )
    cert = _issue(cert_type, hr, "<script>x</script>")
    from certificates.documents import certificate_html

    html = certificate_html(cert)
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html
    assert html.count("data:image/png;base64") == 3  # logo, signature, QR code
    # the files vanish from storage: the PDF still renders, without them (in a
    # fresh worker; one that read them before keeps its cached copies)
    from certificates import documents

    logo.file.storage.delete(logo.file.name)
    signature.file.storage.delete(signature.file.name)
    assert certificate_html(cert).count("data:image/png;base64") == 3
    documents._image_cache.clear()
    html = certificate_html(cert)
    assert html.count("data:image/png;base64") == 1  # the QR code only
    cert = services.certificate_render_pdf(certificate_id=cert.pk)
    assert cert.pdf.read()[:5] == b"%PDF-"


def test_missing_glyphs_are_recorded_for_hr(cert_type, hr):
    cert = _issue(cert_type, hr, "李\uf8ff")
    cert = services.certificate_render_pdf(certificate_id=cert.pk)
    assert cert.missing_glyphs == "\uf8ff"


def test_login_card_renders_through_the_shared_machinery(tmp_path):
    from accounts.cards import login_card_pdf

    resident = make_person("card", display_name="王𪚥")
    pdf = login_card_pdf(resident=resident, password="ABCD-1234", login_url="x")
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        text = run("pdftotext", str(path), "-")
        assert "王𪚥" in text


@needs_poppler
def test_an_ordinary_name_embeds_one_font_and_a_rare_one_adds_only_the_fallback(
    cert_type, hr, tmp_path
):
    # Each embedded font is a subset WeasyPrint must cut from a large CJK file:
    # the certificate uses one family and weight, and names the rare-character
    # fonts only when the printed text needs them.
    cert = _issue(cert_type, hr, "张小三")
    _, path = _pdf_path(cert, tmp_path)
    names = [row.split()[0] for row in run("pdffonts", str(path)).splitlines()[2:]]
    assert [n.split("+", 1)[1] for n in names] == ["Noto-Serif-CJK-SC"], names
    rare = _issue(cert_type, hr, "龚𪚥", username="rare2")
    _, path = _pdf_path(rare, tmp_path)
    names = [row.split()[0] for row in run("pdffonts", str(path)).splitlines()[2:]]
    assert sorted(n.split("+", 1)[1].split("-")[0] for n in names) == [
        "HanaMinA",
        "Noto",
    ], names
