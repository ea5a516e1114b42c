from django import template
from django.utils.translation import gettext_lazy as _

from accounts.models import EmailKind

register = template.Library()

# How each kind reads inside a sentence ("Stop sending the weekly digest").
KIND_PHRASES = {
    EmailKind.DIGEST: _("the weekly digest"),
    EmailKind.NEWSLETTER: _("the MasteryHub newsletter"),
    EmailKind.FORUM: _("emails about forum notifications"),
    EmailKind.MENTORSHIP: _("emails about mentorship messages"),
    EmailKind.REMINDERS: _("session reminders"),
}


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_PHRASES.get(kind, kind))
