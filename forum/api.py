"""The forum part of /api/v1/: categories, threads (list, read, ask), and
what members do in a thread: answer, reply, edit and delete their own
posts, vote, accept an answer, follow. The same services, rules and reads
as the /forum/ pages; JSON in and out, session authentication with CSRF.
Reading is open to everyone; everything else needs signing in.

What a visitor cannot see on the pages they cannot see here: a thread
hidden by staff or deleted by its author is a 404 (staff read it, marked),
and a hidden or deleted post is a placeholder without text or author
(forum/api_serializers.py).

Error bodies (besides DRF's `{"detail": ...}`, see core/api_errors.py):

- 400 `{"errors": {field: [message, ...]}}`: a field or filter is invalid
  (empty, too long, an unknown category or skill); nothing was stored.
- 404 `{"error": message}`: no such thread or post you may see; editing or
  deleting someone else's post is a 404 too, as on the pages.
- 409 `{"error": message}`: a forum rule refused the action (the
  `forum.errors` message: email not verified, banned, the thread is locked,
  your own post, not your question, ...); nothing was changed.
- 429 `{"error": message}`: posting or voting too fast (the limits new
  members have too); wait and try again.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import (
    AllowAny,
    IsAuthenticated,
    IsAuthenticatedOrReadOnly,
)
from rest_framework.response import Response

from core.api import (
    ApiPagination,
    JsonApi,
    error_response,
    filter_parameter,
    invalid,
)
from core.api_errors import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    TOO_MANY_REQUESTS,
    UNSUPPORTED_MEDIA_TYPE,
)
from forum import errors
from forum.api_serializers import (
    AcceptedAnswerSerializer,
    CategorySerializer,
    FollowingSerializer,
    PostCreateSerializer,
    PostEditSerializer,
    PostSerializer,
    ThreadCreateSerializer,
    ThreadDetailSerializer,
    ThreadSerializer,
    VoteResultSerializer,
    VoteSerializer,
)
from forum.errors import ForumError
from forum.filters import SHOW_CHOICES, SORT_CHOICES, ApiThreadFilter
from forum.models import Post, Thread
from forum.notification_selectors import is_following
from forum.rules import NEW_MEMBER_POSTS_PER_HOUR, may_accept_answers
from forum.selectors import (
    get_post,
    get_post_people,
    get_thread,
    get_thread_posts,
    list_categories,
    list_thread_rows,
    list_visible_threads,
)
from forum.services import following, posting, voting


def _rate_limits() -> set[str]:
    return {
        str(errors.TOO_FAST),
        str(errors.VOTING_TOO_FAST),
        str(errors.NEW_MEMBER_LIMIT % {"count": NEW_MEMBER_POSTS_PER_HOUR}),
    }


def forum_error_response(error: ForumError) -> Response:
    """A refusal: next to its field (400), nothing to act on (404), too
    fast (429) or refused by a rule (409)."""
    field = posting.error_field(error.message)
    if field is not None:
        return invalid({field: [error.message]})
    message = str(error.message)
    if message in (str(errors.NOT_FOUND), str(errors.NOT_YOUR_POST)):
        return error_response(error.message, 404)
    if message in _rate_limits():
        return error_response(error.message, 429)
    return error_response(error.message, 409)


class ForumApi(JsonApi):
    """Lookups and services refuse with a ForumError, input with a
    ValidationError (JsonApi); either becomes its JSON answer here, so the
    views read straight through."""

    def handle_exception(self, exc):
        if isinstance(exc, ForumError):
            return forum_error_response(exc)
        return super().handle_exception(exc)


def _input(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _visible_thread(request, thread_id: int) -> Thread:
    """The thread, if the caller may read it (staff read hidden ones)."""
    thread = get_thread(thread_id, request.user)
    if thread is None:
        raise ForumError(errors.NOT_FOUND)
    return thread


def _visible_post(post_id: int) -> Post:
    """A post in a thread anyone may read (deleted and hidden posts too:
    the services say what may be done to them)."""
    post = get_post(post_id)
    if post is None:
        raise ForumError(errors.NOT_FOUND)
    return post


def _own_post(request, post_id: int) -> Post:
    """The edit and delete pages' lookup: someone else's post is a 404."""
    post = _visible_post(post_id)
    if post.author_id != request.user.pk:
        raise ForumError(errors.NOT_YOUR_POST)
    return post


def action_responses(
    serializer, status: int, *, body: bool = True, limited: bool = False
) -> dict:
    """What a write answers: `body`, it reads JSON; `limited`, it counts
    against the posting or voting limits."""
    responses = {
        status: serializer,
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
        409: CONFLICT,
    }
    if limited:
        responses[429] = TOO_MANY_REQUESTS
    if body:
        responses[415] = UNSUPPORTED_MEDIA_TYPE
    return responses


def on_and_off(name: str, serializer):
    """The schema of a POST that turns something on and a DELETE that turns
    it off again, both answering `serializer`."""
    responses = action_responses(serializer, 200, body=False)
    return extend_schema_view(
        post=extend_schema(
            operation_id=f"forum_{name}", request=None, responses=responses
        ),
        delete=extend_schema(
            operation_id=f"forum_{name.replace('_', '_un', 1)}",
            request=None,
            responses=responses,
        ),
    )


def _thread_data(request, thread: Thread) -> dict:
    context = {
        "request": request,
        "thread": thread,
        "posts": get_thread_posts(thread, request.user),
        "following": is_following(request.user, thread=thread),
        "can_accept": thread.is_question and may_accept_answers(request.user, thread),
    }
    return ThreadDetailSerializer(thread, context=context).data


def _post_data(request, post: Post) -> dict:
    context = {
        "request": request,
        "thread": post.thread,
        "posts": get_post_people(post, request.user),
    }
    return PostSerializer(post, context=context).data


# --- Categories ----------------------------------------------------------------------


class CategoryListApi(ForumApi):
    permission_classes = [AllowAny]
    pagination_class = ApiPagination

    @extend_schema(
        operation_id="forum_categories_list",
        responses={
            200: CategorySerializer(many=True),
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def get(self, request):
        """The forum's categories in the order /forum/ shows them, with
        their visible threads' count, answers and latest activity."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(list_categories(), request, view=self)
        data = CategorySerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(data.data)


