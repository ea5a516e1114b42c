"""Reads for the header, footer and meta tags: site settings with fallbacks.

Every function here copes with no request and with no Wagtail Site matching
the request (a fresh or flushed database, an unknown host): the account pages
and error pages share the header and must still render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.http import HttpRequest
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

from core import site_settings
from core.cache import rebuildable_cache

from .models import BrandingSettings, NavigationSettings, SocialMediaSettings

SettingT = TypeVar("SettingT", bound=BaseSiteSetting)


@dataclass(frozen=True)
class NavLink:
    text: str
    href: str
    # "page" for the page being shown, "true" for a section it sits in, else "".
    current: str = ""


def _setting(model: type[SettingT], request: HttpRequest | None) -> SettingT:
    """The setting for the request's site, or an unsaved one with defaults."""
    if request is None:
        return model()
    try:
        return site_settings.for_request(model, request)
    except model.DoesNotExist:  # raised by for_site(None): no Site matched
        return model()


def get_branding(request: HttpRequest | None) -> BrandingSettings:
    return _setting(BrandingSettings, request)


def get_social_links(request: HttpRequest | None) -> list:
    return _setting(SocialMediaSettings, request).links


def _current(href: str, path: str) -> str:
    if href == path:
        return "page"
    if href.startswith("/") and href != "/" and path.startswith(href):
        return "true"
    return ""


def get_header_links(request: HttpRequest | None) -> list[NavLink]:
    """The main menu: NavigationSettings, else the root's "show in menus" pages."""
    if request is None:
        return []
    nav = _setting(NavigationSettings, request)
    links = [
        (block.value.text, block.value.href)
        for block in nav.header_links
        if block.value.href
    ]
    if not links:
        site = Site.find_for_request(request)
        if site is not None:
            links = _menu_pages(site, request)
    return [
        NavLink(text=text, href=href, current=_current(href, request.path))
        for text, href in links
        if href
    ]


# The fallback menu costs two queries (the pages, their view restrictions)
# on every page; home.signals drops it when a page is published, unpublished,
# moved or deleted or a restriction changes.
MENU_TIMEOUT = 10 * 60


def _menu_key(site_id: int) -> str:
    return f"home.menu:{site_id}"


def _menu_pages(site: Site, request: HttpRequest) -> list[tuple[str, str]]:
    key = _menu_key(site.pk)
    links = rebuildable_cache.get(key)
    if links is None:
        links = [
            (page.title, page.get_url(request))
            for page in site.root_page.get_children().live().public().in_menu()
        ]
        rebuildable_cache.set(key, links, MENU_TIMEOUT)
    return links


def forget_menus() -> None:
    site_ids = Site.objects.values_list("pk", flat=True)
    rebuildable_cache.delete_many([_menu_key(pk) for pk in site_ids])


def get_footer_columns(request: HttpRequest | None) -> list:
    """Footer column blocks (heading + links); empty when none are set."""
    return list(_setting(NavigationSettings, request).footer_columns)


def get_footer_text(request: HttpRequest | None) -> str:
    return _setting(NavigationSettings, request).footer_text
