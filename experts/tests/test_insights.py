"""The workspace numbers against a hand-counted seed (see workspace_seed)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import StaffFactory
from experts.tests.factories import GroupExpertFactory
from experts.tests.workspace_seed import (
    NOW,
    at,
    book,
    buy_page,
    owned_page,
    pay,
    rate,
    refund,
    review,
    seed,
    session,
)
from experts.workspace import charts, insights
from payments.models import Kind, Payment, Refund
from sessions.models import Booking, SessionPage
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = Booking.Status


@pytest.fixture
def world():
    return seed()


def new_expert(time_zone: str = "UTC"):
    return GroupExpertFactory(time_zone=time_zone)


def test_upcoming_sessions_count_seats_and_waitlist_in_one_query(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        sessions = list(insights.list_upcoming_sessions(world["expert_a"], now=NOW))
    # The live hold counts as a seat, the lapsed one does not.
    assert [
        (s.title, s.seats_taken, s.max_participants, s.waitlist_length)
        for s in sessions
    ] == [
        ("Upcoming data modelling", 2, 2, 1),
        ("Upcoming free chat", 0, 12, 0),
    ]


def test_recent_reviews_are_the_hosts_own_newest_first(world):
    reviews = insights.list_recent_reviews(world["expert_a"])
    assert [r.rating for r in reviews] == [3, 4, 5]


def march_totals(host) -> dict:
    return {
        currency: (t.gross, t.refunded, t.net)
        for currency, t in insights.earnings_this_month(host, now=NOW).items()
    }


def test_earnings_are_what_was_charged_less_refunds_per_currency(world):
    # EUR: 3 seats charged 20 in March, one refunded in full; USD: one seat
    # charged 50 (the open checkout on the other seat counts for nothing).
    assert march_totals(world["expert_a"]) == {
        "EUR": (Decimal("60.00"), Decimal("20.00"), Decimal("40.00")),
        "USD": (Decimal("50.00"), Decimal("0.00"), Decimal("50.00")),
    }


def test_earnings_are_the_amount_charged_not_todays_price(world):
    seat = book(world["paid"], Status.CONFIRMED, created="2031-03-15")
    pay(seat, on="2031-03-15", amount=Decimal("12.50"))  # a promotion code
    SessionPage.objects.filter(pk=world["paid"].pk).update(price=Decimal("500"))
    assert march_totals(world["expert_a"])["EUR"][0] == Decimal("72.50")


def test_unpaid_failed_and_expired_checkouts_earn_nothing():
    expert = new_expert()
    paid = session(expert, "Paid", "2031-03-21", price=Decimal("30"))
    for status in (Payment.Status.PENDING, Payment.Status.FAILED, "expired"):
        pay(
            book(paid, Status.PENDING, created="2031-03-10"),
            on="2031-03-10",
            status=status,
        )
    free = session(expert, "Free", "2031-03-20")
    book(free, Status.CONFIRMED, created="2031-03-10", confirmed="2031-03-10")
    assert insights.earnings_this_month(expert, now=NOW) == {}


def test_a_refund_counts_in_the_month_it_was_made_and_only_once_money_moves(world):
    expert = world["expert_a"]
    february_seat = Payment.objects.get(
        kind=Kind.SESSION_SEAT, created_at=at("2031-02-27")
    )
    refund(february_seat, "5.00", on="2031-03-10")  # partial, a month later
    refund(february_seat, "3.00", on="2031-03-11", status=Refund.Status.FAILED)
    refund(february_seat, "2.00", on="2031-03-12", status=Refund.Status.PENDING)
    months = insights.revenue_per_month(expert, now=NOW)
    february, march = months[-2].totals["EUR"], months[-1].totals["EUR"]
    assert (february.gross, february.refunded) == (Decimal("20.00"), Decimal("0"))
    assert (march.gross, march.refunded, march.net) == (
        Decimal("60.00"),
        Decimal("27.00"),
        Decimal("33.00"),
    )


def test_premium_pages_the_expert_owns_earn_but_not_other_peoples(world):
    expert, other = world["expert_a"], world["expert_b"]
    mine = owned_page(expert)
    theirs = owned_page(other)
    for page in (mine, theirs):
        buy_page(page, on="2031-03-08", amount="9.00")
    # A membership is the site's, never an expert's.
    pay(
        None,
        on="2031-03-08",
        kind=Kind.MEMBERSHIP,
        object_id=None,
        amount=Decimal("15.00"),
        currency="GBP",
    )
    assert march_totals(expert)["GBP"] == (
        Decimal("9.00"),
        Decimal("0"),
        Decimal("9.00"),
    )


def test_another_experts_seats_are_not_counted(world):
    assert "99.00" not in str(march_totals(world["expert_a"]))
    assert march_totals(world["expert_b"]) == {
        "EUR": (Decimal("99.00"), Decimal("0"), Decimal("99.00"))
    }


def test_a_month_is_the_hosts_calendar_month_in_their_time_zone():
    expert = new_expert("Europe/Berlin")
    paid = session(expert, "Paid", "2031-02-10", price=Decimal("10"))
    payment = pay(book(paid, Status.CONFIRMED, created="2031-01-31"), on="2031-01-31")
    # 23:30 UTC on 31 January is 00:30 on 1 February in Berlin.
    Payment.objects.filter(pk=payment.pk).update(
        created_at=datetime(2031, 1, 31, 23, 30, tzinfo=UTC)
    )
    february = insights.earnings_this_month(
        expert, now=datetime(2031, 2, 15, tzinfo=UTC)
    )
    january = insights.earnings_this_month(
        expert, now=datetime(2031, 1, 15, tzinfo=UTC)
    )
    assert january == {}
    assert february["EUR"].net == Decimal("10.00")


def test_the_last_moment_of_a_month_belongs_to_it_and_midnight_to_the_next():
    expert = new_expert()
    paid = session(expert, "Paid", "2031-04-10", price=Decimal("10"))
    last = pay(book(paid, Status.CONFIRMED, created="2031-03-01"), on="2031-03-01")
    first = pay(book(paid, Status.CONFIRMED, created="2031-03-01"), on="2031-03-01")
    Payment.objects.filter(pk=last.pk).update(
        created_at=datetime(2031, 3, 31, 23, 59, 59, tzinfo=UTC)
    )
    Payment.objects.filter(pk=first.pk).update(
        created_at=datetime(2031, 4, 1, tzinfo=UTC)
    )
    months = insights.revenue_per_month(expert, now=datetime(2031, 4, 2, tzinfo=UTC))
    assert [m.totals["EUR"].gross for m in months[-2:]] == [
        Decimal("10.00"),
        Decimal("10.00"),
    ]


def test_revenue_per_month_covers_six_months_oldest_first(world):
    months = insights.revenue_per_month(world["expert_a"], now=NOW)
    assert [m.month for m in months] == [
        date(2030, 10, 1),
        date(2030, 11, 1),
        date(2030, 12, 1),
        date(2031, 1, 1),
        date(2031, 2, 1),
        date(2031, 3, 1),
    ]
    assert [
        {currency: t.net for currency, t in m.totals.items()} for m in months[-3:]
    ] == [
        {},
        {"EUR": Decimal("20.00")},
        {"EUR": Decimal("40.00"), "USD": Decimal("50.00")},
    ]


def test_bookings_per_week_count_every_booking_once_by_its_status(world):
    weeks = insights.bookings_per_week(world["expert_a"], now=NOW)
    assert len(weeks) == 12
    assert (weeks[0].start, weeks[-1].start) == (date(2030, 12, 30), date(2031, 3, 17))
    counted = {
        w.start: (w.confirmed, w.awaiting_payment, w.waitlisted, w.cancelled)
        for w in weeks
        if w.total
    }
    assert counted == {
        date(2031, 2, 17): (0, 0, 0, 1),  # the cancelled session's booking
        date(2031, 2, 24): (2, 0, 0, 0),  # attended ×2 (one made on Sunday)
        date(2031, 3, 3): (1, 0, 0, 1),  # no-show, cancelled
        date(2031, 3, 10): (2, 0, 1, 0),
        date(2031, 3, 17): (1, 2, 1, 0),  # live and lapsed holds both await payment
    }
    assert sum(w.total for w in weeks) == 12


def test_fill_rate_is_seats_taken_over_capacity_of_past_uncancelled_sessions(world):
    rates = insights.session_rates(world["expert_a"], now=NOW)
    # Paid workshop 3 of 4, free webinar 2 of 2; the cancelled session and
    # the upcoming ones are left out.
    assert (rates.sessions, rates.fill.part, rates.fill.whole) == (2, 5, 6)
    assert rates.fill.percent == 83


def test_attendance_rate_counts_only_marked_participants(world):
    rates = insights.session_rates(world["expert_a"], now=NOW)
    assert (rates.attendance.part, rates.attendance.whole) == (2, 3)
    assert rates.attendance.percent == 67


def test_fill_rate_never_passes_full_when_capacity_was_lowered():
    expert = new_expert()
    past = session(expert, "Shrunk", "2031-03-01", max_participants=1)
    book(past, Status.CONFIRMED, created="2031-02-01", confirmed="2031-02-01")
    book(past, Status.CONFIRMED, created="2031-02-01", confirmed="2031-02-01")
    assert insights.session_rates(expert, now=NOW).fill.percent == 100


def test_rates_are_empty_without_past_sessions():
    rates = insights.session_rates(new_expert(), now=NOW)
    assert (rates.fill.percent, rates.attendance.percent) == (None, None)


def test_ratings_per_session_and_overall_leave_out_other_experts(world):
    rated = insights.rated_sessions(world["expert_a"])
    assert [(s.title, s.rating_average) for s in rated] == [
        ("Free Python webinar", Decimal("3.00")),
        ("Paid SQL workshop", Decimal("4.50")),
    ]
    # (5 + 4 + 3) / 3; expert B's 1-star review is theirs alone.
    assert insights.overall_rating(world["expert_a"]) == insights.Rating(
        Decimal("4.00"), 3
    )


def test_each_reader_costs_a_fixed_number_of_queries(world, django_assert_num_queries):
    host = world["expert_a"]
    host.profile  # noqa: B018 - the zone is read once per request
    for n in range(5):
        paid = session(host, f"More {n}", "2031-03-02", price=Decimal("5"))
        seat = book(paid, Status.ATTENDED, created="2031-03-01", confirmed="2031-03-01")
        refund(pay(seat, on="2031-03-01"), "1.00", on="2031-03-02")
        buy_page(owned_page(host), on="2031-02-01", amount="3")
    with django_assert_num_queries(1):
        insights.bookings_per_week(host, now=NOW)
    with django_assert_num_queries(1):
        insights.session_rates(host, now=NOW)
    with django_assert_num_queries(2):
        insights.revenue_per_month(host, now=NOW)


# --- Charts -----------------------------------------------------------------------


def test_nice_ticks_reach_the_largest_value_in_round_steps():
    assert charts.nice_ticks(0) == [0, 1, 2, 3, 4]
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(130) == [0, 50, 100, 150, 200]


def test_bookings_chart_bars_are_as_tall_as_their_share_of_the_axis(world):
    chart = charts.bookings_chart(
        insights.bookings_per_week(world["expert_a"], now=NOW)
    )
    heights = {bar.label: bar.height for bar in chart.bars}
    # Axis 0..4, so the busiest week (4 bookings) fills the plot.
    assert heights["17 Mar"] == 200
    assert heights["10 Mar"] == 150
    assert heights["13 Jan"] == 0
    assert "12 bookings" in chart.summary


def test_revenue_gets_one_chart_per_currency(world):
    months = insights.revenue_per_month(world["expert_a"], now=NOW)
    found = charts.revenue_charts(months)
    assert [c.id for c in found] == ["revenue-chart-eur", "revenue-chart-usd"]
    assert found[0].table.rows[-1] == [
        "Mar 2031",
        "60.00 EUR",
        "20.00 EUR",
        "40.00 EUR",
    ]
    # February's 20 and March's 40.
    assert "60.00 EUR earned" in found[0].summary


# --- The insights page ------------------------------------------------------------


def get_insights(client, user, **params):
    # Signed in at "now": a session from today's clock would be long expired.
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        return client.get(reverse("experts_insights"), params)


def test_insights_page_shows_headline_figures_charts_and_tables(client, world):
    response = get_insights(client, world["expert_a"])
    html = response.content.decode()
    assert response.status_code == 200
    for figure in ("83 %", "67 %", "4.0 / 5", "40.00 EUR", "50.00 USD"):
        assert figure in html
    assert html.count('role="img"') == 4  # bookings, EUR, USD, ratings
    assert 'aria-labelledby="bookings-chart-title bookings-chart-desc"' in html
    assert "<caption>Bookings per week, by what became of them</caption>" in html
    assert '<th scope="row">Paid SQL workshop</th>' in html
    assert "Expert B" not in html


def test_a_new_expert_sees_empty_insights_without_errors(client):
    response = get_insights(client, new_expert())
    html = response.content.decode()
    assert response.status_code == 200
    assert "No payments in the last six months." in html
    assert "No past sessions yet" in html


def test_staff_see_any_experts_insights(client, world):
    staff = StaffFactory()
    response = get_insights(client, staff, expert=world["expert_b"].pk)
    html = response.content.decode()
    assert "Revenue per month (EUR)" in html
    assert "99.00 EUR" in html  # expert B's March
    assert "Paid SQL workshop" not in html
    assert f'<option value="{world["expert_a"].pk}"' in html


def test_an_expert_cannot_switch_to_another_expert(client, world):
    # The parameter is ignored for experts: they see their own numbers.
    response = get_insights(client, world["expert_a"], expert=world["expert_b"].pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Paid SQL workshop" in html
    assert "99.00 EUR" not in html
    assert 'id="expert-switch"' not in html


def test_staff_asking_for_a_user_who_is_no_expert_get_404(client, world):
    response = get_insights(client, StaffFactory(), expert=MemberFactory().pk)
    assert response.status_code == 404


def test_insights_page_query_count_does_not_grow_with_sessions(
    client, world, django_assert_num_queries
):
    expert = world["expert_a"]
    with time_machine.travel(NOW, tick=False):
        client.force_login(expert)
        client.get(reverse("experts_insights"))  # warm the session
        with django_assert_num_queries(PINNED_INSIGHTS_QUERIES):
            client.get(reverse("experts_insights"))
        for n in range(10):
            more = session(expert, f"More {n}", "2031-03-03", price=Decimal("5"))
            book(more, Status.ATTENDED, created="2031-03-02", confirmed="2031-03-02")
            book(more, Status.WAITLISTED, created="2031-03-02")
            review(more, 4, created="2031-03-04")
            rate(more, "4.00", 1)
        with django_assert_num_queries(PINNED_INSIGHTS_QUERIES):
            client.get(reverse("experts_insights"))


# Wagtail's admin and menus (and other apps' hooks; site settings from the
# cache, core.site_settings), the verified-email check
# at the admin's door (1), the signed-in user's avatar (1), plus ours: the
# zone (1), revenue (2: charges and refunds), rated sessions (1), rates (1),
# rating (1), bookings (1).
PINNED_INSIGHTS_QUERIES = 19


def test_session_titles_are_escaped_in_charts_and_tables(client, world):
    evil = session(world["expert_a"], "<script>alert(1)</script>", "2031-03-14")
    rate(evil, "5.00", 1)
    html = get_insights(client, world["expert_a"]).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
