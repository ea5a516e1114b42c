from django import template

from payments import gateway

register = template.Library()


@register.simple_tag
def payments_configured() -> bool:
    return gateway.is_configured()


@register.inclusion_tag("payments/components/payments_off.html", takes_context=True)
def payments_off_notice(context, *id_parts) -> dict:
    """ "Payments are not available yet", and for staff which settings are
    missing. `id_parts` are joined with "-" into the notice's id."""
    request = context.get("request")
    staff = getattr(getattr(request, "user", None), "is_staff", False)
    return {
        "notice_id": "-".join(str(part) for part in id_parts),
        "missing": gateway.missing_settings() if staff else [],
    }
