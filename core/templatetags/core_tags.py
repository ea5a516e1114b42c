import json

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance
from wagtail.admin.userbar import Userbar
from wagtail.models import Locale
from wagtailseo.models import SeoSettings

from core import fragments, site_settings
from core.admin_permissions import can_access_admin

register = template.Library()

# The characters that could close the <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: dict | None) -> str:
    """Render schema.org data as a JSON-LD script element, safe inside HTML."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )


@register.simple_tag
def query_with(query: str, **kwargs) -> str:
    """A query string with some keys replaced (pagination links keep the
    listing's filters)."""
    params = QueryDict(query, mutable=True)
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def alternate_languages(context, page) -> str:
    """hreflang links: one per live translation of the page (Wagtail's
    i18n, when a site turns it on), and x-default for the default
    language's version, so search engines show each reader their own."""
    request = context.get("request")
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    if i18n:
        versions = page.get_translations(inclusive=True).live().select_related("locale")
        default_locale_id = Locale.get_default().pk
    else:
        versions, default_locale_id = [page], page.locale_id
    links = []
    default_url = ""
    for version in versions:
        url = version.get_full_url(request)
        if not url:
            continue
        language = version.locale.language_code if i18n else settings.LANGUAGE_CODE
        links.append((language, url))
        if version.locale_id == default_locale_id:
            default_url = url
    if default_url:
        links.append(("x-default", default_url))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', links
    )


@register.simple_tag(takes_context=True)
def seo_settings(context) -> SeoSettings | None:
    """wagtail-seo's settings for the request's site, from the cache
    (core.site_settings); None without a request or a matching Site."""
    request = context.get("request")
    if request is None:
        return None
    try:
        return site_settings.for_request(SeoSettings, request)
    except SeoSettings.DoesNotExist:
        return None


@register.simple_tag(takes_context=True)
def admin_userbar(context) -> str:
    """Wagtail's userbar, for those who may open the admin; the question is
    answered from the cache (core.admin_permissions). Rendered as Wagtail's
    `{% wagtailuserbar %}` does once it has asked the same question through
    the user's every permission (two queries)."""
    request = context.get("request")
    if not can_access_admin(getattr(request, "user", None)):
        return ""
    return Userbar(object=get_page_instance(context)).render_html(context)


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, extra):
        self.nodelist = nodelist
        self.name = name
        self.extra = extra

    def render(self, context) -> str:
        return fragments.get_or_render(
            self.name,
            context.get("request"),
            context.get("page"),
            [value.resolve(context) for value in self.extra],
            lambda: self.nodelist.render(context),
        )


@register.tag
def sharedfragment(parser, token):
    """{% sharedfragment "name" extra… %}…{% endsharedfragment %}: the part
    rendered once per page state and kind of viewer (core.fragments), and
    per each `extra` value; the context's lazy values in it load only when
    it is rendered."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a quoted name, then what else the part depends on"
        )
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(
        nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]]
    )
