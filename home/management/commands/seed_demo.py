"""Fill the site with realistic demo content; safe to run again.

Every step looks things up by a stable key (username, slug) and creates only
what is missing, so a second run changes nothing and what an editor changed
stays. Each feature adds its own step here, so the demo shows every feature.
"""

import logging
from datetime import date

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rich.console import Console
from rich.progress import Progress

from accounts.models import ExpertApplication, ProfileEntry, User
from accounts.services import (
    EntryChange,
    apply_for_expert,
    approve_expert_application,
    ensure_profile,
    reject_expert_application,
    update_profile,
)
from experts.models import ExpertPage
from forum.models import Thread
from home.demo import (
    content,
    experts,
    forum,
    mentoring,
    pages,
    payments,
    sessions,
)
from home.demo import marketing as marketing_demo
from home.demo import progress as progress_demo
from home.demo.people import ADMIN, DEMO_PASSWORD, PEOPLE
from mentorship.models import MenteeProfile, Mentorship, Message, OneToOne
from payments.models import Payment
from progress.models import AssessmentPage, LevelRecord
from sessions.models import Booking, SessionPage


def _account(*, username: str, email: str, name: str, **flags) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": email, "name": name, **flags}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    # allauth lets nobody in before the address is verified.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    ensure_profile(user=user)
    return user


def seed_admin() -> User:
    return _account(
        username=ADMIN["username"],
        email=ADMIN["email"],
        name=f"{ADMIN['first_name']} {ADMIN['last_name']}",
        is_staff=True,
        is_superuser=True,
    )


def seed_person(person: dict, *, reviewer: User) -> None:
    user = _account(
        username=person["username"],
        email=f"{person['username']}@masteryhub.example",
        name=f"{person['first_name']} {person['last_name']}",
    )
    profile = user.profile
    if not profile.headline:
        _fill_profile(profile, person)
    _seed_application(user, person, reviewer=reviewer)


def _fill_profile(profile, person: dict) -> None:
    entries = [
        EntryChange(
            kind=kind,
            data={
                "title": title,
                "organisation": organisation,
                "start_date": date.fromisoformat(started),
                "url": url,
            },
        )
        for kind, title, organisation, started, url in person["entries"]
    ]
    update_profile(
        profile=profile,
        user_fields={},
        profile_fields={
            "headline": person["headline"],
            "bio": person["bio"],
            "intent": person["intent"],
            "time_zone": person["time_zone"],
            "linkedin_url": person["linkedin_url"],
            "github_url": person["github_url"],
            # Show that sections can be kept from the public.
            "experience_visibility": "members",
        },
        skills=person["skills"],
        interests=person["interests"],
        entries=entries,
    )


def _seed_application(user: User, person: dict, *, reviewer: User) -> None:
    outcome = "approved" if person["expert"] else person.get("application")
    if not outcome or user.expert_applications.exists():
        return
    application = apply_for_expert(
        user=user,
        motivation=(
            f"I have spent years on {', '.join(person['skills'][:2])} and would "
            "like to run workshops and mentor people earlier in their careers."
        ),
        skills=person["skills"][:3],
        links=person["linkedin_url"] or person["github_url"],
    )
    if outcome == ExpertApplication.Status.APPROVED:
        approve_expert_application(
            application=application, reviewer=reviewer, note="Welcome aboard!"
        )
    elif outcome == ExpertApplication.Status.REJECTED:
        reject_expert_application(
            application=application,
            reviewer=reviewer,
            note="Please apply again once you have run a session or two elsewhere.",
        )


class Command(BaseCommand):
    help = (
        "Create or update the demo content: people, profiles, pages, sessions, "
        "their payments, expert pages, mentors, mentees, mentorships with their "
        "messages and 1:1 sessions, forum categories and questions, assessments "
        "and members' progress."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (the demo accounts share a password).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password; "
                "run it with DEBUG on, or pass --force."
            )
        # Wagtail logs every page save and the ledger every refund the demo
        # makes; the progress bar and the summary say enough.
        for name in ("wagtail", "payments"):
            logging.getLogger(name).setLevel(logging.WARNING)
        console = Console(soft_wrap=True)
        # One transaction: SQLite would otherwise sync to disk after each of
        # a few hundred writes, and a failed run leaves nothing half-seeded.
        with (
            Progress(console=console, transient=False) as progress,
            transaction.atomic(),
        ):
            total = 10 + len(PEOPLE)
            bar = progress.add_task("Seeding demo content", total=total)
            admin = seed_admin()
            progress.advance(bar)
            for person in PEOPLE:
                seed_person(person, reviewer=admin)
                progress.advance(bar)
            pages.seed_pages()
            progress.advance(bar)
            sessions.seed_sessions()
            progress.advance(bar)
            payments.seed_payments()
            progress.advance(bar)
            experts.seed_experts(reviewer=admin)
            progress.advance(bar)
            mentoring.seed_mentoring(reviewer=admin)
            progress.advance(bar)
            content.seed_content()
            progress.advance(bar)
            forum.seed_forum()
            progress.advance(bar)
            progress_demo.seed_progress()
            progress.advance(bar)
            marketing_demo.seed_marketing(author=admin)
            progress.advance(bar)

        # Publishing in the seed's transaction queued the share cards for a
        # worker; draw them now so the demo's links share well at once.
        call_command("generate_share_cards", verbosity=0)
        console.print(
            f"[green]Demo ready:[/green] {User.objects.count()} people, "
            f"{ProfileEntry.objects.count()} profile entries, "
            f"{ExpertPage.objects.live().count()} expert pages, "
            f"{SessionPage.objects.count()} sessions, "
            f"{Booking.objects.count()} bookings, "
            f"{Payment.objects.count()} payments, "
            f"{Mentorship.objects.count()} mentorships, "
            f"{MenteeProfile.objects.count()} mentee questionnaires, "
            f"{Message.objects.count()} messages, "
            f"{OneToOne.objects.count()} 1:1 sessions, "
            f"{Thread.objects.count()} forum threads, "
            f"{AssessmentPage.objects.live().count()} assessments, "
            f"{LevelRecord.objects.count()} level records."
        )
        console.print(
            f"Admin login:  [bold]{ADMIN['email']}[/bold] / "
            f"[bold]{DEMO_PASSWORD}[/bold]  at {settings.SITE_URL}/admin/"
        )
        expert_names = [person["username"] for person in PEOPLE if person["expert"]]
        learner = next(p["username"] for p in PEOPLE if p["intent"] == "learn")
        console.print(
            f"Expert login: [bold]{expert_names[0]}@masteryhub.example[/bold] / "
            f"[bold]{DEMO_PASSWORD}[/bold]  at {settings.SITE_URL}/admin/ "
            f"(also {', '.join(expert_names[1:])})"
        )
        console.print(
            f"Member login: [bold]{learner}@masteryhub.example[/bold] / "
            f"[bold]{DEMO_PASSWORD}[/bold]  at {settings.SITE_URL}/dashboard/ "
            "(every demo person has this password)"
        )
