"""What members do about mentorship: the questionnaire (MenteeProfile with
its target skills and languages), when people are free (AvailabilityWindow,
mentees and mentors alike) and the mentorships themselves, from request to
end.

What a mentor offers (accepting mentees, capacity, rate per 1:1 session,
skills with levels, a short intro, languages) lives on their ExpertPage in
the experts app: experts edit it in the Wagtail page editor, whose inline
panels need a ParentalKey to the page, and experts may not import this app.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_time_zone
from experts.models import LANGUAGE_CHOICES, SKILL_LEVEL_CHOICES
from payments.models import CURRENCY_CHOICES

GOALS_MAX_LENGTH = 2000
MESSAGE_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 1000
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class MenteeProfile(models.Model):
    """The questionnaire at /mentorship/: what a member wants from a mentor.
    One per member, overwritten when they answer again."""

    class Format(models.TextChoices):
        VIDEO = "video", _("Video call")
        CHAT = "chat", _("Chat / messages")
        EITHER = "either", _("Either")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")

    class Budget(models.TextChoices):
        FREE = "free", _("Free mentoring only")
        PAID = "paid", _("Paid, up to an amount per session")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentee_profile",
        verbose_name=_("member"),
    )
    goals = models.TextField(_("goals"), max_length=GOALS_MAX_LENGTH)
    preferred_format = models.CharField(
        _("preferred format"),
        max_length=10,
        choices=Format.choices,
        default=Format.EITHER,
    )
    frequency = models.CharField(
        _("how often"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.FORTNIGHTLY,
    )
    # Stored like accounts.Profile.time_zone (an IANA name): availability
    # windows are wall-clock times in this zone.
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    budget_kind = models.CharField(
        _("budget"), max_length=5, choices=Budget.choices, default=Budget.FREE
    )
    budget_max = models.DecimalField(
        _("up to, per session"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("mentee profile")
        constraints = [
            # "Paid up to" means nothing without the amount; "free" has none.
            models.CheckConstraint(
                condition=(Q(budget_kind="free") & Q(budget_max__isnull=True))
                | (Q(budget_kind="paid") & Q(budget_max__gt=0)),
                name="mentee_budget_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class MenteeLanguage(models.Model):
    """A language the mentee can be mentored in: one row per language, as
    ExpertPage keeps its languages (ExpertLanguage), with the same codes, so
    matching compares like with like."""

    profile = models.ForeignKey(
        MenteeProfile, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=7, choices=LANGUAGE_CHOICES)

    class Meta:
        verbose_name = _("mentee language")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="mentee_language_once"
            )
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class TargetSkill(models.Model):
    """A skill from the shared vocabulary the mentee wants to grow, from
    where they are to where they want to be (1 beginner … 5 expert)."""

    profile = models.ForeignKey(
        MenteeProfile, on_delete=models.CASCADE, related_name="target_skills"
    )
    skill = models.ForeignKey(
        "core.Skill",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("skill"),
    )
    current_level = models.PositiveSmallIntegerField(
        _("current level"), choices=SKILL_LEVEL_CHOICES, validators=LEVEL_VALIDATORS
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"), choices=SKILL_LEVEL_CHOICES, validators=LEVEL_VALIDATORS
    )

    class Meta:
        verbose_name = _("target skill")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "skill"], name="target_skill_once"
            ),
            # A target is somewhere to grow to.
            models.CheckConstraint(
                condition=Q(target_level__gt=F("current_level")),
                name="target_skill_level_rises",
            ),
            models.CheckConstraint(
                condition=Q(current_level__gte=1, target_level__lte=5),
                name="target_skill_levels_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.current_level}→{self.target_level}"


class AvailabilityWindow(models.Model):
    """A weekly slot when someone is free for mentoring, mentee or mentor
    alike. Times are wall-clock times in the owner's own zone (a 9:00 slot
    stays 9:00 across daylight saving); matching converts them."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="availability_windows",
        verbose_name=_("member"),
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("availability window")
        ordering = ["weekday", "starts_at"]
        constraints = [
            # Windows end the day they start; a night owl splits at midnight.
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="availability_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="availability_weekday_in_range",
            ),
        ]

    def __str__(self) -> str:
        day = self.get_weekday_display()
        return f"{day} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


SHARED_NOTES_MAX_LENGTH = 5000


