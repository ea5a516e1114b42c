import zoneinfo
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from experts.tests.factories import GroupExpertFactory
from marketing import errors
from marketing.campaigns import start_campaign
from marketing.models import Campaign, CampaignDelivery
from marketing.tests.campaign_factories import campaign, newsletter_member, subscriber
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ACTION_NAMES = ("report", "preview", "test", "schedule", "unschedule", "send", "stop")


@pytest.fixture
def staff(client):
    user = newsletter_member(
        username="staff", is_staff=True, is_superuser=True, time_zone="Europe/Berlin"
    )
    client.force_login(user)
    return user


@pytest.fixture
def draft():
    return campaign(subject="Spring <script>alert(1)</script> sessions")


def url(name, campaign_=None):
    args = [campaign_.pk] if campaign_ is not None else []
    return reverse(f"campaigns:{name}", args=args)


def all_urls(campaign_):
    return [
        url("index"),
        url("add"),
        url("edit", campaign_),
        url("delete", campaign_),
    ] + [url(name, campaign_) for name in ACTION_NAMES]


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expert_in_the_admin_is_turned_away_from_every_campaign_page(
    client, draft, method, mailoutbox
):
    newsletter_member(username="reader")
    expert = GroupExpertFactory()
    # As the migration grants it (a transactional test's flush takes it).
    expert.groups.get().permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(expert)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    for address in all_urls(draft):
        response = getattr(client, method)(address)
        assert response.status_code in (302, 403), address
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home"), address

    draft.refresh_from_db()
    assert draft.status == Campaign.Status.DRAFT
    assert not mailoutbox


def test_visitors_are_sent_to_the_login_page(client, draft):
    for address in all_urls(draft):
        response = client.get(address)
        assert response.status_code == 302
        assert "/login/" in response.url


def test_the_campaigns_menu_is_for_staff(client, staff):
    response = client.get(reverse("wagtailadmin_home"))
    assert b"Campaigns" in response.content


def editor_data(**fields):
    return {
        "subject": "Autumn sessions",
        "preheader": "Three new workshops",
        "body-count": "1",
        "body-0-type": "heading",
        "body-0-value": "New this autumn",
        "body-0-deleted": "",
        "body-0-order": "0",
        "segment": "all",
        "slug": "",
        **fields,
    }


def test_staff_write_a_campaign_in_the_editor(client, staff):
    response = client.post(url("add"), editor_data(segment="skill"))

    assert response.status_code == 200
    assert "Choose the skill this segment is about." in response.content.decode()
    assert not Campaign.objects.exists()

    response = client.post(url("add"), editor_data())

    assert response.status_code == 302
    created = Campaign.objects.get()
    assert created.created_by == staff
    assert created.slug == "autumn-sessions"
    assert created.body[0].value == "New this autumn"


