"""Writes for the experts app: becoming an expert (with a draft page), how
expert pages go live, and mentorship requests."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import GroupPagePermission

from accounts.markdown import render_markdown
from accounts.models import EXPERTS_GROUP_NAME, ExpertApplication, ProfileEntry, User
from accounts.services import approve_expert_application, ensure_profile
from core.emails import queue_email
from experts import errors
from experts.errors import ExpertsError
from experts.models import (
    ExpertAchievement,
    ExpertCertification,
    ExpertExperience,
    ExpertIndexPage,
    ExpertPage,
    ExpertProject,
    MentorshipRequest,
)
from experts.selectors import count_active_mentees, get_mentorship_refusal

# The model fields' max_length, which the database does not enforce on text.
MESSAGE_MAX_LENGTH = 2000

ENTRY_MODELS = {
    ProfileEntry.Kind.EXPERIENCE: ExpertExperience,
    ProfileEntry.Kind.ACHIEVEMENT: ExpertAchievement,
    ProfileEntry.Kind.CERTIFICATION: ExpertCertification,
    ProfileEntry.Kind.PROJECT: ExpertProject,
}
ENTRY_RELATIONS = {
    ExpertExperience: "experiences",
    ExpertAchievement: "achievements",
    ExpertCertification: "certifications",
    ExpertProject: "projects",
}


def sync_expert_publishing(*, need_review: bool) -> None:
    """Experts publish their own expert page, or submit it to the moderation
    workflow: the `Experts` group's publish permission on /experts/ is what
    Wagtail checks, so the site setting writes exactly that."""
    index = ExpertIndexPage.objects.first()
    group = Group.objects.filter(name=EXPERTS_GROUP_NAME).first()
    if index is None or group is None:
        return
    publish = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="publish_page"
    )
    grants = GroupPagePermission.objects.filter(
        group=group, page=index, permission=publish
    )
    if need_review:
        grants.delete()
    elif not grants.exists():
        GroupPagePermission.objects.create(group=group, page=index, permission=publish)


def _period(entry: ProfileEntry) -> str:
    start = entry.start_date.year if entry.start_date else None
    end = entry.end_date.year if entry.end_date else None
    if start and end and end != start:
        return f"{start} – {end}"
    return str(start or end or "")


@transaction.atomic
def create_expert_page(*, expert: User) -> ExpertPage:
    """The expert's page as a draft they own, prefilled from their profile;
    the existing page if they already have one (approval may be repeated
    after a rejection, and seeding runs twice)."""
    existing = ExpertPage.objects.filter(expert=expert).first()
    if existing is not None:
        return existing
    index = ExpertIndexPage.objects.first()
    if index is None:
        raise ExpertsError(errors.NO_EXPERT_INDEX)
    profile = ensure_profile(user=expert)
    page = ExpertPage(
        title=str(expert),
        slug=slugify(expert.username) or f"expert-{expert.pk}",
        expert=expert,
        owner=expert,
        live=False,
        headline=profile.headline or str(expert),
        bio=render_markdown(profile.bio) if profile.bio else "",
        linkedin_url=profile.linkedin_url,
        github_url=profile.github_url,
    )
    for relation in ENTRY_RELATIONS.values():
        setattr(page, relation, [])
    for entry in profile.entries.all():
        model = ENTRY_MODELS[entry.kind]
        getattr(page, ENTRY_RELATIONS[model]).add(
            model(
                title=entry.title,
                organisation=entry.organisation,
                period=_period(entry),
                description=entry.description,
                link=entry.url,
            )
        )
    index.add_child(instance=page)
    skills = list(profile.skills.all())
    if skills:
        page.skills.add(*skills)
        page.save()
    page.save_revision(user=expert, log_action=True)
    return page


@transaction.atomic
def approve_expert(
    *, application: ExpertApplication, reviewer: User, note: str = ""
) -> ExpertPage:
    """Approve the application and give the new expert their draft page, in
    one transaction: an approved expert without a page (or the reverse)
    would be stuck."""
    approve_expert_application(application=application, reviewer=reviewer, note=note)
    return create_expert_page(expert=application.user)


def _mentorship_email_context(
    request: MentorshipRequest, page: ExpertPage | None
) -> dict:
    page_url = page.get_url() if page is not None and page.live else None
    return {
        "request": request,
        "expert": request.expert,
        "member": request.member,
        "site_url": settings.SITE_URL,
        "requests_url": settings.SITE_URL + reverse("experts_mentorship_requests"),
        "dashboard_url": settings.SITE_URL + reverse("dashboard") + "#mentorship",
        # Page URLs are root-relative on a one-site install.
        "expert_page_url": (
            settings.SITE_URL + page_url
            if page_url and page_url.startswith("/")
            else page_url or ""
        ),
    }


@transaction.atomic
def request_mentorship(
    *, expert_page: ExpertPage, member: User, goals: str
) -> MentorshipRequest:
    # Lock the expert's page: requests to one expert are decided one at a
    # time (the places themselves are taken when the expert accepts).
    page = ExpertPage.objects.select_for_update().get(pk=expert_page.pk)
    goals = goals.strip()
    # The same rules the request form shows up front, checked under the lock.
    refusal = get_mentorship_refusal(expert_page=page, member=member)
    if refusal is not None:
        raise ExpertsError(refusal)
    if not goals:
        raise ExpertsError(errors.GOALS_EMPTY)
    if len(goals) > MESSAGE_MAX_LENGTH:
        raise ExpertsError(errors.MESSAGE_TOO_LONG)
    request = MentorshipRequest.objects.create(
        expert=page.expert, member=member, goals=goals
    )
    queue_email(
        template_prefix="experts/email/mentorship_requested",
        to=page.expert.email,
        context=_mentorship_email_context(request, page),
    )
    return request


@transaction.atomic
def answer_mentorship_request(
    *, request: MentorshipRequest, expert: User, accept: bool, response: str = ""
) -> MentorshipRequest:
    request = MentorshipRequest.objects.select_for_update().get(pk=request.pk)
    if request.expert_id != expert.pk:
        raise ExpertsError(errors.NOT_YOUR_REQUEST)
    if request.status != MentorshipRequest.Status.PENDING:
        raise ExpertsError(errors.NOT_PENDING)
    response = response.strip()
    if len(response) > MESSAGE_MAX_LENGTH:
        raise ExpertsError(errors.MESSAGE_TOO_LONG)
    if accept:
        page = ExpertPage.objects.select_for_update().filter(expert=expert).first()
        capacity = page.mentee_capacity if page else 0
        if count_active_mentees(expert) >= capacity:
            raise ExpertsError(errors.MENTEES_FULL)
    request.status = (
        MentorshipRequest.Status.ACCEPTED
        if accept
        else MentorshipRequest.Status.DECLINED
    )
    request.response = response
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "response", "responded_at"])
    queue_email(
        template_prefix="experts/email/mentorship_answered",
        to=request.member.email,
        context=_mentorship_email_context(
            request, ExpertPage.objects.filter(expert=expert).first()
        ),
    )
    return request


@transaction.atomic
def withdraw_mentorship_request(
    *, request: MentorshipRequest, member: User
) -> MentorshipRequest:
    request = MentorshipRequest.objects.select_for_update().get(pk=request.pk)
    if request.member_id != member.pk:
        raise ExpertsError(errors.NOT_YOUR_OWN_REQUEST)
    if request.status != MentorshipRequest.Status.PENDING:
        raise ExpertsError(errors.NOT_PENDING)
    request.status = MentorshipRequest.Status.WITHDRAWN
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at"])
    return request
