"""Recorded voices on lesson steps (issue 8, point 5): the editor's upload is a
checked sound file, and the step offers it to the read-aloud button."""

from __future__ import annotations

import io
import wave

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document

from training import services
from training.blocks import (
    VOICE_MAX_BYTES,
    GuidedStepBlock,
    RecordedVoiceBlock,
    audio_kind,
)
from training.models import LessonPage

from .conftest import ensure_roots, guided, make_course

pytestmark = pytest.mark.django_db


def wav_bytes(seconds: float = 0.2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * int(8000 * seconds))
    return buffer.getvalue()


def document(name: str, content: bytes) -> Document:
    ensure_roots()
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        pytest.param(b"RIFF\0\0\0\0WAVEfmt ", "wav", id="wav"),
        pytest.param(b"OggS\0\2" + b"\0" * 10, "ogg", id="ogg"),
        pytest.param(b"\0\0\0\x20ftypM4A " + b"\0" * 4, "m4a", id="m4a"),
        pytest.param(b"ID3\4\0" + b"\0" * 11, "mp3", id="mp3-id3"),
        pytest.param(b"\xff\xfb\x90\x64" + b"\0" * 12, "mp3", id="mp3-frame"),
        pytest.param(b"%PDF-1.7\n" + b"\0" * 7, None, id="pdf"),
        pytest.param(b"hello, I am text", None, id="text"),
    ],
)
def test_audio_kind_is_judged_by_content(head, kind):
    assert audio_kind(head) == kind


def test_a_real_recording_is_accepted(media):
    voice = document("王社工读第一步.wav", wav_bytes())
    assert RecordedVoiceBlock(required=False).clean(voice) == voice


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        pytest.param(
            "notes.pdf", b"%PDF-1.7\n", "MP3、M4A、OGG 或 WAV", id="not-audio-name"
        ),
        pytest.param(
            "fake.mp3", b"this is not sound", "不是能播放的录音", id="renamed-text"
        ),
        pytest.param(
            "long.mp3",
            b"ID3" + b"\0" * (VOICE_MAX_BYTES + 1),
            "录音太大了",
            id="too-big",
        ),
    ],
)
def test_a_wrong_file_is_refused_with_plain_words(media, name, content, words):
    block = GuidedStepBlock()
    value = block.to_python(
        {"instruction": "点一下“设置”", "voice": document(name, content).pk}
    )
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    error = raised.value.block_errors["voice"]
    assert isinstance(error, ValidationError)
    assert words in " ".join(error.messages)


def test_a_step_with_a_recording_offers_it_to_read_aloud(
    client, site_tree, media, people
):
    voice = document("第一步.wav", wav_bytes())
    step = guided("点一下“设置”")
    step["value"]["voice"] = voice.pk
    course = make_course(site_tree.index, bodies=[[step, guided("第二步")]])
    lesson = LessonPage.objects.child_of(course).get()
    services.enrolment_create(user=people.resident, course=course)
    client.force_login(people.resident)
    html = client.get(reverse("training:step", args=[lesson.pk, 1])).content.decode()
    assert f'data-read-audio="{voice.url}"' in html
    second = client.get(reverse("training:step", args=[lesson.pk, 2])).content.decode()
    assert "data-read-audio" not in second
    everything = client.get(lesson.url + "?mode=all").content.decode()
    assert everything.count("data-read-audio") == 1
