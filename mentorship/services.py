"""Writes for mentorship: the questionnaire, and a mentorship from request to
end. Each function is one transaction; the rules live here (and in
`questionnaire` and `selectors.get_mentorship_refusal`, which the pages ask
first), and every refusal is a MentorshipError.

Locks go in one order, the mentor's ExpertPage first, then the mentorship:
the page row is what serialises everything that takes a mentee place."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.emails import queue_email
from experts.mentee_count import count_active_mentees
from experts.models import LANGUAGE_CHOICES, ExpertPage
from mentorship import errors, one_to_one_emails
from mentorship.availability import replace_windows
from mentorship.errors import MentorshipError
from mentorship.lifecycle import end_upcoming_one_to_ones
from mentorship.models import (
    GOALS_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    SHARED_NOTES_MAX_LENGTH,
    MenteeLanguage,
    MenteeProfile,
    Mentorship,
    TargetSkill,
)
from mentorship.one_to_ones import lock_mentorship
from mentorship.questionnaire import SkillTarget, Window, questionnaire_problem
from mentorship.reviews import send_review_invitations
from mentorship.selectors import get_mentorship_refusal

Status = Mentorship.Status
LANGUAGE_CODES = {code for code, _name in LANGUAGE_CHOICES}


# --- The questionnaire -------------------------------------------------------


@transaction.atomic
def save_questionnaire(
    *,
    user: User,
    goals: str,
    preferred_format: str,
    frequency: str,
    time_zone: str,
    languages: list[str],
    budget_kind: str,
    budget_max: Decimal | None,
    currency: str,
    targets: list[SkillTarget],
    windows: list[Window],
) -> MenteeProfile:
    """Replace the member's questionnaire answers, target skills and weekly
    availability in one go (the form always sends them all)."""
    goals = goals.strip()
    if not goals:
        raise MentorshipError(errors.GOALS_REQUIRED)
    if len(goals) > GOALS_MAX_LENGTH:
        raise MentorshipError(errors.MESSAGE_TOO_LONG)
    if budget_kind == MenteeProfile.Budget.PAID and not budget_max:
        raise MentorshipError(errors.BUDGET_MAX_REQUIRED)
    if budget_kind == MenteeProfile.Budget.FREE and budget_max is not None:
        raise MentorshipError(errors.BUDGET_MAX_FOR_FREE)
    if not set(languages) <= LANGUAGE_CODES:
        raise MentorshipError(errors.UNKNOWN_LANGUAGE)
    problem = questionnaire_problem(targets=targets, windows=windows)
    if problem:
        raise MentorshipError(problem)
    profile = MenteeProfile.objects.filter(user=user).first() or MenteeProfile(
        user=user
    )
    profile.goals = goals
    profile.preferred_format = preferred_format
    profile.frequency = frequency
    profile.time_zone = time_zone
    profile.budget_kind = budget_kind
    profile.budget_max = budget_max
    profile.currency = currency
    # Choices and the zone name are checked by the model's validators.
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.languages.all().delete()
    MenteeLanguage.objects.bulk_create(
        MenteeLanguage(profile=profile, language=code)
        for code in dict.fromkeys(languages)
    )
    profile.target_skills.all().delete()
    TargetSkill.objects.bulk_create(
        TargetSkill(
            profile=profile,
            skill=target.skill,
            current_level=target.current_level,
            target_level=target.target_level,
        )
        for target in targets
    )
    replace_windows(user, windows)
    return profile


# --- Emails ------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _email(kind: str, mentorship: Mentorship, *, to: User) -> None:
    page = ExpertPage.objects.filter(expert_id=mentorship.mentor_id).first()
    page_url = page.get_url() if page is not None and page.live else ""
    queue_email(
        template_prefix=f"mentorship/email/{kind}",
        to=to.email,
        context={
            "mentorship": mentorship,
            "mentor": mentorship.mentor,
            "mentee": mentorship.mentee,
            "site_url": settings.SITE_URL,
            "requests_url": _absolute(reverse("mentorship_admin_requests")),
            "dashboard_url": _absolute(reverse("dashboard") + "#mentorship"),
            # Page URLs are root-relative on a one-site install.
            "mentor_page_url": (
                _absolute(page_url) if page_url.startswith("/") else page_url
            ),
        },
    )


# --- Asking and answering ----------------------------------------------------


def _text(value: str, *, required: str | None = None) -> str:
    value = value.strip()
    if required and not value:
        raise MentorshipError(required)
    if len(value) > MESSAGE_MAX_LENGTH:
        raise MentorshipError(errors.MESSAGE_TOO_LONG)
    return value


def _lock_mentor_page(mentor_id: int) -> ExpertPage | None:
    return ExpertPage.objects.select_for_update().filter(expert_id=mentor_id).first()


def _lock(mentorship: Mentorship) -> Mentorship:
    # Only this row (`of`): the people joined in stay unlocked, so the page
    # lock above is the one that orders everything about a mentor's places.
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee")
        .get(pk=mentorship.pk)
    )


def _require_place_left(page: ExpertPage | None) -> None:
    """Asked with the mentor's page locked: is one of their places free?"""
    if page is None:
        raise MentorshipError(errors.NOT_A_MENTOR)
    if count_active_mentees(page.expert) >= page.mentee_capacity:
        raise MentorshipError(errors.MENTEES_FULL)


