"""Sessions experts host (Wagtail pages) and what members do with them
(bookings, reviews, calendar feeds: plain models)."""

import copy
import secrets
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import OrderBy, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.http import private_if_signed_in
from core.models import BasePage, SkillThroughBase
from payments.money import price_problems
from sessions.admin_forms import SessionPageForm

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Category(models.Model):
    """The managed taxonomy sessions are filed under (Data, Design, ...)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SessionIndexPage(BasePage):
    """/sessions/: discovery over every session below it."""

    intro = models.TextField(_("intro"), blank=True, max_length=500)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["skillsessions.SessionPage"]
    max_count = 1

    seo_description_sources = ["search_description", "intro"]

    # The app label is "skillsessions"; templates live under sessions/.
    template = "sessions/session_index_page.html"

    class Meta:
        verbose_name = _("session index")

    def get_context(self, request, *args, **kwargs):
        # Imported here: the filters build on this module's models.
        from sessions.filters import discovery_context

        context = super().get_context(request, *args, **kwargs)
        context.update(discovery_context(request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return private_if_signed_in(request, response)


class SessionPageSkill(SkillThroughBase):
    content_object = ParentalKey(
        "skillsessions.SessionPage",
        on_delete=models.CASCADE,
        related_name="skill_items",
    )


class SessionPage(BasePage):
    class Format(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        GROUP = "group", _("Group session")
        ONE_TO_ONE = "one_to_one", _("1:1")

    class Level(models.TextChoices):
        ALL = "all", _("All levels")
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    class Currency(models.TextChoices):
        EUR = "EUR", "EUR €"
        USD = "USD", "USD $"
        GBP = "GBP", "GBP £"

    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences for listings and search results."),
    )
    description = StreamField(BodyStreamBlock(), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("session time zone"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="UTC",
        help_text=_(
            "Where the session is held or the host's zone; shown beside "
            "each member's own time."
        ),
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hosted_sessions",
        verbose_name=_("host"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    skills = ClusterTaggableManager(
        through=SessionPageSkill, blank=True, verbose_name=_("skills")
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.WORKSHOP
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.ALL
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.SCHEDULED,
        db_index=True,
    )
    max_participants = models.PositiveIntegerField(
        _("seats"), default=12, validators=[MinValueValidator(1)]
    )
    price = models.DecimalField(
        _("price"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("0 for a free session."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    meeting_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to confirmed participants and the host."),
    )
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, help_text=_("For in-person sessions.")
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True, max_length=1000)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept up to date by the review service, so listings can filter and sort
    # by rating without a join per row.
    rating_average = models.DecimalField(
        max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    rating_count = models.PositiveIntegerField(default=0, editable=False)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("host"),
                FieldPanel("category"),
                FieldPanel("skills"),
                FieldRowPanel([FieldPanel("format"), FieldPanel("level")]),
                FieldPanel("status"),
            ],
            heading=_("What"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_participants"),
                FieldRowPanel([FieldPanel("price"), FieldPanel("currency")]),
            ],
            heading=_("Seats and price"),
        ),
        MultiFieldPanel(
            [FieldPanel("meeting_url"), FieldPanel("venue")], heading=_("Where")
        ),
        FieldPanel("prerequisites"),
        FieldPanel("cover_image"),
        FieldPanel("description"),
    ]

    # The meeting link is never indexed or exposed: see sessions.access.
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.RelatedFields("skills", [index.SearchField("name")]),
        index.FilterField("starts_at"),
        index.FilterField("status"),
        index.FilterField("format"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("time_zone"),
        APIField("format"),
        APIField("level"),
        APIField("status"),
        APIField("max_participants"),
        APIField("price"),
        APIField("currency"),
    ]

    parent_page_types = ["skillsessions.SessionIndexPage"]
    subpage_types: list[str] = []
    base_form_class = SessionPageForm
    owner_fields = ("owner", "host")

    seo_description_sources = ["search_description", "summary"]

    template = "sessions/session_page.html"

    class Meta:
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="session_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(max_participants__gte=1), name="session_has_seats"
            ),
        ]

    def clean(self):
        super().clean()
        problems = price_problems(
            self.price, self.currency, field="price", free_allowed=True
        )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            problems["ends_at"] = [_("The end must be after the start.")]
        if problems:
            raise ValidationError(problems)

    @property
    def duration(self):
        return self.ends_at - self.starts_at

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def status_label(self) -> str:
        """The status as people read it: a scheduled session in the past is
        finished, whether or not anyone marked it completed."""
        if self.status == self.Status.SCHEDULED and self.has_ended:
            return str(_("Finished"))
        return self.get_status_display()

    @classmethod
    def get_serve_queryset(cls):
        # The host and category, which its shared fragments show, joined in:
        # rendered cold, the page stays within the query budget. Each join
        # costs every request a quarter more ORM work, so the cover (one
        # query, on a fragment's miss only) and the seats (counted apart in
        # sessions.page_context: a count here groups by every column) are
        # not.
        return super().get_serve_queryset().select_related("host", "category")

    def get_context(self, request, *args, **kwargs):
        # Imported here: these modules build on this one's models.
        from sessions.page_context import session_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(session_page_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return private_if_signed_in(request, response)

    def event_data(self, request=None) -> dict:
        """schema.org Event, rendered with the `jsonld` filter."""
        from sessions.structured_data import event_data

        return event_data(self, request)

    def with_content_json(self, content):
        # The review service writes the rating on the live row; publishing a
        # draft saved before that review must not bring the old numbers back.
        obj = super().with_content_json(content)
        obj.rating_average = self.rating_average
        obj.rating_count = self.rating_count
        # The host as stored, for save(): `self` may carry the editor's
        # unsaved host already.
        obj._stored_host_id = getattr(self, "_stored_host_id", None)
        return obj

    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        page._stored_host_id = page.__dict__.get("host_id")
        return page

    def save(self, *args, **kwargs):
        # A session's reviews count for whoever hosts it: when another
        # expert takes it over (published in the editor, or any other save),
        # both experts' rating totals follow, in the save's transaction.
        update_fields = kwargs.get("update_fields")
        host_written = update_fields is None or bool(
            {"host", "host_id"} & set(update_fields)
        )
        before = getattr(self, "_stored_host_id", None)
        if host_written and before is None and self.pk is not None:
            before = (
                SessionPage.objects.filter(pk=self.pk)
                .values_list("host_id", flat=True)
                .first()
            )
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            if host_written and before is not None and before != self.host_id:
                from sessions.services.expert_ratings import (
                    recompute_expert_ratings,
                )

                recompute_expert_ratings(expert_ids=[before, self.host_id])
        if host_written:
            self._stored_host_id = self.host_id
        return result


class Booking(models.Model):
    class Status(models.TextChoices):
        # A seat held while the member pays (paid sessions, or a waitlisted
        # member offered a freed seat); it lapses at `hold_expires_at`.
        PENDING = "pending", _("Awaiting payment")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")

    # Statuses that take a seat.
    SEATED = (Status.PENDING, Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)

    # PROTECT: a booking is a member's record (and what a payment paid
    # for); deleting its session must never take it along silently.
    # core.deletion refuses such deletions with a message first.
    session = models.ForeignKey(
        SessionPage, on_delete=models.PROTECT, related_name="bookings"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, db_index=True
    )
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking")
        ordering = ["created_at"]
        constraints = [
            # A member books a session once; cancelling and booking again
            # reuses the row.
            models.UniqueConstraint(
                fields=["session", "member"], name="booking_one_per_member"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.member} → {self.session} ({self.get_status_display()})"


class Review(models.Model):
    # PROTECT, like Booking.session: reviews are the host's track record.
    session = models.ForeignKey(
        SessionPage, on_delete=models.PROTECT, related_name="reviews"
    )
    # Empty once the author's account is deleted: the review stays, and
    # counts in the session's rating, shown as by a deleted member.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reviews",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=3000)
    host_reply = models.TextField(_("host's reply"), blank=True, max_length=3000)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "author"], name="review_one_per_member"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="review_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.session} by {self.author or 'a deleted member'}"


class NullsLastIndex(models.Index):
    """An index whose `desc(nulls_last=True)` columns say so where the
    database can: SQLite refuses NULLS LAST in an index, and needs none,
    since it sorts NULL below every value (last, descending)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "sqlite":
            index = copy.copy(self)
            index.expressions = tuple(
                OrderBy(part.expression, descending=part.descending)
                if isinstance(part, OrderBy)
                else part
                for part in self.expressions
            )
            return super(NullsLastIndex, index).create_sql(
                model, schema_editor, using, **kwargs
            )
        return super().create_sql(model, schema_editor, using, **kwargs)


