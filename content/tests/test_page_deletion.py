"""A page someone paid for is unpublished, never deleted: the admin says so
and its buyers keep what they bought."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from accounts.tests.factories import UserFactory
from content.tests.factories import SECRET, ArticlePageFactory, CoursePageFactory
from payments.models import Entitlement, Kind, Payment
from payments.tests.stripe_fakes import post_webhook, stub_checkout
from payments.tests.stripe_objects import completed_session
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def bought(page, status=Payment.Status.PAID):
    return Payment.objects.create(
        user=MemberFactory(),
        kind=Kind.PAGE,
        object_id=page.pk,
        description=page.title,
        currency="EUR",
        status=status,
    )


def test_a_bought_article_is_unpublished_instead(client, admin, stripe_api):
    article = ArticlePageFactory(access="purchase", price="9.00")
    buyer = MemberFactory()
    client.force_login(buyer)
    stub_checkout(stripe_api)
    client.post(
        "/payments/checkout/",
        {"kind": "page", "object_id": article.pk, "next": article.url},
    )
    post_webhook(
        client, "checkout.session.completed", completed_session(Payment.objects.get())
    )
    url = reverse("wagtailadmin_pages:delete", args=[article.pk])

    refusal = admin.get(url).content.decode()
    admin.post(url)

    assert "1 member bought it." in refusal
    assert reverse("wagtailadmin_pages:unpublish", args=[article.pk]) in refusal
    assert Page.objects.filter(pk=article.pk).exists()
    assert SECRET in client.get(article.url).content.decode()


def test_bulk_delete_of_a_bought_course_is_refused(admin):
    course = CoursePageFactory(access="purchase", price="30.00")
    bought(course)
    Entitlement.objects.create(
        user=MemberFactory(), kind=Kind.PAGE, object_id=course.pk
    )
    url = f"/admin/bulk/wagtailcore/page/delete/?id={course.pk}"

    confirmation = admin.get(url).content.decode()
    admin.post(url)

    assert "2 members bought it." in confirmation
    assert Page.objects.filter(pk=course.pk).exists()


def test_a_page_whose_purchase_was_refunded_can_be_deleted(admin):
    article = ArticlePageFactory(access="purchase", price="9.00")
    refunded = bought(article, status=Payment.Status.REFUNDED)

    response = admin.post(reverse("wagtailadmin_pages:delete", args=[article.pk]))

    assert response.status_code == 302
    assert not Page.objects.filter(pk=article.pk).exists()
    # Kept for the accounts, with what it was for.
    assert Payment.objects.get(pk=refunded.pk).description == article.title
