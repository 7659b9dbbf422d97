"""Lesson body blocks: each is one step of the guided mode and has its own template.

Editor mistakes (an empty guided step, a picture without alt text, a "try it" target
outside the picture, a knowledge check without a right answer) raise block validation
errors attached to the offending field, in words the editor can act on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

TEMPLATE_DIR = "training/blocks"

ALT_MISSING = _(
    "Describe the picture in words for people who cannot see it (alt text is required)."
)


def _blank(value) -> bool:
    return not (value or "").strip()


def _raise_if(errors: dict) -> None:
    if errors:
        raise StructBlockValidationError(block_errors=errors)


# --- recorded voice ------------------------------------------------------------

VOICE_EXTENSIONS = ("mp3", "m4a", "ogg", "wav")
VOICE_MAX_BYTES = 8 * 1024 * 1024


def audio_kind(head: bytes) -> str | None:
    """The audio format these first bytes start, by content (not by file name)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"OggS":
        return "ogg"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] >= 0xE0):
        return "mp3"
    return None


def check_voice_file(document) -> None:
    """Raise a ValidationError unless ``document`` is a sound file we can play."""
    name = (document.file.name or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in VOICE_EXTENSIONS:
        raise ValidationError(
            _(
                "A recorded voice must be a sound file: MP3, M4A, OGG or WAV "
                "(this file is “%(name)s”)."
            )
            % {"name": document.title}
        )
    try:
        size = document.file.size
        with document.file.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise ValidationError(
            _("The sound file could not be read. Upload it again.")
        ) from error
    if size > VOICE_MAX_BYTES:
        raise ValidationError(
            _(
                "The recording is too large (%(size)s MB). Keep it under "
                "%(max)s MB: a minute or two of speech is enough."
            )
            % {"size": round(size / 1048576, 1), "max": VOICE_MAX_BYTES // 1048576}
        )
    if audio_kind(head) is None:
        raise ValidationError(
            _(
                "This file is not a playable recording (its content is not MP3, "
                "M4A, OGG or WAV sound). Export the recording again as MP3."
            )
        )


class RecordedVoiceBlock(DocumentChooserBlock):
    """A sound file (a Wagtail document) played instead of the synthetic voice."""

    def clean(self, value):
        value = super().clean(value)
        if value is not None:
            check_voice_file(value)
        return value


def voice_block() -> RecordedVoiceBlock:
    return RecordedVoiceBlock(
        label=_("recorded voice (optional)"),
        required=False,
        help_text=_(
            "A recording of someone reading this step (MP3, M4A, OGG or WAV, at "
            "most 8 MB). It is played instead of the computer voice."
        ),
    )


class SpeakableMixin:
    """Text a read-aloud button speaks for this step, and its recorded voice."""

    def speech_text(self, value) -> str:
        return ""

    def voice_url(self, value) -> str:
        document = value.get("voice") if hasattr(value, "get") else None
        return document.url if document is not None else ""


class LessonTextBlock(SpeakableMixin, blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(
            features=["h2", "h3", "bold", "italic", "ol", "ul", "link"], **kwargs
        )

    def speech_text(self, value) -> str:
        return strip_tags(str(value.source if hasattr(value, "source") else value))

    class Meta:
        template = f"{TEMPLATE_DIR}/rich_text.html"
        icon = "pilcrow"
        label = _("Text")


class LessonImageBlock(SpeakableMixin, blocks.StructBlock):
    image = ImageChooserBlock(label=_("picture"))
    alt = blocks.CharBlock(
        label=_("alt text"),
        required=False,
        max_length=255,
        help_text=_("Required. What does the picture show?"),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)
    voice = voice_block()

    class Meta:
        template = f"{TEMPLATE_DIR}/image.html"
        icon = "image"
        label = _("Picture")

    def clean(self, value):
        value = super().clean(value)
        _raise_if({"alt": ValidationError(ALT_MISSING)} if _blank(value["alt"]) else {})
        return value

    def speech_text(self, value) -> str:
        return value["caption"] or value["alt"]


class VideoBlock(SpeakableMixin, blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    video_file = DocumentChooserBlock(label=_("video file (MP4/WebM)"), required=False)
    captions = DocumentChooserBlock(
        label=_("captions track (WebVTT .vtt)"), required=False
    )
    embed = EmbedBlock(label=_("or an embedded video (URL)"), required=False)
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        template = f"{TEMPLATE_DIR}/video.html"
        icon = "media"
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value["video_file"] and not value["embed"]:
            errors["video_file"] = ValidationError(
                _("Choose a video file or give the address of an embedded video.")
            )
        if (
            value["video_file"]
            and not value["captions"]
            and _blank(value["transcript"])
        ):
            errors["captions"] = ValidationError(
                _("Add a captions track or a transcript so deaf learners can follow.")
            )
        _raise_if(errors)
        return value

    def speech_text(self, value) -> str:
        return value["title"]


class AudioBlock(SpeakableMixin, blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    audio_file = DocumentChooserBlock(label=_("audio file (MP3/M4A/OGG)"))
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        template = f"{TEMPLATE_DIR}/audio.html"
        icon = "media"
        label = _("Audio narration")

    def speech_text(self, value) -> str:
        return value["transcript"] or value["title"]


class GuidedStepBlock(SpeakableMixin, blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=80)
    image = ImageChooserBlock(label=_("large picture or screenshot"), required=False)
    image_alt = blocks.CharBlock(
        label=_("picture alt text"), required=False, max_length=255
    )
    instruction = blocks.CharBlock(
        label=_("instruction"),
        required=False,
        max_length=160,
        help_text=_("Required. One short sentence: what to do now."),
    )
    spoken_text = blocks.TextBlock(
        label=_("spoken text"),
        required=False,
        help_text=_("Optional: what read-aloud says instead of the instruction."),
    )
    hint = blocks.TextBlock(label=_("hint"), required=False)
    common_mistake = blocks.TextBlock(label=_("common mistake"), required=False)
    voice = voice_block()

    class Meta:
        template = f"{TEMPLATE_DIR}/guided_step.html"
        icon = "list-ol"
        label = _("Guided step")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if _blank(value["instruction"]):
            errors["instruction"] = ValidationError(
                _(
                    "A guided step needs one short instruction: "
                    "what should the learner do?"
                )
            )
        if value["image"] and _blank(value["image_alt"]):
            errors["image_alt"] = ValidationError(ALT_MISSING)
        _raise_if(errors)
        return value

    def speech_text(self, value) -> str:
        return value["spoken_text"] or value["instruction"]


class TargetBlock(blocks.StructBlock):
    """A rectangle on the picture, in percent of its width and height."""

    x = blocks.FloatBlock(label=_("left (%)"), min_value=0, max_value=100)
    y = blocks.FloatBlock(label=_("top (%)"), min_value=0, max_value=100)
    width = blocks.FloatBlock(label=_("width (%)"), min_value=0, max_value=100)
    height = blocks.FloatBlock(label=_("height (%)"), min_value=0, max_value=100)
    label = blocks.CharBlock(
        label=_("label"),
        max_length=60,
        help_text=_("The name of the thing to tap, read by screen readers."),
    )

    class Meta:
        icon = "crosshairs"
        label = _("Tap target")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["width"] <= 0:
            errors["width"] = ValidationError(_("The target must be wider than 0%."))
        if value["height"] <= 0:
            errors["height"] = ValidationError(_("The target must be taller than 0%."))
        if value["x"] + value["width"] > 100:
            errors["width"] = ValidationError(
                _(
                    "The target runs off the right edge of the picture: "
                    "left + width must be at most 100%."
                )
            )
        if value["y"] + value["height"] > 100:
            errors["height"] = ValidationError(
                _(
                    "The target runs off the bottom of the picture: "
                    "top + height must be at most 100%."
                )
            )
        _raise_if(errors)
        return value


class TryItBlock(SpeakableMixin, blocks.StructBlock):
    image = ImageChooserBlock(label=_("picture"))
    image_alt = blocks.CharBlock(
        label=_("picture alt text"), required=False, max_length=255
    )
    instruction = blocks.CharBlock(label=_("instruction"), max_length=160)
    targets = blocks.ListBlock(TargetBlock(), label=_("tap targets"), min_num=0)
    hint = blocks.TextBlock(
        label=_("hint after a wrong tap"),
        required=False,
        help_text=_("Gentle: say where to look."),
    )
    success = blocks.TextBlock(label=_("message when found"), required=False)
    voice = voice_block()

    class Meta:
        template = f"{TEMPLATE_DIR}/try_it.html"
        icon = "pick"
        label = _("Try it (tap the right place)")

    def clean(self, value):
        # Child errors (a target outside the picture) are raised by TargetBlock.clean
        # through ListBlock; here the rules that concern the whole block.
        value = super().clean(value)
        errors = {}
        if _blank(value["image_alt"]):
            errors["image_alt"] = ValidationError(ALT_MISSING)
        if len(value["targets"]) == 0:
            errors["targets"] = ListBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _(
                            "Mark at least one place on the picture "
                            "for the learner to tap."
                        )
                    )
                ]
            )
        _raise_if(errors)
        return value

    def speech_text(self, value) -> str:
        return value["instruction"]


class ChoiceItemBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"), max_length=200)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)

    class Meta:
        icon = "tick"
        label = _("Choice")


class KnowledgeCheckBlock(SpeakableMixin, blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    choices = blocks.ListBlock(ChoiceItemBlock(), label=_("choices"), min_num=2)
    explanation = blocks.TextBlock(label=_("explanation"), required=False)
    voice = voice_block()

    class Meta:
        template = f"{TEMPLATE_DIR}/knowledge_check.html"
        icon = "help"
        label = _("Knowledge check (not graded)")

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise StructBlockValidationError(
                block_errors={
                    "choices": ListBlockValidationError(
                        non_block_errors=[
                            ValidationError(_("Tick at least one choice as correct."))
                        ]
                    )
                }
            )
        return value

    def speech_text(self, value) -> str:
        answers = "；".join(choice["text"] for choice in value["choices"])
        return f"{value['question']} {answers}"


class CalloutBlock(SpeakableMixin, blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[
            ("tip", _("Tip")),
            ("warning", _("Warning")),
            ("fraud", _("Anti-fraud alert")),
        ],
        default="tip",
    )
    text = blocks.TextBlock(label=_("text"))
    voice = voice_block()

    class Meta:
        template = f"{TEMPLATE_DIR}/callout.html"
        icon = "warning"
        label = _("Tip / warning / anti-fraud")

    def speech_text(self, value) -> str:
        return value["text"]


class HandoutBlock(SpeakableMixin, blocks.StructBlock):
    document = DocumentChooserBlock(label=_("file"))
    title = blocks.CharBlock(label=_("title"), max_length=120)
    description = blocks.TextBlock(label=_("description"), required=False)
    voice = voice_block()

    class Meta:
        template = f"{TEMPLATE_DIR}/handout.html"
        icon = "doc-full"
        label = _("Handout to download")

    def speech_text(self, value) -> str:
        return value["title"]


class LessonBodyBlock(blocks.StreamBlock):
    rich_text = LessonTextBlock()
    image = LessonImageBlock()
    video = VideoBlock()
    audio = AudioBlock()
    guided_step = GuidedStepBlock()
    try_it = TryItBlock()
    knowledge_check = KnowledgeCheckBlock()
    callout = CalloutBlock()
    handout = HandoutBlock()


def voice_url_for(child) -> str:
    """The URL of the step's recorded voice, or ""."""
    block = child.block
    if isinstance(block, SpeakableMixin):
        return block.voice_url(child.value)
    return ""


def speech_text_for(child) -> str:
    """The read-aloud text of one StreamField child (a step)."""
    block = child.block
    if isinstance(block, SpeakableMixin):
        return block.speech_text(child.value).strip()
    return ""
