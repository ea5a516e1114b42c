"""seed_demo builds a demo that shows every feature, and running it twice
changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Revision

from accounts.email_preferences import list_users_who_want, wants_email
from accounts.models import EmailKind, EmailPreference, ExpertApplication, User
from content.models import ArticlePage
from experts.mentee_count import count_active_mentees
from experts.models import (
    ExpertExperience,
    ExpertLanguage,
    ExpertPage,
    MentorSkill,
)
from experts.workspace import insights
from forum.models import Category, Post, Reputation, Thread, Vote
from forum.services.voting import ACCEPTED_POINTS, UPVOTE_POINTS
from marketing.models import Campaign, CampaignDelivery, Subscriber
from mentorship.models import (
    AvailabilityWindow,
    MenteeProfile,
    Mentorship,
    Message,
    OneToOne,
    TargetSkill,
)
from payments.models import Kind, Payment, Refund
from progress.models import (
    AssessmentPage,
    Attempt,
    Evidence,
    FeedbackRequest,
    Goal,
    LevelRecord,
    ProgressSharing,
)
from progress.services.goals import set_goal
from sessions.models import Booking, Review, SessionPage

EXPERTS = ["amara-okafor", "lucas-moreau", "priya-raman", "daniel-schwartz"]
PAID_SEATED = [
    Booking.Status.CONFIRMED,
    Booking.Status.ATTENDED,
    Booking.Status.NO_SHOW,
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # The portraits are real files; keep them out of the shared test media.
    settings.MEDIA_ROOT = str(tmp_path)


def counts() -> dict[str, object]:
    return {
        "users": User.objects.count(),
        "sessions": SessionPage.objects.count(),
        "bookings": sorted(
            Booking.objects.values_list("session_id", "member_id", "status")
        ),
        "reviews": sorted(
            Review.objects.values_list("session_id", "author_id", "host_reply")
        ),
        "applications": ExpertApplication.objects.count(),
        "expert pages": ExpertPage.objects.count(),
        "images": get_image_model().objects.count(),
        "languages": ExpertLanguage.objects.count(),
        "experience entries": ExpertExperience.objects.count(),
        "mentorship": sorted(
            Mentorship.objects.values_list("mentor_id", "mentee_id", "status")
        ),
        "revisions": Revision.objects.count(),
        "articles": ArticlePage.objects.count(),
        "payments": sorted(
            Payment.objects.values_list("object_id", "amount", "status", "created_at")
        ),
        "refunds": sorted(Refund.objects.values_list("payment_id", "amount")),
        "mentor skills": sorted(MentorSkill.objects.values_list("page_id", "skill_id")),
        "questionnaires": MenteeProfile.objects.count(),
        "email preferences": sorted(
            EmailPreference.objects.values_list("user_id", "kind", "enabled")
        ),
        "campaigns": sorted(Campaign.objects.values_list("slug", "status")),
        "campaign deliveries": CampaignDelivery.objects.count(),
        "newsletter subscribers": sorted(
            Subscriber.objects.values_list("email", "confirmed_at")
        ),
        "target skills": TargetSkill.objects.count(),
        "weekly hours": AvailabilityWindow.objects.count(),
        "messages": sorted(
            Message.objects.values_list("mentorship_id", "sender_id", "created_at")
        ),
        "1:1s": sorted(OneToOne.objects.values_list("mentorship_id", "status")),
        "forum posts": sorted(Post.objects.values_list("thread_id", "author_id")),
        "forum votes": Vote.objects.count(),
        "reputation": sorted(Reputation.objects.values_list("user_id", "points")),
        "assessments": _rows(AssessmentPage.objects.all(), "slug", "live", "summary"),
        "level records": _rows(
            LevelRecord.objects.all(), "member", "skill", "source", "recorded_at"
        ),
        "attempts": _rows(
            Attempt.objects.all(), "member", "assessment", "status", "submitted_at"
        ),
        "feedback requests": _rows(
            FeedbackRequest.objects.all(), "member", "expert", "status"
        ),
        "goals": _rows(Goal.objects.all(), "member", "skill", "target_level"),
        "evidence": _rows(Evidence.objects.all(), "member", "url"),
        "sharing": _rows(
            ProgressSharing.objects.all(),
            "member",
            "public_skills",
            "share_with_mentors",
        ),
    }


def _rows(queryset, *fields) -> list[str]:
    # As text: some columns are None in some rows, which tuples cannot sort.
    return sorted(str(row) for row in queryset.values_list(*fields))


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_keeps_an_editors_edit():
    call_command("seed_demo", "--force", verbosity=0)
    page = ExpertPage.objects.get(expert__username="amara-okafor")
    page.headline = "Edited by the expert herself"
    page.save_revision(user=page.expert).publish()
    assessment = AssessmentPage.objects.get(skill__name="SQL")
    assessment.summary = "Edited by its author"
    assessment.save_revision(user=assessment.owner).publish()
    # Sofia aims higher than the demo's goal: her goal stays hers.
    sofia = User.objects.get(username="sofia-lindqvist")
    goal = Goal.objects.get(member=sofia, achieved_at=None)
    set_goal(
        member=sofia, skill=goal.skill, target_level=5, target_date=goal.target_date
    )
    first = counts()

    call_command("seed_demo", "--force", verbosity=0)

    assert counts() == first
    page.refresh_from_db()
    assert page.headline == "Edited by the expert herself"
    assessment.refresh_from_db()
    assert assessment.summary == "Edited by its author"


# Seeding takes seconds, so one seeded database serves every check of what
# the demo shows; each helper below is one feature.
@pytest.mark.django_db
def test_seed_demo_shows_each_feature(client, capsys):
    call_command("seed_demo", "--force", verbosity=0)

    assert "Expert login: amara-okafor@masteryhub.example" in capsys.readouterr().out
    assert User.objects.filter(username="admin", is_superuser=True).exists()
    assert ExpertApplication.objects.filter(status="pending").exists()
    assert Booking.objects.filter(status="waitlisted").exists()
    assert SessionPage.objects.filter(status="cancelled").exists()
    assert client.get("/").status_code == 200
    assert client.get("/sessions/").status_code == 200
    assert client.get("/members/amara-okafor/").status_code == 200
    check_expert_pages(client)
    check_mentorship()
    check_mentoring(client)
    check_history_and_earnings()
    check_learning_content(client)
    check_social_card(client)
    check_forum(client)
    check_assessments(client)
    check_progress(client)
    check_marketing()


def check_marketing() -> None:
    """Members who said yes to the digest or the newsletter (and members who
    did not), confirmed visitors and one still to confirm."""
    grace = User.objects.get(username="grace-mensah")
    assert wants_email(grace, EmailKind.DIGEST)
    assert list_users_who_want(EmailKind.DIGEST).count() >= 3
    assert not wants_email(User.objects.get(username="amara-okafor"), "digest")
    assert Subscriber.objects.filter(confirmed_at__isnull=False).count() == 2
    assert Subscriber.objects.filter(confirmed_at__isnull=True).count() == 1
    sent = Campaign.objects.get(status=Campaign.Status.SENT)
    assert sent.deliveries.filter(status=CampaignDelivery.Status.SENT).count() >= 3
    assert Campaign.objects.filter(status=Campaign.Status.DRAFT).count() == 1


def check_assessments(client) -> None:
    """Published assessments by experts, with every kind of question and
    sensible bands, whose answer keys appear nowhere public."""
    assessments = AssessmentPage.objects.live().select_related("owner")
    assert assessments.count() >= 3
    listing = client.get("/assessments/").content.decode()
    secrets = []
    for page in assessments:
        assert page.owner.username in EXPERTS + ["nadia-haddad"], page
        assert page.title in listing
        kinds = {block.block_type for block in page.questions}
        assert kinds == {"single_choice", "multiple_choice", "short_answer"}, page
        assert 5 <= len(page.questions) <= 8, page
        bands = sorted(page.bands.values_list("min_percent", "level"))
        assert bands[0] == (0, 1) and bands[-1][1] == 5, page
        for block in page.questions:
            secrets += [block.value["prompt"], block.value["explanation"]]
            # A list of keywords as typed; a lone one ("Service") is an
            # ordinary word that any page may hold.
            if "," in block.value.get("keywords", ""):
                secrets.append(block.value["keywords"])
    assert assessments.filter(time_limit_minutes__isnull=False).exists()
    assert any(
        block.block_type == "short_answer" and not block.value["keywords"]
        for page in assessments
        for block in page.questions
    )
    sofia = User.objects.get(username="sofia-lindqvist")
    for signed_in in (None, sofia):
        if signed_in:
            client.force_login(signed_in)
        urls = ["/assessments/", "/search/?q=SQL+joins"]
        urls += [page.url for page in assessments]
        urls += [f"/api/v2/pages/{page.pk}/?fields=*" for page in assessments]
        for url in urls:
            body = client.get(url).content.decode()
            leaked = [secret for secret in secrets if secret in body]
            assert not leaked, (url, leaked)
    client.logout()


def check_progress(client) -> None:
    """Six months of Sofia's SQL from all three sources, feedback and
    answers waiting for experts, goals, evidence and a public badge."""
    sofia = User.objects.get(username="sofia-lindqvist")
    sql = sofia.level_records.filter(skill__name="SQL")
    assert {record.source for record in sql} == {"self", "assessment", "expert"}
    months = {(r.recorded_at.year, r.recorded_at.month) for r in sql}
    assert len(months) >= 3
    self_rated = [r.level for r in sql.filter(source="self").order_by("recorded_at")]
    assert self_rated == sorted(self_rated) and self_rated[-1] > self_rated[0]
    for record in sql.filter(source="assessment").select_related("attempt"):
        assert record.attempt.status == "scored"
        assert record.attempt.level == record.level
        assert record.attempt.scored_at == record.recorded_at
    assert sql.get(source="expert").feedback.status == "reviewed"
    now = timezone.now()
    assert not LevelRecord.objects.filter(recorded_at__gt=now).exists()
    assert not Attempt.objects.filter(submitted_at__gt=now).exists()
    assert LevelRecord.objects.values("member").distinct().count() >= 3

    client.force_login(sofia)
    html = client.get("/progress/skills/sql/").content.decode()
    assert "Expert-reviewed" in html and "campaign-reports" in html
    assert Evidence.objects.filter(member=sofia, kind="certificate").exists()
    assert Evidence.objects.filter(kind="repository", url__contains="github.com")
    goals = Goal.objects.filter(member=sofia)
    assert goals.filter(achieved_at=None, target_date__gt=now.date()).exists()
    assert goals.filter(achieved_at__isnull=False).exists()
    assert ProgressSharing.objects.get(member=sofia).share_with_mentors
    client.logout()
    profile = client.get("/members/sofia-lindqvist/").content.decode()
    assert '<span class="level-badge__skill">SQL</span>' in profile

    waiting = FeedbackRequest.objects.get(status="open")
    client.force_login(waiting.expert)
    queue = client.get("/admin/progress/feedback/").content.decode()
    assert waiting.member.get_full_name() in queue
    to_mark = Attempt.objects.get(status="awaiting_review")
    client.force_login(to_mark.assessment.owner)
    queue = client.get("/admin/assessments/marking/").content.decode()
    assert to_mark.assessment_title in queue
    client.logout()


def check_forum(client) -> None:
    """Categories with questions, answers by experts, votes, one accepted
    answer shown first, and reputation that adds up."""
    assert Category.objects.count() >= 4
    response = client.get("/forum/")
    assert "Data and analytics" in response.content.decode()
    thread = Thread.objects.get(title__startswith="How do I find the first purchase")
    assert thread.accepted_answer.author.username == "amara-okafor"
    assert thread.answer_count == 2
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "ROW_NUMBER() OVER" in html
    assert Thread.objects.filter(answer_count=0).exists()  # one to answer
    amara = Reputation.objects.get(user__username="amara-okafor")
    assert amara.accepted_answers == 1
    assert amara.points == 4 * UPVOTE_POINTS + ACCEPTED_POINTS


def check_social_card(client) -> None:
    html = client.get("/sessions/").content.decode()
    assert '<meta property="og:image"' in html
    assert "masteryhub-social-card" in html


def check_learning_content(client) -> None:
    listing = client.get("/learn/").content.decode()
    assert "Idempotent pipelines" in listing and "Terraform from zero" in listing
    accesses = set(ArticlePage.objects.live().values_list("access", flat=True))
    assert accesses == {"free", "membership", "purchase"}
    gated = ArticlePage.objects.get(access="membership", author__username=EXPERTS[0])
    html = client.get(gated.url).content.decode()
    assert "Keep reading with a membership" in html
    assert "Store the offset or watermark" not in html


def check_expert_pages(client) -> None:
    pages = ExpertPage.objects.live().filter(expert__username__in=EXPERTS)
    assert sorted(page.expert.username for page in pages) == sorted(EXPERTS)
    for page in pages:
        assert (page.photo.width, page.photo.height) == (480, 480)
        assert page.headline and page.bio and page.years_of_experience
        assert page.skills.count() >= 4
        assert page.languages.count() >= 2
        assert page.experiences.count() >= 2
        assert page.achievements.exists() and page.certifications.exists()
        assert page.projects.exclude(link="").exists()
        assert page.hourly_rate and page.website_url
        assert page.linkedin_url or page.github_url

    directory = client.get("/experts/")
    assert directory.status_code == 200
    for page in pages:
        assert page.title in directory.content.decode()
    amara = pages.get(expert__username="amara-okafor")
    response = client.get(amara.url)
    assert response.status_code == 200
    assert amara.headline in response.content.decode()


def check_mentorship() -> None:
    statuses = set(Mentorship.objects.values_list("status", flat=True))
    assert {"requested", "active", "declined"} <= statuses
    pages = list(ExpertPage.objects.filter(expert__username__in=EXPERTS))
    assert any(not page.accepts_mentees for page in pages)
    assert any(
        page.accepts_mentees
        and count_active_mentees(page.expert) == page.mentee_capacity - 1
        for page in pages
    )
    for page in pages:
        assert Mentorship.objects.filter(mentor=page.expert).exists()


def check_mentoring(client) -> None:
    """Mentors with a full offer, mentees with questionnaires, and
    mentorships in each state with conversations and 1:1s."""
    mentors = ExpertPage.objects.live()
    assert mentors.count() >= len(EXPERTS)
    for page in mentors:
        assert page.mentoring_intro, page
        assert page.mentor_skills.filter(level__gte=4).count() >= 3, page
        assert page.languages.exists(), page
        assert AvailabilityWindow.objects.filter(user=page.expert).exists(), page
        # Never more mentees under way than the mentor has places.
        assert count_active_mentees(page.expert) <= page.mentee_capacity, page
    assert mentors.filter(accepts_mentees=True, hourly_rate=0).exists()
    assert mentors.filter(accepts_mentees=True, hourly_rate__gt=0).exists()

    assert MenteeProfile.objects.count() >= 3
    for profile in MenteeProfile.objects.all():
        assert profile.goals and profile.languages.exists(), profile
        assert profile.target_skills.count() >= 2, profile
        assert AvailabilityWindow.objects.filter(user=profile.user).exists()
    assert MenteeProfile.objects.filter(budget_kind="paid").exists()
    assert MenteeProfile.objects.filter(budget_kind="free").exists()

    statuses = set(Mentorship.objects.values_list("status", flat=True))
    assert {"requested", "active", "paused", "completed", "declined"} <= statuses
    for mentorship in Mentorship.objects.filter(status="active"):
        senders = set(mentorship.messages.values_list("sender_id", flat=True))
        assert senders == {mentorship.mentor_id, mentorship.mentee_id}, mentorship
        days = {message.created_at.date() for message in mentorship.messages.all()}
        assert len(days) >= 3, mentorship
    unread = Message.objects.filter(read_at__isnull=True)
    assert unread.exists()
    # Weeks-old unread messages were announced then, not by the next job.
    assert not unread.filter(notified_at__isnull=True).exists()
    assert not Message.objects.filter(created_at__gt=timezone.now()).exists()

    now = timezone.now()
    one_to_ones = OneToOne.objects.all()
    assert one_to_ones.filter(status="completed", ends_at__lt=now).exists()
    assert one_to_ones.filter(status="confirmed", starts_at__gt=now).exists()
    assert one_to_ones.filter(status="proposed", starts_at__gt=now).exists()
    # None is paid, so none needs a payment.
    assert not one_to_ones.filter(price__gt=0).exists()
    assert not Payment.objects.filter(kind=Kind.MENTORSHIP).exists()

    sofia = User.objects.get(username="sofia-lindqvist")
    client.force_login(sofia)
    html = client.get("/mentorship/matches/").content.decode()
    assert "Nadia Haddad" in html
    assert "You want SQL 2→4" in html
    assert "within your budget" in html
    thread = Mentorship.objects.get(mentee=sofia, mentor__username=EXPERTS[0])
    html = client.get(f"/mentorship/{thread.pk}/conversation/").content.decode()
    assert "COUNT(DISTINCT) fixed it" in html
    client.logout()


def check_history_and_earnings() -> None:
    now = timezone.now()
    for username in EXPERTS:
        bookings = Booking.objects.filter(session__host__username=username)
        past = bookings.filter(session__ends_at__lt=now)
        assert past.filter(status=Booking.Status.ATTENDED).exists(), username
        assert past.filter(status=Booking.Status.NO_SHOW).exists(), username
        upcoming = bookings.filter(session__starts_at__gt=now)
        assert upcoming.filter(status=Booking.Status.CONFIRMED).exists(), username
        reviews = Review.objects.filter(session__host__username=username)
        assert reviews.exclude(host_reply="").exists(), username
        assert reviews.filter(host_reply="").exists(), username
        paid = bookings.filter(session__price__gt=0, status__in=PAID_SEATED)
        assert _months(paid) >= 2, username

    # Upcoming paid seats were confirmed just now, as payments will confirm
    # them (confirm_paid_booking), so they count as this month's earnings.
    assert Booking.objects.filter(
        session__price__gt=0,
        session__starts_at__gt=now,
        status=Booking.Status.CONFIRMED,
        confirmed_at__gte=now - timedelta(hours=1),
    ).exists()
    paid = Booking.objects.filter(session__price__gt=0, status__in=PAID_SEATED)
    assert _months(paid) >= 4
    check_ledger(paid)


def check_ledger(paid_bookings) -> None:
    """Every paid seat has its payment, and experts' insights show money
    charged over several months, with a refund or two taken off."""
    seats = Payment.objects.filter(kind=Kind.SESSION_SEAT)
    assert sorted(seats.values_list("object_id", flat=True)) == sorted(
        paid_bookings.values_list("pk", flat=True)
    )
    assert all(p.stripe_payment_intent_id.startswith("pi_demo_") for p in seats)
    assert Refund.objects.filter(status=Refund.Status.SUCCEEDED).count() == 2
    assert seats.filter(status=Payment.Status.PARTIALLY_REFUNDED).count() == 2
    refunded = Decimal("0")
    for username in EXPERTS:
        months = insights.revenue_per_month(User.objects.get(username=username))
        assert sum(1 for month in months if month.totals) >= 2, username
        refunded += sum(
            (t.refunded for month in months for t in month.totals.values()),
            Decimal("0"),
        )
    assert refunded > 0


def _months(bookings) -> int:
    """In how many calendar months these bookings were confirmed."""
    return (
        bookings.order_by()
        .annotate(month=TruncMonth("confirmed_at"))
        .values("month")
        .distinct()
        .count()
    )


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="known password"):
        call_command("seed_demo", verbosity=0)
