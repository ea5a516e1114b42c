"""Factories for articles and courses under /learn/.

ArticlePageFactory(access="membership", body__0__paragraph="...")
"""

import factory
import wagtail_factories
from wagtail.models import Site

from content.models import ArticlePage, CourseLesson, CoursePage, LearnIndexPage
from core.tests.factories import tag_with_skills
from sessions.tests.factories import ExpertFactory

TEASER = "The first part anyone may read."
SECRET = "Premium insight only paying readers see."


def body(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


class LearnIndexPageFactory(wagtail_factories.PageFactory):
    title = "Learn"
    slug = "learn"

    class Meta:
        model = LearnIndexPage


def get_learn_index() -> LearnIndexPage:
    index = LearnIndexPage.objects.first()
    if index is not None:
        return index
    home = Site.objects.get(is_default_site=True).root_page
    return LearnIndexPageFactory(parent=home)


class ArticlePageFactory(wagtail_factories.PageFactory):
    """A live article whose body is a public teaser paragraph, then SECRET."""

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(get_learn_index)
    title = factory.Sequence(lambda n: f"Designing data pipelines {n}")
    author = factory.SubFactory(ExpertFactory)
    owner = factory.SelfAttribute("author")
    summary = "How to move data without losing it."
    access = "free"
    body = factory.LazyFunction(lambda: body(TEASER, SECRET))

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            tag_with_skills(self, extracted)


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(get_learn_index)
    title = factory.Sequence(lambda n: f"SQL from zero {n}")
    author = factory.SubFactory(ExpertFactory)
    owner = factory.SelfAttribute("author")
    summary = "Five lessons from SELECT to window functions."
    access = "free"
    overview = factory.LazyFunction(lambda: body(TEASER))

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            tag_with_skills(self, extracted)

    @factory.post_generation
    def lessons(self, create, extracted, **kwargs):
        if create:
            for order, title in enumerate(extracted or ["Selecting rows"]):
                CourseLesson.objects.create(
                    page=self,
                    title=title,
                    summary=f"What {title.lower()} means.",
                    body=body(SECRET),
                    sort_order=order,
                )
