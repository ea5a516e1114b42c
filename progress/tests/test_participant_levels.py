"""Experts see their participants' levels in aggregate only
(progress.participant_levels and its dashboard panel)."""

import pytest

from core.models import Skill
from experts.tests.factories import GroupExpertFactory
from progress.participant_levels import MIN_GROUP, list_participant_levels
from progress.services.levels import rate_myself
from sessions.models import Booking
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return GroupExpertFactory()


def participants(host, count, *, skill="SQL", status=Booking.Status.CONFIRMED):
    session = SessionPageFactory(host=host, skills=[skill])
    members = MemberFactory.create_batch(count)
    for member in members:
        BookingFactory(session=session, member=member, status=status)
    return members


def test_counts_members_by_their_latest_level(host):
    members = participants(host, MIN_GROUP)
    sql = Skill.objects.get(name="SQL")
    rate_myself(member=members[0], skill=sql, level=1)
    rate_myself(member=members[0], skill=sql, level=3)  # the latest counts
    rate_myself(member=members[1], skill=sql, level=3)
    rate_myself(member=members[2], skill=sql, level=5)

    [row] = list_participant_levels(host)

    assert row.skill == sql
    assert row.counts == [0, 0, 2, 0, 1]
    assert row.total == MIN_GROUP


def test_a_small_group_is_left_out(host):
    members = participants(host, MIN_GROUP - 1)
    sql = Skill.objects.get(name="SQL")
    for member in members:
        rate_myself(member=member, skill=sql, level=2)
    assert list_participant_levels(host) == []


def test_only_the_hosts_participants_and_skills_count(host):
    members = participants(host, MIN_GROUP, status=Booking.Status.CANCELLED)
    others = participants(GroupExpertFactory(), MIN_GROUP)
    sql = Skill.objects.get(name="SQL")
    python = Skill.objects.create(name="Python", slug="python")
    for member in members + others:
        rate_myself(member=member, skill=sql, level=2)
    for member in participants(host, MIN_GROUP):
        rate_myself(member=member, skill=python, level=4)
    assert list_participant_levels(host) == []


def test_the_dashboard_panel_shows_counts_not_names(client, host):
    members = participants(host, MIN_GROUP)
    sql = Skill.objects.get(name="SQL")
    for member in members:
        rate_myself(member=member, skill=sql, level=4)
    client.force_login(host)
    html = client.get("/admin/").text
    assert (
        "Your participants' levels" in html or "Your participants&#x27; levels" in html
    )
    assert '<th scope="row">SQL</th>' in html
    assert not any(str(member) in html for member in members)
