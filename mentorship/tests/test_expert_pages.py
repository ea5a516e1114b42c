"""Expert pages and the directory count active mentorships (through
experts.mentee_count) to say whether a place is left."""

import pytest

from experts import errors as expert_errors
from experts.tests.factories import ExpertPageFactory, GroupExpertFactory
from experts.tests.test_directory import expert, get, names
from mentorship.models import Mentorship
from mentorship.tests.factories import MentorshipFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


def test_directory_accepting_filter_leaves_out_full_experts(client):
    expert("Open")
    expert("Closed", accepts_mentees=False)
    full = expert("Full", mentee_capacity=1)
    MentorshipFactory(mentor=full.expert, status=Status.ACTIVE)
    # A paused mentorship or a waiting request takes no place.
    open_page = expert("Open with others", mentee_capacity=1)
    MentorshipFactory(mentor=open_page.expert, status=Status.PAUSED)
    MentorshipFactory(mentor=open_page.expert, status=Status.REQUESTED)
    assert names(get(client, "?accepting=on&sort=name")) == [
        "Open",
        "Open with others",
    ]


def test_full_expert_page_explains_and_offers_no_request(client):
    page = ExpertPageFactory(expert=GroupExpertFactory(), mentee_capacity=2)
    MentorshipFactory.create_batch(2, mentor=page.expert, status=Status.ACTIVE)
    html = client.get(page.url).text
    assert "Request mentorship" not in html
    assert str(expert_errors.MENTEES_FULL) in html


def test_expert_page_counts_places_left(client):
    page = ExpertPageFactory(expert=GroupExpertFactory(), mentee_capacity=3)
    MentorshipFactory(mentor=page.expert, status=Status.ACTIVE)
    MentorshipFactory(mentor=page.expert, status=Status.COMPLETED)
    assert "2 places left" in client.get(page.url).text
