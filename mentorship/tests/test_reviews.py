"""Reviews once a mentorship is completed: who may write them and when, the
review page, the emails, the mentees' reviews in the mentor's rating (page,
directory, JSON-LD, matching) and the mentor's private feedback."""

import json
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.concurrency import needs_row_locks, run_at_once
from experts.models import ExpertPage
from experts.selectors import get_expert_rating, with_ratings
from experts.tests.factories import ExpertPageFactory
from experts.tests.test_directory import get, names
from mentorship import errors, reviews
from mentorship.errors import MentorshipError
from mentorship.models import Mentorship, MentorshipReview
from mentorship.review_selectors import MenteeReviews
from mentorship.reviews import (
    REVIEW_EDIT_DAYS,
    save_mentorship_review,
    send_review_invitations,
)
from mentorship.tests.factories import MentorshipFactory
from sessions import rating_sources
from sessions.tests.factories import MemberFactory, ReviewFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
FEEDBACK = "Strong on SQL joins; practise window functions next."


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def expert_page(db):
    return ExpertPageFactory(
        title="Grace Hopper", expert__name="Grace Hopper", expert__username="grace"
    )


@pytest.fixture
def mentor(expert_page):
    return expert_page.expert


@pytest.fixture
def mentee(db):
    return MemberFactory(name="Ada Lovelace", username="ada")


@pytest.fixture
def mentorship(mentor, mentee):
    return MentorshipFactory(mentor=mentor, mentee=mentee, status=Status.COMPLETED)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the emails) as a commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def url(mentorship) -> str:
    return reverse("mentorship_review", kwargs={"pk": mentorship.pk})


def mentee_review(mentor, rating: int, comment: str = "", **author) -> None:
    """A completed mentorship with `mentor`, reviewed by a new mentee."""
    done = MentorshipFactory(
        mentor=mentor, mentee=MemberFactory(**author), status=Status.COMPLETED
    )
    save_mentorship_review(
        mentorship=done, author=done.mentee, rating=rating, comment=comment
    )


