"""The matching score on a fixed small data set: who is suggested, in which
order, with which reasons; each exclusion; the rating prior; availability
across time zones and daylight saving; spreading the load."""

import random
from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest

from mentorship.matching import (
    AVAILABILITY_WEIGHT,
    CAPACITY_WEIGHT,
    EXPERIENCE_WEIGHT,
    LANGUAGE_WEIGHT,
    LOAD_PENALTY_WEIGHT,
    RATING_WEIGHT,
    SKILL_COVERAGE_WEIGHT,
    Budget,
    MenteeNeeds,
    MentorOffer,
    MentorSkill,
    TargetSkill,
    WeeklyWindow,
    rank,
    score,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
SYSTEM_DESIGN, KUBERNETES, SQL = 1, 2, 3
# Northern winter: no zone in the data set is near a clock change.
WINTER_WEEK = date(2026, 1, 14)


def window(weekday: int, start: str, end: str) -> WeeklyWindow:
    return WeeklyWindow(weekday, time.fromisoformat(start), time.fromisoformat(end))


MARIA = MenteeNeeds(
    mentee_id=101,
    skills=(
        TargetSkill(SYSTEM_DESIGN, "System Design", 2, 4),
        TargetSkill(KUBERNETES, "Kubernetes", 1, 4),
        TargetSkill(SQL, "SQL", 3, 4),
    ),
    windows=(
        window(MON, "18:00", "21:00"),
        window(WED, "18:00", "21:00"),
        window(SAT, "10:00", "13:00"),
    ),
    time_zone="Europe/Lisbon",
    languages=("pt", "en"),
    budget=Budget.up_to("50", "EUR"),
)
KENJI = MenteeNeeds(
    mentee_id=102,
    skills=(
        TargetSkill(SQL, "SQL", 1, 3),
        TargetSkill(SYSTEM_DESIGN, "System Design", 3, 5),
    ),
    # Tuesday 07:00 in Tokyo is still Monday in UTC.
    windows=(window(TUE, "07:00", "09:00"), window(THU, "20:00", "23:00")),
    time_zone="Asia/Tokyo",
    languages=("ja", "en"),
    budget=Budget(),
)

ANA = MentorOffer(
    user_id=1,
    display_name="Ana",
    skills=(
        MentorSkill(SYSTEM_DESIGN, "System Design", 5, 38),
        MentorSkill(KUBERNETES, "Kubernetes", 4, 12),
    ),
    windows=(window(MON, "14:00", "18:00"), window(WED, "15:00", "17:00")),
    time_zone="America/Sao_Paulo",
    capacity=5,
    active_mentees=3,
    rating_average=Decimal("4.9"),
    rating_count=31,
    languages=("pt", "en"),
    rate=Decimal("45.00"),
    currency="EUR",
)
BEN = MentorOffer(
    user_id=2,
    display_name="Ben",
    skills=(
        MentorSkill(KUBERNETES, "Kubernetes", 5, 60),
        MentorSkill(SYSTEM_DESIGN, "System Design", 4, 5),
    ),
    # Monday 23:00 to 01:00 runs past midnight in Berlin.
    windows=(window(SAT, "11:00", "14:00"), window(MON, "23:00", "01:00")),
    time_zone="Europe/Berlin",
    capacity=3,
    rating_average=Decimal("4.6"),
    rating_count=12,
    languages=("de", "en"),
)
CHLOE = MentorOffer(
    user_id=3,
    display_name="Chloé",
    skills=(
        MentorSkill(SQL, "SQL", 5, 20),
        MentorSkill(SYSTEM_DESIGN, "System Design", 3, 8),
    ),
    windows=(window(WED, "19:00", "22:00"),),
    time_zone="Europe/Paris",
    capacity=4,
    active_mentees=1,
    rating_average=Decimal("5.0"),
    rating_count=1,
    languages=("fr", "en"),
    rate=Decimal("30"),
    currency="EUR",
)
DEV = MentorOffer(  # the best on paper, but paid in dollars
    user_id=4,
    display_name="Dev",
    skills=(
        MentorSkill(SYSTEM_DESIGN, "System Design", 5, 100),
        MentorSkill(KUBERNETES, "Kubernetes", 5, 80),
    ),
    windows=(window(MON, "23:30", "02:30"),),
    time_zone="Asia/Kolkata",
    capacity=6,
    active_mentees=2,
    rating_average=Decimal("4.8"),
    rating_count=40,
    languages=("hi", "en"),
    rate=Decimal("50"),
    currency="USD",
)
EVA = MentorOffer(  # a perfect fit for Maria, with no place left
    user_id=5,
    display_name="Eva",
    skills=(
        MentorSkill(KUBERNETES, "Kubernetes", 5, 30),
        MentorSkill(SQL, "SQL", 5, 30),
    ),
    windows=(window(MON, "18:00", "21:00"), window(SAT, "10:00", "13:00")),
    time_zone="Europe/Lisbon",
    capacity=2,
    active_mentees=2,
    rating_average=Decimal("4.9"),
    rating_count=25,
    languages=("pt",),
)
FARID = MentorOffer(
    user_id=6,
    display_name="Farid",
    skills=(
        MentorSkill(SQL, "SQL", 4, 15),
        MentorSkill(SYSTEM_DESIGN, "System Design", 5, 3),
    ),
    windows=(window(THU, "15:00", "18:00"), window(MON, "10:00", "12:00")),
    time_zone="Asia/Dubai",
    capacity=3,
    active_mentees=1,
    rating_average=Decimal("4.7"),
    rating_count=9,
    languages=("ar", "en"),
)
MENTORS = [ANA, BEN, CHLOE, DEV, EVA, FARID]


def summary(matches):
    return [(match.mentor.display_name, match.score) for match in matches]


# The fixed data set ----------------------------------------------------------


def test_maria_sees_her_matches_in_order():
    matches = rank(MARIA, MENTORS, week_of=WINTER_WEEK)
    # Dev is paid in dollars, Eva is full: neither is suggested.
    assert summary(matches) == [("Ana", 82), ("Ben", 74), ("Chloé", 50), ("Farid", 44)]


def test_maria_reads_why_each_mentor_fits():
    reasons = {
        match.mentor.display_name: match.reasons
        for match in rank(MARIA, MENTORS, week_of=WINTER_WEEK)
    }
    assert reasons["Ana"] == (
        "You want System Design 2→4; Ana: 5/5 in System Design, 38 sessions, "
        "4.9★ (31 reviews)",
        "You want Kubernetes 1→4; Ana: 4/5 in Kubernetes, 12 sessions",
        "5 h overlap per week",
        "Speaks Portuguese, English",
        "45 EUR per 1:1, within your budget",
        "2 of 5 mentee places left",
    )
    assert reasons["Chloé"] == (
        "You want System Design 2→4; Chloé: 3/5 in System Design, 8 sessions, "
        "5.0★ (1 review)",
        "You want SQL 3→4; Chloé: 5/5 in SQL, 20 sessions",
        "3 h overlap per week",
        "Speaks English",
        "30 EUR per 1:1, within your budget",
        "3 of 4 mentee places left",
    )
    assert reasons["Farid"][2] == "No overlap in your weekly hours"
    assert reasons["Ben"][4:] == ("Free", "3 of 3 mentee places left")


def test_kenji_sees_free_mentors_only():
    matches = rank(KENJI, MENTORS, week_of=WINTER_WEEK)
    assert summary(matches) == [("Farid", 77), ("Ben", 44)]
    assert matches[1].reasons == (
        "You want System Design 3→5; Ben: 4/5 in System Design, 5 sessions, "
        "4.6★ (12 reviews)",
        "2 h overlap per week",
        "Speaks English",
        "Free",
        "3 of 3 mentee places left",
    )


def test_score_parts_add_up_to_the_documented_weights():
    assert (
        sum(
            [
                SKILL_COVERAGE_WEIGHT,
                RATING_WEIGHT,
                EXPERIENCE_WEIGHT,
                AVAILABILITY_WEIGHT,
                LANGUAGE_WEIGHT,
                CAPACITY_WEIGHT,
            ]
        )
        == 100
    )
    parts = score(MARIA, ANA, week_of=WINTER_WEEK).parts
    # System Design 2→4 and Kubernetes 1→4 covered, SQL 3→4 not: 5 of 6.
    assert parts.skill_coverage == pytest.approx(5 / 6)
    assert parts.overlap_hours == 5
    assert parts.capacity == pytest.approx(2 / 5)
    assert parts.total == pytest.approx(82.12, abs=0.01)


# Exclusions ------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"active_mentees": 5}, id="no place left"),
        pytest.param({"languages": ("de", "fr")}, id="no shared language"),
        pytest.param({"rate": Decimal("50.01")}, id="over budget"),
        pytest.param({"currency": "GBP"}, id="another currency"),
        pytest.param(
            {"skills": (MentorSkill(99, "Figma", 5, 40),)}, id="no wanted skill"
        ),
        pytest.param(
            # Maria is at 2 already: a level-2 mentor has nothing to teach her.
            {"skills": (MentorSkill(SYSTEM_DESIGN, "System Design", 2, 40),)},
            id="not above the mentee",
        ),
    ],
)
def test_mentor_is_not_suggested(change):
    assert score(MARIA, ANA, week_of=WINTER_WEEK) is not None
    assert score(MARIA, replace(ANA, **change), week_of=WINTER_WEEK) is None


