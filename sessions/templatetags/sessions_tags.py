from django import template

from sessions.selectors import seats_left as _seats_left
from sessions.timezones import shown_time

register = template.Library()


@register.inclusion_tag("sessions/components/session_time.html", takes_context=True)
def session_time(context, dt, session, show_session_zone=True):
    """`dt` as a <time> element in the viewer's zone, in the format of
    sessions.timezones; visitors get UTC, named, which
    static/js/local-time.js rewrites into the browser's zone. Without the
    session's zone (listings) the viewer's clock stands alone."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "shown": shown_time(dt, user, session),
        "show_session_zone": show_session_zone,
        "session_zone": getattr(session, "time_zone", "") or "UTC",
    }


@register.simple_tag
def active_filter_count(form, ignore="sort") -> int:
    """How many filters a listing's form has set (the sort order is not a
    filter), for the "Filters (n)" disclosure on small screens."""
    ignored = set(ignore.split(","))
    data = form.data
    count = 0
    for name in form.fields:
        if name in ignored:
            continue
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        if any(str(value).strip() for value in values if value is not None):
            count += 1
    return count


@register.filter
def price_label(session) -> str:
    if session.price == 0:
        return "Free"
    return f"{session.price:.2f} {session.currency}"


@register.filter
def seats_left(session) -> int:
    return _seats_left(session)
