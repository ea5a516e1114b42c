"""What the page of one mentorship shows its mentor or mentee: who the
other person is, what is waiting (unread messages, the next 1:1) and which
changes the services would accept from this member now."""

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from experts.models import ExpertPage
from mentorship.models import Mentorship, Message, OneToOne
from mentorship.one_to_one_selectors import OneToOneRow, one_to_one_row

Status = Mentorship.Status

# The changes either side may make, by status (services._change's rules).
CHANGES_BY_STATUS = {
    Status.ACTIVE: ("pause", "complete", "cancel"),
    Status.PAUSED: ("resume", "complete", "cancel"),
}


@dataclass(frozen=True)
class MentorshipOverview:
    mentorship: Mentorship
    other: User
    is_mentor: bool
    # The mentor's public page when it is live: the page links to it.
    mentor_page: ExpertPage | None
    unread_count: int
    next_one_to_one: OneToOneRow | None
    upcoming_count: int
    changes: tuple[str, ...]


def _live_mentor_page(mentor: User) -> ExpertPage | None:
    page = getattr(mentor, "expert_page", None)
    return page if page is not None and page.live else None


def get_overview(mentorship: Mentorship, user: User) -> MentorshipOverview:
    """`mentorship` comes from `get_own_mentorship_or_404`, so `user` is
    in it."""
    now = timezone.now()
    is_mentor = user.pk == mentorship.mentor_id
    upcoming = list(
        mentorship.one_to_ones.filter(
            status__in=OneToOne.UPCOMING_STATUSES, starts_at__gt=now
        )
        .select_related("proposed_by")
        .order_by("starts_at", "pk")
    )
    next_row = None
    if upcoming:
        upcoming[0].mentorship = mentorship
        next_row = one_to_one_row(upcoming[0], user, now)
    return MentorshipOverview(
        mentorship=mentorship,
        other=mentorship.mentee if is_mentor else mentorship.mentor,
        is_mentor=is_mentor,
        mentor_page=_live_mentor_page(mentorship.mentor),
        unread_count=Message.objects.filter(
            mentorship=mentorship, recipient=user, read_at__isnull=True
        ).count(),
        next_one_to_one=next_row,
        upcoming_count=len(upcoming),
        changes=CHANGES_BY_STATUS.get(mentorship.status, ()),
    )
