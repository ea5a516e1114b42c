"""Site chrome for templates; see home.navigation for the fallbacks."""

from django import template

from home import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def site_branding(context):
    return navigation.get_branding(context.get("request"))


@register.simple_tag(takes_context=True)
def header_links(context):
    return navigation.get_header_links(context.get("request"))


@register.simple_tag(takes_context=True)
def footer_columns(context):
    return navigation.get_footer_columns(context.get("request"))


@register.simple_tag(takes_context=True)
def footer_text(context):
    return navigation.get_footer_text(context.get("request"))


@register.simple_tag(takes_context=True)
def social_links(context):
    return navigation.get_social_links(context.get("request"))
