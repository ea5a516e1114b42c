"""An expert's public page: their sessions, rating and reviews, the calls to
action each viewer gets, the schema.org data, and its query count."""

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.testing import ANONYMOUS_QUERY_BUDGET, MEMBER_QUERY_BUDGET
from experts import errors
from experts.models import ExpertAchievement, ExpertExperience
from experts.tests.factories import (
    ExpertPageFactory,
    GroupExpertFactory,
)
from sessions.models import SessionPage
from sessions.tests.factories import (
    BookingFactory,
    ExpertFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def expert(db):
    return GroupExpertFactory(name="Grace Hopper", username="grace")


@pytest.fixture
def expert_page(expert):
    return ExpertPageFactory(
        expert=expert,
        title="Grace Hopper",
        headline="Compiler pioneer teaching COBOL to analysts",
        skills=["COBOL", "Compilers"],
        languages=["en", "de"],
        linkedin_url="https://www.linkedin.com/in/grace",
        github_url="https://github.com/grace",
        website_url="https://grace.example.com/",
        hourly_rate=Decimal("90.00"),
        currency="EUR",
    )


def hosted(expert, days: float, **kwargs) -> SessionPage:
    starts = NOW + timedelta(days=days)
    return SessionPageFactory(
        host=expert, starts_at=starts, ends_at=starts + timedelta(hours=2), **kwargs
    )


def section(html: str, element_id: str) -> str:
    """The HTML of the <section> with this id (sections do not nest here)."""
    match = re.search(
        rf'<section[^>]*id="{element_id}"[^>]*>(.*?)</section>', html, re.S
    )
    return match.group(1) if match else ""


def past_section(html: str) -> str:
    match = re.search(
        r'<section[^>]*aria-labelledby="past-heading"[^>]*>(.*?)</section>',
        html,
        re.S,
    )
    return match.group(1) if match else ""


def json_ld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
    )
    return [json.loads(block) for block in blocks]


def of_type(response, kind: str) -> list[dict]:
    return [data for data in json_ld(response) if data["@type"] == kind]


# --- Sessions -------------------------------------------------------------


def test_upcoming_sessions_are_the_experts_own_soonest_first(
    client, expert_page, expert
):
    hosted(expert, 9, title="Later workshop")
    hosted(expert, 2, title="Sooner workshop")
    hosted(ExpertFactory(), 3, title="Someone else's workshop")
    upcoming = section(client.get(expert_page.url).text, "upcoming-sessions")
    assert upcoming.index("Sooner workshop") < upcoming.index("Later workshop")
    assert "Someone else" not in upcoming


def test_upcoming_session_cards_show_seats_left(client, expert_page, expert):
    session = hosted(expert, 5, title="Small group", max_participants=3)
    BookingFactory(session=session)
    upcoming = section(client.get(expert_page.url).text, "upcoming-sessions")
    assert "2 seats left" in upcoming


def test_past_sessions_are_listed_apart_most_recent_first(client, expert_page, expert):
    hosted(expert, -30, title="Long ago")
    hosted(expert, -3, title="Last week")
    hosted(expert, 4, title="Next week")
    html = client.get(expert_page.url).text
    past = past_section(html)
    assert past.index("Last week") < past.index("Long ago")
    assert "Next week" not in past
    assert "Last week" not in section(html, "upcoming-sessions")


def test_cancelled_and_unpublished_sessions_are_not_listed(client, expert_page, expert):
    hosted(expert, 3, title="Called off", status=SessionPage.Status.CANCELLED)
    hosted(expert, -3, title="Called off too", status=SessionPage.Status.CANCELLED)
    draft = hosted(expert, 5, title="Still a draft")
    draft.unpublish()
    html = client.get(expert_page.url).text
    assert "Called off" not in html
    assert "Still a draft" not in html


def test_book_button_points_at_the_upcoming_list(client, expert_page, expert):
    hosted(expert, 3)
    html = client.get(expert_page.url).text
    assert re.search(r'href="#upcoming-sessions">Book a session</a>', html)


