"""Session times as each viewer should read them: the one format the site
uses for a session's time, on pages, in the admin, in emails and in the
browser (static/js/local-time.js writes the same shape).

Times are stored in UTC. The viewer's own clock comes first, 24-hour, with
its abbreviation; the session's zone is named once, in brackets, with the
session's clock when it differs from the viewer's:

    Tue 12 Jan 2027, 16:00 CET (session time 15:00 GMT, Europe/London)
    Tue 12 Jan 2027, 15:00 GMT (Europe/London)

Members read their profile's zone; visitors read UTC, named, which the
browser script rewrites into the visitor's own zone.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC as UTC_TZ
from datetime import date, datetime, time, timedelta

UTC = zoneinfo.ZoneInfo("UTC")


def zone_or_utc(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name) if name else UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def member_zone(user) -> zoneinfo.ZoneInfo:
    """The zone `user` chose on their profile; UTC for visitors."""
    if not getattr(user, "is_authenticated", False):
        return UTC
    profile = getattr(user, "profile", None)
    return zone_or_utc(getattr(profile, "time_zone", None))


def format_datetime(dt: datetime) -> str:
    """e.g. "Sun 29 Mar 2026, 10:00 BST"; `dt` is already in the zone to show."""
    return f"{dt:%a} {dt.day} {dt:%b %Y, %H:%M} {dt.tzname()}"


def format_in_zone(dt: datetime, zone_name: str | None) -> str:
    """`dt` on the clock of the zone named (UTC if unknown), in the site's
    format: for readers whose zone is known but who are not a signed-in
    viewer (a campaign's recipient)."""
    return format_datetime(dt.astimezone(zone_or_utc(zone_name)))


def _format_clock(dt: datetime, *, with_day: bool) -> str:
    # The session's clock on another day than the viewer's names its day.
    if with_day:
        return f"{dt:%a} {dt.day} {dt:%b, %H:%M} {dt.tzname()}"
    return f"{dt:%H:%M} {dt.tzname()}"


def _zone_label(dt: datetime, key: str) -> str:
    # "09:00 UTC" needs no "(UTC)"; "10:00 BST" does say where.
    return "" if dt.tzname() == key else key


@dataclass(frozen=True)
class ShownTime:
    """One instant, prepared for a viewer."""

    utc: datetime
    local: datetime
    zone: str
    is_visitor: bool
    # The session's own zone, only when it differs from the viewer's.
    session_local: datetime | None = None
    session_zone: str = ""

    @property
    def iso(self) -> str:
        return self.utc.astimezone(UTC_TZ).isoformat()

    @property
    def when(self) -> str:
        """The viewer's clock alone: "Tue 12 Jan 2027, 16:00 CET"."""
        return format_datetime(self.local)

    @property
    def zone_name(self) -> str:
        """The viewer's zone, when its abbreviation does not already say it."""
        return _zone_label(self.local, self.zone)

    @property
    def session_text(self) -> str:
        """ "session time 15:00 GMT, Europe/London" when the session's zone
        differs from the viewer's; "" otherwise."""
        if self.session_local is None:
            return ""
        other_day = self.session_local.date() != self.local.date()
        clock = _format_clock(self.session_local, with_day=other_day)
        label = _zone_label(self.session_local, self.session_zone)
        return f"session time {clock}, {label}" if label else f"session time {clock}"

    @property
    def note(self) -> str:
        """What the brackets after the time say: the session's clock and zone,
        or the one zone both share."""
        return self.session_text or self.zone_name

    @property
    def short_text(self) -> str:
        """For listings: the viewer's clock and zone, without the session's."""
        return f"{self.when} ({self.zone_name})" if self.zone_name else self.when

    @property
    def text(self) -> str:
        return f"{self.when} ({self.note})" if self.note else self.when


def shown_time(dt: datetime, user, session=None) -> ShownTime:
    zone = member_zone(user)
    session_zone = zone_or_utc(getattr(session, "time_zone", None))
    differs = session is not None and session_zone.key != zone.key
    return ShownTime(
        utc=dt,
        local=dt.astimezone(zone),
        zone=zone.key,
        is_visitor=not getattr(user, "is_authenticated", False),
        session_local=dt.astimezone(session_zone) if differs else None,
        session_zone=session_zone.key if differs else "",
    )


def format_for_member(dt: datetime, user, session=None) -> str:
    """`dt` in the member's zone (UTC for visitors), in the site's one
    format: see the module's docstring."""
    return shown_time(dt, user, session).text


def as_wall_time_in(value: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """A typed time, read on the session's clock. Form fields make what was
    typed aware in the editor's own zone (the server's or their Wagtail
    admin setting); the wall-clock reading is what the host meant."""
    return value.replace(tzinfo=zone)


def skipped_by_the_clocks(value: datetime) -> bool:
    """True for a wall time that never happens in its zone: the hour the
    clocks skip when they go forward (02:30 on the last Sunday of March in
    Berlin). Read naively it would land an hour off."""
    round_trip = value.astimezone(UTC_TZ).astimezone(value.tzinfo)
    return round_trip.replace(tzinfo=None) != value.replace(tzinfo=None)


# The first and last instants a datetime can hold.
EARLIEST = datetime.min.replace(tzinfo=UTC_TZ)
LATEST = datetime.max.replace(tzinfo=UTC_TZ)


def _midnight_utc(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    try:
        return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC_TZ)
    except OverflowError:
        # 1 January of year 1 east of UTC starts before the first instant
        # there is; nothing starts earlier.
        return EARLIEST


def day_bounds_utc(day: date, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a calendar day in `zone`, in UTC. Days across a DST
    switch are 23 or 25 hours long, hence two separate conversions. The
    first and last days a date can hold are clamped to the instants a
    datetime can hold, so a filter "to 31 December 9999" means "no end"."""
    start = _midnight_utc(day, zone)
    if day == date.max:
        return start, LATEST
    return start, _midnight_utc(day + timedelta(days=1), zone)


def humanize_duration(duration: timedelta) -> str:
    minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def iso_duration(duration: timedelta) -> str:
    """ISO-8601, as schema.org wants it: PT1H30M."""
    minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes or not hours:
        text += f"{minutes}M"
    return text
