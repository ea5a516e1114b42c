"""From member to expert with a page: staff approve the application in the
admin, the new expert finds a draft page prefilled from their profile, and
it goes live through moderation or, when staff switch review off, by their
own hand."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission

from accounts.models import EXPERTS_GROUP_NAME, ExpertApplication, ProfileEntry
from accounts.tests.factories import ExpertApplicationFactory, ProfileEntryFactory
from core.tests.admin_forms import editor_data
from experts.models import ExpertPage, ExpertSettings
from experts.tests.factories import GroupExpertFactory, get_expert_index
from experts.tests.test_permission_matrix import admin_url, make_staff, settings_url
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

BIO = (
    "I build **data pipelines** for a living.\n\n"
    "<script>alert('x')</script>\n\n"
    "[My talks](https://example.com/talks)"
)
ENTRIES = {
    ProfileEntry.Kind.EXPERIENCE: ("Data engineer", "experiences"),
    ProfileEntry.Kind.ACHIEVEMENT: ("Speaker of the year", "achievements"),
    ProfileEntry.Kind.CERTIFICATION: ("Certified SQL wrangler", "certifications"),
    ProfileEntry.Kind.PROJECT: ("Open data portal", "projects"),
}


@pytest.fixture
def staff():
    return make_staff()


@pytest.fixture
def applicant():
    member = MemberFactory(name="Grace Hopper", username="grace")
    profile = member.profile
    profile.headline = "Compiler pioneer teaching COBOL"
    profile.bio = BIO
    profile.linkedin_url = "https://www.linkedin.com/in/grace"
    profile.github_url = "https://github.com/grace"
    profile.save()
    profile.skills.add("COBOL", "SQL")
    for kind, (title, _) in ENTRIES.items():
        ProfileEntryFactory(
            profile=profile,
            kind=kind,
            title=title,
            organisation="Navy",
            start_date=date(2019, 1, 1),
            end_date=date(2023, 6, 1),
            description=f"About {title}.",
            url="https://example.com/proof",
        )
    return member


def decide(client, staff, application, action):
    client.force_login(staff)
    return client.post(
        reverse("expert_applications:edit", args=[application.pk]),
        {"action": action, "note": "Thanks for applying."},
    )


@pytest.fixture
def approved(client, staff, applicant, django_capture_on_commit_callbacks):
    application = ExpertApplicationFactory(user=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, staff, application, "approve")
    assert response.status_code == 302
    client.logout()
    return ExpertPage.objects.get(expert=applicant)


def test_approval_creates_one_draft_page_the_expert_owns(approved, applicant):
    assert ExpertPage.objects.filter(expert=applicant).count() == 1
    assert approved.owner == applicant
    assert approved.get_parent().specific == get_expert_index()
    assert not approved.live
    assert approved.latest_revision is not None


def test_the_draft_is_prefilled_from_the_profile(approved):
    assert approved.title == "Grace Hopper"
    assert approved.headline == "Compiler pioneer teaching COBOL"
    assert sorted(approved.skills.names()) == ["COBOL", "SQL"]
    assert approved.linkedin_url == "https://www.linkedin.com/in/grace"
    assert approved.github_url == "https://github.com/grace"


def test_the_bio_is_rendered_from_markdown_and_sanitised(approved):
    assert "<strong>data pipelines</strong>" in approved.bio
    assert 'href="https://example.com/talks"' in approved.bio
    assert "<script>" not in approved.bio


@pytest.mark.parametrize("kind", list(ENTRIES))
def test_each_profile_entry_lands_in_its_own_list(approved, kind):
    title, relation = ENTRIES[kind]
    [entry] = getattr(approved, relation).all()
    assert (entry.title, entry.organisation, entry.period) == (
        title,
        "Navy",
        "2019 – 2023",
    )
    assert entry.description == f"About {title}."
    assert entry.link == "https://example.com/proof"


def test_a_later_approval_keeps_the_one_page(
    client, staff, approved, applicant, django_capture_on_commit_callbacks
):
    again = ExpertApplicationFactory(user=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, staff, again, "approve")
    again.refresh_from_db()
    assert again.status == ExpertApplication.Status.APPROVED
    assert list(ExpertPage.objects.filter(expert=applicant)) == [approved]


def test_rejection_creates_no_page(
    client, staff, applicant, django_capture_on_commit_callbacks
):
    application = ExpertApplicationFactory(user=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, staff, application, "reject")
    application.refresh_from_db()
    assert application.status == ExpertApplication.Status.REJECTED
    assert not ExpertPage.objects.filter(expert=applicant).exists()
    assert not applicant.groups.filter(name=EXPERTS_GROUP_NAME).exists()


def test_the_new_expert_opens_their_draft_in_the_editor(client, approved, applicant):
    client.force_login(applicant)
    response = client.get(admin_url("edit", approved.pk))
    assert response.status_code == 200
    assert "Compiler pioneer teaching COBOL" in response.content.decode()


def _publish_attempt(client, page, action):
    url = admin_url("edit", page.pk)
    return client.post(url, editor_data(client, url, **{action: action}))


def test_with_review_on_the_expert_submits_for_moderation(
    client, approved, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = _publish_attempt(client, approved, "action-submit")
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.workflow_in_progress
    assert approved.current_workflow_state.requested_by == applicant
    assert not approved.live


def test_with_review_on_the_expert_cannot_publish(client, approved, applicant):
    client.force_login(applicant)
    _publish_attempt(client, approved, "action-publish")
    approved.refresh_from_db()
    assert not approved.live


def _save_review_setting(client, staff, need_review: bool):
    client.force_login(staff)
    data = {"expert_pages_need_review": "on"} if need_review else {}
    assert client.post(settings_url(), data).status_code == 302
    client.logout()


def _experts_publish_expert_pages() -> bool:
    return GroupPagePermission.objects.filter(
        group=Group.objects.get(name=EXPERTS_GROUP_NAME),
        page=get_expert_index(),
        permission__codename="publish_page",
    ).exists()


def test_saving_the_setting_grants_and_revokes_publishing(client, staff):
    assert ExpertSettings.load().expert_pages_need_review
    _save_review_setting(client, staff, need_review=False)
    assert _experts_publish_expert_pages()
    _save_review_setting(client, staff, need_review=True)
    assert not _experts_publish_expert_pages()


def test_with_review_off_the_expert_publishes_their_page(
    client, staff, approved, applicant
):
    _save_review_setting(client, staff, need_review=False)
    client.force_login(applicant)
    _publish_attempt(client, approved, "action-publish")
    approved.refresh_from_db()
    assert approved.live
    assert client.get(approved.url).status_code == 200


def test_another_expert_cannot_edit_the_draft(client, approved):
    client.force_login(GroupExpertFactory())
    url = admin_url("edit", approved.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    client.post(url, {"title": "Hijacked", "headline": "Hijacked"})
    approved.refresh_from_db()
    assert approved.get_latest_revision_as_object().title == "Grace Hopper"
