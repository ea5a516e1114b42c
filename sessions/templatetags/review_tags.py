"""The reviews component asks for its data here, so the session page (which
engineer 1 renders) only has to include it."""

from django import template

from sessions.forms import ReviewForm
from sessions.services.reviews import get_review_panel

register = template.Library()


@register.simple_tag
def review_panel(page, user):
    panel = get_review_panel(session=page, user=user)
    if panel["can_review"]:
        panel["form"] = ReviewForm()
    return panel
