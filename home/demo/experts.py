"""The demo experts' public pages (their mentoring is in `mentoring`).

A page is filled in and published once, when this step creates it; after
that it is the expert's (or an editor's) and seeding leaves it alone.
"""

from decimal import Decimal

from django.db import transaction
from wagtail.models import Collection
from wagtail.signal_handlers import disable_reference_index_auto_update

from accounts.avatar import AVATAR_TONES, tone_index
from accounts.models import User
from experts.models import (
    ExpertAchievement,
    ExpertCertification,
    ExpertExperience,
    ExpertLanguage,
    ExpertPage,
    ExpertProject,
)
from experts.services import create_expert_page
from home.demo.expert_data import EXPERT_PAGES
from home.demo.pictures import draw_portrait, stored_picture

ENTRY_MODELS = {
    "experiences": ExpertExperience,
    "achievements": ExpertAchievement,
    "certifications": ExpertCertification,
    "projects": ExpertProject,
}


def seed_experts(*, reviewer: User) -> None:
    people = {
        user.username: user
        for user in User.objects.filter(username__in=list(EXPERT_PAGES))
    }
    for username, data in EXPERT_PAGES.items():
        expert = people.get(username)
        if expert is None:
            continue
        page = ExpertPage.objects.filter(expert=expert).select_related("photo").first()
        if page is None:
            _seed_page(expert, data, reviewer=reviewer)
        elif page.photo is None or page.photo.title == f"Portrait of {expert}":
            # Seeded when the demo drew initials: the illustration replaces
            # them (a photo the expert chose stays). The row only, as
            # sessions._catch_up does.
            ExpertPage.objects.filter(pk=page.pk).update(photo=_portrait(expert))


@transaction.atomic
def _seed_page(expert: User, data: dict, *, reviewer: User) -> ExpertPage:
    # The service files the page where approval would, prefilled from the
    # profile; the demo then completes it the way its expert would.
    # Its entries are replaced below; indexing their references now would
    # leave the worker tasks for rows gone by the time it runs. Publishing
    # indexes the page with the entries it keeps.
    with disable_reference_index_auto_update():
        page = create_expert_page(expert=expert)
    page.headline = data["headline"]
    page.bio = data["bio"]
    page.photo = _portrait(expert)
    page.years_of_experience = data["years"]
    page.linkedin_url = data.get("linkedin_url", "")
    page.github_url = data.get("github_url", "")
    page.website_url = data.get("website_url", "")
    page.hourly_rate = Decimal(data["rate"])
    page.currency = data["currency"]
    page.accepts_mentees = data["accepts_mentees"]
    page.mentee_capacity = data["capacity"]
    page.search_description = data["headline"]
    page.skills.set(data["skills"])
    page.languages = [
        ExpertLanguage(language=code, level=level, sort_order=order)
        for order, (code, level) in enumerate(data["languages"])
    ]
    # Replaces what was copied from the profile: the page tells it at length.
    for relation, model in ENTRY_MODELS.items():
        setattr(
            page,
            relation,
            [
                model(
                    title=title,
                    organisation=organisation,
                    period=period,
                    description=description,
                    link=link,
                    sort_order=order,
                )
                for order, (title, organisation, period, description, link) in (
                    enumerate(data[relation])
                )
            ],
        )
    # Published by staff, as the moderation workflow would have it.
    page.save_revision(user=expert).publish(user=reviewer)
    return page


def _portrait(user: User):
    """An illustrated head and shoulders on the member's avatar colour,
    drawn from their username: the demo gets real Wagtail images with
    renditions, and no photo of anyone real."""
    return stored_picture(
        title=f"Illustrated portrait of {user}",
        filename=f"expert-{user.username}.jpg",
        draw=lambda: draw_portrait(
            user.username, AVATAR_TONES[tone_index(user.username)]
        ),
        owner=user,
        # Where the expert's own uploads go, so they find it in the chooser.
        collection=Collection.objects.get(name="Expert uploads"),
    )
