"""Read-aloud never fails silently (issue 8, point 5), in a real Chromium.

Headless Chromium here has no voices at all: that is the "no Chinese voice" case of
some in-app browsers. The chosen-voice case injects a speechSynthesis that has an
English and a Chinese voice and records what it is asked to say.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from training import services
from training.models import LessonPage

from .conftest import ensure_roots, guided, make_course, make_site, make_user
from .test_read_aloud import wav_bytes
from .test_training_browser import logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAKE_VOICES = """
window.__spoken = [];
window.__played = [];
const voices = [{name: "Samantha", lang: "en-US"}, {name: "Tingting", lang: "zh-CN"}];
const fake = {
  speaking: false, pending: false,
  getVoices() { return voices; },
  speak(u) {
    window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name});
  },
  cancel() {}, addEventListener() {},
};
Object.defineProperty(window, "speechSynthesis", {value: fake, configurable: true});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""

RECORD_PLAY = """
window.__played = [];
HTMLMediaElement.prototype.play = function () {
  window.__played.push(this.src);
  return Promise.resolve();
};
"""

HEADER_READ = "[data-read-aloud][data-read-target='#main']"


@pytest.fixture
def lesson_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home, index = make_site()
    ensure_roots()
    voice = Document.objects.create(
        title="王社工的录音", file=ContentFile(wav_bytes(), name="voice.wav")
    )
    recorded = guided("听王社工说")
    recorded["value"]["voice"] = voice.pk
    course = make_course(
        index,
        bodies=[[guided("点一下“设置”"), guided("再点一下“显示”"), recorded]],
    )
    lesson = LessonPage.objects.child_of(course).get()
    resident = make_user("wang", display_name="王阿姨", elder_mode=True)
    services.enrolment_create(user=resident, course=course)
    return lesson, resident, voice


def test_no_chinese_voice_is_said_once_and_step_buttons_hide(
    new_page, live_server, lesson_world, axe
):
    lesson, resident, voice = lesson_world
    page = logged_in_page(new_page, live_server, resident, width=390)
    assert page.evaluate("speechSynthesis.getVoices().length") == 0
    page.goto(live_server.url + lesson.step_url(1))
    notice = page.locator(".read-aloud-missing")
    notice.wait_for()
    assert "没有中文朗读声音" in notice.inner_text()
    assert notice.get_by_role("link", name="求助").count() == 1
    assert page.locator(".nav-repeat").is_hidden()
    axe(page)
    # said once: the next page keeps the buttons hidden without repeating it
    page.goto(live_server.url + lesson.step_url(2))
    page.wait_for_timeout(1800)
    assert page.locator(".read-aloud-missing").count() == 0
    assert page.locator(".nav-repeat").is_hidden()
    # asking for read-aloud says it again instead of doing nothing
    page.evaluate(f'document.querySelector("{HEADER_READ}").click()')
    assert "没有中文朗读声音" in page.locator(".read-aloud-missing").inner_text()
    # a step with a recorded voice keeps its button: the recording needs no voice
    page.goto(live_server.url + lesson.step_url(3))
    page.locator(".nav-repeat").wait_for(state="visible")


def test_a_chinese_voice_is_chosen_and_the_page_button_reads_content_only(
    new_page, live_server, lesson_world
):
    lesson, resident, voice = lesson_world
    page = logged_in_page(new_page, live_server, resident, width=390)
    page.add_init_script(FAKE_VOICES)
    page.goto(live_server.url + lesson.step_url(1))
    repeat = page.locator(".nav-repeat")
    repeat.wait_for(state="visible")
    repeat.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken == [{"text": "点一下“设置”", "lang": "zh-CN", "voice": "Tingting"}]
    assert page.locator(".read-aloud-missing").count() == 0
    # the header's read-aloud reads the page's content, not its controls
    page.evaluate("window.__spoken = []")
    page.evaluate(f'document.querySelector("{HEADER_READ}").click()')
    said = " ".join(item["text"] for item in page.evaluate("window.__spoken"))
    assert lesson.title in said
    assert "点一下“设置”" in said
    for control in ("下一步", "再听一遍", "%", "上一步"):
        assert control not in said, control


def test_a_recorded_voice_plays_instead_of_the_synthetic_one(
    new_page, live_server, lesson_world
):
    lesson, resident, voice = lesson_world
    page = logged_in_page(new_page, live_server, resident, width=390)
    page.add_init_script(FAKE_VOICES + RECORD_PLAY)
    page.goto(live_server.url + lesson.step_url(3))
    page.locator(".nav-repeat").click()
    played = page.evaluate("window.__played")
    assert len(played) == 1
    assert played[0].endswith(voice.url)
    assert page.evaluate("window.__spoken") == []
