"""Mentoring in the demo: what each expert offers as a mentor, the members'
questionnaires, and mentorships in every state with their conversations and
1:1 sessions.

Written as things stand today rather than through the services, which would
email people about answers and messages from weeks ago. Each part is keyed
so a second run adds nothing: a page's mentor profile by whether it lists
skills it mentors, a questionnaire by its member, availability by its
owner, a mentorship by its pair, conversations and 1:1s by whether the
mentorship has any yet.

Every 1:1 seeded here is with Nadia, who mentors for free, so no 1:1 needs
a payment; the paid ones start from a member's click, as Checkout would.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.models import Skill
from experts.models import ExpertPage, MentorSkill
from home.demo.expert_data import EXPERT_PAGES
from home.demo.people import PEOPLE
from home.demo.sessions import meeting_url
from mentorship.models import AvailabilityWindow, Mentorship, Message, OneToOne
from mentorship.questionnaire import SkillTarget, Window
from mentorship.services import save_questionnaire

Status = Mentorship.Status

# (expert, member, status, sent days ago, goals, the expert's answer).
MENTORSHIPS = [
    (
        "amara-okafor",
        "sofia-lindqvist",
        Status.ACTIVE,
        45,
        "I run marketing at a small app company and want to answer my own data "
        "questions: SQL first, then a small dbt project on our event data.",
        "Happy to. Bring the three questions you are asked most and we will "
        "write the SQL together.",
    ),
    (
        "amara-okafor",
        "kenji-watanabe",
        Status.REQUESTED,
        2,
        "I am a backend developer (Go, PostgreSQL) aiming to move into data "
        "engineering within a year. I would like help choosing what to learn "
        "first, and a review of my streaming side project.",
        "",
    ),
    (
        "amara-okafor",
        "grace-mensah",
        Status.DECLINED,
        30,
        "I would like to learn enough SQL to work better with our analysts.",
        "Thank you for asking! I mentor people moving into data engineering; "
        "the SQL window functions workshop will serve you better.",
    ),
    (
        "lucas-moreau",
        "mateo-garcia",
        Status.ACTIVE,
        60,
        "I build React front ends and want to make our component library "
        "accessible. Could we review a component together each month?",
        "Gladly. Bring the dialog first: it is usually the hardest.",
    ),
    (
        "lucas-moreau",
        "grace-mensah",
        Status.DECLINED,
        20,
        "Could you help me learn the basics of UX research as a junior PM?",
        "My mentoring list is closed this season. Do join the accessible "
        "components workshop, and ask again in the autumn.",
    ),
    (
        "priya-raman",
        "grace-mensah",
        Status.ACTIVE,
        35,
        "Six months into product management, I want help with stakeholder "
        "conversations and saying no to good ideas.",
        "Let's do it. Before our first call, write down the last decision you "
        "found hard.",
    ),
    (
        "priya-raman",
        "mateo-garcia",
        Status.ACTIVE,
        25,
        "I have just been asked to lead our team of four. I would like help "
        "with one-to-ones and delegation.",
        "Congratulations! We will start with the agenda of your first one-to-one.",
    ),
    (
        "priya-raman",
        "sofia-lindqvist",
        Status.REQUESTED,
        1,
        "I am about to hire my first analyst and would like help designing the "
        "interview loop and a first-90-days plan.",
        "",
    ),
    (
        "daniel-schwartz",
        "kenji-watanabe",
        Status.ACTIVE,
        50,
        "I want to learn Kubernetes properly, beyond kubectl apply, to run our "
        "machine learning services.",
        "Sounds good: we will deploy one of your services end to end, then "
        "break it on purpose.",
    ),
    (
        "daniel-schwartz",
        "mateo-garcia",
        Status.REQUESTED,
        3,
        "Our Django app runs on a single VM. I want to plan a move to "
        "containers and Terraform without over-engineering it.",
        "",
    ),
    (
        "nadia-haddad",
        "grace-mensah",
        Status.ACTIVE,
        40,
        "I want to stop waiting for the analysts: enough SQL to check a "
        "feature's adoption myself, and to read their dashboards critically.",
        "Yes! Send me the last question you had to wait a week for.",
    ),
    (
        "nadia-haddad",
        "kenji-watanabe",
        Status.PAUSED,
        70,
        "I would like to get better at exploratory analysis in pandas before "
        "I build features for our first model.",
        "Sure. Let's start from one of your datasets and a question about it.",
    ),
    (
        "tomas-novak",
        "mateo-garcia",
        Status.COMPLETED,
        120,
        "Our developer docs get no search traffic. I would like three months "
        "of help with technical SEO and measuring what changes.",
        "Happy to: we will pick ten pages and measure them before and after.",
    ),
]

# The questionnaire: goals, targets (skill, current, target level), weekly
# hours in the member's own zone (weekday 0 is Monday), languages, budget.
QUESTIONNAIRES = {
    "sofia-lindqvist": {
        "goals": (
            "Answer my own marketing questions with data: campaign "
            "performance in SQL, a weekly report I can trust, and enough "
            "Python to automate it."
        ),
        "preferred_format": "video",
        "frequency": "fortnightly",
        "targets": [("SQL", 2, 4), ("Data analysis", 2, 4), ("Python", 1, 3)],
        "windows": [
            (1, "18:00", "20:30"),
            (3, "18:00", "20:00"),
            (5, "09:00", "12:00"),
        ],
        "languages": ["en", "sv"],
        "budget": ("80", "EUR"),
    },
    "grace-mensah": {
        "goals": (
            "Grow as a product manager: read data without help, run user "
            "interviews, and lead discussions with engineers."
        ),
        "preferred_format": "either",
        "frequency": "weekly",
        "targets": [("SQL", 1, 3), ("UX design", 1, 3), ("Leadership", 2, 4)],
        "windows": [(1, "17:00", "20:00"), (3, "17:00", "19:00")],
        "languages": ["en"],
        "budget": None,
    },
    "kenji-watanabe": {
        "goals": (
            "Run machine learning services in production: Kubernetes, data "
            "pipelines feeding the models, and the Python around them."
        ),
        "preferred_format": "chat",
        "frequency": "weekly",
        "targets": [
            ("Kubernetes", 2, 4),
            ("Data engineering", 2, 4),
            ("Python", 3, 4),
        ],
        "windows": [
            (0, "07:00", "09:00"),
            (2, "07:00", "09:00"),
            (5, "20:00", "23:00"),
        ],
        "languages": ["en", "ja"],
        "budget": ("150", "USD"),
    },
    "mateo-garcia": {
        "goals": (
            "Make our React components accessible, move our Django app to "
            "containers, and learn the SQL behind our slow pages."
        ),
        "preferred_format": "video",
        "frequency": "monthly",
        "targets": [("Accessibility", 2, 4), ("Kubernetes", 1, 3), ("SQL", 2, 4)],
        "windows": [(1, "10:00", "12:00"), (3, "10:00", "12:00")],
        "languages": ["es", "en"],
        "budget": None,
    },
}

# Who says what, keyed by the mentorship's pair: (mentor or mentee, days
# ago, hour UTC, text). The newest messages of the pairs marked in UNREAD
# are still waiting for their reader, so the header shows a count.
CONVERSATIONS = {
    ("amara-okafor", "sofia-lindqvist"): [
        (
            "mentor",
            43,
            8,
            "Welcome aboard, Sofia! Before our first call, could you send the "
            "three questions you are asked most often about your numbers?",
        ),
        (
            "mentee",
            43,
            17,
            "Thank you! 1) Which campaign brought the users who stayed? "
            "2) How many trials turn paid by channel? 3) Why did installs "
            "drop in March?",
        ),
        (
            "mentor",
            42,
            9,
            "Perfect, all three are SQL with a join and a GROUP BY. Start with "
            "question 2: count trials and paid users per channel, one row "
            "per channel.",
        ),
        (
            "mentee",
            35,
            19,
            "Done, but my conversion rates are all above 100%. I think I "
            "count users twice when they have two payments?",
        ),
        (
            "mentor",
            34,
            8,
            "That's it: count DISTINCT user ids, or join on a subquery with "
            "one row per user. Classic fan-out, everyone meets it once.",
        ),
        (
            "mentee",
            20,
            18,
            "COUNT(DISTINCT) fixed it. Our paid search converts at half the "
            "rate of organic; my boss was very surprised.",
        ),
        (
            "mentor",
            19,
            9,
            "Great result. Next: put the query in a dbt model so the report "
            "rebuilds every morning. I'll send a starter project.",
        ),
        (
            "mentor",
            2,
            10,
            "Here is the starter project: models/marts/trials_by_channel.sql "
            "is yours to fill in. Shall we look at it together next week?",
        ),
    ],
    ("nadia-haddad", "grace-mensah"): [
        (
            "mentee",
            38,
            16,
            "Hi Nadia! Last question I waited a week for: how many teams used "
            "the new export button in its first month?",
        ),
        (
            "mentor",
            38,
            19,
            "Lovely first question. Do you have read access to the events "
            "table? If so, we will write it together on our call.",
        ),
        (
            "mentee",
            37,
            9,
            "I do now! Looking forward to our first call.",
        ),
        (
            "mentor",
            13,
            18,
            "Good session today. Homework: the same query, but per week, and "
            "only teams older than a month.",
        ),
        (
            "mentee",
            10,
            17,
            "Per week works; filtering on team age needs a join I'm unsure "
            "about. Can we start there next time?",
        ),
        (
            "mentor",
            9,
            18,
            "Yes. I proposed a time on the sessions page, see you then!",
        ),
    ],
    ("daniel-schwartz", "kenji-watanabe"): [
        (
            "mentor",
            48,
            14,
            "Hi Kenji, pick one of your services for us to deploy: small, "
            "stateless, with a health check if possible.",
        ),
        (
            "mentee",
            48,
            23,
            "The feature-scoring API: Python, one container, no state.",
        ),
        (
            "mentor",
            30,
            15,
            "Nice work on the Helm chart. Now kill a pod during a load test "
            "and tell me what your users saw.",
        ),
        (
            "mentee",
            29,
            23,
            "About 2% errors for 10 seconds. Readiness probe was missing!",
        ),
        (
            "mentor",
            28,
            13,
            "Exactly the lesson. Add it and a PodDisruptionBudget, then we "
            "look at autoscaling.",
        ),
    ],
    ("priya-raman", "grace-mensah"): [
        (
            "mentor",
            33,
            5,
            "Hello Grace, what was the last decision you found hard?",
        ),
        (
            "mentee",
            33,
            12,
            "Saying no to a feature our biggest customer asked for.",
        ),
        (
            "mentor",
            32,
            5,
            "A good one. Write down what you said and what you wish you had "
            "said; we start from that on Tuesday.",
        ),
        (
            "mentee",
            20,
            17,
            "Update: I said no to the customer with the reasons we wrote "
            "down, and offered what we can do instead. They took it well!",
        ),
        (
            "mentor",
            19,
            5,
            "That is the whole skill: no to the feature, yes to the problem. "
            "Next time, let's look at how you plan the quarter.",
        ),
    ],
    ("priya-raman", "mateo-garcia"): [
        (
            "mentee",
            23,
            15,
            "My first one-to-ones are on Monday. Any agenda you would suggest?",
        ),
        (
            "mentor",
            22,
            4,
            "Let them own it: their topics first, then yours, and end with "
            "one question: what could I do better for you?",
        ),
        (
            "mentee",
            4,
            16,
            "It worked! Two people asked for clearer priorities. How do I "
            "give them those without micromanaging?",
        ),
    ],
    ("lucas-moreau", "mateo-garcia"): [
        (
            "mentee",
            58,
            17,
            "Here is our dialog component. Focus escapes it with Tab.",
        ),
        (
            "mentor",
            57,
            9,
            "Classic. Trap focus inside while it is open, return it to the "
            "button on close, and close on Escape.",
        ),
        (
            "mentee",
            40,
            18,
            "Fixed, and VoiceOver now reads the title first. Next month: "
            "the date picker?",
        ),
        (
            "mentor",
            39,
            8,
            "The date picker it is. Bring it with its keyboard map.",
        ),
    ],
    ("nadia-haddad", "kenji-watanabe"): [
        (
            "mentee",
            62,
            23,
            "Could we pause for a month? We have a release and I can't keep "
            "up with the homework.",
        ),
        (
            "mentor",
            62,
            7,
            "Of course. Resume whenever you are ready.",
        ),
    ],
    ("tomas-novak", "mateo-garcia"): [
        (
            "mentor",
            110,
            18,
            "First homework: export last month's search queries for the ten "
            "pages we picked.",
        ),
        (
            "mentee",
            60,
            17,
            "Impressions up 40% on the ten pages since the title changes. "
            "Thank you for these two months!",
        ),
        (
            "mentor",
            59,
            7,
            "Well earned. I have marked our mentorship complete; good luck!",
        ),
    ],
}
# Mentorships whose last message(s) the recipient has not opened yet.
UNREAD = {
    ("amara-okafor", "sofia-lindqvist"): 1,
    ("priya-raman", "mateo-garcia"): 1,
    ("nadia-haddad", "grace-mensah"): 1,
}

# 1:1s of Nadia (free) and Grace: (proposed by, days from now, hour UTC,
# minutes, status, note, meeting link).
ONE_TO_ONES = {
    ("nadia-haddad", "grace-mensah"): [
        (
            "mentee",
            -13,
            16,
            45,
            OneToOne.Status.COMPLETED,
            "Adoption of the export button, in SQL.",
            meeting_url("nadia-grace"),
        ),
        (
            "mentor",
            5,
            17,
            60,
            OneToOne.Status.CONFIRMED,
            "Joins on team age, then a weekly chart.",
            meeting_url("nadia-grace"),
        ),
        (
            "mentee",
            19,
            16,
            45,
            OneToOne.Status.PROPOSED,
            "Reading the analysts' retention dashboard together.",
            "",
        ),
    ],
}


def seed_mentoring(*, reviewer: User) -> None:
    people = {
        user.username: user
        for user in User.objects.filter(
            username__in=[person["username"] for person in PEOPLE]
        ).select_related("profile")
    }
    for username, data in EXPERT_PAGES.items():
        if username in people:
            _seed_mentor_profile(people[username], data, reviewer=reviewer)
    for username, answers in QUESTIONNAIRES.items():
        if username in people:
            _seed_questionnaire(people[username], answers)
    for row in MENTORSHIPS:
        mentor, mentee = people.get(row[0]), people.get(row[1])
        if mentor is None or mentee is None:
            continue
        mentorship = _seed_mentorship(mentor, mentee, *row[2:])
        key = (row[0], row[1])
        if key in CONVERSATIONS and not mentorship.messages.exists():
            _seed_conversation(mentorship, CONVERSATIONS[key], UNREAD.get(key, 0))
        if key in ONE_TO_ONES:
            _seed_one_to_ones(mentorship, ONE_TO_ONES[key])


def _skill(name: str) -> Skill:
    """The vocabulary's skill of that name, whatever its case."""
    skill = Skill.objects.filter(name__iexact=name).first()
    return skill or Skill.objects.create(name=name)


