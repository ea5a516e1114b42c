"""Mentorship factories.

mentorship = MentorshipFactory(mentor=page.expert)  # a waiting request
"""

import factory
from factory.django import DjangoModelFactory

from experts.tests.factories import GroupExpertFactory
from mentorship.models import Mentorship
from sessions.tests.factories import MemberFactory


class MentorshipFactory(DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(GroupExpertFactory)
    mentee = factory.SubFactory(MemberFactory)
    goals = "Get from spreadsheets to SQL in three months."
    status = Mentorship.Status.REQUESTED
