"""Session times as each viewer should read them.

Times are stored in UTC. Members see them in their profile's time zone, with
the session's own zone beside it when the two differ (a London member booking
a Berlin workshop sees both); visitors see UTC, named, so nobody guesses.
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


def _format_time(dt: datetime) -> str:
    return f"{dt:%H:%M} {dt.tzname()}"


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
    def text(self) -> str:
        text = format_datetime(self.local)
        # "09:00 UTC" needs no "(UTC)"; "10:00 BST" does say where.
        return text if self.local.tzname() == self.zone else f"{text} ({self.zone})"

    @property
    def session_text(self) -> str:
        if self.session_local is None:
            return ""
        same_day = self.session_local.date() == self.local.date()
        shown = (
            _format_time(self.session_local)
            if same_day
            else format_datetime(self.session_local)
        )
        return f"{shown} in {self.session_zone}, the session’s time zone"


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
    """`dt` in the member's zone (UTC for visitors), named, with the
    session's zone beside it when they differ."""
    shown = shown_time(dt, user, session)
    if shown.session_text:
        return f"{shown.text} · {shown.session_text}"
    return shown.text


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
