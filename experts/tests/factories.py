"""Factories for expert pages and mentorship requests.

expert = GroupExpertFactory()                 # in the Experts group
page = ExpertPageFactory(expert=expert, skills=["SQL"], languages=["en"])
"""

from decimal import Decimal

import factory
import wagtail_factories
from django.contrib.auth.models import Group
from django.utils.text import slugify
from wagtail.models import Site

from accounts.models import EXPERTS_GROUP_NAME
from core.tests.factories import tag_with_skills
from experts.models import (
    ExpertIndexPage,
    ExpertLanguage,
    ExpertPage,
)
from sessions.tests.factories import ExpertFactory


class GroupExpertFactory(ExpertFactory):
    """An approved expert: profile flag and the Experts group (admin access,
    page permissions under /sessions/ and /experts/)."""

    @factory.post_generation
    def experts_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=EXPERTS_GROUP_NAME)
            self.groups.add(group)


class ExpertIndexPageFactory(wagtail_factories.PageFactory):
    title = "Experts"
    slug = "experts"
    intro = "Practitioners who teach what they do."

    class Meta:
        model = ExpertIndexPage


def get_expert_index() -> ExpertIndexPage:
    """The site's ExpertIndexPage, built if a flushed database lost it."""
    index = ExpertIndexPage.objects.first()
    if index is not None:
        return index
    home = Site.objects.get(is_default_site=True).root_page
    return ExpertIndexPageFactory(parent=home)


class ExpertPageFactory(wagtail_factories.PageFactory):
    """A live expert page; `skills=[...]` tags it, `languages=["en", "de"]`
    lists its languages."""

    class Meta:
        model = ExpertPage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(get_expert_index)
    expert = factory.SubFactory(GroupExpertFactory)
    owner = factory.SelfAttribute("expert")
    title = factory.LazyAttribute(lambda o: str(o.expert))
    slug = factory.LazyAttribute(lambda o: slugify(o.expert.username))
    headline = "Data engineer teaching SQL and Python"
    bio = "<p>Ten years of building data pipelines.</p>"
    years_of_experience = 10
    hourly_rate = Decimal("80.00")
    accepts_mentees = True
    mentee_capacity = 3

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            tag_with_skills(self, extracted)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            for order, code in enumerate(extracted):
                ExpertLanguage.objects.create(
                    page=self, language=code, sort_order=order
                )
