"""Feedback from experts (progress.services.feedback, the member's pages and
the expert's admin pages): who may be asked, one open request per expert and
skill, the expert's review joining the member's history, and privacy."""

import pytest
from django.utils.html import escape

from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from experts.tests.factories import ExpertPageFactory, GroupExpertFactory
from mentorship.models import Mentorship
from mentorship.tests.factories import MentorshipFactory
from progress import errors
from progress.errors import ProgressError
from progress.models import FeedbackRequest, LevelRecord
from progress.services import feedback as service
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = FeedbackRequest.Status


@pytest.fixture
def expert_page():
    return ExpertPageFactory(skills=["SQL", "Python"])


@pytest.fixture
def expert(expert_page):
    return expert_page.expert


@pytest.fixture
def member():
    member = MemberFactory()
    member.profile.skills.add("SQL")
    return member


def sql():
    from core.models import Skill

    return Skill.objects.get(name="SQL")


def ask_url(expert):
    return f"/progress/feedback/ask/{expert.username}/"


def asked(member, expert, **kwargs):
    return service.request_feedback(member=member, expert=expert, skill=sql(), **kwargs)


# --- asking -----------------------------------------------------------------------


def test_member_asks_an_expert_from_their_page(
    client, member, expert, expert_page, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    assert ask_url(expert) in client.get(expert_page.url).text
    page = client.get(ask_url(expert)).text
    assert "<option" in page and "Python" in page and "SQL" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ask_url(expert), {"skill": sql().pk, "message": "I wrote <b>joins</b>."}
        )

    assert response.status_code == 302
    request = FeedbackRequest.objects.get()
    assert (request.member, request.expert, request.skill) == (member, expert, sql())
    assert request.status == Status.OPEN
    [email] = mailoutbox
    assert email.to == [expert.email]
    assert f"/admin/progress/feedback/{request.pk}/" in email.body
    listing = client.get("/progress/feedback/").text
    assert "Waiting for the expert" in listing


def test_a_mentor_without_a_public_page_can_be_asked(member):
    mentor = GroupExpertFactory()
    with pytest.raises(ProgressError) as refused:
        asked(member, mentor)
    assert refused.value.message == errors.FEEDBACK_NOT_AN_EXPERT
    MentorshipFactory(mentor=mentor, mentee=member, status=Mentorship.Status.ACTIVE)
    assert asked(member, mentor).status == Status.OPEN


def test_members_who_are_not_experts_cannot_be_asked(client, member):
    other = MemberFactory()
    with pytest.raises(ProgressError):
        asked(member, other)
    client.force_login(member)
    assert client.get(ask_url(other)).status_code == 404


def test_nobody_asks_themselves(expert):
    with pytest.raises(ProgressError) as refused:
        asked(expert, expert)
    assert refused.value.message == errors.FEEDBACK_FROM_YOURSELF


def test_an_unverified_member_is_told_and_refused(client, expert):
    member = MemberFactory(verified=False)
    client.force_login(member)
    page = client.get(ask_url(expert)).text
    assert str(errors.EMAIL_NOT_VERIFIED) in page
    response = client.post(ask_url(expert), {"skill": sql().pk})
    assert response.status_code == 400
    assert not FeedbackRequest.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, expert):
    response = client.get(ask_url(expert))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    "data, message",
    [
        ({"skill": ""}, "This field is required."),
        ({"skill": "999999"}, "Choose a skill from the list."),
        ({"skill": "SQL"}, "Choose a skill from the list."),
    ],
)
def test_bad_input_is_a_form_error(client, member, expert, data, message):
    client.force_login(member)
    response = client.post(ask_url(expert), data)
    assert response.status_code == 400
    assert message in response.text
    assert not FeedbackRequest.objects.exists()


def test_a_message_too_long_is_refused(client, member, expert):
    client.force_login(member)
    response = client.post(
        ask_url(expert),
        {"skill": sql().pk, "message": "x" * (service.MESSAGE_MAX_LENGTH + 1)},
    )
    assert response.status_code == 400
    assert not FeedbackRequest.objects.exists()


def test_one_open_request_per_expert_and_skill(client, member, expert):
    asked(member, expert)
    client.force_login(member)
    response = client.post(ask_url(expert), {"skill": sql().pk})
    assert response.status_code == 400
    assert escape(str(errors.FEEDBACK_ALREADY_OPEN)) in response.text
    assert FeedbackRequest.objects.count() == 1