def test_a_free_only_mentee_is_not_offered_paid_mentors():
    free_only = replace(MARIA, budget=Budget())
    assert score(free_only, ANA, week_of=WINTER_WEEK) is None
    free_ana = replace(ANA, rate=Decimal(0), currency="USD")
    assert score(free_only, free_ana, week_of=WINTER_WEEK).reasons[4] == "Free"


def test_a_rate_at_the_budget_is_within_it():
    at_budget = replace(ANA, rate=Decimal("50"), currency="eur")
    match = score(MARIA, at_budget, week_of=WINTER_WEEK)
    assert match.reasons[4] == "50 EUR per 1:1, within your budget"


def test_languages_count_half_when_either_side_lists_none():
    silent = replace(ANA, languages=())
    match = score(MARIA, silent, week_of=WINTER_WEEK)
    assert match.parts.language == 0.5
    assert not any(reason.startswith("Speaks") for reason in match.reasons)


# Skills and quality ----------------------------------------------------------


def test_a_mentor_below_target_covers_part_of_the_gap():
    # Kenji wants System Design 3→5; Ben at 4 covers 1 of its 2 levels, and
    # SQL 1→3 not at all: 1 of 4 levels in all.
    assert score(KENJI, BEN, week_of=WINTER_WEEK).parts.skill_coverage == 0.25