def test_without_upcoming_sessions_book_button_searches_their_skill(
    client, expert_page
):
    html = client.get(expert_page.url).text
    assert 'href="/sessions/?q=COBOL"' in html
    assert "Find related sessions" in html


# --- Rating and reviews ---------------------------------------------------


def test_rating_is_over_all_their_sessions_reviews(client, expert_page, expert):
    ReviewFactory(session=hosted(expert, -10), rating=5)
    ReviewFactory(session=hosted(expert, -5), rating=4)
    ReviewFactory(session=hosted(ExpertFactory(), -5), rating=1)
    html = client.get(expert_page.url).text
    assert "Rated 4.5 out of 5" in html
    assert "(2 reviews)" in html


def test_recent_reviews_name_the_author_and_session(client, expert_page, expert):
    session = hosted(expert, -5, title="COBOL for analysts")
    ReviewFactory(
        session=session,
        author=MemberFactory(name="Alan Turing"),
        comment="Changed how I read old code.",
    )
    reviews = section(client.get(expert_page.url).text, "reviews")
    assert "Alan Turing" in reviews
    assert f'<a href="{session.url}">COBOL for analysts</a>' in reviews
    assert "Changed how I read old code." in reviews


def test_recent_reviews_are_the_five_newest(client, expert_page, expert):
    for n in range(7):
        with time_machine.travel(NOW - timedelta(days=10 - n), tick=False):
            ReviewFactory(session=hosted(expert, -20), comment=f"Review number {n}")
    reviews = section(client.get(expert_page.url).text, "reviews")
    assert [n for n in range(7) if f"Review number {n}<" in reviews] == [2, 3, 4, 5, 6]
    assert reviews.index("Review number 6") < reviews.index("Review number 2")


def test_without_reviews_the_page_says_so(client, expert_page):
    assert "No reviews yet" in section(client.get(expert_page.url).text, "reviews")


def test_user_text_is_escaped(client, expert_page, expert):
    expert_page.headline = "<script>alert('headline')</script>"
    expert_page.save_revision().publish()
    ExpertExperience.objects.create(
        page=expert_page,
        title="<img src=x onerror=alert(1)>",
        description="<b>bold</b>",
    )
    ReviewFactory(
        session=hosted(expert, -3),
        author=MemberFactory(name="<i>Mallory</i>"),
        comment="<script>alert('review')</script>",
    )
    html = client.get(expert_page.url).text
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "<i>Mallory</i>" not in html
    assert "&lt;script&gt;alert(&#x27;review&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


# --- What the header and sections show -----------------------------------


def test_header_shows_name_headline_skills_languages_and_years(client, expert_page):
    html = client.get(expert_page.url).text
    assert '<h1 class="expert-header__name">Grace Hopper</h1>' in html
    assert "Compiler pioneer teaching COBOL to analysts" in html
    assert '<a class="tag" href="/experts/?skill=cobol">COBOL</a>' in html
    assert "English" in html and "German" in html
    assert "10 years" in html


def test_without_a_photo_the_initials_avatar_is_shown(client, expert_page):
    html = client.get(expert_page.url).text
    assert re.search(r'<span class="avatar avatar--large[^"]*"[^>]*>GH</span>', html)


def test_photo_is_a_sized_rendition_named_for_the_expert(client, expert_page):
    expert_page.photo = wagtail_factories.ImageFactory(
        file__width=640, file__height=480
    )
    expert_page.save_revision().publish()
    html = client.get(expert_page.url).text
    assert re.search(
        r'<img class="avatar avatar--large[^"]*" src="[^"]+" width="320" '
        r'height="320" alt="Grace Hopper"',
        html,
    )


def test_bio_is_rendered_as_rich_text(client, expert_page):
    expert_page.bio = "<p>Built the <b>first</b> compiler.</p>"
    expert_page.save_revision().publish()
    assert "<p>Built the <b>first</b> compiler.</p>" in client.get(expert_page.url).text


def test_entry_sections_appear_only_when_they_have_entries(client, expert_page):
    ExpertAchievement.objects.create(
        page=expert_page, title="Computer Sciences Man of the Year", period="1969"
    )
    html = client.get(expert_page.url).text
    assert 'id="achievements-heading">Achievements</h2>' in html
    assert "Computer Sciences Man of the Year" in html
    assert 'id="experience-heading"' not in html
    assert 'id="projects-heading"' not in html


