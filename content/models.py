"""Articles and courses under /learn/, free or premium.

The body of a premium page is only ever rendered for someone
`payments.access.can_view` lets in; everything else about the page (title,
summary, author, the first part as a teaser) is public. So the search index
and the APIs hold the body only for free pages or behind that same check.
"""

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from content.admin_forms import ContentPageForm
from content.api_fields import GatedLessonsField, GatedStreamField
from core.blocks import BodyStreamBlock
from core.models import BasePage, SkillThroughBase
from payments.access import Access
from payments.premium import PremiumFields


class LearnIndexPage(BasePage):
    """/learn/: every article and course below it."""

    intro = models.TextField(_("intro"), blank=True, max_length=500)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["content.ArticlePage", "content.CoursePage"]
    max_count = 1

    seo_description_sources = ["search_description", "intro"]

    class Meta:
        verbose_name = _("learning index")

    def get_context(self, request, *args, **kwargs):
        from content.listing import learn_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(learn_index_context(request))
        return context


def premium_panels():
    return MultiFieldPanel(
        [
            FieldPanel("access"),
            FieldRowPanel([FieldPanel("price"), FieldPanel("currency")]),
        ],
        heading=_("Access"),
    )


class ContentPage(PremiumFields, BasePage):
    """What articles and courses share: author, summary, cover, skills."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("Public, also on premium pages: listings, search, social cards."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Each subclass adds its body fields to these.
    shared_panels = BasePage.content_panels + [
        FieldPanel("author"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("skills"),
        premium_panels(),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        # The body only when it is free: see `indexed_body`.
        index.SearchField("indexed_body"),
        index.RelatedFields("skills", [index.SearchField("name", boost=2)]),
        index.FilterField("access"),
    ]
    shared_api_fields = [
        APIField("summary"),
        APIField("access"),
        APIField("price"),
        APIField("currency"),
    ]

    parent_page_types = ["content.LearnIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ContentPageForm
    seo_description_sources = ["search_description", "summary"]

    class Meta:
        abstract = True

    @property
    def kind_label(self) -> str:
        return str(self._meta.verbose_name).capitalize()

    @property
    def is_premium(self) -> bool:
        return self.access != Access.FREE

    def indexed_body(self) -> str:
        """Body text for the search index, only when anyone may read it:
        the index cannot tell who is asking."""
        if self.is_premium:
            return ""
        return self.body_text()

    def body_text(self) -> str:
        raise NotImplementedError

    @classmethod
    def get_serve_queryset(cls):
        # The byline and the JSON-LD name the author.
        return super().get_serve_queryset().select_related("author")

    def get_context(self, request, *args, **kwargs):
        from content.paywall import page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(page_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        from content.paywall import serve_gated

        return serve_gated(self, request, super().serve, *args, **kwargs)


class ArticlePageSkill(SkillThroughBase):
    content_object = ParentalKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="skill_items"
    )


class ArticlePage(ContentPage):
    body = StreamField(BodyStreamBlock())
    skills = ClusterTaggableManager(
        through=ArticlePageSkill, blank=True, verbose_name=_("skills")
    )

    content_panels = ContentPage.shared_panels + [FieldPanel("body")]
    api_fields = ContentPage.shared_api_fields + [
        APIField("body", serializer=GatedStreamField("body")),
    ]

    class Meta:
        verbose_name = _("article")

    def body_text(self) -> str:
        return " ".join(strip_tags(block.render_as_block()) for block in self.body)


class CoursePageSkill(SkillThroughBase):
    content_object = ParentalKey(
        "content.CoursePage", on_delete=models.CASCADE, related_name="skill_items"
    )


class CoursePage(ContentPage):
    """A course: an overview anyone reads, then ordered lessons."""

    overview = StreamField(BodyStreamBlock(), blank=True)
    skills = ClusterTaggableManager(
        through=CoursePageSkill, blank=True, verbose_name=_("skills")
    )

    content_panels = ContentPage.shared_panels + [
        FieldPanel("overview"),
        InlinePanel("lessons", heading=_("Lessons"), label=_("Lesson"), min_num=1),
    ]
    api_fields = ContentPage.shared_api_fields + [
        APIField("overview", serializer=GatedStreamField("overview")),
        APIField("lessons", serializer=GatedLessonsField()),
    ]

    class Meta:
        verbose_name = _("course")

    def body_text(self) -> str:
        parts = [strip_tags(block.render_as_block()) for block in self.overview]
        for lesson in self.lessons.all():
            parts.append(lesson.title)
            parts.extend(strip_tags(block.render_as_block()) for block in lesson.body)
        return " ".join(parts)


class CourseLesson(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("Public: shown in the course outline."),
    )
    body = StreamField(BodyStreamBlock())

    panels = [FieldPanel("title"), FieldPanel("summary"), FieldPanel("body")]

    def __str__(self) -> str:
        return self.title
