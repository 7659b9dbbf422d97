"""Editors set a requirement's ``params`` in the Wagtail admin: valid settings are
saved; text that is not JSON, a value that is not an object, or a key the kind does
not know gets a clear error in Chinese and English, and nothing is saved."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.html import escape
from wagtail.admin.panels import get_edit_handler

from certificates.models import CertificateType, Requirement
from practice.models import PracticeTask
from tests.admin_forms import post_data

from .conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(cert_type):
    from certificates.apps import _grant_editors

    person = make_person("ed-params", role="Editors")
    _grant_editors(sender=None)
    return person


def _edit(client, editor, cert_type, params_text: str, *, kind=None, lang="en"):
    form_class = get_edit_handler(CertificateType).get_form_class()
    form = form_class(instance=cert_type, for_user=editor)
    data = post_data(form)
    data["name"] = "改过的名字"  # a change on the type itself, which must not be saved
    data["requirements-0-params"] = params_text
    if kind:
        data["requirements-0-kind"] = kind
    client.force_login(editor)
    return client.post(
        f"/admin/certificate-types/edit/{cert_type.pk}/",
        data,
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def _unchanged(cert_type, params=None):
    cert_type.refresh_from_db()
    assert cert_type.name == "防范电信诈骗（初级）"
    [req] = Requirement.objects.filter(certificate_type=cert_type)
    assert req.params == (params if params is not None else {})
    return req


def test_the_settings_box_is_on_the_form(client, editor, cert_type):
    client.force_login(editor)
    page = client.get(f"/admin/certificate-types/edit/{cert_type.pk}/")
    assert 'name="requirements-0-params"' in page.content.decode()


def test_valid_settings_are_saved(client, editor, cert_type):
    from practice.models import Rubric

    task = PracticeTask.objects.create(
        title="分析调查表",
        brief="<p>把调查结果做成图表。</p>",
        rubric=Rubric.objects.create(title="评分"),
        is_published=True,
    )
    params = f'{{"task_ids": [{task.pk}]}}'
    response = _edit(client, editor, cert_type, params, kind="practice_accepted")
    assert response.status_code == 302, response.content.decode()[-3000:]
    [req] = Requirement.objects.filter(certificate_type=cert_type)
    assert (req.kind, req.params) == ("practice_accepted", {"task_ids": [task.pk]})
    # an emptied box means no settings
    response = _edit(client, editor, cert_type, "  ", kind="practice_accepted")
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.params == {}


@pytest.mark.parametrize(
    ("text", "kind", "en", "zh"),
    [
        (
            "{task_ids: [12",
            "practice_accepted",
            "These settings are not valid JSON",
            "不是有效的 JSON",
        ),
        (
            "[12, 13]",
            "practice_accepted",
            "must be a JSON object",
            "必须是写在大括号里的 JSON 对象",
        ),
        (
            '{"task_idz": [12]}',
            "practice_accepted",
            "Unknown setting: task_idz. This requirement understands: skill_area",
            "未知的设置：task_idz。这个条件只认得",
        ),
        (
            '{"min": 90}',
            None,  # the skill-test requirement takes no settings
            "This requirement takes no settings (remove min)",
            "不需要设置",
        ),
    ],
)
def test_bad_settings_get_a_clear_bilingual_error_and_nothing_is_saved(
    client, editor, cert_type, text, kind, en, zh
):
    for lang, expected in (("en", en), ("zh-hans", zh)):
        response = _edit(client, editor, cert_type, text, kind=kind, lang=lang)
        assert response.status_code == 200  # the form again, not a redirect
        body = response.content.decode()
        with translation.override(lang):
            assert expected in body, (lang, body[body.find("error") - 200 :][:3000])
        # what the editor typed is shown again, not lost
        at = body.find('name="requirements-0-params"')
        box = body[at : body.find("</textarea>", at)]
        assert escape(text) in box, box
        req = _unchanged(cert_type)
        assert req.kind == "skill_test_passed"
