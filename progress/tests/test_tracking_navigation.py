"""Members reach their progress from the header and the dashboard."""

import pytest

from progress.tests.factories_tracking import GoalFactory, Source, add_record, skill
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _header(client, path="/dashboard/") -> str:
    html = client.get(path).content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def test_signed_in_members_have_progress_in_the_header(client):
    client.force_login(MemberFactory())
    assert 'href="/progress/"' in _header(client)
    assert 'href="/progress/" aria-current="page">Progress' in _header(
        client, "/progress/"
    )


def test_visitors_have_no_progress_link(client, site_root):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/progress/"' not in html


def test_the_dashboard_invites_a_new_member_to_start(client):
    client.force_login(MemberFactory())
    html = client.get("/dashboard/").content.decode()
    card = html[html.index('id="dash-progress"') :]
    card = card[: card.index("</section>")]
    assert "Start tracking your progress" in card
    assert 'href="/progress/"' in card


def test_the_dashboard_sums_up_levels_and_goals(client):
    member = MemberFactory()
    client.force_login(member)
    add_record(member, skill("SQL"), Source.SELF, 2)
    add_record(member, skill("SQL"), Source.ASSESSMENT, 3)
    add_record(member, skill("Python"), Source.SELF, 1)
    GoalFactory(member=member, skill=skill("SQL"), target_level=4)

    html = client.get("/dashboard/").content.decode()
    card = html[html.index('id="dash-progress"') :]
    card = " ".join(card[: card.index("</section>")].split())

    assert "<strong>2 skills</strong>" in card
    assert 'href="/progress/skills/sql/">SQL</a>: Proficient by' in card
