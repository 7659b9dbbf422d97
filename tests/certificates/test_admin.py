"""HR's admin tools: issue by hand, revoke, reinstate, bulk ZIP; others refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from certificates.models import BulkJob, Certificate, Status

from .conftest import make_person

pytestmark = pytest.mark.django_db


def test_hr_issues_revokes_and_reinstates_in_the_admin(client, hr, staff, cert_type):
    client.force_login(hr)
    response = client.post(
        reverse("certificates-admin:issue"),
        {"holder": "zhangxiaosan", "certificate_type": cert_type.pk, "reason": "外训"},
    )
    cert = Certificate.objects.get(holder=staff)
    assert response["Location"] == reverse("certificates-admin:detail", args=[cert.pk])
    detail = client.get(response["Location"]).content.decode()
    assert cert.serial in detail
    assert "外训" in detail
    listing = client.get(reverse("certificates-admin:list"), {"q": "张小"})
    assert cert.serial in listing.content.decode()
    listing = client.get(reverse("certificates-admin:list"), {"status": "revoked"})
    assert cert.serial not in listing.content.decode()

    client.post(
        reverse("certificates-admin:revoke", args=[cert.pk]),
        {"reason": "代考", "public_reason": "违规"},
    )
    cert.refresh_from_db()
    assert cert.status == Status.REVOKED
    # revoking twice is refused with a message, nothing changes
    response = client.post(
        reverse("certificates-admin:revoke", args=[cert.pk]),
        {"reason": "again"},
        follow=True,
    )
    assert "already revoked" in response.content.decode()
    client.post(
        reverse("certificates-admin:reinstate", args=[cert.pk]), {"reason": "复核"}
    )
    cert.refresh_from_db()
    assert cert.status == Status.VALID
    assert list(cert.events.values_list("action", flat=True)) == [
        "issued_by_hand",
        "revoked",
        "reinstated",
    ]


def test_unknown_person_gets_a_clear_error(client, hr, cert_type):
    client.force_login(hr)
    response = client.post(
        reverse("certificates-admin:issue"),
        {"holder": "nobody", "certificate_type": cert_type.pk, "reason": "x"},
    )
    assert "Nobody has this username" in response.content.decode()
    assert Certificate.objects.count() == 0


def test_others_cannot_use_the_hr_tools(client, cert_type):
    editor = make_person("ed", role="Editors")
    client.force_login(editor)
    assert client.get(reverse("certificates-admin:list")).status_code in (302, 403)
    assert client.get(reverse("certificates-admin:issue")).status_code in (302, 403)


def test_zip_of_a_filtered_set(
    client, hr, cert_type, django_capture_on_commit_callbacks
):
    from certificates import services

    people = [make_person(f"z{i}", display_name=f"人{i}") for i in range(3)]
    certs = [
        services.certificate_issue_by_hand(
            actor=hr, holder=p, cert_type=cert_type, reason="r"
        )
        for p in people
    ]
    services.certificate_revoke(actor=hr, certificate_id=certs[0].pk, reason="x")
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates-admin:list"), {"status": "valid", "action": "zip"}
        )
    job = BulkJob.objects.get()
    assert response["Location"] == reverse("certificates-admin:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.done, job.total, job.failed) == (2, 2, 0)
    progress = client.get(response["Location"]).content.decode()
    assert "2 of 2 done, 0 failed." in progress
    download = client.get(reverse("certificates-admin:job_zip", args=[job.pk]))
    data = b"".join(download.streaming_content)
    names = sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == sorted(f"{c.serial}.pdf" for c in certs[1:])
    other_hr = make_person("hr2", role="HR")
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(other_hr, generate_totp_secret())
    client.force_login(other_hr)
    assert (
        client.get(reverse("certificates-admin:job_zip", args=[job.pk])).status_code
        == 404
    )


def test_editors_define_types_in_the_admin(client, cert_type):
    from certificates.apps import _grant_editors

    editor = make_person("ed2", role="Editors")
    _grant_editors(sender=None)
    client.force_login(editor)
    assert client.get("/admin/certificate-types/").status_code == 200
    assert client.get("/admin/certificate-types/new/").status_code == 200
    edit = client.get(f"/admin/certificate-types/edit/{cert_type.pk}/")
    assert edit.status_code == 200
    assert "防诈骗技能测试" in edit.content.decode()  # the requirement's test


def test_rotate_command_adds_a_key_and_keeps_the_old(capsys):
    import json

    from django.core.management import call_command

    from certificates import keys

    first = keys.load_keyset()["keys"][0]["kid"]
    call_command("certificate_keys", "rotate")
    out = capsys.readouterr().out
    published = json.loads(out[out.index("{") :])
    assert [k["kid"] for k in published["keys"]][0] == first
    assert len(published["keys"]) == 2