def session_review(mentor, rating: int) -> None:
    starts = NOW - timedelta(days=7)
    session = SessionPageFactory(
        host=mentor, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    ReviewFactory(session=session, rating=rating)


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def json_ld(html: str, kind: str) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    return [data for data in map(json.loads, blocks) if data["@type"] == kind]


# --- Who may review, and when ------------------------------------------------


def test_mentee_reviews_the_completed_mentorship(mentorship, mentee):
    review = save_mentorship_review(
        mentorship=mentorship, author=mentee, rating=4, comment="  Patient.  "
    )
    assert (review.role, review.rating, review.comment) == ("mentee", 4, "Patient.")


def test_mentor_writes_feedback_without_a_rating(mentorship, mentor):
    review = save_mentorship_review(
        mentorship=mentorship, author=mentor, comment=FEEDBACK
    )
    assert (review.role, review.rating) == ("mentor", None)
    with pytest.raises(MentorshipError) as error:
        save_mentorship_review(
            mentorship=MentorshipFactory(
                mentor=mentor, mentee=MemberFactory(), status=Status.COMPLETED
            ),
            author=mentor,
            rating=3,
            comment=FEEDBACK,
        )
    assert error.value.message == errors.REVIEW_NO_RATING_FOR_MENTEE


def test_mentor_feedback_needs_words(mentorship, mentor):
    with pytest.raises(MentorshipError) as error:
        save_mentorship_review(mentorship=mentorship, author=mentor, comment="   ")
    assert error.value.message == errors.REVIEW_FEEDBACK_EMPTY


def test_someone_else_cannot_review(mentorship):
    with pytest.raises(MentorshipError) as error:
        save_mentorship_review(mentorship=mentorship, author=MemberFactory(), rating=5)
    assert error.value.message == errors.NOT_A_PARTICIPANT
    assert not MentorshipReview.objects.exists()


@pytest.mark.parametrize(
    "status",
    [Status.REQUESTED, Status.ACTIVE, Status.PAUSED, Status.DECLINED, Status.CANCELLED],
)
def test_only_a_completed_mentorship_is_reviewed(mentor, mentee, status):
    unfinished = MentorshipFactory(mentor=mentor, mentee=mentee, status=status)
    with pytest.raises(MentorshipError) as error:
        save_mentorship_review(mentorship=unfinished, author=mentee, rating=5)
    assert error.value.message == errors.REVIEW_NOT_COMPLETED


@pytest.mark.parametrize("rating", [0, 6, -1, "abc", "", None, 4.5, "4.5", True])
def test_rating_must_be_a_whole_number_from_1_to_5(mentorship, mentee, rating):
    with pytest.raises(MentorshipError) as error:
        save_mentorship_review(mentorship=mentorship, author=mentee, rating=rating)
    assert error.value.message == errors.REVIEW_RATING_INVALID
    assert not MentorshipReview.objects.exists()


def test_comment_over_3000_characters_is_refused(mentorship, mentee):
    with pytest.raises(MentorshipError) as error:
        save_mentorship_review(
            mentorship=mentorship, author=mentee, rating=5, comment="x" * 3001
        )
    assert error.value.message == errors.REVIEW_COMMENT_TOO_LONG
    save_mentorship_review(
        mentorship=mentorship, author=mentee, rating=5, comment="x" * 3000
    )


def test_reviewing_twice_edits_the_one_review(mentorship, mentee):
    save_mentorship_review(mentorship=mentorship, author=mentee, rating=2)
    save_mentorship_review(
        mentorship=mentorship, author=mentee, rating=5, comment="Better on reflection."
    )
    (review,) = MentorshipReview.objects.all()
    assert (review.rating, review.comment) == (5, "Better on reflection.")


def test_review_is_frozen_after_the_edit_window(mentorship, mentee):
    save_mentorship_review(mentorship=mentorship, author=mentee, rating=2)
    with time_machine.travel(NOW + timedelta(days=REVIEW_EDIT_DAYS, seconds=1)):
        with pytest.raises(MentorshipError) as error:
            save_mentorship_review(mentorship=mentorship, author=mentee, rating=5)
    assert "can no longer be changed" in error.value.message
    assert MentorshipReview.objects.get().rating == 2


def test_database_refuses_a_rating_out_of_range(mentorship, mentee):
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipReview.objects.create(
            mentorship=mentorship,
            mentor=mentorship.mentor,
            author=mentee,
            role="mentee",
            rating=6,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipReview.objects.create(
            mentorship=mentorship,
            mentor=mentorship.mentor,
            author=mentorship.mentor,
            role="mentor",
            rating=3,
        )


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_writes_one_review_and_one_email(monkeypatch):
    needs_row_locks()
    done = MentorshipFactory(status=Status.COMPLETED)
    lookup = reviews.MentorshipReview.objects.filter

    def slow_lookup(*args, **kwargs):
        # Widen the gap between "is there one?" and writing it: without the
        # lock on the mentorship both requests would find none and create.
        found = lookup(*args, **kwargs)
        time.sleep(0.2)
        return found

    monkeypatch.setattr(reviews.MentorshipReview.objects, "filter", slow_lookup)

    def save():
        return save_mentorship_review(mentorship=done, author=done.mentee, rating=5).pk

    first, second = run_at_once(save)
    assert first == second
    assert MentorshipReview.objects.count() == 1
    assert len(mail.outbox) == 1


# --- Emails ------------------------------------------------------------------


def test_mentor_is_emailed_the_mentees_review_once(commit, mentorship, mentee, mentor):
    commit(
        save_mentorship_review,
        mentorship=mentorship,
        author=mentee,
        rating=4,
        comment="Clear & kind.",
    )
    (email,) = mail.outbox
    assert email.to == [mentor.email]
    assert "Ada Lovelace reviewed your mentoring" in email.subject
    assert "4 out of 5 stars" in email.body
    assert "Clear & kind." in email.body
    assert f"/mentorship/{mentorship.pk}/review/" in email.body
    # Changing it is not news worth another email.
    commit(save_mentorship_review, mentorship=mentorship, author=mentee, rating=5)
    assert len(mail.outbox) == 1


def test_mentee_is_emailed_that_feedback_is_waiting(commit, mentorship, mentee, mentor):
    commit(
        save_mentorship_review, mentorship=mentorship, author=mentor, comment=FEEDBACK
    )
    (email,) = mail.outbox
    assert email.to == [mentee.email]
    assert "Grace Hopper left you feedback" in email.subject
    assert f"/mentorship/{mentorship.pk}/review/" in email.body


def test_review_invitations_go_to_both_sides(commit, mentorship, mentee, mentor):
    commit(send_review_invitations, mentorship)
    by_recipient = {email.to[0]: email for email in mail.outbox}
    assert set(by_recipient) == {mentee.email, mentor.email}
    assert "Grace Hopper" in by_recipient[mentee.email].subject
    assert "Only they will see it" in by_recipient[mentor.email].body
    assert all(f"/mentorship/{mentorship.pk}/review/" in e.body for e in mail.outbox)


def test_no_invitations_for_a_mentorship_not_completed(commit, mentor, mentee):
    active = MentorshipFactory(mentor=mentor, mentee=mentee, status=Status.ACTIVE)
    commit(send_review_invitations, active)
    assert mail.outbox == []


# --- The review page -----------------------------------------------------------


def test_review_page_needs_login(client, mentorship):
    response = client.get(url(mentorship))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_review_page_is_a_404_to_anyone_else(client, mentorship):
    client.force_login(MemberFactory())
    assert client.get(url(mentorship)).status_code == 404
    assert client.post(url(mentorship), {"rating": 5}).status_code == 404
    assert not MentorshipReview.objects.exists()


def test_mentee_page_has_an_accessible_rating_form(client, mentorship, mentee):
    client.force_login(mentee)
    html = client.get(url(mentorship)).text
    assert "Review your mentorship with Grace Hopper" in html
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Your rating of your mentor", html)
    for stars in range(1, 6):
        assert f'<label for="id_rating_{5 - stars}">{stars} ★</label>' in html
    assert '<label class="form__label" for="id_comment">' in html


def test_mentee_publishes_a_review_from_the_page(
    client, commit, mentorship, mentee, mentor
):
    client.force_login(mentee)
    response = commit(
        client.post, url(mentorship), {"rating": "5", "comment": "Worth every hour."}
    )
    assert response.status_code == 302
    assert response["Location"] == url(mentorship)
    assert "we have emailed Grace Hopper" in messages_of(response)
    review = MentorshipReview.objects.get()
    assert (review.author, review.rating) == (mentee, 5)
    assert [email.to for email in mail.outbox] == [[mentor.email]]
    html = client.get(url(mentorship)).text
    assert "Worth every hour." in html
    assert "Save changes" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating": "6"}, errors.REVIEW_RATING_INVALID),
        ({"rating": "four"}, errors.REVIEW_RATING_INVALID),
        ({}, errors.REVIEW_RATING_INVALID),
        ({"rating": "4", "comment": "x" * 3001}, errors.REVIEW_COMMENT_TOO_LONG),
    ],
)
def test_bad_input_is_a_form_error(client, mentorship, mentee, data, message):
    client.force_login(mentee)
    response = client.post(url(mentorship), data)
    assert response.status_code == 400
    assert str(message).replace(",", "") in response.text.replace(",", "")
    assert "<title>Error:" in response.text
    assert not MentorshipReview.objects.exists()


