"""What the forum part of /api/v1/ reads and answers (the views are in
forum/api.py). Input serializers check shapes and the limits the forms
check, with the forum's messages; the rules are the services'.

Posts are shown as the thread page shows them: a post deleted by its
author, or hidden by staff from everyone but staff, keeps its place (its
replies hang under it) but comes without its text or its author."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Skill
from forum import errors
from forum.forms import UNKNOWN_SKILLS
from forum.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Category, Post, Thread
from forum.selectors import ThreadPosts
from forum.services.posting import MAX_SKILLS, TITLE_MIN_LENGTH
from sessions.api import NamedSlugSerializer

POST_KINDS = [("question", "Question"), ("answer", "Answer"), ("reply", "Reply")]
VISIBLE, HIDDEN, DELETED = "visible", "hidden", "deleted"
STATES = [
    (VISIBLE, "Visible"),
    (HIDDEN, "Hidden by staff"),
    (DELETED, "Deleted by its author"),
]
VOTES = [(1, "Up"), (-1, "Down"), (0, "None")]


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


# --- People ----------------------------------------------------------------------


class ForumPersonSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField(help_text="As the forum shows it.")

    class Meta:
        ref_name = "ForumPerson"


class ForumAuthorSerializer(ForumPersonSerializer):
    reputation = serializers.IntegerField(help_text="Forum reputation points.")
    is_expert = serializers.BooleanField(help_text="Has a public expert page.")

    class Meta:
        ref_name = "ForumAuthor"


def person(user) -> dict | None:
    """None for a former member (the account is gone, the posts stay)."""
    if user is None:
        return None
    return {"username": user.username, "name": str(user)}


# --- Categories ------------------------------------------------------------------


class CategorySerializer(serializers.Serializer):
    """A category as /forum/ lists it (counts of visible threads only)."""

    name = serializers.CharField()
    slug = serializers.SlugField(help_text="Filter threads with ?category=.")
    description = serializers.CharField()
    url = serializers.SerializerMethodField()
    thread_count = serializers.IntegerField()
    answer_total = serializers.IntegerField()
    latest_activity = serializers.DateTimeField(
        allow_null=True, help_text="null: no threads yet."
    )

    class Meta:
        ref_name = "ForumCategory"

    def get_url(self, category: Category) -> str:
        return _absolute(self.context.get("request"), category.get_absolute_url())


# --- Posts -----------------------------------------------------------------------


class PostSerializer(serializers.Serializer):
    """A question, an answer or a reply, as the thread page shows it to
    you."""

    # Context: "request" (the viewer), "posts" (the page's ThreadPosts:
    # votes, reputation, experts) and "thread" (the post's).

    id = serializers.IntegerField()
    thread_id = serializers.IntegerField()
    kind = serializers.SerializerMethodField()
    parent_post_id = serializers.IntegerField(
        allow_null=True,
        help_text="A reply: the question or answer it hangs under; else null.",
    )
    state = serializers.SerializerMethodField(
        help_text="`deleted` by its author or `hidden` by staff: its text and "
        "author are left out (staff still read a hidden post's text)."
    )
    author = serializers.SerializerMethodField(
        help_text="null for a former member, or where the text is left out."
    )
    body = serializers.SerializerMethodField(
        help_text="The Markdown as written, for editing: to its author only "
        "(null for everyone else)."
    )
    body_html = serializers.SerializerMethodField(
        help_text="The Markdown rendered and sanitised, as the thread page "
        "shows it; null where the page shows a placeholder."
    )
    score = serializers.IntegerField()
    my_vote = serializers.SerializerMethodField(
        help_text="Your vote on it: 1 up, -1 down, 0 none (or signed out)."
    )
    is_accepted = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ForumPost"

    def _viewer(self):
        return self.context["request"].user

    def _people(self) -> ThreadPosts:
        return self.context["posts"]

    def _shown(self, post: Post) -> bool:
        return self.get_state(post) == VISIBLE or (
            post.deleted_at is None and self._viewer().is_staff
        )

    @extend_schema_field(serializers.ChoiceField(choices=POST_KINDS))
    def get_kind(self, post: Post) -> str:
        if post.is_opening:
            return "question"
        return "answer" if post.parent_post_id is None else "reply"

    @extend_schema_field(serializers.ChoiceField(choices=STATES))
    def get_state(self, post: Post) -> str:
        if post.deleted_at is not None:
            return DELETED
        return HIDDEN if post.is_hidden else VISIBLE

    @extend_schema_field(ForumAuthorSerializer(allow_null=True))
    def get_author(self, post: Post) -> dict | None:
        if not self._shown(post) or post.author is None:
            return None
        people = self._people()
        return {
            **person(post.author),
            "reputation": people.reputation.get(post.author_id, 0),
            "is_expert": post.author_id in people.experts,
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_body(self, post: Post) -> str | None:
        mine = post.author_id is not None and post.author_id == self._viewer().pk
        return post.body if mine and self._shown(post) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_body_html(self, post: Post) -> str | None:
        # Sanitised when written (accounts.markdown.render_markdown).
        return post.body_html if self._shown(post) else None

    @extend_schema_field(serializers.ChoiceField(choices=VOTES))
    def get_my_vote(self, post: Post) -> int:
        return self._people().my_votes.get(post.pk, 0)

    def get_is_accepted(self, post: Post) -> bool:
        return post.pk == self.context["thread"].accepted_answer_id


class ThreadPostSerializer(PostSerializer):
    """The question or an answer, with the replies under it."""

    replies = serializers.SerializerMethodField(help_text="Oldest first.")

    class Meta:
        ref_name = "ForumThreadPost"

    @extend_schema_field(PostSerializer(many=True))
    def get_replies(self, post: Post) -> list[dict]:
        return PostSerializer(post.reply_list, many=True, context=self.context).data


# --- Threads ---------------------------------------------------------------------


class ThreadSerializer(serializers.Serializer):
    """A thread as a category's listing shows it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Its page.")
    kind = serializers.ChoiceField(choices=Thread.Kind.choices)
    category = NamedSlugSerializer()
    author = serializers.SerializerMethodField(help_text="null: a former member.")
    skills = serializers.SerializerMethodField()
    score = serializers.IntegerField(help_text="The question's votes.")
    answer_count = serializers.IntegerField(
        help_text="Visible answers (a discussion's replies)."
    )
    view_count = serializers.IntegerField()
    is_solved = serializers.BooleanField(help_text="An answer is accepted.")
    is_locked = serializers.BooleanField(help_text="It takes no posts or votes.")
    created_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ForumThread"

    def get_url(self, thread: Thread) -> str:
        return _absolute(self.context.get("request"), thread.get_absolute_url())

    @extend_schema_field(ForumPersonSerializer(allow_null=True))
    def get_author(self, thread: Thread) -> dict | None:
        return person(thread.author)

    @extend_schema_field(NamedSlugSerializer(many=True))
    def get_skills(self, thread: Thread) -> list[dict[str, str]]:
        # .all() reads the listing's prefetch.
        return [{"name": s.name, "slug": s.slug} for s in thread.skills.all()]


