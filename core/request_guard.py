"""Refuse, before any view runs, requests no view can answer sensibly.

- Control characters in the path or the query string. No address of the site
  holds one, and further in they break things: PostgreSQL refuses a NUL in
  any text it is given, so a lookup by slug, username or search words would
  fail with a server error instead of finding nothing.
- A `next` that is not an address. Django's `redirect()`, which Wagtail's
  admin and our views end with, reads "dashboard" or "a:b" as a view name
  and fails when there is none.

And after the view: a view that reads a field the request lacks
(`request.POST["x"]`; Wagtail's page editor reads the block counts its
JavaScript adds) was sent an incomplete request, not one it failed on.

All answer 400: a plain page for people, `{"detail": ...}` on /api/.
"""

import re

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext_lazy as _

from core.error_views import bad_request, is_api
from core.http import is_address

# C0 controls and DEL. A query value may hold a tab or a line break (a
# textarea sent with GET), nothing else of the kind.
PATH_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
VALUE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

CONTROL_IN_PATH = _("The address contains control characters.")
CONTROL_IN_QUERY = _("The query string contains control characters.")
NEXT_NOT_AN_ADDRESS = _("“next” must be an address on this site.")
FIELD_MISSING = _("The form sent was incomplete.")


def refusal(request: HttpRequest) -> str | None:
    """Why `request` is refused, or None to let it through."""
    if PATH_CONTROLS.search(request.path_info):
        return CONTROL_IN_PATH
    for key, values in request.GET.lists():
        if PATH_CONTROLS.search(key) or any(VALUE_CONTROLS.search(v) for v in values):
            return CONTROL_IN_QUERY
    targets = request.GET.getlist("next")
    # The APIs read their own bodies (and answer 415 to a form), so theirs
    # are left unread here.
    if (
        request.method == "POST"
        and request.content_type in FORM_TYPES
        and not is_api(request)
    ):
        targets += request.POST.getlist("next")
    if any(target and not is_address(target) for target in targets):
        return NEXT_NOT_AN_ADDRESS
    return None


class RequestGuardMiddleware:
    """Early in MIDDLEWARE, so nothing downstream (sessions, the page tree,
    the database) ever sees such a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = refusal(request)
        if reason is not None:
            return bad_request(request, reason=reason)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError):
            return bad_request(request, reason=FIELD_MISSING)
        return None
