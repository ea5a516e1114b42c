"""A mentee deleting their account: their review of the mentor stays on the
mentor's page as by a deleted member and still counts in the mentor's
rating (page, directory, matching); the mentor's feedback about them goes
with the mentorship. A mentor deleted takes the reviews of them along."""

import json
from html import unescape

import pytest
from django.db import IntegrityError, transaction

from accounts.data_export import export_account_data
from accounts.models import User
from accounts.services import delete_account
from experts.selectors import get_expert_rating
from experts.tests.factories import ExpertPageFactory
from mentorship.deletion import MentorshipAccountDeletion
from mentorship.match_inputs import get_ratings
from mentorship.models import Mentorship, MentorshipReview
from mentorship.reviews import detach_mentee_reviews_by, save_mentorship_review
from mentorship.tests.factories import MentorshipFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Role = MentorshipReview.Role
KEPT = (
    "1 review of a mentor kept without their name, still counted in the mentor's rating"
)


@pytest.fixture
def expert_page(db):
    return ExpertPageFactory(title="Grace Hopper", expert__name="Grace Hopper")


@pytest.fixture
def mentor(expert_page):
    return expert_page.expert


def completed(mentor, mentee=None) -> Mentorship:
    return MentorshipFactory(
        mentor=mentor,
        mentee=mentee or MemberFactory(),
        status=Mentorship.Status.COMPLETED,
    )


def reviewed(mentor, rating, comment="", *, mentee=None) -> MentorshipReview:
    done = completed(mentor, mentee)
    return save_mentorship_review(
        mentorship=done, author=done.mentee, rating=rating, comment=comment
    )


def mentee_section(client, expert_page) -> str:
    html = unescape(client.get(expert_page.url).content.decode())
    return html.split('id="mentee-reviews-heading"', 1)[1].split("</section>")[0]


def test_the_review_stays_on_the_mentors_page_as_by_a_deleted_member(
    client, expert_page, mentor
):
    ada = MemberFactory(name="Marie Curie")
    mine = reviewed(mentor, 2, "Often late, but patient.", mentee=ada)
    reviewed(mentor, 5, "Brilliant.", mentee=MemberFactory(name="Alan Turing"))

    delete_account(user=ada, by=ada)

    mentees = mentee_section(client, expert_page)
    assert "Often late, but patient." in mentees
    assert "Deleted member" in mentees
    assert "Marie Curie" not in mentees
    assert "Alan Turing" in mentees and "Brilliant." in mentees
    mine.refresh_from_db()
    assert (mine.author, mine.mentorship, mine.mentor) == (None, None, mentor)
    assert (mine.rating, mine.role) == (2, Role.MENTEE)


def test_the_rating_still_counts_it_on_the_page_and_in_matching(
    client, expert_page, mentor
):
    critic = reviewed(mentor, 1, mentee=MemberFactory()).author
    reviewed(mentor, 5, mentee=MemberFactory())

    delete_account(user=critic, by=critic)

    rating = get_expert_rating(mentor)
    assert (float(rating["average"]), rating["count"]) == (3.0, 2)
    assert get_ratings([mentor.pk]) == {mentor.pk: (3.0, 2)}
    html = unescape(client.get(expert_page.url).content.decode())
    assert "Rated 3.0 out of 5" in html
    assert "(2 reviews)" in html


def test_the_mentors_feedback_about_them_goes_and_other_mentees_keep_theirs(mentor):
    ada = MemberFactory()
    theirs = completed(mentor, ada)
    save_mentorship_review(mentorship=theirs, author=ada, rating=4)
    about_ada = save_mentorship_review(
        mentorship=theirs, author=mentor, comment="Practise window functions."
    )
    other = completed(mentor)
    other_review = save_mentorship_review(
        mentorship=other, author=other.mentee, rating=3, comment="Fine."
    )
    about_other = save_mentorship_review(
        mentorship=other, author=mentor, comment="Keep going."
    )

    delete_account(user=ada, by=ada)

    assert not MentorshipReview.objects.filter(pk=about_ada.pk).exists()
    assert not Mentorship.objects.filter(pk=theirs.pk).exists()
    other_review.refresh_from_db()
    assert (other_review.author, other_review.mentorship) == (other.mentee, other)
    assert (other_review.rating, other_review.comment) == (3, "Fine.")
    assert MentorshipReview.objects.filter(pk=about_other.pk).exists()


