"""StreamField blocks shared by the site's pages (home, standard pages, and others)."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock


class FigureBlock(blocks.StructBlock):
    """An image that always carries a text alternative (alt) for screen readers."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alt text"),
        max_length=250,
        help_text=_("Describe what the picture shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt": ErrorList(
                        [ValidationError(_("Describe the image in a few words."))]
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/figure.html"


class CalloutBlock(blocks.StructBlock):
    KIND_CHOICES = [
        ("tip", _("Tip")),
        ("warning", _("Warning")),
        ("fraud", _("Fraud alert")),
    ]

    kind = blocks.ChoiceBlock(choices=KIND_CHOICES, default="tip", label=_("Kind"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "cms/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, template="cms/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        template="cms/blocks/paragraph.html",
    )
    image = FigureBlock()
    callout = CalloutBlock()

    class Meta:
        label = _("Content")