def _clock(value: str) -> time:
    return time.fromisoformat(value)


@transaction.atomic
def _seed_mentor_profile(expert: User, data: dict, *, reviewer: User) -> None:
    """Skills mentored, intro, and weekly hours, once: a page listing skills
    it mentors already has its mentor profile, and someone with weekly hours
    set them."""
    if not AvailabilityWindow.objects.filter(user=expert).exists():
        AvailabilityWindow.objects.bulk_create(
            AvailabilityWindow(
                user=expert,
                weekday=weekday,
                starts_at=_clock(start),
                ends_at=_clock(end),
            )
            for weekday, start, end in data["availability"]
        )
    page = ExpertPage.objects.filter(expert=expert).first()
    # A draft waiting to be published is the expert's: publishing the mentor
    # profile on top of it would publish the draft too.
    if page is None or page.has_unpublished_changes or page.mentor_skills.exists():
        return
    page.mentoring_intro = page.mentoring_intro or data["mentoring_intro"]
    page.mentor_skills = [
        MentorSkill(skill=_skill(name), level=level, sort_order=order)
        for order, (name, level) in enumerate(data["mentor_skills"])
    ]
    # A revision, as the page editor would make it, so the next edit in the
    # admin starts from the mentor profile and does not drop it.
    page.save_revision(user=expert).publish(user=reviewer)


