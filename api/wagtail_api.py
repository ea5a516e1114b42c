"""Wagtail's APIs (the public /api/v2/ and the admin's own) with bounded
offsets.

Wagtail caps `limit` (WAGTAILAPI_LIMIT_MAX) but hands any `offset` to the
database, which fails on one past its integers (SQLite: "datatype
mismatch") with a server error. Here an offset past MAX_OFFSET is a 400 in
Wagtail's own error shape, `{"message": ...}`.
"""

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

# Far past any listing of this site, and offset + limit still fits the
# 64-bit integers every database takes.
MAX_OFFSET = 2**31 - 1
OFFSET_TOO_HIGH = f"offset cannot be higher than {MAX_OFFSET}"


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail's own check words the error
        if offset > MAX_OFFSET:
            raise BadRequestError(OFFSET_TOO_HIGH)
        return super().paginate_queryset(queryset, request, view)


class BoundedPagesAPIViewSet(PagesAPIViewSet):
    pagination_class = BoundedPagination


def with_bounded_pagination(viewset: type) -> type:
    """`viewset`, paginating with BoundedPagination."""
    if issubclass(viewset.pagination_class, BoundedPagination):
        return viewset
    return type(viewset.__name__, (viewset,), {"pagination_class": BoundedPagination})
