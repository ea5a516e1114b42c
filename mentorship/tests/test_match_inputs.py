"""Loading matching's inputs: the fast loader gives exactly what reading
every expert page as a model instance gives, on a mixed pool of mentors.

`load_mentor_offers` reads plain rows and lets the database turn away the
mentors matching would (no place left, no wanted skill above the mentee's
level, no shared language, over the budget). The reference below is the
straightforward way it used to be done: every live expert page taking
mentees, with its skills, languages, windows and ratings read through the
models, all of them handed to matching. Order, scores, reasons and the
offers of the mentors suggested must be the same.
"""

import random
from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest
from django.db.models import Prefetch

from core.models import Skill
from experts.directory import with_mentee_places
from experts.models import ExpertPage, MentorSkill
from experts.selectors import list_visible_experts, with_ratings
from experts.tests.factories import ExpertPageFactory, GroupExpertFactory
from mentorship import matching
from mentorship.match_inputs import count_completed_sessions, load_mentor_offers
from mentorship.models import (
    AvailabilityWindow,
    MenteeProfile,
    Mentorship,
)
from mentorship.reviews import save_mentorship_review
from mentorship.tests.factories import MentorshipFactory
from sessions.models import Booking
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db

SKILLS = ("SQL", "Python", "Statistics", "Spark")
ZONES = ("Europe/Lisbon", "Europe/Berlin", "America/Sao_Paulo", "Asia/Tokyo")
LANGUAGES = ("en", "pt", "de", "es")
# (rate, currency): free both ways, within and over the EUR budget, at it,
# and in another currency.
RATES = (
    (None, "EUR"),
    ("0", "USD"),
    ("30", "EUR"),
    ("60", "EUR"),
    ("80", "EUR"),
    ("40", "USD"),
)
MENTORS = 36
# Two weeks: both sides of the clocks changing in Europe and Brazil.
WEEKS = (date(2026, 3, 11), date(2026, 7, 1))


@pytest.fixture
def skills():
    return {name: Skill.objects.create(name=name, slug=name.lower()) for name in SKILLS}


@pytest.fixture
def pool(skills):
    """MENTORS mentors from a fixed seed, with every kind that matching or
    the database turns away among them."""
    rng = random.Random(7)
    for number in range(MENTORS):
        expert = GroupExpertFactory(
            username=f"mentor{number}",
            # A blank zone falls back to UTC.
            time_zone=rng.choice((*ZONES, "")),
        )
        if number % 5 == 0:
            # The questionnaire's zone wins over the member profile's.
            MenteeProfile.objects.create(
                user=expert, goals="x", time_zone=rng.choice(ZONES)
            )
        rate, currency = RATES[number % len(RATES)]
        page = ExpertPageFactory(
            expert=expert,
            title=f"Mentor {number}",
            languages=rng.sample(LANGUAGES, rng.randint(0, 2)),
            hourly_rate=Decimal(rate) if rate is not None else None,
            currency=currency,
            accepts_mentees=number % 9 != 4,
            mentee_capacity=rng.randint(1, 3),
        )
        for order, name in enumerate(rng.sample(SKILLS, rng.randint(1, 3))):
            MentorSkill.objects.create(
                page=page, skill=skills[name], level=rng.randint(1, 5), sort_order=order
            )
        for weekday in rng.sample(range(7), rng.randint(0, 3)):
            start = rng.randint(0, 20)
            AvailabilityWindow.objects.create(
                user=expert,
                weekday=weekday,
                starts_at=time(start),
                ends_at=time(start + rng.randint(1, 3)),
            )
        for status in rng.choices(
            (Mentorship.Status.ACTIVE, Mentorship.Status.REQUESTED), k=rng.randint(0, 3)
        ):
            MentorshipFactory(mentor=expert, status=status)
        if number % 3 == 0:
            session = SessionPageFactory(host=expert, skills=rng.sample(SKILLS, 2))
            for _ in range(rng.randint(1, 3)):
                BookingFactory(session=session, status=Booking.Status.ATTENDED)
            for _ in range(rng.randint(1, 2)):
                ReviewFactory(session=session, rating=rng.randint(1, 5))
        if number % 4 == 0:
            # Mentees' reviews count toward the rating too (and a mentor's
            # feedback, which has no rating, does not).
            completed = MentorshipFactory(
                mentor=expert, status=Mentorship.Status.COMPLETED
            )
            save_mentorship_review(
                mentorship=completed,
                author=completed.mentee,
                rating=rng.randint(1, 5),
            )
            save_mentorship_review(
                mentorship=completed, author=expert, comment="Keep practising joins."
            )


