"""/api/v2/pages/: Wagtail's pages API, seeing pages as core.access does."""

from api.wagtail_api import BoundedPagesAPIViewSet
from core.access import visible_pages


class VisiblePagesAPIViewSet(BoundedPagesAPIViewSet):
    def get_base_queryset(self):
        # Wagtail leaves out the pages below a restriction this request has
        # not passed, but not an alias made before the restriction was set,
        # which would show the hidden page's title and fields.
        return visible_pages(super().get_base_queryset(), self.request)
