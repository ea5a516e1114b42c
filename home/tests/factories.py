"""Factories for the home app's pages and the shared body blocks.

Stream fields take wagtail-factories' index syntax, e.g.::

    StandardPageFactory(
        parent=home,
        body__0__heading__text="Our story",
        body__1__paragraph__value="<p>It began with…</p>",
        body__2__cards__cards__0__title="Learn live",
    )
"""

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from core import blocks as core_blocks
from home import blocks as home_blocks
from home.models import HomePage, StandardPage


class LinkBlockFactory(wagtail_factories.StructBlockFactory):
    label = "Browse sessions"
    url = "/sessions/"
    page = None

    class Meta:
        model = core_blocks.LinkBlock


class HeadingBlockFactory(wagtail_factories.StructBlockFactory):
    text = factory.Sequence(lambda n: f"Heading {n}")
    level = "h2"

    class Meta:
        model = core_blocks.HeadingBlock


class ParagraphBlockFactory(wagtail_factories.blocks.BlockFactory):
    value = "<p>Learn from people who do the work.</p>"

    class Meta:
        model = core_blocks.ParagraphBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs["value"])


class ImageBlockFactory(wagtail_factories.StructBlockFactory):
    image = factory.SubFactory(wagtail_factories.ImageChooserBlockFactory)
    alt_text = "A mentor and a learner at a whiteboard"
    caption = "Mentoring in progress"

    class Meta:
        model = core_blocks.ImageBlock


class CallToActionBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Share what you know"
    text = "Host a session and reach professionals who want to learn."
    link = factory.SubFactory(
        LinkBlockFactory, label="Become an expert", url="/accounts/signup/"
    )
    style = "primary"

    class Meta:
        model = core_blocks.CallToActionBlock


class CardBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"Card {n}")
    text = "Small, interactive sessions."

    class Meta:
        model = core_blocks.CardBlock


class CardGridBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Why MasteryHub"
    intro = ""
    cards = wagtail_factories.ListBlockFactory(CardBlockFactory)

    class Meta:
        model = core_blocks.CardGridBlock


class QuoteBlockFactory(wagtail_factories.StructBlockFactory):
    quote = "One session saved me a month of trial and error."
    name = "Priya S."
    role = "Product manager"

    class Meta:
        model = core_blocks.QuoteBlock


class QuestionBlockFactory(wagtail_factories.StructBlockFactory):
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = factory.LazyFunction(lambda: RichText("<p>An answer.</p>"))

    class Meta:
        model = core_blocks.QuestionBlock


class FaqBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Frequently asked questions"
    items = wagtail_factories.ListBlockFactory(QuestionBlockFactory)

    class Meta:
        model = core_blocks.FaqBlock


class BodyStreamBlockFactory(wagtail_factories.StreamBlockFactory):
    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(ParagraphBlockFactory)
    image = factory.SubFactory(ImageBlockFactory)
    call_to_action = factory.SubFactory(CallToActionBlockFactory)
    cards = factory.SubFactory(CardGridBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)
    faq = factory.SubFactory(FaqBlockFactory)

    class Meta:
        model = core_blocks.BodyStreamBlock


class HomeBodyBlockFactory(BodyStreamBlockFactory):
    class Meta:
        model = home_blocks.HomeBodyBlock


class HomePageFactory(wagtail_factories.PageFactory):
    """A HomePage; migrations already make one the site root, so most tests
    use that (the `home_page` fixture) and only transactional tests, whose
    database is flushed, create their own."""

    title = "Home"
    slug = "home"
    seo_title = "MasteryHub: learn a skill or share one with professionals"
    hero_heading = "Learn from professionals. Share what you know."
    hero_intro = "Workshops, webinars and one-to-one sessions."
    primary_cta_label = "Join free"
    primary_cta_url = "/accounts/signup/"
    secondary_cta_label = "Browse sessions"
    secondary_cta_url = "/sessions/"
    value_heading = "Why MasteryHub"
    value_intro = "Everything you need to grow a skill."
    body = wagtail_factories.StreamFieldFactory(HomeBodyBlockFactory)

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"About us {n}")
    intro = "Who we are and why we built MasteryHub."
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = StandardPage
