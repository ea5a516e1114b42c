"""Blocks only the home page and the site navigation use.

The home page body starts as the shared body; later features add their
highlight blocks here (upcoming sessions, featured experts), so `core` never
has to import the feature apps.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import BodyStreamBlock, LinkBlock


class HomeBodyBlock(BodyStreamBlock):
    """The shared body plus home-page highlights (added by later features)."""


class FooterColumnBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=60)
    links = blocks.ListBlock(LinkBlock(), min_num=1, max_num=10)

    class Meta:
        icon = "list-ul"
        label = _("Footer column")
        template = "components/blocks/footer_column.html"
        preview_value = {
            "heading": "MasteryHub",
            "links": [
                {"label": "About", "url": "/about/"},
                {"label": "Privacy", "url": "/privacy/"},
            ],
        }
