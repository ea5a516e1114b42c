"""The forum: staff-made categories, threads (a question or a discussion)
and their posts.

A thread's opening post holds its body, so votes, edits with history,
flags and soft deletion work the same on the question and on its answers.
Answers are the thread's other top-level posts; a reply hangs under one
post through `parent_post`. Counts shown on listings (`score`,
`answer_count`, `last_activity_at`) are kept on the rows by the services,
in the transaction that changes them, so listings need no aggregates.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtail.search import index

from core.models import SkillThroughBase

TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 20_000
REASON_MAX_LENGTH = 1_000
# What of a thread's answers its search entry holds (Thread.answers_text).
ANSWERS_INDEX_LENGTH = 100_000


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first on /forum/.")
    )

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/forum/c/{self.slug}/"


class ThreadSkill(SkillThroughBase):
    content_object = models.ForeignKey(
        "forum.Thread", on_delete=models.CASCADE, related_name="skill_items"
    )

    class Meta:
        verbose_name = _("thread skill")


class Thread(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        DISCUSSION = "discussion", _("Discussion")

    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="threads",
        verbose_name=_("category"),
    )
    # Kept when the account goes: the thread is the community's; it then
    # shows as by a deleted member.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.QUESTION
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    skills = TaggableManager(
        through=ThreadSkill,
        blank=True,
        verbose_name=_("skills"),
        related_name="forum_threads",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_activity_at = models.DateTimeField(
        _("last activity"), default=timezone.now, db_index=True
    )
    # The opening post's score, copied for "most voted" listings.
    score = models.IntegerField(_("score"), default=0)
    answer_count = models.PositiveIntegerField(_("answers"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    accepted_answer = models.OneToOneField(
        "forum.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    # Its author deleted the opening post before anyone answered.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # The session an expert made from it ("Answer it live"), in the layer
    # below: a thread may point at a session, never the other way.
    live_session = models.ForeignKey(
        "skillsessions.SessionPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_threads",
        verbose_name=_("answered live in"),
    )
    # When its followers were told the live session is published, and when
    # its host was asked for the recap: each happens once.
    live_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    recap_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("forum thread")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["category", "-last_activity_at"]),
            models.Index(fields=["category", "-score"]),
            models.Index(fields=["category", "-created_at"]),
        ]

    # Wagtail's search backend finds similar questions (forum.selectors) and
    # threads in the site search. The index holds the title, the skills,
    # the opening post's text and the answers' text while they are visible
    # (the skills are set before the opening post is written); saving a
    # post re-indexes its thread (forum.search_index). The filter fields
    # let a search ask for visible threads only (forum.selectors), the
    # most active first (search.suggest).
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("opening_text"),
        index.SearchField("answers_text"),
        # As on pages: "kubernetes" finds the threads tagged Kubernetes.
        index.RelatedFields("skills", [index.SearchField("name")]),
        index.FilterField("is_hidden"),
        index.FilterField("deleted_at"),
        index.FilterField("last_activity_at"),
    ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/forum/t/{self.pk}/{self.slug}/"

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def is_solved(self) -> bool:
        return self.accepted_answer_id is not None

    def opening_text(self) -> str:
        if self.is_hidden or self.deleted_at is not None:
            return ""
        opening = self.posts.filter(
            is_opening=True, is_hidden=False, deleted_at__isnull=True
        ).first()
        return opening.body if opening else ""

    def answers_text(self) -> str:
        """The visible answers' text, the accepted one and the best voted
        first, at most ANSWERS_INDEX_LENGTH characters (PostgreSQL refuses a
        search document over 1 MB; the best answers say what matters)."""
        if self.is_hidden or self.deleted_at is not None:
            return ""
        answers = self.posts.filter(
            is_opening=False,
            parent_post__isnull=True,
            is_hidden=False,
            deleted_at__isnull=True,
        ).order_by(
            Case(When(pk=self.accepted_answer_id, then=0), default=1),
            "-score",
            "created_at",
            "pk",
        )
        return "\n".join(answers.values_list("body", flat=True))[:ANSWERS_INDEX_LENGTH]


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    # The thread's first post carries its body; exactly one per thread.
    is_opening = models.BooleanField(_("opening post"), default=False)
    # A reply to one post (an answer, or the opening post); None for the
    # opening post and for answers.
    parent_post = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("body"), max_length=BODY_MAX_LENGTH)
    # The Markdown rendered and sanitised once, when it is written.
    body_html = models.TextField(_("body as HTML"), editable=False)
    score = models.IntegerField(_("score"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    hidden_reason = models.CharField(
        _("why it is hidden"), max_length=REASON_MAX_LENGTH, blank=True
    )
    # Soft deletion: the text stays for moderation history, the page shows
    # "deleted" in its place.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # An answer the host of the thread's live session posted as its recap.
    is_live_recap = models.BooleanField(_("live session recap"), default=False)

    class Meta:
        verbose_name = _("forum post")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=Q(is_opening=True),
                name="forum_one_opening_post_per_thread",
            ),
            models.CheckConstraint(
                condition=Q(is_opening=False) | Q(parent_post__isnull=True),
                name="forum_opening_post_replies_to_nothing",
            ),
        ]
        indexes = [models.Index(fields=["thread", "parent_post", "-score"])]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    @property
    def is_answer(self) -> bool:
        return not self.is_opening and self.parent_post_id is None

    @property
    def is_visible(self) -> bool:
        return not self.is_hidden and self.deleted_at is None


class PostRevision(models.Model):
    """What a post said before an edit (and the thread's title then)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post revision")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.post} before {self.created_at:%Y-%m-%d %H:%M}"


class Vote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_votes"
    )
    value = models.SmallIntegerField(
        validators=[MinValueValidator(-1), MaxValueValidator(1)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "voter"], name="forum_one_vote_per_member"
            ),
            models.CheckConstraint(
                condition=Q(value__in=[-1, 1]), name="forum_vote_up_or_down"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} on {self.post} by {self.voter}"


