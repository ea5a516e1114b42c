import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from wagtail.rich_text import RichText

from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreferenceSource
from content.tests.factories import SECRET, ArticlePageFactory
from marketing import errors
from marketing.campaign_delivery import deliver_campaign_batch
from marketing.campaign_tasks import send_campaign_batch
from marketing.campaigns import (
    _create_deliveries,
    record_campaign_unsubscribe,
    save_campaign,
    schedule_campaign,
    send_test,
    start_campaign,
    stop_campaign,
    unschedule_campaign,
)
from marketing.errors import MarketingError
from marketing.models import Campaign, CampaignDelivery
from marketing.periodic import start_due_campaigns
from marketing.segments import list_segment_recipients
from marketing.tests.campaign_factories import campaign, newsletter_member, subscriber
from sessions.tests.factories import SessionPageFactory
from sessions.timezones import format_in_zone

pytestmark = pytest.mark.django_db

SITE = "https://masteryhub.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def audience():
    return [newsletter_member(username=f"reader{n}") for n in range(3)] + [
        subscriber("visitor@example.org")
    ]


def start(campaign_, capture):
    with capture(execute=True):
        return start_campaign(campaign=campaign_)


def statuses(campaign_):
    return dict(campaign_.deliveries.values_list("email", "status"))


def test_sending_mails_each_address_once_and_marks_the_campaign_sent(
    audience, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = campaign()

    start(chosen, django_capture_on_commit_callbacks)

    chosen.refresh_from_db()
    assert chosen.status == Campaign.Status.SENT and chosen.sent_at
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["reader0@example.com", "reader1@example.com", "reader2@example.com"]
        + ["visitor@example.org"]
    )
    assert set(statuses(chosen).values()) == {CampaignDelivery.Status.SENT}
    assert mailoutbox[0].subject == "[MasteryHub] New sessions this month"


