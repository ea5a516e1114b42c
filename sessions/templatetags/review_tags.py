"""The reviews component asks for its data here, so the session page only
has to include it."""

from django import template

from sessions.forms import ReviewForm
from sessions.services.reviews import ReviewPanel

register = template.Library()


@register.simple_tag
def review_panel(page, user) -> ReviewPanel:
    return ReviewPanel(session=page, user=user)


@register.simple_tag
def review_form() -> ReviewForm:
    return ReviewForm()