def test_the_bigger_gap_weighs_more():
    kubernetes_only = replace(ANA, skills=(MentorSkill(KUBERNETES, "K8s", 5, 10),))
    sql_only = replace(ANA, skills=(MentorSkill(SQL, "SQL", 5, 10),))
    # Kubernetes 1→4 is three times SQL 3→4.
    assert (
        score(MARIA, kubernetes_only, week_of=WINTER_WEEK).parts.skill_coverage == 0.5
    )
    assert score(MARIA, sql_only, week_of=WINTER_WEEK).parts.skill_coverage == 1 / 6


def test_one_five_star_review_does_not_beat_forty_of_four_point_eight():
    one_review = replace(ANA, user_id=10, rating_average=Decimal(5), rating_count=1)
    many_reviews = replace(
        ANA, user_id=11, rating_average=Decimal("4.8"), rating_count=40
    )
    first = score(MARIA, one_review, week_of=WINTER_WEEK)
    second = score(MARIA, many_reviews, week_of=WINTER_WEEK)
    assert first.parts.rating < second.parts.rating
    assert first.score < second.score
    assert first.reasons[0].endswith("5.0★ (1 review)")


def test_a_mentor_without_reviews_counts_as_the_prior():
    unrated = replace(ANA, rating_average=None, rating_count=0)
    match = score(MARIA, unrated, week_of=WINTER_WEEK)
    assert match.parts.rating == 0.5  # 4.0★ on a 3★-to-5★ scale
    assert match.reasons[0].endswith("38 sessions, no reviews yet")


