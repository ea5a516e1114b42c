"""The staff's "Payments by expert" report, against the workspace seed:
expert A (Grace Hopper) in March 2031 was charged 60 EUR and 50 USD and
refunded 20 EUR, and in February 20 EUR; expert B (Brian Kernighan) was
charged 99 EUR in March."""

import csv
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import StaffFactory
from experts.tests.workspace_seed import (
    NOW,
    book,
    buy_page,
    owned_page,
    pay,
    refund,
    seed,
    session,
)
from sessions.models import Booking
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
REPORT = "payments_report_by_expert"


@pytest.fixture
def world():
    return seed()


def get(client, user, **params):
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        return client.get(reverse(REPORT), params)


def row_of(html: str, name: str, currency: str) -> list[str]:
    for row in html.split("<tr>"):
        if f'<th scope="row">{name}' in row and f"<td>{currency}</td>" in row:
            return [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    raise AssertionError(f"no row for {name} in {currency}")


def test_staff_see_each_experts_charges_refunds_and_net_per_currency(client, world):
    html = get(client, StaffFactory()).content.decode()
    assert row_of(html, "Grace Hopper", "EUR") == [
        "EUR",
        "4",
        "80.00",
        "20.00",
        "60.00",
    ]
    assert row_of(html, "Grace Hopper", "USD") == ["USD", "1", "50.00", "0.00", "50.00"]
    assert row_of(html, "Brian Kernighan", "EUR") == [
        "EUR",
        "1",
        "99.00",
        "0.00",
        "99.00",
    ]
    # Experts by name.
    assert html.index("Brian Kernighan") < html.index("Grace Hopper")


def test_a_month_range_narrows_every_expert_to_it(client, world):
    html = get(client, StaffFactory(), month_from="2031-02", month_to="2031-02")
    html = html.content.decode()
    assert row_of(html, "Grace Hopper", "EUR") == ["EUR", "1", "20.00", "0.00", "20.00"]
    assert "Brian Kernighan" not in html


def test_memberships_are_a_line_of_their_own_so_lines_add_up(client, world):
    pay(
        None,
        on="2031-03-09",
        kind="membership",
        object_id=None,
        amount=Decimal("15.00"),
        currency="EUR",
    )
    html = get(client, StaffFactory(), currency="EUR").content.decode()
    assert row_of(html, "No expert", "EUR") == ["EUR", "1", "15.00", "0.00", "15.00"]
    assert "USD" not in html.split("<tbody>")[1]


def test_csv_export_names_each_expert_with_their_totals(client, world):
    response = get(client, StaffFactory(), export="csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "Expert",
        "Email",
        "Currency",
        "Payments",
        "Charged",
        "Refunded",
        "Net",
    ]
    grace = world["expert_a"]
    assert ["Grace Hopper", grace.email, "EUR", "4", "80.00", "20.00", "60.00"] in rows
    assert len(rows) == 4  # headings, Brian EUR, Grace EUR, Grace USD


def test_a_name_that_looks_like_a_formula_is_exported_as_text(client, world):
    world["expert_b"].name = "=HYPERLINK(1)"
    world["expert_b"].save(update_fields=["name"])
    response = get(client, StaffFactory(), export="csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize("params", [{}, {"export": "csv"}, {"export": "xlsx"}])
def test_experts_get_permission_denied_even_for_their_own_numbers(
    client, world, params
):
    response = get(client, world["expert_a"], **params)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert "text/csv" not in response.get("Content-Type", "")


def test_members_and_visitors_are_kept_out(client, world):
    assert get(client, MemberFactory()).status_code == 403
    client.logout()
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse(REPORT), {"export": "csv"})
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_reports_menu_is_staffs_not_experts(client, world):
    with time_machine.travel(NOW, tick=False):
        client.force_login(world["expert_a"])
        expert_home = client.get(reverse("wagtailadmin_home")).content.decode()
        client.force_login(StaffFactory())
        staff_home = client.get(reverse("wagtailadmin_home")).content.decode()
    for url in (reverse(REPORT), reverse("payments_report_by_month")):
        assert url not in expert_home
        assert url in staff_home


def test_report_query_count_does_not_grow_with_experts_or_payments(
    client, world, django_assert_num_queries
):
    staff = StaffFactory()
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff)
        client.get(reverse(REPORT))  # warm the session
        with django_assert_num_queries(PINNED_REPORT_QUERIES):
            client.get(reverse(REPORT))
        for n in range(6):
            host = world["expert_a"] if n % 2 else world["expert_b"]
            more = session(host, f"More {n}", "2031-03-03", price=Decimal("5"))
            seat = book(
                more,
                Booking.Status.ATTENDED,
                created="2031-03-02",
                confirmed="2031-03-02",
            )
            refund(pay(seat, on="2031-03-02"), "1.00", on="2031-03-03")
            buy_page(owned_page(host), on="2031-03-04", amount="7")
        with django_assert_num_queries(PINNED_REPORT_QUERIES):
            client.get(reverse(REPORT))


# Wagtail's admin, menus and other apps' hooks, the verified-email check,
# the signed-in user's avatar (accounts.wagtail_hooks), plus the report's:
# charges (1), refunds (1), the experts' names (1).
PINNED_REPORT_QUERIES = 14
