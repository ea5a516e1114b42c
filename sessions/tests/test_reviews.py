from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions import errors
from sessions.errors import SessionsError
from sessions.models import Booking, Review
from sessions.services.reviews import leave_review, reply_to_review
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return SessionPageFactory()


def after_end(session):
    return time_machine.travel(session.ends_at + timedelta(hours=1), tick=False)


def participant(session, status=Booking.Status.CONFIRMED):
    return BookingFactory(session=session, status=status).member


def test_participant_reviews_after_the_end_and_the_average_updates(session):
    first, second = participant(session), participant(session, Booking.Status.ATTENDED)
    with after_end(session):
        leave_review(session=session, author=first, rating=5, comment="Great")
        leave_review(session=session, author=second, rating=4, comment="")
    session.refresh_from_db()
    assert session.rating_count == 2
    assert session.rating_average == Decimal("4.50")


def test_review_before_the_end_is_refused(session):
    member = participant(session)
    with pytest.raises(SessionsError) as caught:
        leave_review(session=session, author=member, rating=5, comment="")
    assert caught.value.message == errors.REVIEW_TOO_EARLY
    assert not Review.objects.exists()


def test_non_participant_cannot_review(session):
    with after_end(session), pytest.raises(SessionsError) as caught:
        leave_review(session=session, author=MemberFactory(), rating=5, comment="")
    assert caught.value.message == errors.REVIEW_NOT_PARTICIPANT


@pytest.mark.parametrize(
    "status",
    [
        Booking.Status.WAITLISTED,
        Booking.Status.CANCELLED,
        Booking.Status.NO_SHOW,
        Booking.Status.PENDING,
    ],
)
def test_members_who_did_not_take_part_cannot_review(session, status):
    member = participant(session, status)
    with after_end(session), pytest.raises(SessionsError) as caught:
        leave_review(session=session, author=member, rating=3, comment="")
    assert caught.value.message == errors.REVIEW_NOT_PARTICIPANT


def test_second_review_is_refused_and_count_stays(session):
    member = participant(session)
    with after_end(session):
        leave_review(session=session, author=member, rating=2, comment="")
        with pytest.raises(SessionsError) as caught:
            leave_review(session=session, author=member, rating=5, comment="")
    assert caught.value.message == errors.REVIEW_ALREADY
    session.refresh_from_db()
    assert (session.rating_count, session.rating_average) == (1, Decimal("2.00"))


@pytest.mark.parametrize("rating", [0, 6, "x", None])
def test_rating_outside_one_to_five_is_refused(session, rating):
    member = participant(session)
    with after_end(session), pytest.raises(SessionsError) as caught:
        leave_review(session=session, author=member, rating=rating, comment="")
    assert caught.value.message == errors.REVIEW_RATING_INVALID


def test_host_replies_once(session):
    review = ReviewFactory(session=session)
    reply_to_review(review=review, host=session.host, text="Thanks!")
    review.refresh_from_db()
    assert review.host_reply == "Thanks!" and review.replied_at is not None
    with pytest.raises(SessionsError) as caught:
        reply_to_review(review=review, host=session.host, text="Again")
    assert caught.value.message == errors.REPLY_ALREADY
    review.refresh_from_db()
    assert review.host_reply == "Thanks!"


def test_only_the_host_can_reply(session):
    review = ReviewFactory(session=session)
    with pytest.raises(SessionsError) as caught:
        reply_to_review(review=review, host=review.author, text="Me too")
    assert caught.value.message == errors.REPLY_NOT_HOST


def test_publishing_an_old_draft_keeps_the_rating(session):
    revision = session.save_revision()
    member = participant(session)
    with after_end(session):
        leave_review(session=session, author=member, rating=4, comment="")
    revision.publish()
    session.refresh_from_db()
    assert session.rating_count == 1


# --- Views and the component on the session page ---------------------------
# The component is rendered on its own, as the session page includes it, so
# these tests do not depend on the page template around it.


