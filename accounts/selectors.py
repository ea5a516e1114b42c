"""Reads other parts of the site reuse: verification, 2FA, profiles, roles."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Prefetch, QuerySet

from accounts import deletion
from accounts.models import ExpertApplication, Profile, ProfileEntry, User
from core.models import Skill


def has_verified_email(user) -> bool:
    """Whether `user` has confirmed an email address; booking, posting and
    paying ask this before letting anyone act."""
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def has_totp(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


def is_expert(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    # The profile row, not an EXISTS: the header's 2FA prompt asks this on
    # every page a member sees, and the page has often read it already
    # (time zones), so user.profile costs nothing then.
    try:
        return user.profile.is_expert
    except Profile.DoesNotExist:
        return False


def should_prompt_for_mfa(user) -> bool:
    """Staff and experts hold other people's data; nudge them to use 2FA."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not (user.is_staff or user.is_superuser or is_expert(user)):
        return False
    return not has_totp(user)


def _profile_queryset() -> QuerySet[Profile]:
    return Profile.objects.select_related("user").prefetch_related(
        "skills",
        "interests",
        Prefetch(
            "entries",
            queryset=ProfileEntry.objects.order_by(*ProfileEntry._meta.ordering),
        ),
    )


def get_profile_by_username(username: str) -> Profile | None:
    """The active member's profile, whatever the case of `username`."""
    return (
        _profile_queryset()
        .filter(user__username__iexact=username, user__is_active=True)
        .first()
    )


def get_profile_for_user(user: User) -> Profile | None:
    return _profile_queryset().filter(user=user).first()


def get_visible_sections(*, profile: Profile, viewer) -> dict[str, bool]:
    return {section: profile.can_view(section, viewer) for section in Profile.SECTIONS}


def get_entries_by_kind(profile: Profile) -> dict[str, list[ProfileEntry]]:
    grouped: dict[str, list[ProfileEntry]] = {kind: [] for kind in ProfileEntry.Kind}
    for entry in profile.entries.all():
        grouped[entry.kind].append(entry)
    return grouped


def get_latest_expert_application(user: User) -> ExpertApplication | None:
    return (
        ExpertApplication.objects.filter(user=user)
        .select_related("reviewer")
        .order_by("-created_at", "-pk")
        .first()
    )


def list_expert_applications() -> QuerySet[ExpertApplication]:
    return ExpertApplication.objects.select_related("user", "reviewer")


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]


def get_profile_completeness(profile: Profile) -> Completeness:
    """What a member has filled in, as a percentage and a to-do list."""
    skills = list(profile.skills.all())
    interests = list(profile.interests.all())
    checks = {
        "a headline": bool(profile.headline),
        "a few sentences about you": bool(profile.bio),
        "a profile picture": bool(profile.photo),
        "your skills": bool(skills),
        "what you want to learn": bool(interests),
        "experience, certifications or projects": bool(profile.entries.all()),
        "a LinkedIn or GitHub link": bool(profile.linkedin_url or profile.github_url),
    }
    done = sum(checks.values())
    return Completeness(
        percent=round(100 * done / len(checks)),
        missing=[label for label, ok in checks.items() if not ok],
    )


@dataclass(frozen=True)
class AccountDeletionPlan:
    """What stands in the way of deleting an account, and what deleting it
    does; the admin's confirmation pages show both."""

    blockers: list[str]
    effects: list[str]


def get_account_deletion_plan(user: User) -> AccountDeletionPlan:
    steps = deletion.get_steps()
    return AccountDeletionPlan(
        blockers=[reason for step in steps for reason in step.blockers(user=user)],
        effects=[effect for step in steps for effect in step.effects(user=user)],
    )


def list_skill_names(limit: int = 1000) -> list[str]:
    """The skill vocabulary, for suggestions while a member types."""
    return list(Skill.objects.order_by("name").values_list("name", flat=True)[:limit])
