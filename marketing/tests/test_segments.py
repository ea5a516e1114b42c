from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import EXPERTS_GROUP_NAME
from core.models import Skill
from marketing.models import Campaign
from marketing.segments import list_segment_recipients
from marketing.tests.campaign_factories import campaign, newsletter_member, subscriber
from sessions.models import Booking
from sessions.tests.factories import (
    BookingFactory,
    CategoryFactory,
    MemberFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db


def emails(campaign_):
    return sorted(r.email for r in list_segment_recipients(campaign_))


def test_all_subscribers_are_members_who_want_it_and_confirmed_visitors():
    yes = newsletter_member(username="yes")
    newsletter_member(username="no", wants=False)
    MemberFactory(username="never-asked")  # the newsletter is opt-in
    newsletter_member(username="inactive", is_active=False)
    subscriber("visitor@example.org")
    subscriber("unconfirmed@example.org", confirmed=False)

    assert emails(campaign()) == sorted([yes.email, "visitor@example.org"])


def test_an_address_counts_once_whatever_its_case():
    member = newsletter_member(username="ada", email="Ada@Example.com")
    subscriber("ada@example.com")
    subscriber("GRACE@example.org")

    recipients = list_segment_recipients(campaign())

    assert [(r.email, r.user_id) for r in recipients] == [
        ("Ada@Example.com", member.pk),
        ("GRACE@example.org", None),
    ]


def test_a_members_no_wins_over_an_old_subscription_of_their_address():
    newsletter_member(username="ada", email="ada@example.com", wants=False)
    subscriber("ADA@example.com")

    assert emails(campaign()) == []


def test_skill_segment_is_members_with_the_skill_or_interest_who_want_it():
    sql = Skill.objects.create(name="SQL", slug="sql")
    knows = newsletter_member(username="knows")
    knows.profile.skills.add(sql)
    learns = newsletter_member(username="learns")
    learns.profile.interests.add(sql)
    both = newsletter_member(username="both")
    both.profile.skills.add(sql)
    both.profile.interests.add(sql)
    newsletter_member(username="other").profile.skills.add("Design")
    refuses = newsletter_member(username="refuses", wants=False)
    refuses.profile.skills.add(sql)
    subscriber("visitor@example.org")

    chosen = campaign(segment=Campaign.Segment.SKILL, segment_skill=sql)

    assert emails(chosen) == sorted([knows.email, learns.email, both.email])


def test_experts_segment_is_the_experts_group_with_consent():
    group, _ = Group.objects.get_or_create(name=EXPERTS_GROUP_NAME)
    expert = newsletter_member(username="expert")
    expert.groups.add(group)
    newsletter_member(username="expert-no", wants=False).groups.add(group)
    newsletter_member(username="member")
    subscriber("visitor@example.org")

    assert emails(campaign(segment=Campaign.Segment.EXPERTS)) == [expert.email]


def test_attended_segment_is_confirmed_places_in_past_sessions_of_the_category():
    data = CategoryFactory(name="Data")
    design = CategoryFactory(name="Design")
    past = timezone.now() - timedelta(days=3)
    ended = SessionPageFactory(
        category=data, starts_at=past, ends_at=past + timedelta(hours=2)
    )
    upcoming = SessionPageFactory(category=data)
    other = SessionPageFactory(
        category=design, starts_at=past, ends_at=past + timedelta(hours=2)
    )
    came = newsletter_member(username="came")
    BookingFactory(session=ended, member=came, status=Booking.Status.ATTENDED)
    confirmed = newsletter_member(username="confirmed")
    BookingFactory(session=ended, member=confirmed)
    for name, session, status in [
        ("cancelled", ended, Booking.Status.CANCELLED),
        ("waitlisted", ended, Booking.Status.WAITLISTED),
        ("future", upcoming, Booking.Status.CONFIRMED),
        ("elsewhere", other, Booking.Status.CONFIRMED),
    ]:
        BookingFactory(
            session=session, member=newsletter_member(username=name), status=status
        )
    BookingFactory(session=ended, member=newsletter_member(username="no", wants=False))

    chosen = campaign(segment=Campaign.Segment.ATTENDED, segment_category=data)

    assert emails(chosen) == sorted([came.email, confirmed.email])


def test_a_segment_that_lost_its_skill_reaches_nobody():
    sql = Skill.objects.create(name="SQL", slug="sql")
    newsletter_member().profile.skills.add(sql)
    chosen = campaign(segment=Campaign.Segment.SKILL, segment_skill=sql)
    sql.delete()
    chosen.refresh_from_db()

    assert emails(chosen) == []