# --- Threads -------------------------------------------------------------------------

THREAD_FILTERS = [
    filter_parameter("category", str, description="Category slug."),
    filter_parameter(
        "show",
        str,
        enum=[value for value, _label in SHOW_CHOICES],
        description="`unanswered`: no answers yet; `unsolved`: questions "
        "without an accepted answer.",
    ),
    filter_parameter("tag", str, description="Skill slug (or name)."),
    filter_parameter(
        "sort",
        str,
        enum=[value for value, _label in SORT_CHOICES],
        description="`active` (the default): latest activity first; "
        "`newest`; `votes`: most voted first.",
    ),
]


class ThreadListApi(ForumApi):
    permission_classes = [AllowAny]
    pagination_class = ApiPagination

    @extend_schema(
        operation_id="forum_threads_list",
        parameters=THREAD_FILTERS,
        responses={
            200: ThreadSerializer(many=True),
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def get(self, request):
        """Visible threads of every category, or of one, filtered and sorted
        as on a category's page. Invalid filters → 400."""
        threads = ApiThreadFilter(request.query_params, list_thread_rows())
        if not threads.is_valid():
            return invalid(threads.errors)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(threads.qs, request, view=self)
        data = ThreadSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(data.data)


class ThreadCreateApi(ForumApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="forum_threads_create",
        request=ThreadCreateSerializer,
        responses=action_responses(ThreadDetailSerializer, 201, limited=True),
    )
    def post(self, request):
        """Ask a question or open a discussion (201 with the thread); you
        follow it. 409 refused (email not verified, banned); 429 posting
        too fast."""
        fields = _input(ThreadCreateSerializer, request)
        thread = posting.ask(author=request.user, **fields)
        thread = _visible_thread(request, thread.pk)
        return Response(_thread_data(request, thread), status=201)


class ThreadCollectionApi(ThreadListApi, ThreadCreateApi):
    """/api/v1/forum/threads/: GET lists (anyone), POST asks (members)."""

    permission_classes = [IsAuthenticatedOrReadOnly]


class ThreadDetailApi(ForumApi):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="forum_threads_retrieve",
        responses={200: ThreadDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request, thread_id: int):
        """A thread as its page shows it: the question, the accepted answer
        first, then answers by votes, each with its replies. Reading here
        is not counted as a page view."""
        thread = _visible_thread(request, thread_id)
        return Response(_thread_data(request, thread))


class AnswerCreateApi(ForumApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="forum_threads_answer",
        request=PostCreateSerializer,
        responses=action_responses(PostSerializer, 201, limited=True),
    )
    def post(self, request, thread_id: int):
        """Answer a question, or join a discussion (201 with the post); you
        then follow the thread. 409 refused (locked, email not verified,
        banned); 429 posting too fast."""
        thread = _visible_thread(request, thread_id)
        body = _input(PostCreateSerializer, request)["body"]
        post = posting.answer(thread=thread, author=request.user, body=body)
        return Response(_post_data(request, post), status=201)


@on_and_off("threads_follow", FollowingSerializer)
class ThreadFollowApi(ForumApi):
    """POST: follow a thread (new answers and replies are notified; again
    changes nothing). DELETE: stop following it."""

    permission_classes = [IsAuthenticated]

    def _follow(self, request, thread_id: int, follow: bool) -> Response:
        thread = list_visible_threads().filter(pk=thread_id).first()
        if thread is None:
            raise ForumError(errors.NOT_FOUND)
        action = following.follow_thread if follow else following.unfollow_thread
        action(user=request.user, thread=thread)
        return Response({"thread_id": thread.pk, "following": follow})

    def post(self, request, thread_id: int):
        return self._follow(request, thread_id, follow=True)

    def delete(self, request, thread_id: int):
        return self._follow(request, thread_id, follow=False)


# --- Posts ---------------------------------------------------------------------------


@extend_schema_view(
    put=extend_schema(
        operation_id="forum_posts_update",
        request=PostEditSerializer,
        responses=action_responses(PostSerializer, 200),
    ),
    delete=extend_schema(
        operation_id="forum_posts_destroy",
        request=None,
        responses=action_responses(None, 204, body=False),
    ),
)
class PostDetailApi(ForumApi):
    """PUT: edit your post (and, on your question, its title); what it said
    before is kept for moderators. DELETE: delete your post (204); its
    place shows it was deleted. 409 refused: locked, hidden by staff,
    already deleted, an accepted answer, a question with answers. Someone
    else's post is a 404."""

    permission_classes = [IsAuthenticated]

    def put(self, request, post_id: int):
        post = _own_post(request, post_id)
        fields = _input(PostEditSerializer, request)
        post = posting.edit_post(post=post, editor=request.user, **fields)
        return Response(_post_data(request, post))

    def delete(self, request, post_id: int):
        post = _own_post(request, post_id)
        posting.delete_post(post=post, user=request.user)
        return Response(status=204)


class ReplyCreateApi(ForumApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="forum_posts_reply",
        request=PostCreateSerializer,
        responses=action_responses(PostSerializer, 201, limited=True),
    )
    def post(self, request, post_id: int):
        """Reply under the question or an answer (201 with the reply); a
        reply to a reply goes under the same post. 409 refused (locked,
        the post is deleted or hidden, email not verified, banned); 429
        posting too fast."""
        parent = _visible_post(post_id)
        body = _input(PostCreateSerializer, request)["body"]
        post = posting.reply(parent=parent, author=request.user, body=body)
        return Response(_post_data(request, post), status=201)


class VoteApi(ForumApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="forum_posts_vote",
        request=VoteSerializer,
        responses=action_responses(VoteResultSerializer, 200, limited=True),
    )
    def post(self, request, post_id: int):
        """Vote a question or an answer up (1) or down (-1), or take your
        vote back (0); voting again changes your one vote. Answers with the
        post's score now. 409 refused (your own post, a reply, locked,
        email not verified, banned); 429 voting too fast."""
        post = _visible_post(post_id)
        value = _input(VoteSerializer, request)["value"]
        post = voting.vote(post=post, voter=request.user, value=value)
        return Response({"post_id": post.pk, "score": post.score, "my_vote": value})


@on_and_off("posts_accept", AcceptedAnswerSerializer)
class AcceptApi(ForumApi):
    """POST: the asker (or staff) accepts this answer; accepting another
    moves the mark. DELETE: this answer is no longer accepted (another
    accepted one keeps its mark). 409 refused: not your question, not an
    answer, a discussion."""

    permission_classes = [IsAuthenticated]

    def post(self, request, post_id: int):
        post = _visible_post(post_id)
        thread = voting.accept_answer(answer=post, user=request.user)
        return Response(AcceptedAnswerSerializer(thread).data)

    def delete(self, request, post_id: int):
        post = _visible_post(post_id)
        thread = voting.unaccept_answer(
            thread=post.thread, user=request.user, answer=post
        )
        return Response(AcceptedAnswerSerializer(thread).data)
