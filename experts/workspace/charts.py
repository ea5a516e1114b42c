"""Server-rendered SVG charts for the insights page.

Each chart is geometry computed here and drawn by a hand-written template
(`templates/experts/admin/charts/`), with its numbers as a `Table` the
template puts right below it: a screen reader or keyboard user gets the same
figures as someone looking at the bars. Colours are the design's AA shades
on a white card, so the charts read the same in Wagtail's dark theme.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from experts.workspace.insights import MonthRevenue, WeekBookings

BLUE = "#1967D2"
GREEN = "#188038"
TEXT = "#333333"
GRID = "#8C8C8C"


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[str]  # the first names the row headers
    rows: list[list[str]]  # each row: its header, then one cell per column


@dataclass(frozen=True)
class Tick:
    value: str
    position: float


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as printed on the chart
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    colour: str
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    table: Table
    # Where the value axis starts and ends (the plot's edges).
    axis: dict = field(default_factory=dict)


def format_money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


def nice_ticks(largest: float, count: int = 4) -> list[float]:
    """0 and `count` evenly spaced round values (1, 2 or 5 × 10ⁿ) that reach
    at least `largest`."""
    if largest <= 0:
        return [float(n) for n in range(count + 1)]
    raw = largest / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if step < 1 and largest >= 1:
        step = 1
    return [step * n for n in range(count + 1)]


def _tick_text(value: float, money: bool) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}" if money else f"{value:g}"


def column_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    points: list[tuple[str, float, str]],
    colour: str,
    table: Table,
    money: bool = False,
) -> Chart:
    """Vertical bars: `points` are (label under the bar, value, value text)."""
    width, height = 640, 260
    left, right, top, bottom = 56, 8, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = nice_ticks(max((point[1] for point in points), default=0))
    ceiling = ticks[-1]
    slot = plot_w / max(len(points), 1)
    bar_w = slot * 0.6
    bars = []
    for index, (label, value, text) in enumerate(points):
        bar_h = plot_h * value / ceiling
        x = left + index * slot + (slot - bar_w) / 2
        y = top + plot_h - bar_h
        bars.append(
            Bar(
                label=label,
                text=text,
                x=round(x, 1),
                y=round(y, 1),
                width=round(bar_w, 1),
                height=round(bar_h, 1),
                label_x=round(x + bar_w / 2, 1),
                label_y=height - bottom + 16,
                text_x=round(x + bar_w / 2, 1),
                text_y=round(y - 6, 1),
            )
        )
    return Chart(
        id=chart_id,
        title=title,
        summary=summary,
        colour=colour,
        width=width,
        height=height,
        bars=bars,
        ticks=[
            Tick(_tick_text(t, money), round(top + plot_h - plot_h * t / ceiling, 1))
            for t in ticks
        ],
        table=table,
        axis={"start": left, "end": width - right, "base": top + plot_h},
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    points: list[tuple[str, float, str]],
    colour: str,
    table: Table,
    maximum: float,
) -> Chart:
    """Horizontal bars on a fixed scale 0..`maximum` (ratings are out of 5);
    labels longer than a line are cut, the table has them whole."""
    width, row = 640, 30
    left, right, top, bottom = 200, 48, 8, 28
    plot_w = width - left - right
    height = top + row * len(points) + bottom
    bars = []
    for index, (label, value, text) in enumerate(points):
        bar_w = plot_w * value / maximum
        y = top + index * row + 6
        short = label if len(label) <= 28 else label[:27].rstrip() + "…"
        bars.append(
            Bar(
                label=short,
                text=text,
                x=left,
                y=y,
                width=round(bar_w, 1),
                height=row - 12,
                label_x=left - 8,
                label_y=y + 13,
                text_x=round(left + bar_w + 6, 1),
                text_y=y + 13,
            )
        )
    return Chart(
        id=chart_id,
        title=title,
        summary=summary,
        colour=colour,
        width=width,
        height=height,
        bars=bars,
        ticks=[
            Tick(f"{n}", round(left + plot_w * n / maximum, 1))
            for n in range(int(maximum) + 1)
        ],
        table=table,
        axis={"start": top, "end": top + row * len(points), "base": height - 10},
    )


# --- The insights page's three charts --------------------------------------------


def _day(value) -> str:
    return date_format(value, "j M")


def bookings_chart(weeks: list[WeekBookings]) -> Chart:
    total = sum(week.total for week in weeks)
    busiest = max(weeks, key=lambda week: week.total, default=None)
    summary = _("%(n)d bookings made in the last %(weeks)d weeks.") % {
        "n": total,
        "weeks": len(weeks),
    }
    if busiest is not None and busiest.total:
        summary += " " + _("Most in the week of %(day)s: %(n)d.") % {
            "day": _day(busiest.start),
            "n": busiest.total,
        }
    table = Table(
        caption=_("Bookings per week, by what became of them"),
        columns=[
            _("Week of"),
            _("Made"),
            _("Confirmed"),
            _("Awaiting payment"),
            _("Waitlisted"),
            _("Cancelled"),
        ],
        rows=[
            [
                _day(week.start),
                str(week.total),
                str(week.confirmed),
                str(week.awaiting_payment),
                str(week.waitlisted),
                str(week.cancelled),
            ]
            for week in weeks
        ],
    )
    return column_chart(
        chart_id="bookings-chart",
        title=_("Bookings per week"),
        summary=summary,
        points=[(_day(w.start), w.total, str(w.total)) for w in weeks],
        colour=BLUE,
        table=table,
    )


def revenue_charts(months: list[MonthRevenue]) -> list[Chart]:
    """One chart of net earnings per currency earned in (amounts in
    different currencies do not add up); none when nothing was charged or
    refunded. A month where refunds outweigh sales draws no bar; its table
    row shows the negative net."""
    currencies = sorted({code for month in months for code in month.totals})
    charts = []
    for currency in currencies:
        totals = [month.totals.get(currency) for month in months]
        labels = [date_format(month.month, "M Y") for month in months]
        gross = [t.gross if t else Decimal("0") for t in totals]
        refunded = [t.refunded if t else Decimal("0") for t in totals]
        net = [charged - back for charged, back in zip(gross, refunded, strict=True)]
        summary = _(
            "%(net)s earned in the last %(n)d months: %(gross)s charged, "
            "%(refunded)s refunded."
        ) % {
            "net": format_money(sum(net, Decimal("0")), currency),
            "gross": format_money(sum(gross, Decimal("0")), currency),
            "refunded": format_money(sum(refunded, Decimal("0")), currency),
            "n": len(months),
        }
        rows = zip(labels, gross, refunded, net, strict=True)
        charts.append(
            column_chart(
                chart_id=f"revenue-chart-{currency.lower()}",
                title=_("Revenue per month (%(currency)s)") % {"currency": currency},
                summary=summary,
                points=[
                    (label, max(float(amount), 0.0), f"{amount:,.0f}")
                    for label, amount in zip(labels, net, strict=True)
                ],
                colour=GREEN,
                money=True,
                table=Table(
                    caption=_("Revenue per month in %(currency)s")
                    % {"currency": currency},
                    columns=[_("Month"), _("Charged"), _("Refunded"), _("Net")],
                    rows=[
                        [
                            label,
                            format_money(charged, currency),
                            format_money(back, currency),
                            format_money(left, currency),
                        ]
                        for label, charged, back, left in rows
                    ],
                ),
            )
        )
    return charts


def ratings_chart(sessions, zone) -> Chart | None:
    if not sessions:
        return None
    best = max(sessions, key=lambda s: s.rating_average)
    summary = _(
        "Average rating of your %(n)d most recent rated sessions, out of 5. "
        "Highest: %(title)s, %(rating)s."
    ) % {
        "n": len(sessions),
        "title": best.title,
        "rating": f"{best.rating_average:.1f}",
    }
    return bar_chart(
        chart_id="ratings-chart",
        title=_("Average rating per session"),
        summary=summary,
        points=[
            (s.title, float(s.rating_average), f"{s.rating_average:.1f}")
            for s in sessions
        ],
        colour=BLUE,
        maximum=5,
        table=Table(
            caption=_("Average rating per session, out of 5"),
            columns=[_("Session"), _("Date"), _("Average rating"), _("Reviews")],
            rows=[
                [
                    s.title,
                    date_format(s.starts_at.astimezone(zone), "j M Y"),
                    f"{s.rating_average:.1f}",
                    str(s.rating_count),
                ]
                for s in sessions
            ],
        ),
    )
