"""The demo experts' public pages and the mentorships learners asked for
them.

A page is filled in and published once, when this step creates it; after
that it is the expert's (or an editor's) and seeding leaves it alone.
Mentorship requests are keyed by expert and member, so each pair is seeded
once whatever became of it later.
"""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

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
from mentorship.models import Mentorship

# (expert, member, status, sent days ago, goals, the expert's answer).
MENTORSHIP = [
    (
        "amara-okafor",
        "sofia-lindqvist",
        "active",
        45,
        "I run marketing at a small app company and want to answer my own data "
        "questions: SQL first, then a small dbt project on our event data.",
        "Happy to. Bring the three questions you are asked most and we will "
        "write the SQL together.",
    ),
    (
        "amara-okafor",
        "kenji-watanabe",
        "requested",
        2,
        "I am a backend developer (Go, PostgreSQL) aiming to move into data "
        "engineering within a year. I would like help choosing what to learn "
        "first, and a review of my streaming side project.",
        "",
    ),
    (
        "amara-okafor",
        "grace-mensah",
        "declined",
        30,
        "I would like to learn enough SQL to work better with our analysts.",
        "Thank you for asking! I mentor people moving into data engineering; "
        "the SQL window functions workshop will serve you better.",
    ),
    (
        "lucas-moreau",
        "mateo-garcia",
        "active",
        60,
        "I build React front ends and want to make our component library "
        "accessible. Could we review a component together each month?",
        "Gladly. Bring the dialog first: it is usually the hardest.",
    ),
    (
        "lucas-moreau",
        "grace-mensah",
        "declined",
        20,
        "Could you help me learn the basics of UX research as a junior PM?",
        "My mentoring list is closed this season. Do join the accessible "
        "components workshop, and ask again in the autumn.",
    ),
    (
        "priya-raman",
        "grace-mensah",
        "active",
        35,
        "Six months into product management, I want help with stakeholder "
        "conversations and saying no to good ideas.",
        "Let's do it. Before our first call, write down the last decision you "
        "found hard.",
    ),
    (
        "priya-raman",
        "mateo-garcia",
        "active",
        25,
        "I have just been asked to lead our team of four. I would like help "
        "with one-to-ones and delegation.",
        "Congratulations! We will start with the agenda of your first one-to-one.",
    ),
    (
        "priya-raman",
        "sofia-lindqvist",
        "requested",
        1,
        "I am about to hire my first analyst and would like help designing the "
        "interview loop and a first-90-days plan.",
        "",
    ),
    (
        "daniel-schwartz",
        "kenji-watanabe",
        "active",
        50,
        "I want to learn Kubernetes properly, beyond kubectl apply, to run our "
        "machine learning services.",
        "Sounds good: we will deploy one of your services end to end, then "
        "break it on purpose.",
    ),
    (
        "daniel-schwartz",
        "mateo-garcia",
        "requested",
        3,
        "Our Django app runs on a single VM. I want to plan a move to "
        "containers and Terraform without over-engineering it.",
        "",
    ),
]
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
        for user in User.objects.filter(
            username__in=[*EXPERT_PAGES, *(row[1] for row in MENTORSHIP)]
        )
    }
    for username, data in EXPERT_PAGES.items():
        expert = people.get(username)
        if expert is not None and not ExpertPage.objects.filter(expert=expert).exists():
            _seed_page(expert, data, reviewer=reviewer)
    _seed_mentorship(people)


@transaction.atomic
def _seed_page(expert: User, data: dict, *, reviewer: User) -> ExpertPage:
    # The service files the page where approval would, prefilled from the
    # profile; the demo then completes it the way its expert would.
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


def _seed_mentorship(people: dict[str, User]) -> None:
    """Written as the mentorships stand today rather than through the
    services: those would email people about answers given weeks ago."""
    now = timezone.now()
    for mentor_name, mentee_name, status, days_ago, goals, reply in MENTORSHIP:
        mentor, mentee = people.get(mentor_name), people.get(mentee_name)
        if mentor is None or mentee is None:
            continue
        if Mentorship.objects.filter(mentor=mentor, mentee=mentee).exists():
            continue
        sent = now - timedelta(days=days_ago)
        answered = sent + timedelta(days=1)
        mentorship = Mentorship.objects.create(
            mentor=mentor,
            mentee=mentee,
            goals=goals,
            status=status,
            reply_message=reply,
            responded_at=answered if status != Mentorship.Status.REQUESTED else None,
            started_at=answered if status == Mentorship.Status.ACTIVE else None,
        )
        Mentorship.objects.filter(pk=mentorship.pk).update(requested_at=sent)
