"""The campaign admin's routes answer hostile input with a 4xx or a form
error, never a 5xx, for every role; tests/test_hostile_input.py walks the
whole site the same way, but its world has no campaign for these routes to
find."""

import itertools

import pytest

from core.models import Skill
from marketing.models import Campaign
from marketing.tests.campaign_factories import campaign, newsletter_member, subscriber
from sessions.models import Category
from tests.hostile.prober import Prober
from tests.hostile.routes import all_routes
from tests.hostile.world import ROLES, build_world
from tests.test_hostile_input import hostile_path_urls, hostile_posts, query_urls

pytestmark = pytest.mark.django_db

PREFIX = "admin/campaigns/"


@pytest.fixture
def world():
    world = build_world()
    newsletter_member(username="hostile-reader")
    subscriber("hostile-visitor@example.org")
    skill = Skill.objects.create(name="Hostile SQL", slug="hostile-sql")
    drafts = [
        campaign(segment=Campaign.Segment.SKILL, segment_skill=skill),
        campaign(
            segment=Campaign.Segment.ATTENDED, segment_category=Category.objects.first()
        ),
        campaign(subject="<b>Bold</b> & \u202e"),
    ]
    return world, drafts


def campaign_routes():
    routes = [route for route in all_routes() if route.regex.startswith(PREFIX)]
    assert len(routes) >= 10  # the viewset's own and the campaign pages
    return routes


@pytest.mark.parametrize("role", ROLES)
def test_campaign_routes_never_answer_5xx(world, role):
    world, drafts = world
    prober = Prober(world.user(role))
    benign = world.benign_values()
    benign["int"] = [str(draft.pk) for draft in drafts] + benign["int"]
    counter = itertools.count()
    for route in campaign_routes():
        for url in sorted(hostile_path_urls(route, benign)):
            prober.get(url)
        for pk in [draft.pk for draft in drafts]:
            base = route.fill({name: [str(pk)] for name in route.params})
            if not base:
                continue
            index = next(counter)
            page, reads = prober.reads(base)
            for url in query_urls(base, reads, index):
                prober.get(url)
            for body, content_type in hostile_posts(base, page, index):
                prober.post(base, body, content_type)
    assert not prober.failures, "\n".join(prober.failures)
    assert prober.sent > 50
