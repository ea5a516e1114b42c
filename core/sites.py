"""The request's Site and its root page, from the cache.

Wagtail looks the Site up for every request (a query joining the root
page), then loads the root page's specific row (a second query) before it
can route. Sites and root pages change when an editor saves a Site or
publishes, unpublishes, moves or deletes a page, so one cached map from
host and port to the Site, its root page already specific, serves every
request in between; those changes drop it.

Each request unpickles its own copy: page instances pick up per-request
attributes while serving, which must not travel to the next request.

Wagtail, its settings, menus and the site's own code all ask
`Site.find_for_request`; connect() points it here, so each asks the cache
only when it needs the Site (a health check or robots.txt never does).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache import rebuildable_cache as cache

KEY = "core.sites:by-host"
TIMEOUT = 60 * 60


def find_for_request(request: HttpRequest) -> Site | None:
    """What `Site.find_for_request` answers, its root page already specific.

    Kept on the request where Wagtail keeps its own answer, so routing,
    settings and menus all reuse it."""
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    sites = cache.get(KEY) or {}
    if host in sites:
        site = sites[host]
    else:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        # A lost race only means another process computes it again.
        cache.set(KEY, {**sites, host: site}, TIMEOUT)
    request._wagtail_site = site
    return site


def forget(**kwargs) -> None:
    transaction.on_commit(lambda: cache.delete(KEY))


def connect() -> None:
    # Wagtail's own answer is kept on the request under the same attribute,
    # so this stands in for it everywhere, Wagtail's code included.
    Site.find_for_request = staticmethod(find_for_request)
    uid = "core.sites"
    post_save.connect(forget, sender=Site, dispatch_uid=f"{uid}.site_saved")
    post_delete.connect(forget, sender=Site, dispatch_uid=f"{uid}.site_deleted")
    # A root page's content is served from this copy: any page going live or
    # off, moving or being deleted may be one.
    page_published.connect(forget, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(forget, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(forget, dispatch_uid=f"{uid}.moved")
    post_delete.connect(forget, sender=Page, dispatch_uid=f"{uid}.deleted")