@transaction.atomic
def _seed_questionnaire(member: User, answers: dict) -> None:
    if hasattr(member, "mentee_profile"):
        return
    budget = answers["budget"]
    save_questionnaire(
        user=member,
        goals=answers["goals"],
        preferred_format=answers["preferred_format"],
        frequency=answers["frequency"],
        time_zone=member.profile.time_zone,
        languages=answers["languages"],
        budget_kind="paid" if budget else "free",
        budget_max=Decimal(budget[0]) if budget else None,
        currency=budget[1] if budget else "EUR",
        targets=[
            SkillTarget(skill=_skill(name), current_level=now, target_level=target)
            for name, now, target in answers["targets"]
        ],
        windows=[
            Window(weekday=weekday, starts_at=_clock(start), ends_at=_clock(end))
            for weekday, start, end in answers["windows"]
        ],
    )


def _seed_mentorship(
    mentor: User,
    mentee: User,
    status: str,
    days_ago: int,
    goals: str,
    reply: str,
) -> Mentorship:
    """The pair's first mentorship, created if there is none: whatever
    became of it since is left as it is."""
    existing = Mentorship.objects.filter(mentor=mentor, mentee=mentee)
    first = existing.order_by("requested_at", "pk").first()
    if first is not None:
        return first
    sent = timezone.now() - timedelta(days=days_ago)
    answered = sent + timedelta(days=1)
    started = status in (Status.ACTIVE, Status.PAUSED, Status.COMPLETED)
    mentorship = Mentorship.objects.create(
        mentor=mentor,
        mentee=mentee,
        goals=goals,
        status=status,
        reply_message=reply,
        responded_at=answered if status != Status.REQUESTED else None,
        started_at=answered if started else None,
        # Two months after it started, or now if that is still to come.
        ended_at=(
            min(answered + timedelta(days=62), timezone.now())
            if status == Status.COMPLETED
            else None
        ),
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(requested_at=sent)
    mentorship.requested_at = sent
    return mentorship


def _at(days_ago: int, hour: int) -> datetime:
    day = timezone.now() - timedelta(days=days_ago)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _seed_conversation(mentorship: Mentorship, lines: list, unread: int) -> None:
    notice = timedelta(minutes=settings.MENTORSHIP_MESSAGE_EMAIL_DELAY_MINUTES)
    sent_times = [_at(days_ago, hour) for _who, days_ago, hour, _body in lines]
    for index, ((who, _days, _hour, body), sent) in enumerate(
        zip(lines, sent_times, strict=True)
    ):
        sender, recipient = (
            (mentorship.mentor, mentorship.mentee)
            if who == "mentor"
            else (mentorship.mentee, mentorship.mentor)
        )
        still_unread = index >= len(lines) - unread
        # Read by the time the next message came, or a few hours later.
        read = sent_times[index + 1] if index + 1 < len(lines) else sent
        message = Message.objects.create(
            mentorship=mentorship, sender=sender, recipient=recipient, body=body
        )
        Message.objects.filter(pk=message.pk).update(
            created_at=sent,
            read_at=None if still_unread else max(read, sent + timedelta(hours=2)),
            # Announced long ago: the email job must not mail about old news.
            notified_at=sent + notice if still_unread else None,
        )


def _seed_one_to_ones(mentorship: Mentorship, rows: list) -> None:
    page = ExpertPage.objects.filter(expert=mentorship.mentor).first()
    # Only free 1:1s are seeded: a paid one would need its Stripe payment.
    if page is None or page.hourly_rate:
        return
    # 1:1s happen in a mentorship under way, and are seeded once.
    if mentorship.status != Status.ACTIVE or mentorship.one_to_ones.exists():
        return
    for who, days, hour, minutes, status, note, link in rows:
        starts = _at(-days, hour)
        proposer = mentorship.mentee if who == "mentee" else mentorship.mentor
        proposed = min(starts - timedelta(days=14), timezone.now() - timedelta(days=1))
        one_to_one = OneToOne.objects.create(
            mentorship=mentorship,
            proposed_by=proposer,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=minutes),
            note=note,
            status=status,
            price=Decimal("0.00"),
            currency=page.currency,
            meeting_url=link,
            accepted_at=(
                proposed + timedelta(hours=5)
                if status != OneToOne.Status.PROPOSED
                else None
            ),
        )
        OneToOne.objects.filter(pk=one_to_one.pk).update(created_at=proposed)
