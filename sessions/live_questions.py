"""The forum question a session answers live ("Answer it live"), for the
session's page.

The forum sits above sessions in the import layers; it registers a finder
here from its AppConfig.ready(), as it registers its accepted-answer counter
with `experts.forum_answers`. Without one no session answers a question.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LiveQuestion:
    title: str
    url: str
    is_answered: bool


Finder = Callable[[object], LiveQuestion | None]

_finder: Finder | None = None


def register(finder: Finder | None) -> None:
    """Plug a finder in (None takes it out again, for tests)."""
    global _finder
    _finder = finder


def get_live_question(session) -> LiveQuestion | None:
    return _finder(session) if _finder is not None else None