class ThreadDetailSerializer(ThreadSerializer):
    """A thread as its page shows it, with its posts."""

    # Context: PostSerializer's, plus "following" and "can_accept".

    state = serializers.SerializerMethodField(
        help_text="Staff also read threads hidden by staff or deleted by "
        "their author; everyone else gets a 404 for them."
    )
    accepted_answer_id = serializers.IntegerField(allow_null=True)
    following = serializers.SerializerMethodField(
        help_text="You follow it: new answers are notified."
    )
    can_accept = serializers.SerializerMethodField(
        help_text="You may accept an answer (you asked, or you are staff)."
    )
    question = serializers.SerializerMethodField(help_text="The opening post.")
    answers = serializers.SerializerMethodField(
        help_text="The accepted answer first, then by votes; deleted and "
        "hidden ones last, as placeholders."
    )

    class Meta:
        ref_name = "ForumThreadDetail"

    @extend_schema_field(serializers.ChoiceField(choices=STATES))
    def get_state(self, thread: Thread) -> str:
        if thread.deleted_at is not None:
            return DELETED
        return HIDDEN if thread.is_hidden else VISIBLE

    def get_following(self, thread: Thread) -> bool:
        return self.context["following"]

    def get_can_accept(self, thread: Thread) -> bool:
        return self.context["can_accept"]

    @extend_schema_field(ThreadPostSerializer(allow_null=True))
    def get_question(self, thread: Thread) -> dict | None:
        opening = self.context["posts"].opening
        if opening is None:
            return None
        return ThreadPostSerializer(opening, context=self.context).data

    @extend_schema_field(ThreadPostSerializer(many=True))
    def get_answers(self, thread: Thread) -> list[dict]:
        answers = self.context["posts"].answers
        return ThreadPostSerializer(answers, many=True, context=self.context).data


