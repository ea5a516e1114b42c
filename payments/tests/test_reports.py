"""The ledger's totals and the staff's "Payments by month" report.

Payments here are written as the webhook leaves them (status, amount
charged, refunds as their own rows), dated in a fixed past.
"""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.tests.factories import StaffFactory, UserFactory
from payments.models import Kind, Payment, Refund
from payments.reports import list_ledger_totals
from payments.tests.factories import refund_row

pytestmark = pytest.mark.django_db

REPORT = "payments_report_by_month"


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def paid(amount: str, currency: str, *, on: str, status=Payment.Status.PAID):
    n = Payment.objects.count() + 1
    payment = Payment.objects.create(
        user=UserFactory(),
        kind=Kind.PAGE,
        object_id=n,
        description=f"Premium page {n}",
        amount=Decimal(amount),
        currency=currency,
        status=status,
        stripe_checkout_session_id=f"cs_test_{n}",
        stripe_payment_intent_id=f"pi_test_{n}",
    )
    Payment.objects.filter(pk=payment.pk).update(created_at=at(on))
    return payment


def refunded(payment, amount: str, *, on: str, status=Refund.Status.SUCCEEDED):
    return refund_row(payment, amount, created=at(on), status=status)


@pytest.fixture
def ledger():
    """January: 2 × 10 EUR and 12 GBP. February: 30 EUR, and 4 EUR of
    January's first payment refunded; a failed refund and an unpaid
    checkout that count for nothing."""
    first = paid("10.00", "EUR", on="2031-01-05")
    paid("10.00", "EUR", on="2031-01-20", status=Payment.Status.PARTIALLY_REFUNDED)
    paid("12.00", "GBP", on="2031-01-21")
    february = paid("30.00", "EUR", on="2031-02-02")
    refunded(first, "4.00", on="2031-02-10")
    refunded(february, "30.00", on="2031-02-11", status=Refund.Status.FAILED)
    paid("99.00", "EUR", on="2031-02-03", status=Payment.Status.PENDING)
    paid("99.00", "EUR", on="2031-02-03", status=Payment.Status.EXPIRED)


def table(totals):
    return [
        (t.month, t.currency, t.payments, t.gross, t.refunded, t.net) for t in totals
    ]


# --- The arithmetic ---------------------------------------------------------------


def test_totals_per_month_and_currency_count_refunds_when_made(ledger):
    totals = list_ledger_totals(Payment.objects.all(), zone=ZoneInfo("UTC"))
    assert table(totals) == [
        (date(2031, 1, 1), "EUR", 2, Decimal("20.00"), Decimal("0"), Decimal("20.00")),
        (date(2031, 1, 1), "GBP", 1, Decimal("12.00"), Decimal("0"), Decimal("12.00")),
        (
            date(2031, 2, 1),
            "EUR",
            1,
            Decimal("30.00"),
            Decimal("4.00"),
            Decimal("26.00"),
        ),
    ]


def test_a_window_bounds_charges_and_refunds_each_by_their_own_date(ledger):
    totals = list_ledger_totals(
        Payment.objects.all(),
        zone=ZoneInfo("UTC"),
        start=at("2031-02-01", 0),
        per_month=False,
    )
    # January's payment is outside, its February refund inside.
    assert table(totals) == [
        (None, "EUR", 1, Decimal("30.00"), Decimal("4.00"), Decimal("26.00"))
    ]


def test_months_are_calendar_months_in_the_zone_asked_for():
    late = paid("10.00", "EUR", on="2031-01-31")
    Payment.objects.filter(pk=late.pk).update(
        created_at=datetime(2031, 1, 31, 23, 30, tzinfo=UTC)
    )
    berlin = list_ledger_totals(Payment.objects.all(), zone=ZoneInfo("Europe/Berlin"))
    utc = list_ledger_totals(Payment.objects.all(), zone=ZoneInfo("UTC"))
    assert [t.month for t in berlin] == [date(2031, 2, 1)]
    assert [t.month for t in utc] == [date(2031, 1, 1)]


def test_totals_cost_two_queries_however_many_payments(django_assert_num_queries):
    for n in range(12):
        payment = paid(
            "5.00", "EUR" if n % 2 else "USD", on=f"2031-0{1 + n % 3}-0{1 + n % 9}"
        )
        refunded(payment, "1.00", on="2031-03-15")
    with django_assert_num_queries(2):
        list_ledger_totals(Payment.objects.all(), zone=ZoneInfo("UTC"))


# --- Who may see the report -------------------------------------------------------


