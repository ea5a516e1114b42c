from django import template

from sessions.selectors import seats_left as _seats_left
from sessions.timezones import shown_time

register = template.Library()


@register.inclusion_tag("sessions/components/session_time.html", takes_context=True)
def session_time(context, dt, session, show_session_zone=True):
    """`dt` as a <time> element in the viewer's zone; visitors get UTC, named,
    which static/js/local-time.js may rewrite into the browser's zone."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "shown": shown_time(dt, user, session),
        "show_session_zone": show_session_zone,
    }


@register.filter
def price_label(session) -> str:
    if session.price == 0:
        return "Free"
    return f"{session.price:.2f} {session.currency}"


@register.filter
def seats_left(session) -> int:
    return _seats_left(session)
