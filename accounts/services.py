"""Writes for accounts, profiles and expert applications.

Each function is one transaction; emails go out once it commits.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import timezone

from accounts import deletion, errors
from accounts.errors import AccountsError
from accounts.models import (
    EXPERTS_GROUP_NAME,
    ExpertApplication,
    Intent,
    Profile,
    ProfileEntry,
    User,
)
from accounts.selectors import get_account_deletion_plan
from accounts.validators import username_is_taken
from core.emails import queue_email

logger = logging.getLogger(__name__)

PROFILE_FIELDS = (
    "headline",
    "bio",
    "intent",
    "photo",
    "linkedin_url",
    "github_url",
    "time_zone",
    *(f"{section}_visibility" for section in Profile.SECTIONS),
)
USER_FIELDS = ("name", "username")
ENTRY_FIELDS = (
    "title",
    "organisation",
    "url",
    "start_date",
    "end_date",
    "description",
)


@dataclass(frozen=True)
class EntryChange:
    """One validated row of the profile editor's entry formsets."""

    kind: str
    pk: int | None = None
    delete: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def create_profile(
    *,
    user: User,
    intent: str = Intent.LEARN,
    skills: Sequence[str] = (),
    interests: Sequence[str] = (),
) -> Profile:
    """The profile every member gets at signup (also social signup); calling it
    again for the same user returns the existing one."""
    profile, created = Profile.objects.get_or_create(
        user=user, defaults={"intent": intent}
    )
    if created:
        if skills:
            profile.skills.set(list(skills))
        if interests:
            profile.interests.set(list(interests))
    return profile