def test_sessions_add_experience_with_diminishing_returns():
    def experience(sessions):
        offer = replace(ANA, skills=(MentorSkill(SQL, "SQL", 5, sessions),))
        return score(MARIA, offer, week_of=WINTER_WEEK).parts.experience

    assert experience(0) == 0
    assert experience(10) == pytest.approx(0.61, abs=0.01)
    assert experience(50) == experience(500) == 1
    # The first ten sessions count for more than the next forty.
    assert experience(10) - experience(0) > experience(50) - experience(10)


def test_more_room_is_a_little_preferred():
    roomy = score(MARIA, replace(ANA, active_mentees=0), week_of=WINTER_WEEK)
    busy = score(MARIA, replace(ANA, active_mentees=4), week_of=WINTER_WEEK)
    assert roomy.score - busy.score == 4  # 5 points × (5 − 1) / 5
    assert busy.reasons[-1] == "1 of 5 mentee places left"


def test_skill_levels_are_checked():
    with pytest.raises(ValueError):
        TargetSkill(SQL, "SQL", 4, 4)


def test_a_paid_budget_names_its_currency():
    with pytest.raises(ValueError):
        Budget(max_rate=Decimal("50"))


# Availability ----------------------------------------------------------------


def overlap(mentee_windows, mentee_zone, mentor_windows, mentor_zone, week_of):
    needs = replace(MARIA, windows=mentee_windows, time_zone=mentee_zone)
    offer = replace(ANA, windows=mentor_windows, time_zone=mentor_zone)
    return score(needs, offer, week_of=week_of).parts.overlap_hours


LONDON_EVENING = (window(MON, "17:00", "19:00"),)
NEW_YORK_NOON = (window(MON, "12:00", "14:00"),)


@pytest.mark.parametrize(
    ("week_of", "hours"),
    [
        pytest.param(date(2026, 2, 25), 2, id="both on winter time"),
        # New York moved its clocks on 8 March 2026, London only on 29 March:
        # for three weeks noon in New York is 16:00 in London, not 17:00.
        pytest.param(date(2026, 3, 11), 1, id="only New York switched"),
        pytest.param(date(2026, 4, 1), 2, id="both on summer time"),
    ],
)
def test_overlap_follows_each_zones_clock_changes(week_of, hours):
    args = (LONDON_EVENING, "Europe/London", NEW_YORK_NOON, "America/New_York")
    assert overlap(*args, week_of) == hours


def test_a_clock_change_inside_the_week_applies_from_its_day():
    # London moves to summer time on Sunday 29 March 2026: its Monday is GMT
    # (17:00 UTC), its Sunday BST (10:00 BST is 09:00 UTC).
    london = (window(MON, "17:00", "18:00"), window(SUN, "10:00", "11:00"))
    utc = (window(MON, "17:00", "18:00"), window(SUN, "09:00", "10:00"))
    assert overlap(london, "Europe/London", utc, "UTC", date(2026, 3, 25)) == 2


def test_a_window_that_crosses_midnight_in_utc_counts_on_both_days():
    # Tuesday 08:00-10:00 in Tokyo is Monday 23:00 to Tuesday 01:00 UTC.
    tokyo = (window(TUE, "08:00", "10:00"),)
    utc = (window(MON, "22:00", "23:30"), window(TUE, "00:30", "02:00"))
    assert overlap(tokyo, "Asia/Tokyo", utc, "UTC", WINTER_WEEK) == 1


def test_a_local_window_past_midnight_runs_into_the_next_day():
    tokyo = (window(TUE, "08:00", "10:00"),)
    late_monday = (window(MON, "23:00", "01:00"),)
    assert overlap(tokyo, "Asia/Tokyo", late_monday, "UTC", WINTER_WEEK) == 2


