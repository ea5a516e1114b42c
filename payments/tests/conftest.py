import pytest

from accounts.tests.factories import UserFactory


@pytest.fixture
def member(client):
    """A signed-in member."""
    member = UserFactory()
    client.force_login(member)
    return member
