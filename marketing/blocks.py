"""The blocks a campaign's body is written in. They render to email HTML
(templates/marketing/blocks/: tables-free, inline-friendly markup the email
base styles) and to plain text (marketing.campaign_render).

Cards show what is public about a page: a session's time, host and summary,
an article's or course's summary. Never a premium body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import validate_link_url
from sessions.timezones import format_in_zone

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class CampaignHeadingBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        super().__init__(max_length=120, **kwargs)

    class Meta:
        icon = "title"
        template = "marketing/blocks/heading.html"
        preview_value = "This month at MasteryHub"


class CampaignParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "marketing/blocks/paragraph.html"
        preview_value = "<p>New sessions with <b>practising professionals</b>.</p>"


class SessionCardBlock(blocks.PageChooserBlock):
    def __init__(self, **kwargs):
        super().__init__(page_type="skillsessions.SessionPage", **kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        session = value if value is not None and value.live else None
        context["session"] = session
        if session is not None:
            zone = (parent_context or {}).get("time_zone")
            context["when"] = format_in_zone(session.starts_at, zone)
        return context

    class Meta:
        icon = "date"
        template = "marketing/blocks/session.html"


class ArticleCardBlock(blocks.PageChooserBlock):
    def __init__(self, **kwargs):
        super().__init__(
            page_type=["content.ArticlePage", "content.CoursePage"], **kwargs
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.specific if value is not None and value.live else None
        context["article"] = page
        return context

    class Meta:
        icon = "doc-full"
        template = "marketing/blocks/article.html"


class ButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    url = blocks.CharBlock(
        label=_("URL"),
        validators=[validate_link_url],
        help_text=_("A path such as /sessions/ or a full address."),
    )

    class Meta:
        icon = "link"
        template = "marketing/blocks/button.html"
        preview_value = {"label": "Browse sessions", "url": "/sessions/"}


class CampaignBodyBlock(blocks.StreamBlock):
    heading = CampaignHeadingBlock()
    paragraph = CampaignParagraphBlock()
    session = SessionCardBlock()
    article = ArticleCardBlock()
    button = ButtonBlock()