def test_unfinished_mentorship_page_says_why_not_a_500(client, mentor, mentee):
    active = MentorshipFactory(mentor=mentor, mentee=mentee, status=Status.ACTIVE)
    client.force_login(mentee)
    response = client.get(url(active))
    assert response.status_code == 200
    assert str(errors.REVIEW_NOT_COMPLETED) in response.text
    assert "<form" not in response.text.split("<main", 1)[1]
    response = client.post(url(active), {"rating": "5"})
    assert response.status_code == 409
    assert not MentorshipReview.objects.exists()


def test_script_in_a_comment_is_escaped_everywhere(
    client, mentorship, mentee, mentor, expert_page
):
    script = "<script>alert('x')</script>"
    save_mentorship_review(
        mentorship=mentorship, author=mentee, rating=5, comment=script
    )
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    client.force_login(mentor)
    assert escaped in client.get(url(mentorship)).text
    client.logout()
    html = client.get(expert_page.url).text
    assert script not in html
    assert escaped in html


def test_frozen_review_is_shown_without_a_form(client, mentorship, mentee):
    save_mentorship_review(
        mentorship=mentorship, author=mentee, rating=3, comment="Fine."
    )
    with time_machine.travel(NOW + timedelta(days=REVIEW_EDIT_DAYS + 1)):
        client.force_login(mentee)
        response = client.get(url(mentorship))
        assert "can no longer be changed" in response.text
        assert "Fine." in response.text
        assert 'name="comment"' not in response.text
        response = client.post(url(mentorship), {"rating": "5"})
    assert response.status_code == 409
    assert MentorshipReview.objects.get().rating == 3