def reference_offers(needs, *, exclude_user_ids=frozenset()):
    """Every live page taking mentees as matching reads it, through the
    models, with nothing narrowed in SQL."""
    pages = list(
        with_ratings(with_mentee_places(list_visible_experts()))
        .filter(accepts_mentees=True)
        .exclude(expert_id__in=exclude_user_ids)
        .exclude(expert_id=needs.mentee_id)
        .select_related("expert__profile")
        .prefetch_related(
            Prefetch(
                "mentor_skills",
                MentorSkill.objects.select_related("skill").order_by("sort_order"),
            ),
            "languages",
        )
        .order_by("pk")
    )
    mentor_ids = [page.expert_id for page in pages]
    completed = count_completed_sessions(mentor_ids)
    offers = []
    for page in pages:
        questionnaire = MenteeProfile.objects.filter(user=page.expert).first()
        zone = (
            (questionnaire.time_zone if questionnaire else "")
            or page.expert.profile.time_zone
            or "UTC"
        )
        windows = AvailabilityWindow.objects.filter(user=page.expert)
        offers.append(
            matching.MentorOffer(
                user_id=page.expert_id,
                display_name=page.title,
                skills=tuple(
                    matching.MentorSkill(
                        skill_id=row.skill_id,
                        name=row.skill.name,
                        level=row.level,
                        completed_sessions=completed.get(
                            (page.expert_id, row.skill_id), 0
                        ),
                    )
                    for row in page.mentor_skills.all()
                ),
                windows=tuple(
                    matching.WeeklyWindow(w.weekday, w.starts_at, w.ends_at)
                    for w in windows
                ),
                time_zone=zone,
                capacity=page.mentee_capacity,
                active_mentees=page.active_mentees,
                rating_average=page.rating_average,
                rating_count=page.rating_count,
                languages=tuple(row.language for row in page.languages.all()),
                rate=page.hourly_rate or Decimal(0),
                currency=page.currency if page.hourly_rate else "",
            )
        )
    load = {
        mentor_id: Mentorship.objects.filter(
            mentor_id=mentor_id, status=Mentorship.Status.REQUESTED
        ).count()
        for mentor_id in mentor_ids
    }
    return offers, load


def ranked(needs, offers, load, week_of):
    return [
        (match.mentor, match.score, match.reasons, match.parts)
        for match in matching.rank(
            needs, offers, week_of=week_of, limit=MENTORS, load=load
        )
    ]


def target(skills, name, current, wanted):
    return matching.TargetSkill(
        skill_id=skills[name].pk,
        name=name,
        current_level=current,
        target_level=wanted,
    )


@pytest.fixture
def mentee_needs(skills):
    mentee = MemberFactory(username="mia")
    paid = matching.MenteeNeeds(
        mentee_id=mentee.pk,
        skills=(target(skills, "SQL", 1, 4), target(skills, "Python", 2, 5)),
        windows=(
            matching.WeeklyWindow(1, time(8), time(20)),
            matching.WeeklyWindow(3, time(18), time(23)),
        ),
        time_zone="Europe/Lisbon",
        languages=("pt", "en"),
        budget=matching.Budget.up_to("60", "EUR"),
    )
    return {
        "paid in EUR, English or Portuguese": paid,
        "free, any language": replace(paid, languages=(), budget=matching.Budget()),
        "in USD, German only, from scratch": replace(
            paid,
            skills=(target(skills, "Statistics", 0, 3), target(skills, "Spark", 1, 2)),
            languages=("de",),
            budget=matching.Budget.up_to("40", "usd"),
        ),
    }


@pytest.mark.parametrize("week_of", WEEKS)
def test_the_fast_loader_ranks_exactly_as_reading_every_page(
    pool, mentee_needs, week_of
):
    for name, needs in mentee_needs.items():
        offers, page_ids, load = load_mentor_offers(needs, exclude_user_ids=set())
        expected = ranked(needs, *reference_offers(needs), week_of)
        assert ranked(needs, offers, load, week_of) == expected, name
        # The database turned away exactly the mentors matching would, and
        # each suggestion links to its mentor's page.
        assert len(offers) == len(expected), name
        assert {
            mentor.user_id: page_ids[mentor.user_id] for mentor, *_ in expected
        } == dict(
            ExpertPage.objects.filter(
                expert_id__in=[mentor.user_id for mentor, *_ in expected]
            ).values_list("expert_id", "pk")
        ), name


def test_the_pool_holds_every_kind_the_database_turns_away(pool, mentee_needs):
    """Guards the comparison above: were the pool to lose the mentors that
    only matching's rules exclude, the two loaders could differ unseen."""
    needs = mentee_needs["paid in EUR, English or Portuguese"]
    offers, load = reference_offers(needs)
    week_of = WEEKS[0]
    suggested = {mentor.user_id for mentor, *_ in ranked(needs, offers, load, week_of)}
    turned_away = [offer for offer in offers if offer.user_id not in suggested]
    budget, languages = needs.budget, set(needs.languages)
    assert any(o.active_mentees >= o.capacity for o in turned_away)
    assert any(not budget.allows(o.rate, o.currency) for o in turned_away)
    assert any(o.languages and languages.isdisjoint(o.languages) for o in turned_away)
    assert len(suggested) >= 5
    assert any(not o.languages for o in offers if o.user_id in suggested)
    assert any(o.rating_count for o in offers if o.user_id in suggested)
    assert any(
        skill.completed_sessions
        for o in offers
        if o.user_id in suggested
        for skill in o.skills
    )
    assert ExpertPage.objects.filter(accepts_mentees=False).exists()


def test_mentors_already_asked_and_the_mentee_are_not_loaded(pool, mentee_needs):
    needs = mentee_needs["free, any language"]
    offers, _page_ids, _load = load_mentor_offers(needs, exclude_user_ids=set())
    asked = offers[0].user_id
    itself = replace(needs, mentee_id=offers[1].user_id)
    offers, _page_ids, _load = load_mentor_offers(itself, exclude_user_ids={asked})
    loaded = {offer.user_id for offer in offers}
    assert asked not in loaded
    assert itself.mentee_id not in loaded
