"""Mentorship requests from the member's side: asking, being refused,
withdrawing, the emails both sides get, and the dashboard list."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail

from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from experts.tests.factories import ExpertPageFactory
from mentorship import errors, services
from mentorship.errors import MentorshipError
from mentorship.models import Mentorship
from mentorship.services import accept_mentorship, decline_mentorship
from mentorship.tests.factories import MentorshipFactory
from sessions.tests.factories import MemberFactory

Status = Mentorship.Status
# The same for one request or five (membership +1, unread messages +1,
# the mentees list +1, whether they answered the questionnaire +1, unread
# forum notifications +1, the progress card +2); the site, its settings and
# the menu come from the cache (core.sites, core.site_settings).
DASHBOARD_QUERIES = 21
GOALS = "Move from Excel to SQL & <b>Python</b>\nin three months."


def _url(expert_page) -> str:
    return f"/mentorship/request/{expert_page.expert.username}/"


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def expert_page(db):
    return ExpertPageFactory(
        expert__name="Grace Hopper",
        headline="Compilers, COBOL and clear thinking",
        mentee_capacity=3,
    )


@pytest.fixture
def member(client, db):
    member = MemberFactory(name="Ada Lovelace")
    client.force_login(member)
    return member


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST and run the on-commit callbacks (the emails) as a commit would."""

    def do(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return do


# --- Asking ----------------------------------------------------------------


def test_request_page_shows_the_expert_and_an_accessible_form(
    client, expert_page, member
):
    MentorshipFactory(mentor=expert_page.expert, status=Status.ACTIVE)
    response = client.get(_url(expert_page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ask Grace Hopper for mentorship" in html
    assert "Compilers, COBOL and clear thinking" in html
    assert "80.00 EUR" in html
    assert "Mentee places left: <strong>2</strong> of 3" in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<label class="form__label" for="id_goals">' in html
    assert "What would you like to work on?" in html
    assert 'id="id_goals_helptext"' in html
    assert 'aria-describedby="id_goals_helptext"' in html
    assert 'maxlength="2000"' in html


def test_member_sends_a_request_and_the_expert_is_emailed_the_goals(
    post, expert_page, member
):
    response = post(
        _url(expert_page), {"goals": f"  {GOALS}  ", "message": "Thursdays suit me"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/#mentorship"
    assert "Your request is on its way to Grace Hopper" in _messages(response)
    request = Mentorship.objects.get()
    assert (request.mentor, request.mentee) == (expert_page.expert, member)
    assert request.status == Status.REQUESTED
    assert request.goals == GOALS
    assert request.request_message == "Thursdays suit me"
    [message] = mail.outbox
    assert message.to == [expert_page.expert.email]
    assert "Ada Lovelace asks you for mentorship" in message.subject
    assert GOALS in message.body
    assert "Thursdays suit me" in message.body
    assert "http://127.0.0.1:8000/admin/mentorship/" in message.body


def test_request_page_needs_login(client, expert_page):
    response = client.get(_url(expert_page))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={_url(expert_page)}"
    response = client.post(_url(expert_page), {"goals": GOALS})
    assert response["Location"].startswith("/accounts/login/")
    assert not Mentorship.objects.exists()


def test_blank_goals_are_a_form_error(post, expert_page, member):
    response = post(_url(expert_page), {"goals": "   \n  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'role="alert"' in html
    assert str(errors.GOALS_EMPTY) in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_goals_helptext id_goals_error"' in html
    assert not Mentorship.objects.exists()
    assert mail.outbox == []


def test_goals_longer_than_the_limit_are_a_form_error(post, expert_page, member):
    response = post(_url(expert_page), {"goals": "x" * 2001})
    assert response.status_code == 400
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize("published", [False, None])
def test_unknown_or_draft_expert_is_a_404(client, member, published):
    if published is None:
        url = "/mentorship/request/nobody-here/"
    else:
        draft = ExpertPageFactory(live=False)
        url = _url(draft)
    assert client.get(url).status_code == 404
    assert client.post(url, {"goals": GOALS}).status_code == 404


def _refusal_setup(case, expert_page, member):
    if case == "not_accepting":
        expert_page.accepts_mentees = False
        expert_page.save()
    elif case == "full":
        expert_page.mentee_capacity = 1
        expert_page.save()
        MentorshipFactory(mentor=expert_page.expert, status=Status.ACTIVE)
    elif case == "pending":
        MentorshipFactory(mentor=expert_page.expert, mentee=member)
    elif case == "mentee":
        MentorshipFactory(
            mentor=expert_page.expert, mentee=member, status=Status.ACTIVE
        )
    elif case == "unverified":
        EmailAddress.objects.filter(user=member).update(verified=False)


REFUSALS = {
    "not_accepting": (errors.NOT_ACCEPTING, 'href="/experts/"'),
    "full": (errors.MENTEES_FULL, 'href="/experts/"'),
    "pending": (errors.ALREADY_REQUESTED, 'href="/dashboard/#mentorship"'),
    "mentee": (errors.ALREADY_MENTEE, 'href="/dashboard/#mentorship"'),
    "unverified": (errors.EMAIL_NOT_VERIFIED, 'href="/accounts/email/"'),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_page_says_why_a_member_cannot_ask_instead_of_a_form(
    client, post, expert_page, member, case
):
    _refusal_setup(case, expert_page, member)
    before = Mentorship.objects.count()
    message, link = REFUSALS[case]
    html = client.get(_url(expert_page)).content.decode()
    assert str(message) in html
    assert link in html
    assert 'name="goals"' not in html
    # Posting anyway (an old tab, a script) is refused the same way.
    response = post(_url(expert_page), {"goals": GOALS})
    assert response.status_code == 409
    assert str(message) in response.content.decode()
    assert Mentorship.objects.count() == before
    assert mail.outbox == []


def test_expert_cannot_ask_themselves(client, post, expert_page):
    client.force_login(expert_page.expert)
    html = client.get(_url(expert_page)).content.decode()
    assert str(errors.OWN_MENTORSHIP) in html
    assert 'name="goals"' not in html
    assert post(_url(expert_page), {"goals": GOALS}).status_code == 409
    assert not Mentorship.objects.exists()


def test_place_taken_between_page_and_post_shows_the_refusal(
    post, expert_page, member, monkeypatch
):
    # The check before the service passes; the service, under its lock, finds
    # the last place gone: the member sees why, not a 500.
    monkeypatch.setattr("mentorship.views.get_mentorship_refusal", lambda **kw: None)
    expert_page.mentee_capacity = 1
    expert_page.save()
    MentorshipFactory(mentor=expert_page.expert, status=Status.ACTIVE)
    response = post(_url(expert_page), {"goals": GOALS})
    assert response.status_code == 409
    assert str(errors.MENTEES_FULL) in response.content.decode()
    assert not Mentorship.objects.filter(mentee=member).exists()


# --- Withdrawing -----------------------------------------------------------


def _withdraw_url(request) -> str:
    return f"/mentorship/requests/{request.pk}/withdraw/"


def test_member_withdraws_their_pending_request(post, expert_page, member):
    request = MentorshipFactory(mentor=expert_page.expert, mentee=member)
    response = post(_withdraw_url(request))
    assert response["Location"] == "/dashboard/#mentorship"
    assert "You have withdrawn your request to Grace Hopper" in _messages(response)
    request.refresh_from_db()
    assert request.status == Status.CANCELLED


def test_withdrawn_member_may_ask_again(client, post, expert_page, member):
    request = MentorshipFactory(mentor=expert_page.expert, mentee=member)
    post(_withdraw_url(request))
    assert 'name="goals"' in client.get(_url(expert_page)).content.decode()


def test_someone_elses_request_cannot_be_withdrawn(post, expert_page, member):
    request = MentorshipFactory(mentor=expert_page.expert)
    assert post(_withdraw_url(request)).status_code == 404
    assert post("/mentorship/requests/999999/withdraw/").status_code == 404
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_answered_request_cannot_be_withdrawn(post, expert_page, member):
    request = MentorshipFactory(
        mentor=expert_page.expert, mentee=member, status=Status.ACTIVE
    )
    response = post(_withdraw_url(request))
    assert response["Location"] == "/dashboard/#mentorship"
    assert str(errors.NOT_REQUESTED) in _messages(response)
    request.refresh_from_db()
    assert request.status == Status.ACTIVE


def test_withdraw_is_post_only_and_needs_login(client, expert_page, member):
    request = MentorshipFactory(mentor=expert_page.expert, mentee=member)
    assert client.get(_withdraw_url(request)).status_code == 405
    client.logout()
    response = client.post(_withdraw_url(request))
    assert response["Location"].startswith("/accounts/login/?next=/dashboard/")
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


# --- The expert's answer ---------------------------------------------------


def test_member_is_emailed_the_acceptance_with_the_experts_message(
    expert_page, member, django_capture_on_commit_callbacks
):
    request = MentorshipFactory(mentor=expert_page.expert, mentee=member)
    with django_capture_on_commit_callbacks(execute=True):
        accept_mentorship(
            mentorship=request,
            mentor=expert_page.expert,
            message="Happy to! Book our first call <script>x</script>",
        )
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "Grace Hopper accepted your mentorship request" in message.subject
    # Plain text: what they wrote, as they wrote it.
    assert "Book our first call <script>x</script>" in message.body
    assert f"http://127.0.0.1:8000{expert_page.url}" in message.body
    assert "http://127.0.0.1:8000/dashboard/#mentorship" in message.body


def test_member_is_emailed_a_decline_with_other_experts_to_try(
    expert_page, member, django_capture_on_commit_callbacks
):
    request = MentorshipFactory(mentor=expert_page.expert, mentee=member)
    with django_capture_on_commit_callbacks(execute=True):
        decline_mentorship(
            mentorship=request, mentor=expert_page.expert, message="Too busy."
        )
    [message] = mail.outbox
    assert "declined your mentorship request" in message.body
    assert "Too busy." in message.body
    assert "http://127.0.0.1:8000/experts/" in message.body


def test_accepting_past_capacity_is_refused(expert_page):
    # Two members ask while one place is left; waiting requests hold no
    # place, so the expert's second "accept" is the one that must fail.
    expert_page.mentee_capacity = 1
    expert_page.save()
    first, second = (MentorshipFactory(mentor=expert_page.expert) for _ in range(2))
    accept_mentorship(mentorship=first, mentor=expert_page.expert)
    with pytest.raises(MentorshipError) as refused:
        accept_mentorship(mentorship=second, mentor=expert_page.expert)
    assert refused.value.message == errors.MENTEES_FULL
    second.refresh_from_db()
    assert second.status == Status.REQUESTED
    # Declining is still possible when full.
    decline_mentorship(mentorship=second, mentor=expert_page.expert)


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_never_exceed_capacity(monkeypatch):
    needs_row_locks()
    count = services.count_active_mentees

    def slow_count(mentor):
        # Widen the gap between counting and writing: without the lock every
        # worker would count the same free places.
        counted = count(mentor)
        time.sleep(0.2)
        return counted

    monkeypatch.setattr(services, "count_active_mentees", slow_count)
    ensure_site_tree()
    expert_page = ExpertPageFactory(mentee_capacity=2)
    requests = iter(list(MentorshipFactory.create_batch(6, mentor=expert_page.expert)))

    def accept():
        mentorship = next(requests)
        try:
            accept_mentorship(mentorship=mentorship, mentor=expert_page.expert)
        except MentorshipError as error:
            return str(error.message)
        return "accepted"

    outcomes = run_at_once(accept, times=6)
    assert outcomes.count("accepted") == 2
    assert outcomes.count(str(errors.MENTEES_FULL)) == 4
    assert Mentorship.objects.filter(status=Status.ACTIVE).count() == 2


# --- The member's dashboard ------------------------------------------------


def test_dashboard_lists_the_members_requests(client, expert_page, member):
    pending = MentorshipFactory(mentor=expert_page.expert, mentee=member)
    other = ExpertPageFactory(expert__name="Alan Turing")
    declined = MentorshipFactory(
        mentor=other.expert,
        mentee=member,
        status=Status.DECLINED,
        reply_message="Not taking <i>beginners</i>",
    )
    MentorshipFactory(mentor=expert_page.expert)  # someone else's
    html = client.get("/dashboard/").content.decode()
    assert 'id="mentorship"' in html
    # Each leads to the mentorship's own page.
    assert f'href="/mentorship/{pending.pk}/">Grace Hopper</a>' in html
    assert f'href="/mentorship/{declined.pk}/">Alan Turing</a>' in html
    assert "Waiting for an answer" in html
    assert "Declined" in html
    assert "Not taking &lt;i&gt;beginners&lt;/i&gt;" in html
    assert html.count("/withdraw/") == 1
    assert f'action="/mentorship/requests/{pending.pk}/withdraw/"' in html


def test_dashboard_without_requests_points_to_the_experts(client, member):
    html = client.get("/dashboard/").content.decode()
    assert "You have not asked an expert for mentorship yet." in html
    assert 'href="/experts/">Find an expert</a>' in html


@pytest.mark.parametrize("count", [1, 5])
def test_dashboard_query_count_does_not_grow_with_requests(
    client, member, django_assert_num_queries, count
):
    for _ in range(count):
        MentorshipFactory(
            mentor=ExpertPageFactory().expert,
            mentee=member,
            status=Status.ACTIVE,
            reply_message="Yes",
        )
    client.get("/dashboard/")  # warm the site and page-URL caches
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get("/dashboard/").status_code == 200