def render_reviews(session, user) -> str:
    request = RequestFactory().get(session.url)
    request.user = user
    context = {"page": session, "request": request, "user": user}
    return render_to_string("sessions/components/reviews.html", context, request)


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_review_form_posts_a_review_and_shows_it_escaped(client, session):
    member = participant(session)
    client.force_login(member)
    url = reverse("review_create", args=[session.pk])
    with after_end(session):
        assert f'action="{url}"' in render_reviews(session, member)
        response = client.post(
            url, {"rating": "4", "comment": "<script>alert(1)</script> Solid"}
        )
        assert response["Location"] == f"{session.url}#reviews"
        assert "Thank you: your review is published." in flashed(response)
        session.refresh_from_db()
        html = render_reviews(session, member)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Solid" in html
    assert "<script>alert(1)" not in html
    assert "4.0 ★" in html and "from 1 review" in html
    assert url not in html  # the form is gone once used


def test_review_form_hidden_from_non_participants_and_before_the_end(session):
    member = participant(session)
    url = reverse("review_create", args=[session.pk])
    assert url not in render_reviews(session, member)
    with after_end(session):
        assert url not in render_reviews(session, MemberFactory())
        assert url not in render_reviews(session, AnonymousUser())
        assert url not in render_reviews(session, session.host)


def test_refused_review_shows_the_reason(client, session):
    client.force_login(MemberFactory())
    with after_end(session):
        response = client.post(
            reverse("review_create", args=[session.pk]), {"rating": "5"}
        )
    assert flashed(response) == [str(errors.REVIEW_NOT_PARTICIPANT)]
    assert not Review.objects.exists()


def test_review_views_handle_bad_input_without_errors(client, session):
    url = reverse("review_create", args=[session.pk])
    response = client.post(url, {"rating": "5"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(participant(session))
    assert client.get(url).status_code == 405
    assert client.post(reverse("review_create", args=[999999])).status_code == 404
    with after_end(session):
        response = client.post(url, {"rating": "9"})
    assert flashed(response) == [str(errors.REVIEW_RATING_INVALID)]
    assert client.post(reverse("review_reply", args=[999999])).status_code == 404
    assert not Review.objects.exists()


def test_host_sees_reply_form_and_replies(client, session):
    review = ReviewFactory(session=session, comment="Loved it")
    url = reverse("review_reply", args=[review.pk])
    assert url in render_reviews(session, session.host)
    client.force_login(session.host)
    response = client.post(url, {"text": "Glad you came <b>!</b>"})
    assert response["Location"] == f"{session.url}#reviews"
    html = render_reviews(session, session.host)
    assert "Glad you came &lt;b&gt;!&lt;/b&gt;" in html
    assert url not in html  # no second reply form


def test_empty_reply_is_refused_with_a_message(client, session):
    review = ReviewFactory(session=session)
    client.force_login(session.host)
    response = client.post(reverse("review_reply", args=[review.pk]), {"text": " "})
    assert flashed(response) == [str(errors.REPLY_EMPTY)]


def test_someone_else_cannot_reply(client, session):
    review = ReviewFactory(session=session)
    url = reverse("review_reply", args=[review.pk])
    assert url not in render_reviews(session, review.author)
    client.force_login(review.author)
    assert client.post(url, {"text": "hi"}).status_code == 403
    review.refresh_from_db()
    assert review.host_reply == ""


def test_reviews_component_query_count_is_flat(session, django_assert_num_queries):
    member = MemberFactory()
    ReviewFactory(session=session)
    render_reviews(session, member)  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as one:
        render_reviews(session, member)
    ReviewFactory.create_batch(10, session=session)
    with django_assert_num_queries(len(one.captured_queries)):
        html = render_reviews(session, member)
    assert html.count('class="review card"') == 11


def test_average_and_count_are_shown(session):
    session.rating_average, session.rating_count = Decimal("4.50"), 2
    html = render_reviews(session, AnonymousUser())
    assert "4.5 ★" in html and "from 2 reviews" in html
