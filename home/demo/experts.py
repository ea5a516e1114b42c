"""The demo experts' public pages (their mentoring is in `mentoring`).

A page is filled in and published once, when this step creates it; after
that it is the expert's (or an editor's) and seeding leaves it alone.
"""

from decimal import Decimal
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.signal_handlers import disable_reference_index_auto_update

from accounts.avatar import AVATAR_TONES, initials, tone_index
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

PORTRAIT_SIZE = 480
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
        if expert is not None and not ExpertPage.objects.filter(expert=expert).exists():
            _seed_page(expert, data, reviewer=reviewer)


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
    """Initials on the member's avatar colour (white on it passes WCAG AA),
    so the demo has real Wagtail images with renditions and no stock photos."""
    tone = AVATAR_TONES[tone_index(user.username)]
    canvas = PILImage.new("RGB", (PORTRAIT_SIZE, PORTRAIT_SIZE), tone)
    draw = ImageDraw.Draw(canvas)
    centre = PORTRAIT_SIZE / 2
    ring = PORTRAIT_SIZE * 0.38
    draw.ellipse(
        (centre - ring, centre - ring, centre + ring, centre + ring),
        outline="white",
        width=6,
    )
    font = ImageFont.load_default(size=PORTRAIT_SIZE // 3)
    draw.text(
        (centre, centre), initials(str(user)), fill="white", font=font, anchor="mm"
    )
    buffer = BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    image = get_image_model()(
        title=f"Portrait of {user}",
        # Where the expert's own uploads go, so they find it in the chooser.
        collection=Collection.objects.get(name="Expert uploads"),
        uploaded_by_user=user,
        file=ImageFile(buffer, name=f"expert-{user.username}.png"),
    )
    image.save()
    return image