def test_mentee_reads_the_mentors_feedback_on_the_review_page(
    client, mentorship, mentee, mentor
):
    client.force_login(mentee)
    assert "has not written feedback for you yet" in client.get(url(mentorship)).text
    save_mentorship_review(mentorship=mentorship, author=mentor, comment=FEEDBACK)
    html = client.get(url(mentorship)).text
    assert "Feedback from Grace Hopper" in html
    assert FEEDBACK in html


def test_mentor_page_offers_feedback_only(client, mentorship, mentor):
    client.force_login(mentor)
    html = client.get(url(mentorship)).text
    assert "Feedback for Ada Lovelace" in html
    assert 'name="rating"' not in html
    response = client.post(url(mentorship), {"comment": ""})
    assert response.status_code == 400
    assert str(errors.REVIEW_FEEDBACK_EMPTY) in response.text
    response = client.post(url(mentorship), {"comment": FEEDBACK, "rating": "1"})
    assert response.status_code == 302
    assert MentorshipReview.objects.get().rating is None


def test_mentors_feedback_is_on_no_public_page(
    client, mentorship, mentee, mentor, expert_page
):
    save_mentorship_review(mentorship=mentorship, author=mentor, comment=FEEDBACK)
    for viewer in (None, MemberFactory(), mentor, mentee):
        if viewer is not None:
            client.force_login(viewer)
        for path in (expert_page.url, "/experts/", f"/members/{mentee.username}/"):
            assert FEEDBACK not in client.get(path).text
    assert get_expert_rating(mentor) == {"average": None, "count": 0}


def test_dashboard_links_a_completed_mentorship_to_its_review(
    client, mentorship, mentee, mentor
):
    MentorshipFactory(mentor=mentor, mentee=mentee, status=Status.ACTIVE)
    client.force_login(mentee)
    html = client.get("/dashboard/").text
    assert html.count("/review/") == 1
    assert f'href="{url(mentorship)}"' in html


def test_mentors_workspace_links_completed_mentorships_to_their_review(
    client, mentorship, mentor
):
    MentorshipFactory(mentor=mentor, status=Status.DECLINED)
    client.force_login(mentor)
    html = client.get(reverse("mentorship_admin_requests")).text
    assert html.count("/review/") == 1
    assert f'href="{url(mentorship)}"' in html


# --- The mentor's rating -----------------------------------------------------


def test_rating_averages_over_every_review_not_the_two_averages(mentor):
    # Sessions: 5 and 5 (average 5). Mentees: 1 (average 1).
    session_review(mentor, 5)
    session_review(mentor, 5)
    mentee_review(mentor, 1)
    rating = get_expert_rating(mentor)
    # (5 + 5 + 1) / 3, not (5 + 1) / 2.
    assert rating["count"] == 3
    assert float(rating["average"]) == pytest.approx(11 / 3)