def get(client, user, **params):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(REPORT), params)


def test_visitors_are_sent_to_the_admin_login(client, ledger):
    response = get(client, None)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_members_without_admin_access_are_told_the_admin_is_not_for_them(
    client, ledger
):
    for params in ({}, {"export": "csv"}):
        response = get(client, UserFactory(), **params)
        assert response.status_code == 403
        assert "text/csv" not in response["Content-Type"]
        assert "26.00" not in response.content.decode()


def test_admin_users_who_are_not_staff_get_permission_denied(client, ledger):
    # As an expert is: into the admin, but no payments.
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.user_permissions.add(Permission.objects.get(codename="view_payment"))
    for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
        response = get(client, user, **params)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    messages = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "do not have permission" in messages


def test_staff_see_the_totals_per_month_and_currency(client, ledger):
    response = get(client, StaffFactory())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="col">Refunded</th>' in html
    assert '<th scope="row">February 2031</th>' in html
    row = html.split('<th scope="row">February 2031</th>')[1].split("</tr>")[0]
    assert [cell.strip() for cell in row.split("<td>")[1:]] == [
        "EUR</td>",
        "1</td>",
        "30.00</td>",
        "4.00</td>",
        "26.00</td>",
    ]
    # Newest month first.
    assert html.index("February 2031") < html.index("January 2031")


def test_the_reports_menu_offers_the_report_to_staff_only(client):
    staff = StaffFactory()
    client.force_login(staff)
    assert reverse(REPORT) in client.get(reverse("wagtailadmin_home")).content.decode()


# --- Filters and export -----------------------------------------------------------


def test_filters_by_month_range_and_currency(client, ledger):
    html = get(
        client, StaffFactory(), month_from="2031-01", month_to="2031-01", currency="EUR"
    ).content.decode()
    assert "January 2031" in html
    assert "February 2031" not in html
    assert "GBP" not in html.split("<tbody>")[1]


def test_csv_export_holds_the_filtered_lines_with_headings(client, ledger):
    response = get(client, StaffFactory(), export="csv", currency="EUR")
    assert response["Content-Type"] == "text/csv"
    assert "payments-by-month.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(body))) == [
        ["Month", "Currency", "Payments", "Charged", "Refunded", "Net"],
        ["2031-02", "EUR", "1", "30.00", "4.00", "26.00"],
        ["2031-01", "EUR", "2", "20.00", "0.00", "20.00"],
    ]


def test_xlsx_export_is_a_workbook(client, ledger):
    response = get(client, StaffFactory(), export="xlsx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize(
    "params",
    [
        {"month_from": "2031-13"},
        {"month_from": "garbage", "month_to": "2031-02"},
        {"month_from": "2031-03", "month_to": "2031-01"},
        {"currency": "XXX"},
        {"p": "abc"},
        {"p": "999"},
        {"export": "pdf"},
        {"ordering": "nonsense"},
        {"month_from": "99999-01"},
    ],
)
def test_bad_parameters_show_the_report_not_an_error(client, ledger, params):
    response = get(client, StaffFactory(), **params)
    assert response.status_code == 200


def test_a_last_month_before_the_first_is_explained_and_not_applied(client, ledger):
    html = get(
        client, StaffFactory(), month_from="2031-03", month_to="2031-01"
    ).content.decode()
    alert = html.split('role="alert"')[1].split("</div>")[0]
    assert (
        "To month (included)</label>: The last month comes before the first." in alert
    )
    # Every month shown, and no chip claims a filter is on.
    assert "January 2031" in html and "February 2031" in html
    assert "w-pill" not in html


def test_report_query_count_does_not_grow_with_payments(
    client, django_assert_num_queries
):
    staff = StaffFactory()
    client.force_login(staff)
    client.get(reverse(REPORT))  # warm the session
    with django_assert_num_queries(PINNED_REPORT_QUERIES):
        client.get(reverse(REPORT))
    for n in range(15):
        payment = paid("5.00", ("EUR", "GBP", "USD")[n % 3], on=f"2031-0{1 + n % 6}-11")
        refunded(payment, "2.00", on=f"2031-0{1 + n % 4}-20")
    with django_assert_num_queries(PINNED_REPORT_QUERIES):
        client.get(reverse(REPORT))


# Wagtail's admin, menus and other apps' hooks, the verified-email check,
# the signed-in user's avatar (accounts.wagtail_hooks), plus the report's
# two (charges, refunds).
PINNED_REPORT_QUERIES = 13