class ExpertRating(models.Model):
    """One expert's rating totals: the sums and counts of their session
    reviews and of their mentees' reviews, and the average and count over
    all of them that the directory and the home page sort experts by (a join
    instead of aggregating every review for every expert on each listing).

    Written only by sessions.services.expert_ratings, which every service
    that writes a review calls in its own transaction: it locks this row and
    recomputes it from the reviews themselves.

    Here, a plain model in sessions: not on the expert's Wagtail page (a
    published revision would write its old numbers back over the live ones),
    and not in experts, which sits above sessions in the import layers where
    the session review services could not reach it. Session reviews live in
    this app; mentorship, above it, plugs its mentees' reviews in through
    sessions.rating_sources.
    """

    expert = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="expert_rating",
    )
    session_count = models.PositiveIntegerField(default=0)
    session_sum = models.PositiveIntegerField(default=0)
    mentee_count = models.PositiveIntegerField(default=0)
    mentee_sum = models.PositiveIntegerField(default=0)
    # Over every review, (sums) / (counts), never an average of averages;
    # NULL without any review.
    count = models.PositiveIntegerField(default=0)
    average = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("expert rating")
        indexes = [
            # The directory's and the home page's order.
            NullsLastIndex(
                models.F("average").desc(nulls_last=True),
                models.F("count").desc(),
                name="expert_rating_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(count=models.F("session_count") + models.F("mentee_count")),
                name="expert_rating_count_is_both_kinds",
            ),
            models.CheckConstraint(
                condition=Q(count=0, average__isnull=True)
                | Q(count__gt=0, average__gte=1, average__lte=5),
                name="expert_rating_average_when_reviewed",
            ),
        ]

    def __str__(self) -> str:
        return f"Rating of {self.expert_id}: {self.average} ({self.count})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's private calendar URL; a new token revokes the old one."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.member}"