def ensure_profile(*, user: User) -> Profile:
    """Accounts made outside signup (createsuperuser, the admin) have none yet."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return create_profile(user=user)


@transaction.atomic
def update_profile(
    *,
    profile: Profile,
    user_fields: dict[str, Any],
    profile_fields: dict[str, Any],
    skills: Sequence[str],
    interests: Sequence[str],
    entries: Iterable[EntryChange] = (),
) -> Profile:
    """Save the whole profile editor at once: all of it or none of it."""
    user = User.objects.select_for_update().get(pk=profile.user_id)
    username = user_fields.get("username", user.username)
    if username.lower() != user.username.lower() and username_is_taken(
        username, exclude_pk=user.pk
    ):
        raise AccountsError(errors.USERNAME_TAKEN, field="username")
    for name in USER_FIELDS:
        if name in user_fields:
            setattr(user, name, user_fields[name])

    old_photo_name = profile.photo.name if profile.photo else ""
    for name in PROFILE_FIELDS:
        if name not in profile_fields:
            continue
        value = profile_fields[name]
        if name == "photo":
            # ClearableFileInput: False means "remove", None "leave as is".
            if value is False:
                value = ""
            elif value is None:
                continue
        setattr(profile, name, value)

    try:
        # A savepoint, so a username race surfaces as a form error instead of
        # a broken transaction.
        with transaction.atomic():
            user.save(update_fields=[*USER_FIELDS])
    except IntegrityError:
        raise AccountsError(errors.USERNAME_TAKEN, field="username") from None
    profile.full_clean(exclude=["user", "photo", "skills", "interests"])
    profile.save()
    profile.skills.set(list(skills))
    profile.interests.set(list(interests))
    _apply_entry_changes(profile=profile, entries=entries)

    new_photo_name = profile.photo.name if profile.photo else ""
    if old_photo_name and old_photo_name != new_photo_name:
        storage = profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo_name))
    profile.user = user
    return profile


def _apply_entry_changes(*, profile: Profile, entries: Iterable[EntryChange]) -> None:
    mine = ProfileEntry.objects.filter(profile=profile)
    for change in entries:
        if change.kind not in ProfileEntry.Kind.values:
            raise ValueError(f"Unknown entry kind {change.kind!r}")
        data = {k: v for k, v in change.data.items() if k in ENTRY_FIELDS}
        if change.pk is not None:
            # Filtering by profile keeps one member from editing another's rows.
            existing = mine.filter(pk=change.pk, kind=change.kind)
            if change.delete:
                existing.delete()
            else:
                existing.update(**data)
        elif not change.delete and data.get("title"):
            ProfileEntry.objects.create(profile=profile, kind=change.kind, **data)


@transaction.atomic
def apply_for_expert(
    *, user: User, motivation: str, skills: Sequence[str], links: str = ""
) -> ExpertApplication:
    # Ask the database, not `user.profile`: a cached profile may be stale.
    if Profile.objects.filter(user=user, is_expert=True).exists():
        raise AccountsError(errors.ALREADY_EXPERT)
    if ExpertApplication.objects.filter(
        user=user, status=ExpertApplication.Status.PENDING
    ).exists():
        raise AccountsError(errors.APPLICATION_ALREADY_OPEN)
    try:
        with transaction.atomic():
            application = ExpertApplication.objects.create(
                user=user, motivation=motivation, links=links
            )
    except IntegrityError:
        # Another request created one between our check and insert.
        raise AccountsError(errors.APPLICATION_ALREADY_OPEN) from None
    application.skills.set(list(skills))
    return application


def _lock_pending(application: ExpertApplication) -> ExpertApplication:
    locked = (
        ExpertApplication.objects.select_for_update()
        .select_related("user")
        .get(pk=application.pk)
    )
    if locked.status != ExpertApplication.Status.PENDING:
        raise AccountsError(errors.APPLICATION_NOT_PENDING)
    return locked


def _review(
    application: ExpertApplication, *, status: str, reviewer: User, note: str
) -> ExpertApplication:
    application.status = status
    application.reviewer = reviewer
    application.reviewer_note = note
    application.reviewed_at = timezone.now()
    application.save(
        update_fields=["status", "reviewer", "reviewer_note", "reviewed_at"]
    )
    return application


def _email_context(application: ExpertApplication) -> dict[str, Any]:
    return {
        "application": application,
        "user": application.user,
        "site_url": settings.SITE_URL,
        "dashboard_url": settings.SITE_URL + reverse("dashboard"),
        "status_url": settings.SITE_URL + reverse("expert_apply"),
    }


@transaction.atomic
def approve_expert_application(
    *, application: ExpertApplication, reviewer: User, note: str = ""
) -> ExpertApplication:
    application = _lock_pending(application)
    _review(
        application,
        status=ExpertApplication.Status.APPROVED,
        reviewer=reviewer,
        note=note,
    )
    ensure_profile(user=application.user)
    Profile.objects.filter(user=application.user).update(
        is_expert=True, updated_at=timezone.now()
    )
    group, _ = Group.objects.get_or_create(name=EXPERTS_GROUP_NAME)
    application.user.groups.add(group)
    queue_email(
        template_prefix="accounts/email/expert_approved",
        to=application.user.email,
        context=_email_context(application),
    )
    return application


@transaction.atomic
def reject_expert_application(
    *, application: ExpertApplication, reviewer: User, note: str = ""
) -> ExpertApplication:
    application = _lock_pending(application)
    _review(
        application,
        status=ExpertApplication.Status.REJECTED,
        reviewer=reviewer,
        note=note,
    )
    queue_email(
        template_prefix="accounts/email/expert_rejected",
        to=application.user.email,
        context=_email_context(application),
    )
    return application


@transaction.atomic
def delete_account(*, user: User, by: User | None) -> list[str]:
    """Delete `user`'s account: the one way every admin path takes.

    Refused while something stands in the way (sessions they host, their
    expert page, a live membership: see each app's deletion step). Otherwise
    each app lets go first (bookings cancelled and their seats offered to the
    waitlist, reviews and forum posts kept without their name; payments kept,
    detached) and the user row goes last. Returns what was done, for the
    admin. Deleting an account that is already gone does nothing.
    """
    user = User.objects.select_for_update().filter(pk=user.pk).first()
    if user is None:
        return []
    plan = get_account_deletion_plan(user)
    if plan.blockers:
        raise AccountsError(
            errors.ACCOUNT_NOT_DELETABLE
            % {"user": user, "reasons": " ".join(plan.blockers)}
        )
    for step in deletion.get_steps():
        step.release(user=user)
    user_id = user.pk
    try:
        user.delete()
    except (ProtectedError, RestrictedError) as error:
        # A reference no step knows about: refuse with its name, not a 500.
        blocking = getattr(error, "protected_objects", None) or getattr(
            error, "restricted_objects", ()
        )
        things = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
        raise AccountsError(
            errors.ACCOUNT_STILL_REFERENCED
            % {"user": user, "things": ", ".join(things)}
        ) from None
    logger.info("Account %s deleted by %s", user_id, getattr(by, "pk", None))
    return plan.effects


@transaction.atomic
def delete_own_account(*, user: User) -> list[str]:
    """A member deletes their own account (after confirming it): the same
    rules as the admin's deletion, then an email to the address the account
    had, saying what was done. Returns what was done."""
    user = User.objects.select_for_update().filter(pk=user.pk).first()
    if user is None:
        # A second click, or another tab, got there first: one email only.
        return []
    # Read before the row goes: afterwards nobody knows where to write.
    address, name = user.email, user.get_short_name() or user.username
    effects = delete_account(user=user, by=user)
    if address:
        queue_email(
            template_prefix="accounts/email/account_deleted",
            to=address,
            context={
                "name": name,
                "effects": [deletion.addressed_to_member(line) for line in effects],
                "site_url": settings.SITE_URL,
            },
        )
    return effects