def test_links_and_rate_are_shown(client, expert_page):
    html = client.get(expert_page.url).text
    assert 'href="https://github.com/grace" rel="me nofollow noopener"' in html
    assert "90.00 EUR a session" in html


# --- Mentorship button ----------------------------------------------------


def test_accepting_expert_offers_a_mentorship_request(client, expert_page):
    html = client.get(expert_page.url).text
    url = reverse("mentorship_request", kwargs={"username": "grace"})
    assert f'href="{url}">Request mentorship</a>' in html
    assert "3 places left" in html


def test_the_page_says_how_they_mentor_and_in_what(client, expert_page):
    from core.models import Skill
    from experts.models import MentorSkill

    sql = Skill.objects.create(name="SQL", slug="sql")
    MentorSkill.objects.create(page=expert_page, skill=sql, level=5)
    expert_page.mentoring_intro = "I help analysts <b>move to</b> engineering."
    expert_page.save_revision().publish()
    html = client.get(expert_page.url).text
    assert "I help analysts &lt;b&gt;move to&lt;/b&gt; engineering." in html
    assert 'SQL <span class="mentorship-box__level">(level 5 – Expert)</span>' in html


def test_expert_not_taking_mentees_explains_and_offers_no_request(client, expert_page):
    expert_page.accepts_mentees = False
    expert_page.save_revision().publish()
    html = client.get(expert_page.url).text
    assert "Request mentorship" not in html
    assert str(errors.NOT_ACCEPTING) in html


def test_expert_sees_edit_link_instead_of_request_on_own_page(
    client, expert_page, expert
):
    client.force_login(expert)
    html = client.get(expert_page.url).text
    edit_url = reverse("wagtailadmin_pages:edit", args=[expert_page.pk])
    assert f'href="{edit_url}">Edit your page</a>' in html
    assert "Request mentorship" not in html
    assert "Book a session" not in html


# --- Visibility -----------------------------------------------------------


def test_draft_page_is_not_found_for_visitors(client, expert_page):
    url = expert_page.url
    expert_page.unpublish()
    assert client.get(url).status_code == 404


def test_signed_in_response_is_not_shared_by_caches(client, expert_page):
    client.force_login(MemberFactory())
    response = client.get(expert_page.url)
    assert "private" in response["Cache-Control"]


# --- schema.org -----------------------------------------------------------


def test_person_json_ld_names_skills_languages_and_profiles(client, expert_page):
    response = client.get(expert_page.url)
    (person,) = of_type(response, "Person")
    assert person["@context"] == "https://schema.org"
    assert person["name"] == "Grace Hopper"
    assert person["url"] == expert_page.get_full_url()
    assert person["jobTitle"] == "Compiler pioneer teaching COBOL to analysts"
    assert person["knowsAbout"] == ["COBOL", "Compilers"]
    assert [lang["alternateName"] for lang in person["knowsLanguage"]] == ["en", "de"]
    assert person["sameAs"] == [
        "https://www.linkedin.com/in/grace",
        "https://github.com/grace",
        "https://grace.example.com/",
    ]
    assert "image" not in person
    assert of_type(response, "BreadcrumbList")


def test_person_json_ld_image_is_the_photo(client, expert_page):
    expert_page.photo = wagtail_factories.ImageFactory()
    expert_page.save_revision().publish()
    (person,) = of_type(client.get(expert_page.url), "Person")
    assert person["image"].startswith("http")
    assert "fill-320x320" in person["image"]


def test_no_aggregate_rating_without_reviews(client, expert_page):
    assert of_type(client.get(expert_page.url), "AggregateRating") == []


def test_aggregate_rating_rates_the_person_with_reviews(client, expert_page, expert):
    ReviewFactory(session=hosted(expert, -10), rating=5)
    ReviewFactory(session=hosted(expert, -5), rating=4)
    response = client.get(expert_page.url)
    (person,) = of_type(response, "Person")
    (rating,) = of_type(response, "AggregateRating")
    assert rating["ratingValue"] == 4.5
    assert rating["reviewCount"] == 2
    assert rating["bestRating"] == 5
    assert rating["itemReviewed"]["@id"] == person["@id"]
    assert rating["itemReviewed"]["@type"] == "Person"