def test_the_effects_say_the_review_is_kept_and_still_counted(mentor):
    ada = MemberFactory()
    reviewed(mentor, 4, mentee=ada)
    reviewed(ExpertPageFactory().expert, 5, mentee=ada)
    step = MentorshipAccountDeletion()

    before = step.effects(user=ada)
    effects = delete_account(user=ada, by=ada)

    kept = (
        "2 reviews of mentors kept without their name, still counted in the "
        "mentors' ratings"
    )
    assert kept in before
    assert kept in effects
    assert "2 mentorships removed" in effects


def test_one_review_is_worded_in_the_singular_and_a_mentor_feedback_is_no_review(
    mentor,
):
    ada = MemberFactory()
    mentorship = completed(mentor, ada)
    save_mentorship_review(mentorship=mentorship, author=ada, rating=4)
    save_mentorship_review(mentorship=mentorship, author=mentor, comment="Well done.")

    assert KEPT in MentorshipAccountDeletion().effects(user=ada)
    # The mentor wrote feedback, not a review of a mentor: nothing kept.
    assert not any(
        "review" in line for line in MentorshipAccountDeletion().effects(user=mentor)
    )


def test_without_reviews_the_effects_do_not_mention_any(mentor):
    ada = completed(mentor).mentee
    assert not any(
        "review" in line for line in MentorshipAccountDeletion().effects(user=ada)
    )


def test_detaching_twice_changes_nothing_more(mentor):
    review = reviewed(mentor, 4)
    author = review.author

    assert detach_mentee_reviews_by(author=author) == 1
    assert detach_mentee_reviews_by(author=author) == 0
    review.refresh_from_db()
    assert (review.author, review.mentorship, review.rating) == (None, None, 4)


def test_a_deleted_mentor_takes_the_reviews_of_them_along():
    # A mentor without an expert page any more may be deleted (an expert
    # page blocks it): no page is left to show what mentees said.
    mentor = MemberFactory()
    gone_mentee = reviewed(mentor, 4, "Kept after I left.").author
    delete_account(user=gone_mentee, by=gone_mentee)
    staying = reviewed(mentor, 5).author

    delete_account(user=mentor, by=mentor)

    assert not MentorshipReview.objects.exists()
    assert User.objects.filter(pk=staying.pk).exists()


def test_deleting_a_mentorship_still_deletes_its_reviews(mentor):
    review = reviewed(mentor, 4)

    review.mentorship.delete()

    assert not MentorshipReview.objects.exists()


def test_only_a_mentees_review_without_its_author_outlives_its_mentorship(mentor):
    mentorship = completed(mentor)
    for role, author, rating in [
        (Role.MENTOR, None, None),  # the mentor's feedback about nobody
        (Role.MENTEE, mentorship.mentee, 4),  # a review still signed
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            MentorshipReview.objects.create(
                mentorship=None, mentor=mentor, author=author, role=role, rating=rating
            )


def test_the_mentors_data_download_holds_the_kept_review_without_an_author(mentor):
    ada = MemberFactory(username="ada")
    reviewed(mentor, 2, "Often late.", mentee=ada)
    delete_account(user=ada, by=ada)

    data = json.loads(json.dumps(export_account_data(mentor)))["sections"]

    assert data["mentorship"]["mentorships"] == []
    (kept,) = data["mentorship"]["reviews_from_deleted_mentees"]
    assert kept["author"] is None
    assert (kept["role"], kept["rating"], kept["comment"]) == (
        "mentee",
        2,
        "Often late.",
    )
    assert "ada" not in json.dumps(data["mentorship"])
