"""410 Gone for the addresses of deleted pages (core.signals records them)."""

from django.shortcuts import render
from wagtail.models import Site

from core.models import RemovedPage


def _is_removed(request) -> bool:
    path = request.path
    if "\0" in path:
        return False  # PostgreSQL rejects NUL in a query parameter.
    site = Site.find_for_request(request)
    if site is None:
        return False
    candidates = {path, path if path.endswith("/") else f"{path}/"}
    return RemovedPage.objects.filter(site=site, path__in=candidates).exists()


class GoneMiddleware:
    """Turn a 404 for a removed page's address into a 410.

    Sits above RedirectMiddleware in MIDDLEWARE: responses travel up the
    list, so a redirect staff made for the address has already replaced the
    404 by the time it gets here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only a 404 costs a query.
        if response.status_code == 404 and _is_removed(request):
            return render(request, "410.html", status=410)
        return response
