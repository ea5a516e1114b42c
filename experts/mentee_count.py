"""How many mentees an expert has now, for the places left on their page,
in the directory and in their workspace.

Mentorships are kept by the mentorship app, which sits above experts in the
import layers; it registers a counter here from its AppConfig.ready(), as
sessions and content plug their purchasables into `payments.registry`.
Without one (the app not installed) nobody has mentees.
"""

from typing import Protocol

from django.db.models import Expression, IntegerField, OuterRef, Value

from accounts.models import User


class MenteeCounter(Protocol):
    def count(self, mentor: User) -> int:
        """Mentorships taking one of `mentor`'s places right now."""

    def subquery(self, mentor_id: OuterRef) -> Expression:
        """The same number for the user `mentor_id` points at, as an
        expression an ExpertPage queryset can annotate."""


_counter: MenteeCounter | None = None


def register(counter: MenteeCounter) -> None:
    global _counter
    _counter = counter


def count_active_mentees(mentor: User) -> int:
    return _counter.count(mentor) if _counter is not None else 0


def active_mentees_expression(mentor_id: OuterRef) -> Expression:
    if _counter is None:
        return Value(0, output_field=IntegerField())
    return _counter.subquery(mentor_id)
