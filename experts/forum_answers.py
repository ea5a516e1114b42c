"""How many of an expert's forum answers were accepted, for their page.

The forum sits above experts in the import layers; it registers a source
here from its AppConfig.ready(), as mentorship registers its mentee counter
with `experts.mentee_count`. Without one nobody has accepted answers.

The source gives an expression, not a number: the expert page reads it in
the same query as the page itself.
"""

from collections.abc import Callable

from django.db.models import Expression, IntegerField, OuterRef, Value

_source: Callable[[OuterRef], Expression] | None = None


def register(source: Callable[[OuterRef], Expression] | None) -> None:
    """Plug in a function giving, for the user `user_id` points at, their
    accepted answers as an expression (0 without any); None takes it out
    again, for tests."""
    global _source
    _source = source


def accepted_answers_expression(user_id: OuterRef) -> Expression:
    if _source is None:
        return Value(0, output_field=IntegerField())
    return _source(user_id)
