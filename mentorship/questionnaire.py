"""The questionnaire's rules, asked by its forms (to tie each problem to its
field) and by `save_questionnaire` (which refuses what the forms would)."""

from dataclasses import dataclass
from datetime import time

from core.models import Skill
from mentorship import errors

MAX_TARGET_SKILLS = 10
MAX_WINDOWS = 21  # three a day
LEVELS = range(1, 6)


@dataclass(frozen=True)
class SkillTarget:
    skill: Skill
    current_level: int
    target_level: int


@dataclass(frozen=True)
class Window:
    weekday: int
    starts_at: time
    ends_at: time


def target_problem(target: SkillTarget) -> str | None:
    if target.current_level not in LEVELS or target.target_level not in LEVELS:
        return errors.LEVEL_OUT_OF_RANGE
    if target.target_level <= target.current_level:
        return errors.TARGET_NOT_ABOVE_CURRENT
    return None


def window_problem(window: Window) -> str | None:
    if window.weekday not in range(7):
        return errors.WEEKDAY_OUT_OF_RANGE
    if window.ends_at <= window.starts_at:
        return errors.WINDOW_ENDS_BEFORE_START
    return None


def repeated_skills(targets: list[SkillTarget]) -> list[int]:
    """Indexes of targets naming a skill an earlier one already named."""
    seen: set[int] = set()
    repeats = []
    for index, target in enumerate(targets):
        if target.skill.pk in seen:
            repeats.append(index)
        seen.add(target.skill.pk)
    return repeats


def overlapping_windows(windows: list[Window]) -> list[int]:
    """Indexes of windows overlapping an earlier one on the same day
    (touching ends, 9–10 and 10–11, do not overlap)."""
    overlaps = []
    for index, window in enumerate(windows):
        if any(
            other.weekday == window.weekday
            and other.starts_at < window.ends_at
            and window.starts_at < other.ends_at
            for other in windows[:index]
        ):
            overlaps.append(index)
    return overlaps


def questionnaire_problem(
    *, targets: list[SkillTarget], windows: list[Window]
) -> str | None:
    """The first rule the lists break, or None."""
    if len(targets) > MAX_TARGET_SKILLS:
        return errors.TOO_MANY_SKILLS % {"max": MAX_TARGET_SKILLS}
    if len(windows) > MAX_WINDOWS:
        return errors.TOO_MANY_WINDOWS % {"max": MAX_WINDOWS}
    for problem in map(target_problem, targets):
        if problem:
            return problem
    for problem in map(window_problem, windows):
        if problem:
            return problem
    if repeated_skills(targets):
        return errors.SKILL_TWICE
    if overlapping_windows(windows):
        return errors.WINDOWS_OVERLAP
    return None