def test_at_most_a_few_requests_wait_at_once(member):
    pages = ExpertPageFactory.create_batch(
        service.MAX_OPEN_REQUESTS + 1, skills=["SQL"]
    )
    for page in pages[:-1]:
        asked(member, page.expert)
    with pytest.raises(ProgressError) as refused:
        asked(member, pages[-1].expert)
    assert "requests waiting" in str(refused.value.message)


@pytest.mark.django_db(transaction=True)
def test_double_submit_makes_one_request():
    needs_row_locks()
    # Another transactional test may have flushed the page tree.
    ensure_site_tree()
    page = ExpertPageFactory(skills=["SQL"])
    member = MemberFactory()

    def ask():
        try:
            return asked(member, page.expert).pk
        except ProgressError as error:
            return str(error.message)

    outcomes = run_at_once(ask, times=3)
    assert FeedbackRequest.objects.count() == 1
    assert outcomes.count(str(errors.FEEDBACK_ALREADY_OPEN)) == 2


def test_member_withdraws_an_open_request(client, member, expert):
    request = asked(member, expert)
    client.force_login(MemberFactory())
    assert client.post(f"/progress/feedback/{request.pk}/withdraw/").status_code == 404
    client.force_login(member)
    client.post(f"/progress/feedback/{request.pk}/withdraw/")
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


# --- answering --------------------------------------------------------------------


def answer_url(request):
    return f"/admin/progress/feedback/{request.pk}/"


def test_the_expert_sees_what_the_member_shared_and_reviews(
    client, member, expert, mailoutbox, django_capture_on_commit_callbacks
):
    from progress.services.levels import rate_myself

    rate_myself(member=member, skill=sql(), level=4)
    request = asked(member, expert, message="Joins and window functions.")
    client.force_login(expert)
    queue = client.get("/admin/progress/feedback/").text
    assert answer_url(request) in queue
    page = client.get(answer_url(request)).text
    assert "Joins and window functions." in page
    assert "Self-rated" in page and "4 · Proficient" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            answer_url(request),
            {
                "action": "review",
                "level": "3",
                "feedback": "Solid joins; practise CTEs.",
            },
        )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.REVIEWED and request.reviewed_level == 3
    record = LevelRecord.objects.get(source=LevelRecord.Source.EXPERT)
    assert (record.member, record.skill, record.level) == (member, sql(), 3)
    assert record.feedback == request
    [email] = mailoutbox
    assert email.to == [member.email]
    assert "Competent" in email.body and "practise CTEs" in email.body
    client.force_login(member)
    assert "Solid joins; practise CTEs." in client.get("/progress/feedback/").text


@pytest.mark.parametrize(
    "data",
    [
        {"action": "review", "level": "6", "feedback": "Good"},
        {"action": "review", "level": "three", "feedback": "Good"},
        {"action": "review", "level": "3", "feedback": "   "},
    ],
)
def test_a_bad_review_is_a_form_error_and_changes_nothing(client, member, expert, data):
    request = asked(member, expert)
    client.force_login(expert)
    response = client.post(answer_url(request), data)
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == Status.OPEN
    assert not LevelRecord.objects.exists()


def test_the_expert_declines(client, member, expert, mailoutbox):
    request = asked(member, expert)
    client.force_login(expert)
    client.post(answer_url(request), {"action": "decline", "reason": "Not my area."})
    request.refresh_from_db()
    assert request.status == Status.DECLINED
    assert not LevelRecord.objects.exists()


def test_only_the_expert_asked_sees_or_answers_the_request(client, member, expert):
    request = asked(member, expert)
    other_expert = ExpertPageFactory().expert
    client.force_login(other_expert)
    assert client.get(answer_url(request)).status_code == 404
    response = client.post(
        answer_url(request), {"action": "review", "level": "5", "feedback": "Great"}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == Status.OPEN
    client.force_login(member)
    # Wagtail turns away members without admin access before the view.
    assert client.get(answer_url(request)).status_code in (302, 403, 404)


def test_an_answered_request_cannot_be_answered_again(member, expert):
    request = asked(member, expert)
    service.review_feedback(feedback=request, expert=expert, level=3, text="Good")
    with pytest.raises(ProgressError) as refused:
        service.decline_feedback(feedback=request, expert=expert)
    assert refused.value.message == errors.FEEDBACK_NOT_OPEN
    assert LevelRecord.objects.count() == 1
