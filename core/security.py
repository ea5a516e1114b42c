"""Content-Security-Policy per area of the site.

The public site gets the strict CONTENT_SECURITY_POLICY. Wagtail's admin,
Django's admin and the API docs (Swagger UI) ship inline scripts and styles
we do not control, so they get the looser CONTENT_SECURITY_POLICY_ADMIN
instead of none at all. Either way `frame-ancestors` says what
X-Frame-Options says, so browsers that read either header agree: 'none'
for DENY, 'self' where a view allows SAMEORIGIN (Wagtail's preview panel).
"""

from csp.constants import HEADER, NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

FRAME_ANCESTORS = {"DENY": NONE, "SAMEORIGIN": SELF}


def frame_ancestors(response) -> str | None:
    """The frame-ancestors matching the X-Frame-Options the response will
    carry (XFrameOptionsMiddleware adds the default after this runs)."""
    if getattr(response, "xframe_options_exempt", False):
        return None
    value = response.get("X-Frame-Options") or settings.X_FRAME_OPTIONS
    return FRAME_ANCESTORS.get(value.upper(), NONE)


def with_frame_ancestors(policy: str, sources: str | None) -> str:
    directives = [
        part.strip()
        for part in policy.split(";")
        if part.strip() and part.split()[0] != "frame-ancestors"
    ]
    if sources:
        directives.append(f"frame-ancestors {sources}")
    return "; ".join(directives)


def is_admin_path(path: str) -> bool:
    return path.startswith(
        tuple(settings.CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIXES"])
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and is_admin_path(request.path_info)
        ):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        # Wagtail renders a preview through the whole middleware chain as a
        # request for the page's own URL (so with the site's policy), inside
        # an admin view that then allows SAMEORIGIN framing: what leaves an
        # admin URL gets the admin's policy, and frame-ancestors is settled
        # last.
        if is_admin_path(request.path_info) and HEADER in response:
            del response[HEADER]
        response = super().process_response(request, response)
        if policy := response.get(HEADER):
            response[HEADER] = with_frame_ancestors(policy, frame_ancestors(response))
        return response
