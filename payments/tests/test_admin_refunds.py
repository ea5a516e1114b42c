"""Staff read refunds in the admin, on their own and on their payment's
page; nobody adds, edits or deletes them there (Stripe is the truth)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.tests.factories import StaffFactory, UserFactory
from payments.tests.test_reports import paid, refunded

pytestmark = pytest.mark.django_db


@pytest.fixture
def refund():
    return refunded(paid("10.00", "EUR", on="2031-01-05"), "4.00", on="2031-02-10")


def test_staff_see_a_payments_refunds_on_its_page(client, refund):
    client.force_login(StaffFactory())
    html = client.get(
        reverse("payments:inspect", args=[refund.payment_id])
    ).content.decode()
    assert "Refunds" in html
    assert f'<a href="{reverse("refunds:inspect", args=[refund.pk])}">' in html
    assert "re_test_1</a>: 4.00 EUR, Succeeded" in html


def test_staff_list_and_inspect_refunds(client, refund):
    client.force_login(StaffFactory())
    listing = client.get(reverse("refunds:index")).content.decode()
    assert "re_test_1" in listing
    page = client.get(reverse("refunds:inspect", args=[refund.pk]))
    assert page.status_code == 200
    assert "pi_test_1" in page.content.decode()


def test_refunds_are_read_only_even_for_staff(client, refund):
    client.force_login(StaffFactory())
    for url in (
        reverse("refunds:add"),
        reverse("refunds:edit", args=[refund.pk]),
        reverse("refunds:delete", args=[refund.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


def test_admin_users_who_are_not_staff_cannot_read_refunds(client, refund):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (
        reverse("refunds:index"),
        reverse("refunds:inspect", args=[refund.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
