"""/progress/skills/<slug>/: the history chart and its table, rating
oneself, and the assessments taken in the skill."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress import errors
from progress.chart import level_y
from progress.models import Attempt, LevelRecord
from progress.tests.factories_tracking import (
    AttemptFactory,
    EvidenceFactory,
    GoalFactory,
    Source,
    add_record,
    skill,
)

pytestmark = pytest.mark.django_db

URL = "/progress/skills/sql/"


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _svg(response) -> str:
    html = response.content.decode()
    start = html.index('<svg class="history-chart__svg"')
    return html[start : html.index("</svg>", start)]


def test_an_unknown_skill_is_not_found(client, member):
    assert client.get("/progress/skills/no-such-skill/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, sql):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_with_no_levels_the_page_says_how_to_get_one(client, member, sql):
    response = client.get(URL)
    assert response.status_code == 200
    assert "history-chart__svg" not in response.content.decode()
    assert "No levels yet." in _words(response.content.decode())


def test_the_chart_draws_one_line_per_source_with_its_own_markers(client, member, sql):
    add_record(member, sql, Source.SELF, 1, days_ago=90)
    add_record(member, sql, Source.SELF, 3, days_ago=30)
    add_record(member, sql, Source.ASSESSMENT, 2, days_ago=60)
    add_record(member, sql, Source.EXPERT, 3, days_ago=10)

    svg = _svg(client.get(URL))

    assert 'role="img"' in svg
    assert 'aria-labelledby="history-chart-title history-chart-desc"' in svg
    assert '<title id="history-chart-title">Your level in SQL over time</title>' in svg
    desc = svg[svg.index("<desc") : svg.index("</desc>")]
    assert "Self-rated: 2 levels, from Novice (1)" in desc
    assert "to Competent (3)" in desc
    assert "Assessed: Advanced beginner (2)" in desc
    # One group per source; every record a marker at its level's height.
    for source, levels in (("self", [1, 3]), ("assessment", [2]), ("expert", [3])):
        group = svg[svg.index(f'data-source="{source}"') :]
        group = group[: group.index("</g>")]
        assert re.findall(r'data-level="(\d)"', group) == [str(n) for n in levels]
    # Self-ratings are a dashed line between circles; a single point is no line.
    self_group = svg[svg.index('data-source="self"') :]
    assert 'stroke-dasharray="8 5"' in self_group[: self_group.index("</g>")]
    assert svg.count("<polyline") == 1
    # Level axis labelled 1 to 5.
    for label in ("1 Novice", "3 Competent", "5 Expert"):
        assert f">{label}</text>" in svg


def test_markers_sit_at_their_level(client, member, sql):
    add_record(member, sql, Source.ASSESSMENT, 4, days_ago=3)
    svg = _svg(client.get(URL))
    marker = re.search(
        r'<path class="history-chart__marker" d="M([\d.]+),([\d.]+)', svg
    )
    top_left_y = float(marker.group(2))
    # A square marker starts 5 units above its centre.
    assert top_left_y + 5 == pytest.approx(level_y(4))


def test_the_table_lists_every_point_newest_first(client, member, sql):
    add_record(member, sql, Source.SELF, 1, days_ago=90)
    add_record(member, sql, Source.ASSESSMENT, 2, days_ago=60)
    add_record(member, sql, Source.EXPERT, 4, days_ago=10)

    html = client.get(URL).content.decode()
    table = html[html.index("<table>") : html.index("</table>")]
    rows = [_words(row) for row in re.findall(r"<tr data-source.*?</tr>", table, re.S)]

    assert len(rows) == 3
    assert rows[0].endswith("Expert-reviewed Proficient (4)")
    assert rows[1].endswith("Assessed Advanced beginner (2)")
    assert rows[2].endswith("Self-rated Novice (1)")


def test_an_open_goal_is_drawn_as_a_line(client, member, sql):
    add_record(member, sql, Source.SELF, 2, days_ago=10)
    GoalFactory(member=member, skill=sql, target_level=4)
    svg = _svg(client.get(URL))
    assert 'class="history-chart__goal"' in svg
    assert f'y1="{level_y(4)}"' in svg


def test_rating_oneself_adds_a_point(client, member, sql):
    response = client.post(URL + "rate/", {"level": "3"})
    assert response.status_code == 302
    assert response["Location"] == URL + "#levels"
    record = LevelRecord.objects.get(member=member, skill=sql)
    assert (record.source, record.level) == (Source.SELF, 3)
    page = client.get(URL)
    assert "Competent (3)" in _words(page.content.decode())


@pytest.mark.parametrize("level", ["0", "6", "three", "", "3.5"])
def test_a_level_outside_1_to_5_is_a_form_error(client, member, sql, level):
    response = client.post(URL + "rate/", {"level": level})
    assert response.status_code == 400
    assert str(errors.BAD_LEVEL) in response.content.decode()
    assert not LevelRecord.objects.exists()


def test_rating_needs_a_post(client, member, sql):
    assert client.get(URL + "rate/").status_code == 405


def test_assessments_taken_link_to_their_results(client, member, sql):
    scored = AttemptFactory(member=member, skill=sql, points=7, max_points=10, level=3)
    waiting = AttemptFactory(
        member=member,
        skill=sql,
        status=Attempt.Status.AWAITING_REVIEW,
        points=None,
        level=None,
        assessment_title="SQL essay",
    )
    AttemptFactory(member=member, skill=sql, status=Attempt.Status.IN_PROGRESS)
    AttemptFactory(member=member, skill=skill("Python"), assessment_title="Python")
    AttemptFactory(skill=sql, assessment_title="Someone else's")

    html = client.get(URL).content.decode()
    section = _words(html[html.index('id="assessments"') :])

    assert f'href="/assessments/attempts/{scored.pk}/"' in html
    assert "70% (7 of 10 points), Competent" in section
    assert f'href="/assessments/attempts/{waiting.pk}/"' in html
    assert "Awaiting review" in section
    assert html.count("/assessments/attempts/") == 2
    assert "Someone else" not in section


def test_skill_page_query_count_is_flat(client, member, sql):
    add_record(member, sql, Source.SELF, 2, days_ago=5)
    GoalFactory(member=member, skill=sql, target_level=4)
    client.get(URL)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    few = count()
    for n in range(10):
        add_record(member, sql, Source.SELF, 1 + n % 5, days_ago=100 - n)
        add_record(member, sql, Source.ASSESSMENT, 1 + n % 5, days_ago=90 - n)
        add_record(member, sql, Source.EXPERT, 1 + n % 5, days_ago=80 - n)
        EvidenceFactory(member=member, skill=sql, title=f"Project {n}")
    assert count() == few