@transaction.atomic
def request_mentorship(
    *, mentor_page: ExpertPage, mentee: User, goals: str, message: str = ""
) -> Mentorship:
    # Lock the mentor's page: requests to one mentor are decided one at a
    # time, so two tabs cannot both pass the one-open-request check.
    page = ExpertPage.objects.select_for_update().get(pk=mentor_page.pk)
    refusal = get_mentorship_refusal(mentor_page=page, mentee=mentee)
    if refusal is not None:
        raise MentorshipError(refusal)
    mentorship = Mentorship.objects.create(
        mentor=page.expert,
        mentee=mentee,
        goals=_text(goals, required=errors.GOALS_EMPTY),
        request_message=_text(message),
    )
    _email("requested", mentorship, to=page.expert)
    return mentorship


@transaction.atomic
def accept_mentorship(
    *, mentorship: Mentorship, mentor: User, message: str = ""
) -> Mentorship:
    """The mentor says yes: a place is taken if one is left, re-counted
    under the lock on the mentor's page (two accepts at once cannot both
    take the last place)."""
    message = _text(message)
    if mentorship.mentor_id != mentor.pk:
        raise MentorshipError(errors.NOT_YOUR_REQUEST)
    page = _lock_mentor_page(mentor.pk)
    mentorship = _lock(mentorship)
    if mentorship.status != Status.REQUESTED:
        raise MentorshipError(errors.NOT_REQUESTED)
    _require_place_left(page)
    now = timezone.now()
    mentorship.status = Status.ACTIVE
    mentorship.reply_message = message
    mentorship.responded_at = mentorship.started_at = now
    mentorship.save(
        update_fields=[
            "status",
            "reply_message",
            "responded_at",
            "started_at",
            "updated_at",
        ]
    )
    _email("accepted", mentorship, to=mentorship.mentee)
    return mentorship


@transaction.atomic
def decline_mentorship(
    *, mentorship: Mentorship, mentor: User, message: str = ""
) -> Mentorship:
    message = _text(message)
    mentorship = _lock(mentorship)
    if mentorship.mentor_id != mentor.pk:
        raise MentorshipError(errors.NOT_YOUR_REQUEST)
    if mentorship.status != Status.REQUESTED:
        raise MentorshipError(errors.NOT_REQUESTED)
    mentorship.status = Status.DECLINED
    mentorship.reply_message = message
    mentorship.responded_at = timezone.now()
    mentorship.save(
        update_fields=["status", "reply_message", "responded_at", "updated_at"]
    )
    _email("declined", mentorship, to=mentorship.mentee)
    return mentorship


@transaction.atomic
def withdraw_mentorship(*, mentorship: Mentorship, mentee: User) -> Mentorship:
    """The mentee takes back a request nobody has answered yet."""
    mentorship = _lock(mentorship)
    if mentorship.mentee_id != mentee.pk:
        raise MentorshipError(errors.NOT_YOUR_MENTORSHIP)
    if mentorship.status != Status.REQUESTED:
        raise MentorshipError(errors.NOT_REQUESTED)
    mentorship.status = Status.CANCELLED
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["status", "ended_at", "updated_at"])
    return mentorship


# --- Once under way: either side may pause, resume, complete or cancel -------


def _change(
    mentorship: Mentorship,
    user: User,
    *,
    allowed: tuple[str, ...],
    refusal: str,
    status: str,
    takes_a_place: bool = False,
) -> Mentorship:
    if user.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        raise MentorshipError(errors.NOT_YOUR_MENTORSHIP)
    page = _lock_mentor_page(mentorship.mentor_id) if takes_a_place else None
    mentorship = _lock(mentorship)
    if mentorship.status not in allowed:
        raise MentorshipError(refusal)
    if takes_a_place:
        _require_place_left(page)
    mentorship.status = status
    fields = ["status", "updated_at"]
    if status in (Status.COMPLETED, Status.CANCELLED):
        mentorship.ended_at = timezone.now()
        fields.append("ended_at")
    mentorship.save(update_fields=fields)
    return mentorship


