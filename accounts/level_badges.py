"""The skill levels a member chose to show on their public profile.

Progress sits above accounts in the import layers; it registers a finder
here from its AppConfig.ready(), as the forum registers its accepted-answer
counter with `experts.forum_answers`. Without one nobody shows a level.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LevelBadge:
    skill: str
    level: int
    level_label: str
    # Who said so: "Self-rated", "Assessed" or "Expert-reviewed".
    source_label: str


Finder = Callable[[object], list[LevelBadge]]

_finder: Finder | None = None


def register(finder: Finder | None) -> None:
    """Plug a finder in (None takes it out again, for tests)."""
    global _finder
    _finder = finder


def list_level_badges(member) -> list[LevelBadge]:
    return _finder(member) if _finder is not None else []