class Mentorship(models.Model):
    """One mentor and one mentee, from the mentee's request to its end.

    requested → active (accepted) or declined, or cancelled (withdrawn by the
    mentee); active ⇄ paused; active or paused → completed or cancelled.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for an answer")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    # Still going or waiting: what "one open request per pair" means.
    OPEN_STATUSES = (Status.REQUESTED, Status.ACTIVE, Status.PAUSED)

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentee",
        verbose_name=_("mentee"),
    )
    goals = models.TextField(_("goals"), max_length=GOALS_MAX_LENGTH)
    request_message = models.TextField(
        _("message with the request"), max_length=MESSAGE_MAX_LENGTH, blank=True
    )
    reply_message = models.TextField(
        _("mentor's reply"), max_length=MESSAGE_MAX_LENGTH, blank=True
    )
    # What both keep track of together (plans, links, agreed next steps);
    # either may change it while the mentorship is under way.
    shared_notes = models.TextField(
        _("shared notes"), max_length=SHARED_NOTES_MAX_LENGTH, blank=True
    )
    notes_updated_at = models.DateTimeField(
        _("notes last changed"), null=True, blank=True
    )
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notes last changed by"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.REQUESTED,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("mentorship")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open mentorship per pair; ended ones stay as history.
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(status__in=["requested", "active", "paused"]),
                name="mentorship_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")),
                name="mentorship_mentor_is_not_mentee",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self) -> str:
        return f"{self.mentee} → {self.mentor} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


# --- Conversations ----------------------------------------------------------------

CONVERSATION_MESSAGE_MAX_LENGTH = 5000
ABUSE_REASON_MAX_LENGTH = 1000


class Message(models.Model):
    """One private message between the two members of a mentorship.

    A conversation has exactly two people, so each message has exactly one
    reader: `recipient` and `read_at` live on the message itself. The
    header's unread count is then one indexed count (recipient, unread), and
    reading a thread is one UPDATE. `notified_at` marks the messages an
    email has already announced (see mentorship.messaging)."""

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("mentorship"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("from"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("to"),
    )
    # Plain text, escaped when shown; links stay text (no uploads).
    body = models.TextField(_("message"), max_length=CONVERSATION_MESSAGE_MAX_LENGTH)
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")),
                name="message_not_to_self",
            ),
        ]
        indexes = [
            models.Index(
                fields=["mentorship", "created_at"], name="message_thread_order"
            ),
            # The header's count and the email job read only unread rows.
            models.Index(
                fields=["recipient", "mentorship"],
                condition=Q(read_at__isnull=True),
                name="message_unread_by_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient} ({self.created_at:%Y-%m-%d %H:%M})"


class AbuseReport(models.Model):
    """A participant reporting a message of the other one to staff. Staff
    read the reported message (and only the conversation around it) here,
    in the admin."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        related_name="abuse_reports",
        verbose_name=_("message"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), max_length=ABUSE_REASON_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("abuse report")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open report per message and reporter, even if two posts race.
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=Q(status="open"),
                name="abuse_report_one_open_per_reporter",
            ),
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True)
                | Q(status="resolved", resolved_at__isnull=False),
                name="abuse_report_resolved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter}: {self.reason[:40]}"


class OneToOne(models.Model):
    """A 1:1 session inside a mentorship: one participant proposes a time,
    the other accepts or declines it.

    proposed → confirmed (free, on accepting) or awaiting payment (paid, on
    accepting; the mentee pays by Checkout and only Stripe's webhook
    confirms) or declined; proposed, awaiting payment or confirmed →
    cancelled (by either before the start, with the mentorship when it
    ends, or at the start when still unanswered or unpaid, with nobody as
    its canceller: `mentorship.lifecycle`); confirmed → completed.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AWAITING_PAYMENT = "awaiting_payment", _("Accepted, waiting for payment")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    # Still to happen: what either participant may cancel.
    UPCOMING_STATUSES = (Status.PROPOSED, Status.AWAITING_PAYMENT, Status.CONFIRMED)

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="one_to_ones",
        verbose_name=_("mentorship"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    # Aware UTC; the proposer types a wall-clock time in their own zone.
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PROPOSED,
        db_index=True,
    )
    # The mentor's rate when the time was proposed, kept: the price both
    # people saw is the price Checkout charges, whatever the rate becomes.
    price = models.DecimalField(
        _("price"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )

    class Meta:
        verbose_name = _("1:1 session")
        verbose_name_plural = _("1:1 sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="one_to_one_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="one_to_one_price_not_negative"
            ),
        ]
        # The mentor's overlap check reads confirmed ones by time.
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.mentorship} {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_paid(self) -> bool:
        return self.price > 0


# --- Reviews once a mentorship is completed -----------------------------------

REVIEW_COMMENT_MAX_LENGTH = 3000  # as sessions.Review.comment


class MentorshipReview(models.Model):
    """What one side says about the other once a mentorship is completed.

    The mentee reviews the mentor: a rating from 1 to 5 and an optional
    comment, public on the mentor's page and counted in the mentor's rating.
    The mentor writes feedback for the mentee: words only, no rating (a score
    on a learner would invite comparisons nobody needs), seen by the mentee
    alone. `role` says which of the two this is; the constraints keep the
    rating where it belongs.

    `mentor` is the mentorship's mentor (whom a mentee's review is about),
    kept on the row itself so that review can outlive the mentee: when they
    delete their account it is detached (no author, no mentorship) and stays
    on the mentor's page and in their rating, as sessions keep a deleted
    member's review. Nothing else is ever detached: deleting a mentorship
    still deletes its reviews, and a mentor's feedback goes with the
    mentorship, being about the mentee."""

    class Role(models.TextChoices):
        MENTEE = "mentee", _("Mentee's review of the mentor")
        MENTOR = "mentor", _("Mentor's feedback for the mentee")

    # NULL only once detached (see above): CASCADE rather than SET_NULL, so
    # a mentorship deleted any other way takes its reviews with it and no
    # mentor's feedback is left about nobody.
    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("mentorship"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mentor"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    role = models.CharField(_("written as"), max_length=6, choices=Role.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(
        _("comment"), max_length=REVIEW_COMMENT_MAX_LENGTH, blank=True
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("mentorship review")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="mentorship_review_once"
            ),
            # A mentee's review carries a rating from 1 to 5; a mentor's
            # feedback carries none.
            models.CheckConstraint(
                condition=Q(role="mentee", rating__gte=1, rating__lte=5)
                | Q(role="mentor", rating__isnull=True),
                name="mentorship_review_rating_by_role",
            ),
            # Only a mentee's review, without its author, outlives its
            # mentorship. One way only: deleting an account sets its
            # reviews' author to NULL just before their mentorship deletes
            # them.
            models.CheckConstraint(
                condition=Q(mentorship__isnull=False)
                | Q(role="mentee", author__isnull=True),
                name="mentorship_review_detached_by_mentee",
            ),
        ]

    def __str__(self) -> str:
        author = self.author or _("Deleted member")
        return f"{self.get_role_display()} ({author})"