@transaction.atomic
def update_plan(
    *, mentorship: Mentorship, user: User, goals: str, notes: str
) -> Mentorship:
    """Either side rewrites the goals and the shared notes while the
    mentorship is under way (active or paused)."""
    if user.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        raise MentorshipError(errors.NOT_YOUR_MENTORSHIP)
    goals = _text(goals, required=errors.GOALS_EMPTY)
    notes = notes.strip()
    if len(notes) > SHARED_NOTES_MAX_LENGTH:
        raise MentorshipError(errors.NOTES_TOO_LONG)
    mentorship = _lock(mentorship)
    if mentorship.status not in (Status.ACTIVE, Status.PAUSED):
        raise MentorshipError(errors.PLAN_CLOSED)
    if (goals, notes) == (mentorship.goals, mentorship.shared_notes):
        return mentorship
    mentorship.goals = goals
    mentorship.shared_notes = notes
    mentorship.notes_updated_at = timezone.now()
    mentorship.notes_updated_by = user
    mentorship.save(
        update_fields=[
            "goals",
            "shared_notes",
            "notes_updated_at",
            "notes_updated_by",
            "updated_at",
        ]
    )
    return mentorship


@transaction.atomic
def pause_mentorship(*, mentorship: Mentorship, user: User) -> Mentorship:
    """A break; the mentee's place is free for someone else meanwhile.

    What both already agreed stays: confirmed 1:1s happen, and a paid one
    awaiting payment may still be paid (and is then confirmed). Nothing new
    is agreed while paused: no 1:1 can be proposed or accepted until the
    mentorship resumes, and a proposal nobody could answer lapses at its
    start (`lifecycle.cancel_lapsed_one_to_ones`)."""
    return _change(
        mentorship,
        user,
        allowed=(Status.ACTIVE,),
        refusal=errors.NOT_ACTIVE,
        status=Status.PAUSED,
    )


@transaction.atomic
def resume_mentorship(*, mentorship: Mentorship, user: User) -> Mentorship:
    """Back from a break, if the mentor still has a place."""
    return _change(
        mentorship,
        user,
        allowed=(Status.PAUSED,),
        refusal=errors.NOT_PAUSED,
        status=Status.ACTIVE,
        takes_a_place=True,
    )


def _end(mentorship: Mentorship, user: User, *, status: str, how: str) -> Mentorship:
    """Complete or cancel a mentorship under way; its upcoming 1:1s end with
    it in this transaction (`lifecycle.end_upcoming_one_to_ones`: paid ones
    refunded in full, whoever ends it) and both are emailed what was
    cancelled, except a deleted account's owner."""
    if user.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        raise MentorshipError(errors.NOT_YOUR_MENTORSHIP)
    # 1:1 writes, the payment webhook's among them, lock all of the mentor's
    # mentorships in pk order and then the 1:1: the same order here, so a
    # payment confirming a 1:1 meanwhile waits (and is then refunded) or
    # goes first (and its 1:1 is cancelled and refunded here).
    lock_mentorship(mentorship.pk)
    mentorship = _change(
        mentorship,
        user,
        allowed=(Status.ACTIVE, Status.PAUSED),
        refusal=errors.ALREADY_ENDED,
        status=status,
    )
    deleted = how == one_to_one_emails.ACCOUNT_DELETED
    tell = [mentorship.mentor, mentorship.mentee]
    end_upcoming_one_to_ones(
        mentorship=mentorship,
        by=user,
        how=how,
        tell=[person for person in tell if not (deleted and person.pk == user.pk)],
    )
    return mentorship


@transaction.atomic
def complete_mentorship(*, mentorship: Mentorship, user: User) -> Mentorship:
    """Both are then invited to review it (after commit)."""
    mentorship = _end(
        mentorship, user, status=Status.COMPLETED, how=one_to_one_emails.COMPLETED
    )
    send_review_invitations(mentorship)
    return mentorship


@transaction.atomic
def cancel_mentorship(*, mentorship: Mentorship, user: User) -> Mentorship:
    """Ending one under way early (a waiting request is withdrawn instead)."""
    return _end(
        mentorship, user, status=Status.CANCELLED, how=one_to_one_emails.CANCELLED
    )


@transaction.atomic
def end_mentorships_of_deleted_account(*, user: User) -> int:
    """The member is deleting their account: each mentorship of theirs under
    way is cancelled as if they cancelled it (upcoming 1:1s cancelled, paid
    ones refunded in full), and only the other person is emailed. Requests
    still waiting need nothing: they go with the account. Returns how many
    ended."""
    under_way = Mentorship.objects.filter(
        Q(mentor=user) | Q(mentee=user), status__in=(Status.ACTIVE, Status.PAUSED)
    ).order_by("mentor_id", "pk")
    for mentorship in under_way:
        _end(
            mentorship,
            user,
            status=Status.CANCELLED,
            how=one_to_one_emails.ACCOUNT_DELETED,
        )
    return len(under_way)
