"""How many of an expert's forum answers were accepted, for their page.

The forum sits above experts in the import layers; it registers a counter
here from its AppConfig.ready(), as mentorship registers its mentee counter
with `experts.mentee_count`. Without one nobody has accepted answers.
"""

from collections.abc import Callable

from accounts.models import User

_counter: Callable[[User], int] | None = None


def register(counter: Callable[[User], int] | None) -> None:
    """Plug a counter in (None takes it out again, for tests)."""
    global _counter
    _counter = counter


def count_accepted_answers(expert: User) -> int:
    return _counter(expert) if _counter is not None else 0
