"""Fixtures the forum's moderation tests share."""

import pytest

from forum.services.posting import answer
from forum.tests.factories import ThreadFactory
from sessions.tests.factories import MemberFactory


@pytest.fixture
def staff(db):
    return MemberFactory(is_staff=True, is_superuser=True, username="moderator")


@pytest.fixture
def reporter(db):
    return MemberFactory()


@pytest.fixture
def thread(db):
    return ThreadFactory()


@pytest.fixture
def spam_answer(thread):
    return answer(thread=thread, author=MemberFactory(), body="Buy cheap pills here")
