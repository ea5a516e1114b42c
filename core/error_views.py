"""Error answers: JSON on /api/ (what an API client can read, in DRF's
`{"detail": ...}` shape), the site's pages everywhere else. Django uses
these as handler400, handler403 and handler404 (masteryhub/urls.py) and as
CSRF_FAILURE_VIEW, so an address under /api/ that matches no route, or a
request Django itself refuses, still answers JSON there; a 503 while Redis
is down comes from core.middleware.CacheOutageMiddleware."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views import csrf, defaults

NOT_FOUND = _("Not found.")
BAD_REQUEST = _("The request was malformed.")
FORBIDDEN = _("You do not have permission to do this.")
UNAVAILABLE = _("Temporarily unavailable. Please try again in a minute.")
# Seconds a client should wait before trying again after a 503.
RETRY_AFTER = 60


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception=None, reason=BAD_REQUEST) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": str(reason)}, status=400)
    # Rendered without a request: it may come before sessions and users.
    html = loader.get_template("400.html").render({"reason": reason})
    return HttpResponse(html, status=400)


def page_not_found(request, exception=None) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": str(NOT_FOUND)}, status=404)
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception=None) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": str(FORBIDDEN)}, status=403)
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason="") -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": f"CSRF Failed: {reason}"}, status=403)
    return csrf.csrf_failure(request, reason)


def service_unavailable(request) -> HttpResponse:
    if is_api(request):
        response = JsonResponse({"detail": str(UNAVAILABLE)}, status=503)
    else:
        # Rendered without a request: its context processors need the cache.
        html = loader.get_template("503.html").render()
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