def test_the_week_wraps_from_sunday_to_monday():
    # Monday 07:00-09:00 in Tokyo is Sunday 22:00 to Monday 00:00 UTC.
    tokyo = (window(MON, "07:00", "09:00"),)
    sunday_night = (window(SUN, "22:00", "23:00"),)
    assert overlap(tokyo, "Asia/Tokyo", sunday_night, "UTC", WINTER_WEEK) == 1


def test_a_mentors_overlapping_windows_count_once():
    lisbon = (window(MON, "18:00", "21:00"),)
    twice = (window(MON, "18:00", "20:00"), window(MON, "19:00", "21:00"))
    assert overlap(lisbon, "Europe/Lisbon", twice, "Europe/Lisbon", WINTER_WEEK) == 3


def test_no_windows_is_said_so():
    match = score(MARIA, replace(ANA, windows=()), week_of=WINTER_WEEK)
    assert match.parts.availability == 0
    assert match.reasons[2] == "No weekly hours to compare"


# Spreading the load ----------------------------------------------------------


def stars(count):
    """Mentors alike in all but their ids: any order among them is fair."""
    return [
        replace(ANA, user_id=100 + n, display_name=f"Star {n}") for n in range(count)
    ]


def test_near_equal_stars_take_turns_at_the_top():
    first_choices = {
        rank(replace(MARIA, mentee_id=mentee), stars(5), week_of=WINTER_WEEK)[
            0
        ].mentor.display_name
        for mentee in range(1, 41)
    }
    assert len(first_choices) == 5


def test_two_mentees_see_different_first_suggestions():
    maria = rank(MARIA, stars(5), week_of=WINTER_WEEK)
    other = rank(replace(MARIA, mentee_id=7), stars(5), week_of=WINTER_WEEK)
    assert [match.mentor.display_name for match in maria] == [
        "Star 4",
        "Star 2",
        "Star 3",
        "Star 0",
        "Star 1",
    ]
    assert [match.mentor.display_name for match in other] == [
        "Star 1",
        "Star 3",
        "Star 2",
        "Star 4",
        "Star 0",
    ]


def test_a_clearly_better_mentor_stays_first_for_everyone():
    # 3 more points of room and over 1 more of rating: past any nudge.
    better = replace(ANA, user_id=1, active_mentees=0, rating_average=Decimal(5))
    alike = stars(4)
    for mentee in range(1, 41):
        needs = replace(MARIA, mentee_id=mentee)
        matches = rank(needs, [*alike, better], week_of=WINTER_WEEK)
        assert matches[0].mentor.user_id == 1


def test_a_mentor_with_requests_waiting_drops():
    first, second = stars(2)
    load = {first.user_id: 4}
    matches = rank(MARIA, [first, second], week_of=WINTER_WEEK, load=load)
    assert summary(matches) == [("Star 1", 82), ("Star 0", 72)]
    assert matches[1].parts.load_penalty == LOAD_PENALTY_WEIGHT  # 4 for 2 places
    assert matches[1].reasons[-1] == "4 requests already waiting"


def test_rank_is_the_same_whatever_the_input_order():
    shuffled = [*stars(6), *MENTORS]
    expected = rank(MARIA, shuffled, week_of=WINTER_WEEK, limit=8)
    random.Random(3).shuffle(shuffled)
    assert rank(MARIA, shuffled, week_of=WINTER_WEEK, limit=8) == expected
    assert rank(MARIA, iter(shuffled), week_of=WINTER_WEEK, limit=8) == expected


def test_rank_returns_at_most_the_limit():
    assert len(rank(MARIA, stars(9), week_of=WINTER_WEEK, limit=3)) == 3
    assert rank(MARIA, stars(9), week_of=WINTER_WEEK, limit=0) == []
    assert rank(MARIA, [EVA, DEV], week_of=WINTER_WEEK) == []
