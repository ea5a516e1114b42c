"""Writes for the experts app: becoming an expert (with a draft page) and
how expert pages go live."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import GroupPagePermission

from accounts.markdown import render_markdown
from accounts.models import EXPERTS_GROUP_NAME, ExpertApplication, ProfileEntry, User
from accounts.services import approve_expert_application, ensure_profile
from experts import errors
from experts.errors import ExpertsError
from experts.models import (
    ExpertAchievement,
    ExpertCertification,
    ExpertExperience,
    ExpertIndexPage,
    ExpertPage,
    ExpertProject,
)

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
