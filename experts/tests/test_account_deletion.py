"""A session review whose author deleted their account, on the expert's
page: kept, shown as by a deleted member."""

from datetime import timedelta
from html import unescape

import pytest
import time_machine

from accounts.services import delete_account
from experts.tests.factories import ExpertPageFactory
from sessions.models import Booking
from sessions.services.reviews import leave_review
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


def reviewed(session, rating):
    member = MemberFactory()
    BookingFactory(session=session, member=member, status=Booking.Status.ATTENDED)
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        leave_review(session=session, author=member, rating=rating)
    return member


def test_the_expert_page_shows_the_review_as_by_a_deleted_member(client):
    expert_page = ExpertPageFactory()
    session = SessionPageFactory(host=expert_page.expert)
    critic = reviewed(session, 3)

    delete_account(user=critic, by=None)

    page = unescape(client.get(expert_page.url).content.decode())
    assert "Deleted member" in page
    assert critic.name not in page
