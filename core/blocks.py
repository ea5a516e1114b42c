"""The shared StreamField blocks every page body is built from.

Small StructBlocks, each with an icon, a template under
`templates/components/blocks/` and a preview value for the block picker, then
one `BodyStreamBlock` that page models use (or subclass to add page-specific
blocks, as `home.blocks.HomeBodyBlock` does).
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

_absolute_url = URLValidator(schemes=["http", "https"])


def validate_link_url(value: str) -> None:
    """A link editors may type: a site path, a fragment, mailto:, or http(s).

    Wagtail's URLBlock only takes absolute URLs, but editors link to views that
    are not Wagtail pages (`/accounts/signup/`, `/dashboard/`) by path.
    """
    if not value:
        return
    if value.startswith("/") and not value.startswith("//"):
        return
    if value.startswith(("#", "mailto:")):
        return
    try:
        _absolute_url(value)
    except ValidationError as error:
        raise ValidationError(
            _("Enter a path starting with “/”, or a full http(s) address."),
            code="invalid_link",
        ) from error


def _image_preview() -> dict:
    # The block picker previews with whatever image the library has; with none
    # the image template renders just its caption.
    from wagtail.images import get_image_model

    return {
        "image": get_image_model().objects.order_by("pk").first(),
        "alt_text": "An expert presenting to a small group",
        "caption": "A design workshop in progress",
    }


class LinkStructValue(blocks.StructValue):
    @property
    def href(self) -> str:
        page = self.get("page")
        if page:
            # A link to an unpublished page would only lead to a 404.
            return (page.url or "") if page.live else ""
        return self.get("url") or ""

    @property
    def text(self) -> str:
        page = self.get("page")
        return self.get("label") or (page.title if page else "") or self.href


class LinkBlock(blocks.StructBlock):
    """A label and either a page of this site or a URL."""

    label = blocks.CharBlock(
        max_length=60,
        required=False,
        help_text=_("Leave blank to use the page's title."),
    )
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        label=_("URL"),
        validators=[validate_link_url],
        help_text=_("A path such as /accounts/signup/ or a full address."),
    )

    class Meta:
        icon = "link"
        value_class = LinkStructValue
        required = True
        preview_value = {"label": "Browse sessions", "url": "/sessions/"}

    @property
    def required(self):
        return self.meta.required

    def clean(self, value):
        value = super().clean(value)
        empty = not (value.get("page") or value.get("url") or value.get("label"))
        if getattr(self, "is_deferred_validation", False) or (
            empty and not self.required
        ):
            # Drafts may be half-done, and an optional link may be left empty.
            return value
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter a URL, not both.")
            if not value.get("page"):
                message = _("Choose a page or enter a URL.")
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(message)}
            )
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError(_("A URL link needs a label."))}
            )
        return value


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, form_classname="title")
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
        help_text=_("H2 for sections; H3 and H4 only inside one."),
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        preview_value = {"text": "Learn from people who do the work", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "components/blocks/paragraph.html"
        preview_value = (
            "<p>Workshops, webinars and one-to-one sessions with "
            "<b>practising professionals</b>.</p>"
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_(
            "Describe what the image shows for people who cannot see it. "
            "Not the caption, not “image of”."
        ),
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"
        # staticmethod: a plain function on Meta would be bound to the instance.
        preview_value = staticmethod(_image_preview)


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=300)
    link = LinkBlock()
    style = blocks.ChoiceBlock(
        choices=[("primary", _("Primary (blue)")), ("accent", _("Accent (yellow)"))],
        default="primary",
    )

    class Meta:
        icon = "pick"
        template = "components/blocks/call_to_action.html"
        preview_value = {
            "heading": "Share what you know",
            "text": "Host a session and reach professionals who want to learn.",
            "link": {"label": "Become an expert", "url": "/accounts/signup/"},
            "style": "primary",
        }


class CardBlock(blocks.StructBlock):
    """One feature or value-proposition card."""

    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)
    link = LinkBlock(required=False)

    class Meta:
        icon = "doc-full"
        template = "components/blocks/card.html"
        preview_value = {
            "title": "Learn live",
            "text": "Small workshops where you can ask the questions that matter.",
        }


class CardGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    intro = blocks.TextBlock(max_length=300, required=False)
    cards = blocks.ListBlock(CardBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = _("Cards")
        template = "components/blocks/card_grid.html"
        preview_value = {
            "heading": "Why MasteryHub",
            "cards": [
                {"title": "Learn live", "text": "Small, interactive workshops."},
                {"title": "Find a mentor", "text": "Matched on the skills you want."},
                {"title": "Track progress", "text": "See your skills grow."},
            ],
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    name = blocks.CharBlock(max_length=80, required=False)
    role = blocks.CharBlock(
        max_length=120, required=False, help_text=_("For example: UX lead, Acme")
    )

    class Meta:
        icon = "openquote"
        label = _("Quote or testimonial")
        template = "components/blocks/quote.html"
        preview_value = {
            "quote": "One session saved me a month of trial and error.",
            "name": "Priya S.",
            "role": "Product manager",
        }


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = ParagraphBlock()


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, required=False, default="Frequently asked questions"
    )
    items = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        label = _("FAQ")
        template = "components/blocks/faq.html"
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {
                    "question": "Is it free to join?",
                    "answer": "<p>Yes. Some sessions are paid.</p>",
                }
            ],
        }


class BodyStreamBlock(blocks.StreamBlock):
    """The body every content page shares; subclass it to add page blocks."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    cards = CardGridBlock()
    quote = QuoteBlock()
    faq = FaqBlock()
