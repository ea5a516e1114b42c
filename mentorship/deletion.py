"""What deleting a member's account does to their mentorships; registered
with `accounts.deletion` from MentorshipConfig.ready()."""

from django.db.models import Q
from django.utils.translation import ngettext

from mentorship.lifecycle import upcoming_one_to_ones
from mentorship.models import Mentorship, MentorshipReview, OneToOne
from mentorship.reviews import detach_mentee_reviews_by
from mentorship.services import end_mentorships_of_deleted_account
from payments.models import Kind, Payment

CONFIRMED = OneToOne.Status.CONFIRMED


def _counted(singular: str, plural: str, count: int) -> str:
    return ngettext(singular, plural, count) % {"count": count}


def _mentorships(user):
    return Mentorship.objects.filter(Q(mentee=user) | Q(mentor=user))


def _under_way(user):
    return _mentorships(user).filter(
        status__in=(Mentorship.Status.ACTIVE, Mentorship.Status.PAUSED)
    )


class MentorshipAccountDeletion:
    """A member's mentorships under way end first, as if they cancelled
    them, mentor or mentee alike (`services.end_mentorships_of_deleted_account`):
    upcoming 1:1s are cancelled, paid ones refunded in full, and the other
    person is emailed. Their reviews of mentors are kept without their name
    and still counted in the mentors' ratings
    (`reviews.detach_mentee_reviews_by`). Then mentorships, their 1:1s,
    messages and the mentors' feedback for the member, the questionnaire and
    availability go by CASCADE; payments for 1:1s stay (they name the 1:1 by
    id, and payments keeps them for the accounts).

    Nothing here blocks: every effect is undone by a refund. A mentee's
    Checkout still open is the payments step's blocker."""

    def blockers(self, *, user) -> list[str]:
        return []

    def effects(self, *, user) -> list[str]:
        effects = []
        under_way = _under_way(user).count()
        if under_way:
            effects.append(
                _counted(
                    "%(count)d mentorship under way ended and the other person emailed",
                    "%(count)d mentorships under way ended and the other people "
                    "emailed",
                    under_way,
                )
            )
        upcoming = list(
            upcoming_one_to_ones(_under_way(user)).values_list("pk", "status")
        )
        if upcoming:
            effects.append(
                _counted(
                    "%(count)d upcoming 1:1 session cancelled",
                    "%(count)d upcoming 1:1 sessions cancelled",
                    len(upcoming),
                )
            )
        confirmed = [pk for pk, status in upcoming if status == CONFIRMED]
        refunded = Payment.objects.filter(
            kind=Kind.MENTORSHIP, object_id__in=confirmed, status__in=Payment.REFUNDABLE
        ).count()
        if refunded:
            effects.append(
                _counted(
                    "%(count)d paid 1:1 session refunded in full",
                    "%(count)d paid 1:1 sessions refunded in full",
                    refunded,
                )
            )
        reviews = MentorshipReview.objects.filter(
            author=user, role=MentorshipReview.Role.MENTEE
        ).count()
        if reviews:
            effects.append(
                _counted(
                    "%(count)d review of a mentor kept without their name, still "
                    "counted in the mentor's rating",
                    "%(count)d reviews of mentors kept without their name, still "
                    "counted in the mentors' ratings",
                    reviews,
                )
            )
        removed = _mentorships(user).count()
        if removed:
            effects.append(
                _counted(
                    "%(count)d mentorship removed",
                    "%(count)d mentorships removed",
                    removed,
                )
            )
        return effects

    def release(self, *, user) -> None:
        end_mentorships_of_deleted_account(user=user)
        detach_mentee_reviews_by(author=user)
