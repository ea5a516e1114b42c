"""Everything the site holds about a member, as JSON they can download.

Like `accounts.deletion`: a member's bookings, posts, progress and payments
live in apps above accounts, which never imports them. Each of those apps
registers a `DataExportSection` from its AppConfig.ready(), and
`export_account_data` asks them all. A section holds the member's own
records; of other people only what the member already sees of them (a
username, never an email address).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import EmailPreference, Profile, ProfileEntry, User

FORMAT_VERSION = 1


class DataExportSection(Protocol):
    # The key of the section in the download: "sessions", "forum".
    name: str

    def export(self, *, user) -> dict | list:
        """The member's records here, JSON-able: times through `iso`, money
        through `money`, other people through `username`."""


_sections: list[DataExportSection] = []


def register(section: DataExportSection) -> None:
    if not any(known.name == section.name for known in _sections):
        _sections.append(section)


def get_sections() -> list[DataExportSection]:
    return list(_sections)


# --- Helpers the sections share ------------------------------------------------


def iso(value: datetime | date | None) -> str | None:
    """A time as ISO 8601 in UTC ("2026-12-06T13:27:28Z"); a date as is."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if timezone.is_aware(value) else value
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def money(value: Decimal | None) -> str | None:
    """Amounts as strings: a float would turn 9.10 into 9.1 or worse."""
    return None if value is None else str(value)


def username(user) -> str | None:
    """How another member appears in an export: their public handle only."""
    return None if user is None else user.username


def absolute_url(path: str | None) -> str | None:
    if not path:
        return None
    return path if "://" in path else settings.SITE_URL + path


def names(tags: Iterable) -> list[str]:
    return sorted(tag.name for tag in tags)


# --- The accounts section ---------------------------------------------------------


def _entry(entry: ProfileEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "title": entry.title,
        "organisation": entry.organisation,
        "url": entry.url,
        "start_date": iso(entry.start_date),
        "end_date": iso(entry.end_date),
        "description": entry.description,
    }


def _profile(profile: Profile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {
        "headline": profile.headline,
        "bio": profile.bio,
        "intent": profile.intent,
        "time_zone": profile.time_zone,
        "is_expert": profile.is_expert,
        "photo_url": absolute_url(profile.photo.url) if profile.photo else None,
        "linkedin_url": profile.linkedin_url,
        "github_url": profile.github_url,
        "skills": names(profile.skills.all()),
        "interests": names(profile.interests.all()),
        "visibility": {
            section: profile.visibility_of(section) for section in Profile.SECTIONS
        },
        "entries": [_entry(entry) for entry in profile.entries.all()],
        "created_at": iso(profile.created_at),
        "updated_at": iso(profile.updated_at),
    }


class AccountsDataExport:
    """The account itself, the profile, expert applications and the email
    preferences, which are the record of what the member consented to."""

    name = "account"

    def export(self, *, user) -> dict:
        profile = (
            Profile.objects.filter(user=user)
            .prefetch_related(
                "skills",
                "interests",
                Prefetch(
                    "entries",
                    queryset=ProfileEntry.objects.order_by(
                        *ProfileEntry._meta.ordering
                    ),
                ),
            )
            .first()
        )
        preferences = EmailPreference.objects.filter(user=user).order_by("kind")
        applications = user.expert_applications.prefetch_related("skills").order_by(
            "created_at", "pk"
        )
        return {
            "user": {
                "email": user.email,
                "username": user.username,
                "name": user.get_full_name(),
                "date_joined": iso(user.date_joined),
                "last_login": iso(user.last_login),
            },
            "profile": _profile(profile),
            "email_preferences": [
                {
                    "kind": preference.kind,
                    "enabled": preference.enabled,
                    "source": preference.source,
                    "changed_at": iso(preference.changed_at),
                }
                for preference in preferences
            ],
            "expert_applications": [
                {
                    "status": application.status,
                    "motivation": application.motivation,
                    "skills": names(application.skills.all()),
                    "links": application.link_list,
                    "applied_at": iso(application.created_at),
                    "reviewed_at": iso(application.reviewed_at),
                    "note_to_you": application.reviewer_note,
                }
                for application in applications
            ],
        }


def export_account_data(user: User) -> dict[str, Any]:
    """The whole download: when, from where, and each app's section."""
    sections = [AccountsDataExport(), *get_sections()]
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": iso(timezone.now()),
        "site": settings.SITE_URL,
        "sections": {section.name: section.export(user=user) for section in sections},
    }
