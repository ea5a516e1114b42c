"""What deleting an account does to the rest of the site.

A member's bookings, reviews, payments and pages live in apps above
accounts, which never imports them. Each of those apps registers an
`AccountDeletionStep` from its AppConfig.ready() (as they register what can
be bought in `payments.registry`), and `accounts.services.delete_account`
asks them all, so the Django admin, Wagtail's user admin and anything later
(a self-service "delete my account") follow one set of rules.
"""

import re
from typing import Protocol

from django.utils.translation import gettext as _


class AccountDeletionStep(Protocol):
    def blockers(self, *, user) -> list[str]:
        """Why the account cannot be deleted yet; each says what to do
        first. Empty when nothing here stands in the way."""

    def effects(self, *, user) -> list[str]:
        """What deleting the account does here, one short line each, read
        by the admin before and after ("2 upcoming bookings cancelled")."""

    def release(self, *, user) -> None:
        """Let go of the account; runs in the deletion's transaction just
        before the user row is deleted."""


_steps: list[AccountDeletionStep] = []


def register(step: AccountDeletionStep) -> None:
    if not any(type(known) is type(step) for known in _steps):
        _steps.append(step)


def get_steps() -> list[AccountDeletionStep]:
    return list(_steps)


def describe_deletion(user, effects: list[str]) -> str:
    """What deleting an account did, for the admin's message."""
    if not effects:
        return _("%(user)s deleted.") % {"user": user}
    return _("%(user)s deleted: %(effects)s.") % {
        "user": user,
        "effects": "; ".join(effects),
    }


_THIRD_PERSON = (
    (re.compile(r"\bThey\b"), "You"),
    (re.compile(r"\btheirs\b"), "yours"),
    (re.compile(r"\btheir (name|account)\b"), r"your \1"),
)


def addressed_to_member(line: str) -> str:
    """A blocker or effect, written for the admin ("They host …"), as the
    member deleting their own account reads it ("You host …")."""
    for pattern, replacement in _THIRD_PERSON:
        line = pattern.sub(replacement, line)
    return line
