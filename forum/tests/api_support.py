"""What the forum API tests share: clients, JSON requests, members past
the new-member limits, and a question with answers, replies and votes."""

from dataclasses import dataclass
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from accounts.models import User
from forum.models import Post, Thread
from forum.services.posting import answer, reply
from forum.services.voting import vote
from forum.tests.factories import ForumCategoryFactory, ThreadFactory
from sessions.tests.factories import MemberFactory

THREADS = "/api/v1/forum/threads/"
POSTS = "/api/v1/forum/posts/"


def regular_member(**kwargs) -> User:
    """A verified member past the new-member limits."""
    return MemberFactory(date_joined=timezone.now() - timedelta(days=30), **kwargs)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def send(client: Client, method: str, url: str, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


def thread_url(thread: Thread) -> str:
    return f"{THREADS}{thread.pk}/"


def post_url(post: Post, action: str = "") -> str:
    return f"{POSTS}{post.pk}/{action + '/' if action else ''}"


@dataclass
class Question:
    thread: Thread
    asker: User
    answerer: User
    answer: Post
    reply: Post


def a_question(**thread_kwargs) -> Question:
    """A question in "Databases" with an answer and a reply under it."""
    asker, answerer = regular_member(), regular_member()
    thread = ThreadFactory(
        author=asker,
        title="How do I index a big table?",
        category=ForumCategoryFactory(name="Databases", slug="databases"),
        **thread_kwargs,
    )
    an_answer = answer(thread=thread, author=answerer, body="Add an **index**.")
    a_reply = reply(parent=an_answer, author=asker, body="Thanks!")
    return Question(thread, asker, answerer, an_answer, a_reply)


def add_answers(thread: Thread, count: int) -> list[Post]:
    """`count` answers by different members, each with a reply and a vote."""
    posts = []
    for _ in range(count):
        post = answer(thread=thread, author=regular_member(), body="Try this.")
        reply(parent=post, author=regular_member(), body="Worked.")
        vote(post=post, voter=regular_member(), value=1)
        posts.append(post)
    return posts