# --- Preview ----------------------------------------------------------------


def test_preview_shows_the_editors_unsaved_lists(rf, expert_page):
    from core.models import Skill
    from experts.models import ExpertLanguage, MentorSkill

    rust = Skill.objects.create(name="Rust", slug="rust")
    expert_page.experiences = [ExpertExperience(title="Unsaved role")]
    expert_page.languages = [ExpertLanguage(language="fr", level="native")]
    expert_page.mentor_skills = [MentorSkill(skill=rust, level=3)]
    request = rf.get(expert_page.url)
    request.user = MemberFactory()
    html = expert_page.serve_preview(request, "").render().content.decode()
    assert "Unsaved role" in html
    assert "French" in html and "German" not in html
    assert "Rust <span" in html


# --- Query budget -----------------------------------------------------------


def count_queries(client, url: str) -> int:
    client.get(url)  # warm Wagtail's site, settings and rendition caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill(page, expert, count: int, offset: int = 0) -> None:
    """`count` more of everything the page lists: upcoming sessions with a
    booking, reviewed past sessions, skills, languages, skills they mentor,
    and entries with an image in two lists."""
    from core.models import Skill
    from experts.models import ExpertLanguage, MentorSkill

    image = wagtail_factories.ImageFactory()
    languages = ["fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "cs"]
    for n in range(offset, offset + count):
        BookingFactory(session=hosted(expert, 3 + n))
        ReviewFactory(session=hosted(expert, -3 - n))
        skill = Skill.objects.create(name=f"Skill {n}", slug=f"skill-{n}")
        page.skills.add(skill)
        MentorSkill.objects.create(page=page, skill=skill, level=4)
        ExpertLanguage.objects.create(page=page, language=languages[n])
        for model in (ExpertExperience, ExpertAchievement):
            model.objects.create(page=page, title=f"Entry {n}", image=image)
    page.save_revision().publish()


@pytest.mark.parametrize("signed_in", [False, True])
def test_query_count_is_the_same_for_one_or_ten_of_everything(
    client, expert_page, expert, signed_in
):
    if signed_in:
        client.force_login(MemberFactory())
    fill(expert_page, expert, 1)
    one = count_queries(client, expert_page.url)
    fill(expert_page, expert, 9, offset=1)
    assert count_queries(client, expert_page.url) == one
    html = client.get(expert_page.url).text
    assert html.count('class="card session-card') == 10
    assert html.count('class="expert-entry"') == 20


# Routing and the serve check take 5, the page's own reads 7: the expert with
# their numbers, the view restrictions, upcoming and past sessions, every
# list, images with their renditions, reviews, mentees' reviews.
def test_anonymous_view_is_within_the_budget(client, expert_page, expert):
    fill(expert_page, expert, 3)
    queries = count_queries(client, expert_page.url)
    assert queries <= ANONYMOUS_QUERY_BUDGET, queries


# A member adds their user and the header's reads (4; their session comes
# from the cache, as in production): within 16.
def test_member_view_is_within_the_budget(client, expert_page, expert, settings):
    fill(expert_page, expert, 3)
    settings.SESSION_ENGINE = "core.sessions"
    client.force_login(MemberFactory())
    queries = count_queries(client, expert_page.url)
    assert queries <= MEMBER_QUERY_BUDGET, queries


def test_session_covers_cost_the_same_for_one_card_or_three(
    client, expert_page, expert
):
    hosted(expert, 3, cover_image=wagtail_factories.ImageFactory())
    one = count_queries(client, expert_page.url)
    hosted(expert, 4, cover_image=wagtail_factories.ImageFactory())
    hosted(expert, 5, cover_image=wagtail_factories.ImageFactory())
    assert count_queries(client, expert_page.url) == one
    upcoming = section(client.get(expert_page.url).text, "upcoming-sessions")
    assert upcoming.count('<img class="card__cover"') == 3
