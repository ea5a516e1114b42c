"""/sessions/: filters from the URL, pagination, cards, and the query count."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from sessions.filters import DATE_TO_BEFORE_FROM
from sessions.models import Booking, SessionIndexPage, SessionPage
from sessions.selectors import list_sessions_for_discovery, seats_taken
from sessions.tests.factories import (
    BookingFactory,
    CategoryFactory,
    ExpertFactory,
    MemberFactory,
    SessionPageFactory,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(days: float, hour: int = 9) -> datetime:
    return (NOW + timedelta(days=days)).replace(hour=hour, minute=0)


def session(days: float = 7, **kwargs) -> SessionPage:
    starts = at(days, kwargs.pop("hour", 9))
    return SessionPageFactory(
        starts_at=starts, ends_at=starts + timedelta(hours=2), **kwargs
    )


def titles(response) -> list[str]:
    # The template loads the cards on first use (sessions.filters).
    return [s.title for s in response.context["sessions"]()]


# --- The index page and who may add sessions ------------------------------


@pytest.mark.django_db
def test_migration_publishes_the_index_at_sessions(client):
    index = SessionIndexPage.objects.get()
    assert index.live and index.url == "/sessions/"
    response = client.get("/sessions/")
    assert response.status_code == 200
    assert '<h1 class="page-header__title">Sessions</h1>' in response.text


@pytest.mark.django_db
def test_experts_group_may_add_and_publish_sessions_under_the_index_only():
    index = SessionIndexPage.objects.get()
    experts = Group.objects.get(name="Experts")
    grants = GroupPagePermission.objects.filter(group=experts, page=index)
    codenames = set(grants.values_list("permission__codename", flat=True))
    assert codenames == {"add_page", "publish_page"}
    expert = ExpertFactory()
    expert.groups.add(experts)
    assert index.permissions_for_user(expert).can_add_subpage()
    assert not index.get_parent().permissions_for_user(expert).can_add_subpage()


# --- What is listed -------------------------------------------------------


@pytest.mark.django_db
def test_lists_upcoming_sessions_soonest_first(client):
    session(days=9, title="Later")
    session(days=2, title="Sooner")
    session(days=-2, title="Last week")
    session(days=5, title="Called off", status=SessionPage.Status.CANCELLED)
    draft = session(days=3, title="Draft")
    draft.unpublish()
    response = client.get("/sessions/")
    assert titles(response) == ["Sooner", "Later"]
    assert "2 sessions found" in response.text


@pytest.mark.django_db
def test_past_and_cancelled_sessions_show_only_when_asked(client):
    session(days=-2, title="Last week")
    session(days=5, title="Called off", status=SessionPage.Status.CANCELLED)
    assert titles(client.get("/sessions/?include=past")) == ["Last week"]
    response = client.get("/sessions/?include=cancelled")
    assert titles(response) == ["Called off"]
    assert "badge--danger" in response.text


@pytest.mark.django_db
def test_filters_by_category_slug(client):
    data = CategoryFactory(name="Data", slug="data")
    session(title="SQL", category=data)
    session(title="Figma", category=CategoryFactory(name="Design", slug="design"))
    assert titles(client.get("/sessions/?category=data")) == ["SQL"]


@pytest.mark.django_db
def test_filters_by_skill_tag(client):
    session(title="Joins", skills=["SQL"])
    session(title="Pandas", skills=["Python"])
    assert titles(client.get("/sessions/?tag=python")) == ["Pandas"]


@pytest.mark.django_db
def test_text_search_uses_the_site_search_engine(client):
    session(days=1, title="Window functions")
    session(days=2, title="Dashboards", summary="Tell stories with window charts")
    session(days=3, title="Reporting", skills=["Window design"])
    session(
        days=4,
        title="Joins",
        description=[("paragraph", "<p>Then a window over rows.</p>")],
    )
    session(days=5, title="Windowless rooms")
    session(days=6, title="Unrelated")
    # Whole words, in title, summary, description or skills, as on /search/.
    assert titles(client.get("/sessions/?q=window")) == [
        "Window functions",
        "Dashboards",
        "Reporting",
        "Joins",
    ]
    assert titles(client.get("/sessions/?q=WINDOW+functions")) == ["Window functions"]


@pytest.mark.django_db
def test_text_search_of_symbols_alone_finds_nothing_and_says_so(client):
    session(days=1, title="Window functions")
    response = client.get("/sessions/?q=%22%28%2A%29")
    assert response.status_code == 200
    assert titles(response) == []


@pytest.mark.django_db
def test_filters_free_and_paid(client):
    session(days=1, title="Free one")
    session(days=2, title="Paid one", price=Decimal("25.00"))
    assert titles(client.get("/sessions/?price=free")) == ["Free one"]
    assert titles(client.get("/sessions/?price=paid")) == ["Paid one"]


@pytest.mark.django_db
def test_filters_by_format_level_and_rating(client):
    session(days=1, title="Webinar", format=SessionPage.Format.WEBINAR)
    session(days=2, title="Advanced", level=SessionPage.Level.ADVANCED)
    session(days=3, title="Loved", rating_average=Decimal("4.60"), rating_count=5)
    assert titles(client.get("/sessions/?format=webinar")) == ["Webinar"]
    assert titles(client.get("/sessions/?level=advanced")) == ["Advanced"]
    assert titles(client.get("/sessions/?min_rating=4")) == ["Loved"]


@pytest.mark.django_db
def test_dates_are_days_in_the_members_time_zone(client):
    # 23:30 UTC on 29 March is already 30 March in Tokyo.
    starts = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    SessionPageFactory(
        title="Late", starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    query = "/sessions/?date_from=2026-03-30&date_to=2026-03-30"
    assert titles(client.get(query)) == []
    client.force_login(MemberFactory(time_zone="Asia/Tokyo"))
    assert titles(client.get(query)) == ["Late"]


@pytest.mark.django_db
def test_sorts_by_rating_and_by_newest(client):
    session(days=1, title="Average", rating_average=Decimal("3.00"), rating_count=2)
    session(days=2, title="Unrated")
    session(days=3, title="Best", rating_average=Decimal("4.90"), rating_count=9)
    assert titles(client.get("/sessions/?sort=top_rated")) == [
        "Best",
        "Average",
        "Unrated",
    ]
    assert titles(client.get("/sessions/?sort=newest"))[0] == "Best"


@pytest.mark.django_db
def test_bad_filter_values_show_form_errors_not_a_crash(client):
    session(title="Still listed")
    response = client.get(
        "/sessions/?date_from=someday&min_rating=9&category=nope&sort=random&page=x"
    )
    assert response.status_code == 200
    assert "Some filters could not be used" in response.text
    form = response.context["filter_form"]
    assert set(form.errors) == {"date_from", "min_rating", "category", "sort"}
    assert titles(response) == ["Still listed"]


@pytest.mark.django_db
def test_a_to_date_before_the_from_date_is_explained(client):
    response = client.get("/sessions/?date_from=2026-03-10&date_to=2026-03-01")
    assert response.status_code == 200
    assert str(DATE_TO_BEFORE_FROM) in response.content.decode()


def test_selector_ignores_invalid_values_and_applies_valid_ones(db):
    session(days=1, title="Free", price=Decimal("0"))
    session(days=2, title="Paid", price=Decimal("9"))
    found = list_sessions_for_discovery({"price": "paid", "min_rating": "zero"})
    assert [s.title for s in found] == ["Paid"]


# --- Pages of results -----------------------------------------------------


@pytest.mark.django_db
def test_paginates_twelve_a_page_keeping_the_filters(client):
    for day in range(1, 15):
        session(days=day, title=f"S{day:02}")
    first = client.get("/sessions/?price=free")
    assert len(first.context["sessions"]()) == 12
    assert "14 sessions found, page 1 of 2" in first.text
    assert 'href="?price=free&amp;page=2"' in first.text
    second = client.get("/sessions/?price=free&page=2")
    assert titles(second) == ["S13", "S14"]
    # Past the end: the last page; not a number: the first.
    assert titles(client.get("/sessions/?page=99")) == ["S13", "S14"]
    assert titles(client.get("/sessions/?page=abc"))[0] == "S01"


# --- Cards ----------------------------------------------------------------


@pytest.mark.django_db
def test_card_shows_host_category_rating_price_and_seats_left(client):
    paid = session(
        title="Paid SQL",
        category=CategoryFactory(name="Data", slug="data"),
        price=Decimal("25.00"),
        currency="GBP",
        max_participants=5,
        rating_average=Decimal("4.50"),
        rating_count=2,
        host=ExpertFactory(name="Grace Hopper"),
    )
    BookingFactory(session=paid, status=Booking.Status.CONFIRMED)
    BookingFactory(session=paid, status=Booking.Status.PENDING)
    BookingFactory(session=paid, status=Booking.Status.WAITLISTED)
    BookingFactory(session=paid, status=Booking.Status.CANCELLED)
    text = client.get("/sessions/").text
    assert f'href="{paid.url}"' in text
    assert "Grace Hopper" in text
    assert "<dd>Data</dd>" in text
    assert "4.5 out of 5 (2 reviews)" in text
    assert "25.00 GBP" in text
    assert "3 seats left" in text
    assert seats_taken(paid) == 2


@pytest.mark.django_db
def test_full_session_card_says_waitlist(client):
    full = session(title="Tiny", max_participants=1)
    BookingFactory(session=full, status=Booking.Status.CONFIRMED)
    assert "Full: waitlist open" in client.get("/sessions/").text


@pytest.mark.django_db
def test_card_times_follow_the_member_and_name_utc_for_visitors(client):
    starts = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    SessionPageFactory(starts_at=starts, ends_at=starts + timedelta(hours=1))
    visitor = client.get("/sessions/").text
    assert (
        '<time class="session-time" datetime="2026-03-29T09:00:00+00:00"'
        " data-local-time>" in visitor
    )
    assert "Sun 29 Mar 2026, 09:00 UTC" in visitor
    client.force_login(MemberFactory(time_zone="Europe/London"))
    member = client.get("/sessions/")
    assert "Sun 29 Mar 2026, 10:00 BST</time>" in member.text
    assert '<span class="session-time__zone">(Europe/London)</span>' in member.text
    assert "private" in member["Cache-Control"]
    assert "Cookie" in member["Vary"]


@pytest.mark.django_db
def test_empty_results_say_so(client):
    response = client.get("/sessions/?q=nothing-like-this")
    assert "0 sessions found" in response.text
    assert "No sessions match these filters" in response.text


# --- The filter form, kept for a minute per set of filters ---------------


@pytest.fixture
def forms_kept(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60


@pytest.mark.django_db
def test_each_set_of_filters_gets_its_own_form(client, forms_kept):
    client.get("/sessions/?q=python")

    response = client.get("/sessions/?q=rust")

    assert 'value="rust"' in response.text
    assert 'value="python"' not in response.text


@pytest.mark.django_db
def test_a_kept_form_still_says_what_is_wrong_with_the_filters(client, forms_kept):
    client.get("/sessions/?date_from=2026-03-10")
    bad = "/sessions/?date_from=2026-03-10&date_to=2026-03-01"
    client.get(bad)

    assert str(DATE_TO_BEFORE_FROM) in client.get(bad).text
    kept = client.get("/sessions/?date_from=2026-03-10").text
    assert str(DATE_TO_BEFORE_FROM) not in kept


@pytest.mark.django_db
def test_a_members_form_names_their_own_time_zone(client, forms_kept):
    client.get("/sessions/")
    client.force_login(MemberFactory(time_zone="Asia/Tokyo"))

    assert "Dates in Asia/Tokyo." in client.get("/sessions/").text
