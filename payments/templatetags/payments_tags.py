from django import template

from payments import gateway

register = template.Library()


@register.simple_tag
def payments_configured() -> bool:
    return gateway.is_configured()
