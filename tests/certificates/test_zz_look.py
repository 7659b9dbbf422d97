import subprocess
import pytest
from certificates import services
from certificates.models import CertificateType
from .conftest import TODAY, make_person
pytestmark = pytest.mark.django_db

def test_look(cert_type, hr, issuer, area):
    holder = make_person("rare", display_name="龚䶮𠮷𪚥")
    c = services.certificate_issue_by_hand(actor=hr, holder=holder, cert_type=cert_type, reason="x", today=TODAY)
    c = services.certificate_render_pdf(certificate_id=c.pk)
    open("var/look/classic.pdf","wb").write(c.pdf.read())
    t2 = CertificateType.objects.create(slug="m", name="居民智能手机结业", name_en="Smartphone for residents", kind="completion", skill_area=area, level=2, issuer=issuer, layout="modern", signatory_name="刘主任", signatory_title="社区主任")
    c2 = services.certificate_issue_by_hand(actor=hr, holder=holder, cert_type=t2, reason="x", today=TODAY)
    services.certificate_revoke(actor=hr, certificate_id=c2.pk, reason="x")
    c2 = services.certificate_render_pdf(certificate_id=c2.pk)
    open("var/look/modern.pdf","wb").write(c2.pdf.read())