def test_running_the_batch_task_again_sends_nothing_more(
    audience, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = campaign()
    start(chosen, django_capture_on_commit_callbacks)

    send_campaign_batch.call(chosen.pk)
    send_campaign_batch.enqueue(chosen.pk)

    assert len(mailoutbox) == 4


def test_batches_take_turns_and_the_last_marks_the_campaign_sent(audience, mailoutbox):
    chosen = campaign()
    start_campaign(campaign=chosen)  # tasks not run: on_commit not executed

    first = deliver_campaign_batch(campaign_id=chosen.pk, size=3)
    second = deliver_campaign_batch(campaign_id=chosen.pk, size=3)
    third = deliver_campaign_batch(campaign_id=chosen.pk, size=3)

    assert (first.handled, first.remaining, first.more) == (3, 1, True)
    assert (second.handled, second.remaining, second.more) == (1, 0, False)
    assert third.handled == 0
    assert len(mailoutbox) == 4
    chosen.refresh_from_db()
    assert chosen.status == Campaign.Status.SENT


def test_starting_twice_neither_doubles_deliveries_nor_sends(
    audience, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = campaign()
    start(chosen, django_capture_on_commit_callbacks)

    with pytest.raises(MarketingError) as refused:
        start(chosen, django_capture_on_commit_callbacks)

    assert refused.value.message == errors.CAMPAIGN_ALREADY_STARTED
    assert chosen.deliveries.count() == 4
    assert len(mailoutbox) == 4


def test_making_deliveries_again_adds_none(audience):
    chosen = campaign()
    recipients = list_segment_recipients(chosen)

    assert _create_deliveries(chosen, recipients) == 4
    assert _create_deliveries(chosen, recipients) == 0
    assert chosen.deliveries.count() == 4


def test_who_unsubscribes_after_the_start_is_skipped(audience, mailoutbox):
    reader, visitor = audience[0], audience[3]
    chosen = campaign()
    start_campaign(campaign=chosen)
    set_email_preference(
        user=reader,
        kind=EmailKind.NEWSLETTER,
        enabled=False,
        source=EmailPreferenceSource.ONE_CLICK,
    )
    visitor.delete()

    send_campaign_batch.call(chosen.pk)

    assert reader.email not in [m.to[0] for m in mailoutbox]
    assert len(mailoutbox) == 2
    skipped = chosen.deliveries.filter(status=CampaignDelivery.Status.SKIPPED)
    assert sorted(skipped.values_list("email", flat=True)) == sorted(
        [reader.email, "visitor@example.org"]
    )
    chosen.refresh_from_db()
    assert chosen.status == Campaign.Status.SENT


def test_a_failed_send_is_recorded_and_the_others_still_go(
    audience, mailoutbox, monkeypatch
):
    real_send = EmailBackend.send_messages

    def refuse_one(self, messages):
        if any("reader1@example.com" in m.to for m in messages):
            raise ConnectionRefusedError("mail server said no")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
    chosen = campaign()
    start_campaign(campaign=chosen)

    send_campaign_batch.call(chosen.pk)

    assert len(mailoutbox) == 3
    failed = chosen.deliveries.get(status=CampaignDelivery.Status.FAILED)
    assert failed.email == "reader1@example.com"
    assert failed.error == "ConnectionRefusedError: mail server said no"
    assert failed.sent_at is None
    chosen.refresh_from_db()
    assert chosen.status == Campaign.Status.SENT


def test_a_sent_campaign_refuses_edits_sends_and_schedules(
    audience, django_capture_on_commit_callbacks
):
    chosen = campaign()
    start(chosen, django_capture_on_commit_callbacks)
    chosen.refresh_from_db()
    chosen.subject = "Changed"

    for attempt, message in [
        (lambda: save_campaign(campaign=chosen), errors.CAMPAIGN_NOT_EDITABLE),
        (lambda: start_campaign(campaign=chosen), errors.CAMPAIGN_ALREADY_STARTED),
        (
            lambda: schedule_campaign(
                campaign=chosen, at=timezone.now() + timedelta(days=1)
            ),
            errors.CAMPAIGN_NOT_EDITABLE,
        ),
    ]:
        with pytest.raises(MarketingError) as refused:
            attempt()
        assert refused.value.message == message
    assert Campaign.objects.get().subject == "New sessions this month"


def test_an_edit_made_while_sending_started_is_refused():
    chosen = campaign()
    stale = Campaign.objects.get(pk=chosen.pk)
    start_campaign(campaign=chosen)
    stale.subject = "Changed"

    with pytest.raises(MarketingError):
        save_campaign(campaign=stale)


def test_scheduling_in_the_past_is_refused():
    chosen = campaign()

    with pytest.raises(MarketingError) as refused:
        schedule_campaign(campaign=chosen, at=timezone.now() - timedelta(minutes=1))

    assert refused.value.message == errors.SCHEDULE_IN_PAST
    chosen.refresh_from_db()
    assert chosen.status == Campaign.Status.DRAFT


def test_the_periodic_job_starts_due_campaigns_only(
    audience, mailoutbox, django_capture_on_commit_callbacks
):
    due, later, draft = campaign(), campaign(), campaign()
    schedule_campaign(campaign=due, at=timezone.now() + timedelta(minutes=5))
    schedule_campaign(campaign=later, at=timezone.now() + timedelta(hours=2))
    Campaign.objects.filter(pk=due.pk).update(
        scheduled_at=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert start_due_campaigns() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert start_due_campaigns() == 0

    states = dict(Campaign.objects.values_list("pk", "status"))
    assert states == {
        due.pk: Campaign.Status.SENT,
        later.pk: Campaign.Status.SCHEDULED,
        draft.pk: Campaign.Status.DRAFT,
    }
    assert len(mailoutbox) == 4


def test_unscheduling_returns_to_draft_and_stopping_skips_the_rest(audience):
    chosen = campaign()
    schedule_campaign(campaign=chosen, at=timezone.now() + timedelta(days=1))
    assert unschedule_campaign(campaign=chosen).status == Campaign.Status.DRAFT

    start_campaign(campaign=chosen)
    stop_campaign(campaign=chosen)
    send_campaign_batch.call(chosen.pk)

    chosen.refresh_from_db()
    assert chosen.status == Campaign.Status.CANCELLED
    assert set(statuses(chosen).values()) == {CampaignDelivery.Status.SKIPPED}


def test_an_unsubscribe_through_the_campaign_is_counted_once(audience):
    chosen = campaign()
    start_campaign(campaign=chosen)

    assert record_campaign_unsubscribe(
        campaign_id=chosen.pk, email="READER0@example.com"
    )
    assert not record_campaign_unsubscribe(
        campaign_id=chosen.pk, email="reader0@example.com"
    )
    assert not record_campaign_unsubscribe(
        campaign_id=chosen.pk, email="stranger@example.com"
    )
    assert chosen.deliveries.filter(unsubscribed_at__isnull=False).count() == 1


def test_links_to_the_site_are_absolute_with_utm_and_others_untouched(
    mailoutbox, django_capture_on_commit_callbacks
):
    member = newsletter_member(username="reader", time_zone="Asia/Tokyo")
    session = SessionPageFactory(title="Window functions")
    article = ArticlePageFactory(title="Pipelines", access="membership")
    chosen = campaign(
        subject="Spring",
        body=[
            (
                "paragraph",
                RichText(
                    '<p>See <a href="/learn/">the library</a> and '
                    '<a href="https://example.org/x?a=1">a friend</a>.</p>'
                ),
            ),
            ("session", session),
            ("article", article),
            ("button", {"label": "Sessions", "url": "/sessions/?tag=SQL"}),
        ],
    )

    start(chosen, django_capture_on_commit_callbacks)

    [email] = mailoutbox
    assert email.to == [member.email]
    html = email.alternatives[0][0]
    body = html.split('class="footer"')[0]
    hrefs = re.findall(r'href="([^"]*)"', body)
    ours = [h for h in hrefs if h.startswith(SITE) and h != f"{SITE}/"]
    assert len(ours) == 6  # library, session twice, article twice, button
    for href in ours:
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert query["utm_source"] == ["newsletter"]
        assert query["utm_medium"] == ["email"]
        assert query["utm_campaign"] == [chosen.slug]
    assert "https://example.org/x?a=1" in hrefs
    assert not [h for h in hrefs if h.startswith("/")]
    assert "tag=SQL" in [h for h in hrefs if "/sessions/?" in h][0]
    # The text part carries the same links, and the session in Tokyo time.
    assert f"{SITE}{session.url}?utm_source=newsletter" in email.body
    when = format_in_zone(session.starts_at, "Asia/Tokyo")  # the site's format
    assert "JST" in when and when in email.body and when in html
    # An article card shows the public summary, never the premium body.
    assert "How to move data without losing it." in html
    assert SECRET not in html and SECRET not in email.body


def test_the_email_carries_the_campaigns_unsubscribe_link(
    audience, mailoutbox, django_capture_on_commit_callbacks
):
    from marketing.unsubscribe import read_token

    chosen = campaign(preheader="Three new workshops")
    start(chosen, django_capture_on_commit_callbacks)

    email = mailoutbox[0]
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert read_token(token)["campaign"] == chosen.pk
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = email.alternatives[0][0]
    assert "Three new workshops" in html
    assert "you subscribed to the MasteryHub newsletter" in html


def test_a_test_email_goes_to_the_sender_only_and_counts_for_nothing(
    audience, mailoutbox, django_capture_on_commit_callbacks
):
    staff = newsletter_member(username="staff", wants=False)
    chosen = campaign()

    with django_capture_on_commit_callbacks(execute=True):
        send_test(campaign=chosen, to_user=staff)

    [email] = mailoutbox
    assert email.to == [staff.email]
    assert email.subject == "[Test] [MasteryHub] New sessions this month"
    assert "List-Unsubscribe" in email.extra_headers
    assert not chosen.deliveries.exists()


def test_the_demo_has_one_sent_campaign_and_one_draft_and_reruns_add_none(
    mailoutbox,
):
    from marketing.campaign_demo import seed_demo_campaigns

    author = newsletter_member(username="admin", wants=False)
    readers = [newsletter_member(username=f"demo{n}", wants=False) for n in range(2)]
    SessionPageFactory(title="Window functions")

    sent, draft = seed_demo_campaigns(author=author, readers=readers)
    again = seed_demo_campaigns(author=author, readers=readers)

    assert again == (sent, draft)
    assert sent.status == Campaign.Status.SENT
    assert draft.status == Campaign.Status.DRAFT
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in readers)
    assert "Window functions" in mailoutbox[0].body
    assert Campaign.objects.count() == 2


def test_deleting_an_account_erases_its_address_but_keeps_the_count(audience):
    from marketing.deletion import MarketingAccountDeletion

    reader = audience[0]
    chosen = campaign()
    start_campaign(campaign=chosen)
    step = MarketingAccountDeletion()

    assert step.effects(user=reader) == [
        "1 campaign email kept in its report, without the address."
    ]
    step.release(user=reader)
    reader.delete()

    assert chosen.deliveries.count() == 4
    assert not chosen.deliveries.filter(email__iexact=reader.email).exists()
    assert chosen.deliveries.filter(email__endswith="@example.invalid").count() == 1


def test_an_empty_campaign_is_neither_sent_nor_scheduled(audience, mailoutbox):
    empty = campaign(body=[])

    for attempt in (
        lambda: start_campaign(campaign=empty),
        lambda: schedule_campaign(
            campaign=empty, at=timezone.now() + timedelta(days=1)
        ),
    ):
        with pytest.raises(MarketingError) as refused:
            attempt()
        assert refused.value.message == errors.CAMPAIGN_EMPTY
    assert not empty.deliveries.exists()


def test_a_scheduled_campaign_cannot_be_emptied():
    chosen = campaign()
    schedule_campaign(campaign=chosen, at=timezone.now() + timedelta(days=1))
    chosen.refresh_from_db()
    chosen.body = []

    with pytest.raises(MarketingError) as refused:
        save_campaign(campaign=chosen)

    assert refused.value.message == errors.CAMPAIGN_EMPTY
    assert len(Campaign.objects.get().body) == 2