# --- Input -----------------------------------------------------------------------


def body_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=BODY_MAX_LENGTH,
        help_text="Markdown, as on the site's forms; HTML in it is shown as typed.",
        error_messages={
            "required": errors.BODY_EMPTY,
            "blank": errors.BODY_EMPTY,
            "max_length": errors.BODY_TOO_LONG % {"max": f"{BODY_MAX_LENGTH:,}"},
        },
        **kwargs,
    )


TITLE_MESSAGES = {
    "min_length": errors.TITLE_TOO_SHORT % {"min": TITLE_MIN_LENGTH},
    "max_length": errors.TITLE_TOO_LONG % {"max": TITLE_MAX_LENGTH},
}


class ThreadCreateSerializer(serializers.Serializer):
    category = serializers.SlugField(
        max_length=80, help_text="A category's slug (/api/v1/forum/categories/)."
    )
    kind = serializers.ChoiceField(
        choices=Thread.Kind.choices,
        default=Thread.Kind.QUESTION,
        help_text="A question wants an answer (and may accept one); a "
        "discussion wants opinions.",
    )
    title = serializers.CharField(
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": TITLE_MESSAGES["min_length"],
            "blank": TITLE_MESSAGES["min_length"],
            **TITLE_MESSAGES,
        },
    )
    body = body_field()
    skills = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        max_length=MAX_SKILLS,
        default=list,
        help_text="Skill slugs from the site's vocabulary (as ?tag= takes them).",
        error_messages={"max_length": errors.TOO_MANY_SKILLS % {"max": MAX_SKILLS}},
    )

    class Meta:
        ref_name = "ForumThreadCreateInput"

    def validate_category(self, slug: str) -> Category:
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            raise serializers.ValidationError(errors.UNKNOWN_CATEGORY)
        return category

    def validate_skills(self, slugs: list[str]) -> list[Skill]:
        slugs = list(dict.fromkeys(slugs))
        found = Skill.objects.in_bulk(slugs, field_name="slug")
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise serializers.ValidationError(
                UNKNOWN_SKILLS % {"names": ", ".join(missing)}
            )
        return [found[slug] for slug in slugs]


class PostCreateSerializer(serializers.Serializer):
    body = body_field()

    class Meta:
        ref_name = "ForumPostInput"


class PostEditSerializer(serializers.Serializer):
    body = body_field()
    title = serializers.CharField(
        max_length=TITLE_MAX_LENGTH,
        allow_blank=True,
        default="",
        help_text="The question's new title (its post only); empty keeps it.",
        error_messages=TITLE_MESSAGES,
    )

    class Meta:
        ref_name = "ForumPostEditInput"


class VoteSerializer(serializers.Serializer):
    value = serializers.ChoiceField(
        choices=VOTES,
        help_text="1 up, -1 down, 0 takes your vote back.",
        error_messages={
            "invalid_choice": errors.BAD_VOTE,
            "required": errors.BAD_VOTE,
            "null": errors.BAD_VOTE,
        },
    )

    class Meta:
        ref_name = "ForumVoteInput"


# --- Answers to actions ----------------------------------------------------------


class VoteResultSerializer(serializers.Serializer):
    post_id = serializers.IntegerField()
    score = serializers.IntegerField(help_text="The post's score now.")
    my_vote = serializers.ChoiceField(choices=VOTES)

    class Meta:
        ref_name = "ForumVoteResult"


class AcceptedAnswerSerializer(serializers.Serializer):
    thread_id = serializers.IntegerField(source="pk")
    accepted_answer_id = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "ForumAcceptedAnswer"


class FollowingSerializer(serializers.Serializer):
    thread_id = serializers.IntegerField()
    following = serializers.BooleanField()

    class Meta:
        ref_name = "ForumFollowing"
