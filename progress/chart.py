"""The geometry of a skill's level history chart, drawn by a hand-written
SVG template (templates/progress/tracking/components/history_chart.html).

Time runs left to right, levels 1–5 bottom to top, one line per source.
Sources differ by marker shape and dash pattern as well as by colour, so
the chart reads without colour vision; the data table next to it carries
the same numbers for screen readers.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from progress.models import Level, LevelRecord

WIDTH = 640
HEIGHT = 300
# Room for "2 Advanced beginner" on the left and dates below; the first and
# last points sit PAD inside the plot, so their date labels fit under them.
LEFT, RIGHT, TOP, BOTTOM = 160, 24, 20, 48
PAD = 40
MARKER = 6
MAX_DATE_TICKS = 4

Source = LevelRecord.Source


@dataclass(frozen=True)
class Style:
    css_class: str
    colour: str
    dash: str  # SVG stroke-dasharray; "" for solid
    marker: str  # circle, square or triangle
    marker_label: str  # the shape in words, for the legend


# Colours ≥ 3:1 against white (WCAG 1.4.11), and never the only difference.
STYLES = {
    Source.SELF: Style("self", "#1967d2", "8 5", "circle", "circles, dashed line"),
    Source.ASSESSMENT: Style(
        "assessment", "#188038", "", "square", "squares, solid line"
    ),
    Source.EXPERT: Style(
        "expert", "#8a4b00", "2 4", "triangle", "triangles, dotted line"
    ),
}


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    level: int
    level_label: str
    when: datetime
    marker_path: str

    @property
    def date_text(self) -> str:
        return date_format(timezone.localtime(self.when), "j M Y")


@dataclass
class Series:
    source: str
    label: str
    style: Style
    points: list[Point] = field(default_factory=list)

    @property
    def line(self) -> str:
        """The SVG polyline `points` attribute."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def summary(self) -> str:
        first, last = self.points[0], self.points[-1]
        if len(self.points) == 1:
            return f"{self.label}: {first.level_label} on {first.date_text}."
        return (
            f"{self.label}: {len(self.points)} levels, from {first.level_label} "
            f"on {first.date_text} to {last.level_label} on {last.date_text}."
        )


@dataclass(frozen=True)
class Tick:
    position: float
    text: str
    value: str = ""


@dataclass
class Chart:
    series: list[Series]
    level_ticks: list[Tick]
    date_ticks: list[Tick]
    goal_y: float | None = None
    goal_text: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def goal_label_y(self) -> float | None:
        return None if self.goal_y is None else round(self.goal_y - 6, 1)

    @property
    def description(self) -> str:
        parts = [s.summary for s in self.series]
        if self.goal_text:
            parts.append(self.goal_text + ".")
        return " ".join(parts)


def level_y(level: float) -> float:
    """Level 1 at the bottom of the plot, 5 at the top."""
    span = HEIGHT - BOTTOM - TOP
    return round(TOP + span * (Level.EXPERT - level) / (Level.EXPERT - Level.NOVICE), 1)


def marker_path(shape: str, x: float, y: float) -> str:
    m = MARKER
    if shape == "square":
        m -= 1
        return f"M{x - m:.1f},{y - m:.1f}h{2 * m}v{2 * m}h{-2 * m}Z"
    if shape == "triangle":
        return f"M{x:.1f},{y - m - 1:.1f}L{x + m:.1f},{y + m - 1:.1f}H{x - m:.1f}Z"
    # A circle as two arcs, so every marker is one <path>.
    return f"M{x - m:.1f},{y:.1f}a{m},{m} 0 1,0 {2 * m},0a{m},{m} 0 1,0 {-2 * m},0Z"


def _time_scale(start: datetime, end: datetime):
    if end <= start:
        # One moment: put it in the middle.
        return lambda when: (LEFT + WIDTH - RIGHT) / 2
    span = (end - start).total_seconds()
    width = WIDTH - RIGHT - LEFT - 2 * PAD

    def x(when: datetime) -> float:
        return round(LEFT + PAD + width * (when - start).total_seconds() / span, 1)

    return x


def _date_ticks(start: datetime, end: datetime, x) -> list[Tick]:
    first, last = timezone.localtime(start), timezone.localtime(end)
    days = (last.date() - first.date()).days
    count = min(MAX_DATE_TICKS, days + 1)
    ticks: list[Tick] = []
    seen: set[date] = set()
    for n in range(count):
        when = first + (last - first) * (n / (count - 1) if count > 1 else 0)
        if when.date() in seen:
            continue
        seen.add(when.date())
        ticks.append(
            Tick(
                position=x(when),
                text=date_format(when, "j M Y"),
                value=when.date().isoformat(),
            )
        )
    return ticks


def build_chart(records: list[LevelRecord], goal=None) -> Chart | None:
    """The chart for `records` (oldest first), with the open goal's level
    as a line; None with no records."""
    if not records:
        return None
    start, end = records[0].recorded_at, records[-1].recorded_at
    if goal is not None:
        # Draw up to now, so a goal's line spans the time gone by.
        end = max(end, timezone.now() - timedelta(seconds=1))
    x = _time_scale(start, end)
    by_source: dict[str, Series] = {}
    for source in (Source.SELF, Source.ASSESSMENT, Source.EXPERT):
        by_source[source] = Series(
            source=source, label=str(Source(source).label), style=STYLES[source]
        )
    for record in records:
        px, py = x(record.recorded_at), level_y(record.level)
        series = by_source[record.source]
        series.points.append(
            Point(
                x=px,
                y=py,
                level=record.level,
                level_label=f"{record.get_level_display()} ({record.level})",
                when=record.recorded_at,
                marker_path=marker_path(series.style.marker, px, py),
            )
        )
    chart = Chart(
        series=[s for s in by_source.values() if s.points],
        level_ticks=[
            Tick(position=level_y(level), text=f"{level} {Level(level).label}")
            for level in Level.values
        ],
        date_ticks=_date_ticks(start, end, x),
    )
    if goal is not None:
        chart.goal_y = level_y(goal.target_level)
        chart.goal_text = (
            f"Goal: {goal.get_target_level_display()} ({goal.target_level}) "
            f"by {date_format(goal.target_date, 'j M Y')}"
        )
    return chart
