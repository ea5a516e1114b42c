"""Fixtures the tracking tests share."""

import pytest

from progress.tests.factories_tracking import skill
from sessions.tests.factories import MemberFactory


@pytest.fixture
def member(client):
    """A member, signed in on `client`."""
    user = MemberFactory()
    client.force_login(user)
    return user


@pytest.fixture
def sql(db):
    return skill("SQL")
