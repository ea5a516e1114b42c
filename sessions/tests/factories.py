"""Factories for sessions, bookings and reviews, shared by every sessions test.

A session needs a SessionIndexPage parent; the data migration makes one at
/sessions/, and transactional tests (whose database is flushed) get one built
on demand under the site's HomePage::

    session = SessionPageFactory(price=Decimal("20"), skills=["SQL"])
    BookingFactory(session=session, status=Booking.Status.CONFIRMED)
"""

from datetime import timedelta
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Site

from accounts.tests.factories import UserFactory
from core.tests.factories import tag_with_skills
from sessions.models import Booking, Category, Review, SessionIndexPage, SessionPage
from sessions.services.expert_ratings import recompute_expert_ratings


class MemberFactory(UserFactory):
    """A member; `time_zone="Europe/London"` sets their profile's zone."""

    @factory.post_generation
    def time_zone(self, create, extracted, **kwargs):
        if create and extracted:
            self.profile.time_zone = extracted
            self.profile.save(update_fields=["time_zone"])


class ExpertFactory(MemberFactory):
    """A member whose profile is marked as an expert (who may host)."""

    @factory.post_generation
    def expert(self, create, extracted, **kwargs):
        if create:
            self.profile.is_expert = True
            self.profile.save(update_fields=["is_expert"])


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Sessions on one subject."


class SessionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Sessions"
    slug = "sessions"
    intro = "Workshops, webinars and one-to-one sessions."

    class Meta:
        model = SessionIndexPage


def get_session_index() -> SessionIndexPage:
    """The site's SessionIndexPage, built if a flushed database lost it."""
    index = SessionIndexPage.objects.first()
    if index is not None:
        return index
    home = Site.objects.get(is_default_site=True).root_page
    return SessionIndexPageFactory(parent=home)


def _in_days(days: int, hour: int = 9):
    start = timezone.now() + timedelta(days=days)
    return start.replace(hour=hour, minute=0, second=0, microsecond=0)


class SessionPageFactory(wagtail_factories.PageFactory):
    """A scheduled, free, online session a week from now, hosted by an expert.

    Pass `skills=["SQL", "Python"]` to tag it.
    """

    class Meta:
        model = SessionPage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(get_session_index)
    title = factory.Sequence(lambda n: f"Intro to SQL {n}")
    summary = "Write your first queries against a real data set."
    starts_at = factory.LazyFunction(lambda: _in_days(7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    time_zone = "UTC"
    host = factory.SubFactory(ExpertFactory)
    category = None
    format = SessionPage.Format.WORKSHOP
    level = SessionPage.Level.ALL
    status = SessionPage.Status.SCHEDULED
    max_participants = 12
    price = Decimal("0.00")
    currency = SessionPage.Currency.EUR
    meeting_url = "https://meet.example.com/secret-room-42"
    venue = ""

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            tag_with_skills(self, extracted)


class BookingFactory(DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionPageFactory)
    member = factory.SubFactory(MemberFactory)
    status = Booking.Status.CONFIRMED
    confirmed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Booking.Status.CONFIRMED else None
    )
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Booking.Status.WAITLISTED else None
    )
    hold_expires_at = factory.LazyAttribute(
        lambda o: (
            timezone.now() + timedelta(minutes=30)
            if o.status == Booking.Status.PENDING
            else None
        )
    )


class ReviewFactory(DjangoModelFactory):
    """A review as written straight into the table; the host's rating totals
    follow as the review services keep them (the session's own rating is
    left to the test)."""

    class Meta:
        model = Review

    session = factory.SubFactory(SessionPageFactory)
    author = factory.SubFactory(MemberFactory)
    rating = 5
    comment = "Clear, practical and well paced."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        review = super()._create(model_class, *args, **kwargs)
        recompute_expert_ratings(expert_ids=[review.session.host_id])
        return review


def session_editor_form(user, data=None, instance=None):
    """The Wagtail page editor's form for a session, as `user` gets it."""
    form_class = SessionPage.get_edit_handler().get_form_class()
    if data is not None:
        data = {"description-count": 0, **data}  # an empty StreamField
    return form_class(
        data, instance=instance or SessionPage(), for_user=user, parent_page=None
    )