def test_with_ratings_matches_get_expert_rating_for_many_experts(
    mentor, expert_page, django_assert_num_queries
):
    other = ExpertPageFactory(title="Alan Turing")
    session_review(mentor, 4)
    mentee_review(mentor, 3)
    mentee_review(mentor, 2)
    session_review(other.expert, 5)
    quiet = ExpertPageFactory(title="Quiet")
    ids = [expert_page.pk, other.pk, quiet.pk]
    with django_assert_num_queries(1):
        pages = {p.pk: p for p in with_ratings(ExpertPage.objects.filter(pk__in=ids))}
    numbers = {
        pk: (page.rating_count, page.rating_average and float(page.rating_average))
        for pk, page in pages.items()
    }
    assert numbers == {
        expert_page.pk: (3, 3.0),
        other.pk: (1, 5.0),
        quiet.pk: (0, None),
    }
    assert numbers[expert_page.pk][1] == float(get_expert_rating(mentor)["average"])


def test_only_mentee_reviews_count(mentorship, mentor, mentee):
    save_mentorship_review(mentorship=mentorship, author=mentor, comment=FEEDBACK)
    assert get_expert_rating(mentor)["count"] == 0
    save_mentorship_review(mentorship=mentorship, author=mentee, rating=4)
    assert get_expert_rating(mentor) == {"average": pytest.approx(4), "count": 1}


def test_without_the_registry_ratings_are_the_session_reviews_alone(
    mentor, expert_page, monkeypatch
):
    # As if the app were not installed: nothing registered, from the start.
    monkeypatch.setattr(rating_sources, "_source", None)
    session_review(mentor, 4)
    session_review(mentor, 5)
    mentee_review(mentor, 1)
    rating = get_expert_rating(mentor)
    assert (rating["count"], float(rating["average"])) == (2, 4.5)
    page = with_ratings(ExpertPage.objects.filter(pk=expert_page.pk)).get()
    assert (page.rating_count, float(page.rating_average)) == (2, 4.5)
    assert rating_sources.list_recent_mentee_reviews(mentor, limit=5) == []


def test_the_app_registers_its_mentee_reviews():
    assert isinstance(rating_sources.get_registered(), MenteeReviews)


def test_expert_page_shows_the_combined_rating_and_mentee_reviews(
    client, mentor, expert_page
):
    session_review(mentor, 5)
    mentee_review(mentor, 2, "Helpful but often late.", name="Alan Turing")
    html = client.get(expert_page.url).text
    assert "Rated 3.5 out of 5" in html
    assert "(2 reviews)" in html
    assert "across Grace Hopper’s sessions and mentorships" in html
    mentees = html.split('id="mentee-reviews-heading"', 1)[1].split("</section>")[0]
    assert "Alan Turing" in mentees
    assert "Helpful but often late." in mentees
    assert "2 out of 5 stars" in mentees
    (rating,) = json_ld(html, "AggregateRating")
    assert (rating["ratingValue"], rating["reviewCount"]) == (3.5, 2)


def test_directory_filters_and_sorts_by_the_combined_rating(client, mentor):
    # Sessions alone would rate Grace 5.0; her mentee's 1 brings her to 3.0.
    session_review(mentor, 5)
    mentee_review(mentor, 1)
    steady = ExpertPageFactory(title="Steady")
    session_review(steady.expert, 4)
    assert names(get(client, "?min_rating=4")) == ["Steady"]
    assert names(get(client, "?sort=rating")) == ["Steady", "Grace Hopper"]


def test_expert_page_query_count_is_the_same_for_1_or_10_mentee_reviews(
    client, mentor, expert_page
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(expert_page.url)
        assert response.status_code == 200
        return len(captured)

    session_review(mentor, 5)
    mentee_review(mentor, 4, "Good.")
    client.get(expert_page.url)  # warm Wagtail's site and settings caches
    with_one = queries()
    for _ in range(9):
        mentee_review(mentor, 4, "Good.")
    assert queries() == with_one
    # Five shown, the newest; all ten counted.
    html = client.get(expert_page.url).text
    assert html.count("After a completed mentorship") == 5
    assert "(11 reviews)" in html