class Reputation(models.Model):
    """A member's forum reputation, kept by the services that earn it
    (votes on their posts, their answers accepted)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="forum_reputation",
    )
    points = models.IntegerField(default=0)
    accepted_answers = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("forum reputation")

    def __str__(self) -> str:
        return f"{self.user}: {self.points}"


class Subscription(models.Model):
    """Following a thread or a whole category: new answers are notified."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("forum subscription")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True) ^ Q(category__isnull=True),
                name="forum_subscription_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="forum_one_subscription_per_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_one_subscription_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.thread or self.category}"


class Notification(models.Model):
    """Something new for one member in a thread they follow; listed on
    their notifications page and emailed in batches."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("New answer")
        REPLY = "reply", _("New reply")
        ACCEPTED = "accepted", _("Your answer was accepted")
        NEW_THREAD = "new_thread", _("New thread in a category you follow")
        LIVE = "live", _("Answered live in a session")
        HIDDEN = "hidden", _("Staff hid your post")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_notifications",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="notifications"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("forum notification")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user"],
                condition=Q(read_at__isnull=True),
                name="forum_notification_unread",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="forum_notification_to_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}"


class Flag(models.Model):
    """A member's report of a post; staff resolve it in the moderation
    queue."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        RUDE = "rude", _("Rude or abusive")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("Post hidden")
        DISMISSED = "dismissed", _("Nothing wrong")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_flags",
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    details = models.TextField(max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("flag")
        ordering = ["created_at", "pk"]
        # Staff always moderate; a group holding this may too (with access
        # to the admin), without being staff.
        permissions = [("moderate", _("Can moderate the forum"))]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="forum_one_open_flag_per_reporter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.post}"


class Ban(models.Model):
    """A member barred from posting, voting and flagging, until a date or
    for good."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_ban"
    )
    reason = models.TextField(max_length=REASON_MAX_LENGTH)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("forum ban")

    def __str__(self) -> str:
        return f"{self.user} banned"

    def is_active(self, now=None) -> bool:
        return self.until is None or self.until > (now or timezone.now())