def test_staff_edit_a_draft(client, staff, draft):
    response = client.post(url("edit", draft), editor_data(subject="Changed"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.subject == "Changed"


def test_a_sent_campaign_opens_on_its_report_and_refuses_edits(client, staff, draft):
    start_campaign(campaign=draft)

    response = client.get(url("edit", draft))
    assert response.status_code == 302 and response.url == url("report", draft)
    response = client.post(url("edit", draft), {"subject": "Changed"}, follow=True)
    assert str(errors.CAMPAIGN_NOT_EDITABLE) in response.content.decode()
    for method in (client.get, client.post):
        response = method(url("delete", draft))
        assert response.status_code in (302, 403)
    assert Campaign.objects.filter(pk=draft.pk).exists()
    draft.refresh_from_db()
    assert draft.subject.startswith("Spring")


def test_a_draft_can_be_deleted(client, staff, draft):
    assert client.post(url("delete", draft)).status_code == 302
    assert not Campaign.objects.exists()


def test_preview_as_a_member_renders_their_email_escaped(client, staff, draft):
    member = newsletter_member(username="grace", name="Grace <b>Hopper</b>")

    response = client.get(url("preview", draft), {"member": "GRACE@example.com"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "<b>Hopper</b>" not in html
    assert "Spring &lt;script&gt;alert(1)&lt;/script&gt; sessions" in html
    # The whole email sits escaped in a sandboxed frame's srcdoc.
    assert 'sandbox="" srcdoc="&lt;!doctype html&gt;' in html
    srcdoc = html.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert "<" not in srcdoc and "Spring &amp;lt;script&amp;gt;" in srcdoc
    assert "Hello Grace" in html
    assert member.email in html
    assert "has not asked for the newsletter" not in html


def test_preview_says_when_the_member_would_not_get_it(client, staff, draft):
    member = newsletter_member(username="grace", wants=False)

    response = client.get(url("preview", draft), {"member": member.username})

    assert "has not asked for the newsletter" in response.content.decode()


def test_preview_for_an_unknown_member_is_a_form_error(client, staff, draft):
    response = client.get(url("preview", draft), {"member": "nobody\x00"})
    assert response.status_code in (200, 400)
    response = client.get(url("preview", draft), {"member": "nobody@example.com"})
    assert str(errors.PREVIEW_MEMBER_UNKNOWN) in response.content.decode()
    assert "srcdoc" not in response.content.decode()


def test_send_a_test_to_me_mails_only_the_staff_member(
    client, staff, draft, mailoutbox, django_capture_on_commit_callbacks
):
    newsletter_member(username="reader")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("test", draft))

    assert response.status_code == 302
    [email] = mailoutbox
    assert email.to == [staff.email]
    assert email.subject.startswith("[Test] [MasteryHub] Spring")
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert client.get(url("test", draft)).status_code == 405


def test_scheduling_in_the_past_is_a_form_error(client, staff, draft):
    for value in ["2001-01-01T10:00", "0001-01-01T00:00", "9999-12-31T23:59", "x"]:
        response = client.post(url("schedule", draft), {"at": value})
        assert response.status_code == 200, value
        assert "help-critical" in response.content.decode(), value
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.DRAFT


def test_scheduling_reads_the_time_in_the_staff_members_zone(client, staff, draft):
    when = (timezone.now() + timedelta(days=2)).astimezone(
        timezone.get_fixed_timezone(0)
    )
    local = timezone.localtime(when, zoneinfo.ZoneInfo("Europe/Berlin"))

    response = client.post(
        url("schedule", draft), {"at": local.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.SCHEDULED
    assert abs(draft.scheduled_at - when) < timedelta(minutes=1)
    page = client.get(url("schedule", draft)).content.decode()
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in page
    assert "Europe/Berlin" in page


def test_send_now_asks_first_with_the_count_then_sends(
    client, staff, draft, mailoutbox, django_capture_on_commit_callbacks
):
    newsletter_member(username="reader")
    subscriber("visitor@example.org")
    subscriber("unconfirmed@example.org", confirmed=False)

    response = client.get(url("send", draft))
    assert "Send to 3 people" in response.content.decode()  # staff want it too
    assert not mailoutbox

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("send", draft))

    assert response.status_code == 302
    assert len(mailoutbox) == 3
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.SENT

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("send", draft), follow=True)
    assert str(errors.CAMPAIGN_ALREADY_STARTED) in response.content.decode()
    assert len(mailoutbox) == 3


def test_the_report_shows_progress_failures_and_unsubscribes(client, staff, draft):
    for n in range(3):
        newsletter_member(username=f"reader{n}")
    start_campaign(campaign=draft)
    deliveries = list(draft.deliveries.order_by("pk"))
    deliveries[0].status = CampaignDelivery.Status.SENT
    deliveries[0].unsubscribed_at = timezone.now()
    deliveries[1].status = CampaignDelivery.Status.FAILED
    deliveries[1].error = "SMTPRecipientsRefused: <bad> mailbox"
    CampaignDelivery.objects.bulk_update(
        deliveries, ["status", "unsubscribed_at", "error"]
    )

    html = client.get(url("report", draft)).content.decode()

    assert '<progress id="campaign-progress-bar" max="4" value="2">' in html
    assert 'data-count="total">4<' in html
    assert 'data-count="sent">1<' in html
    assert 'data-count="failed">1<' in html
    assert 'data-count="pending">2<' in html
    assert 'data-count="unsubscribed">1<' in html
    assert "SMTPRecipientsRefused: &lt;bad&gt; mailbox" in html
    assert deliveries[1].email in html


def test_the_campaign_list_pins_its_query_count(
    client, staff, django_assert_max_num_queries
):
    for n in range(5):
        campaign(subject=f"Campaign {n}")
    with django_assert_max_num_queries(30) as few:
        client.get(url("index"))
    for n in range(15):
        campaign(subject=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("index"))
    assert response.status_code == 200


def test_a_non_staff_member_cannot_reach_the_admin(client, draft):
    client.login(username=MemberFactory().email, password=PASSWORD)
    response = client.get(url("report", draft))
    assert response.status_code == 403
