"""Fixes to Wagtail, applied once at start-up (CoreConfig.ready).

Each fixes a server error Wagtail 7.4 gives on input an admin user can type
into the address bar; drop one when Wagtail fixes it (its test in
tests/test_wagtail_fixes.py then passes without it).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404


def apply() -> None:
    _chosen_views_refuse_malformed_ids()


def _chosen_views_refuse_malformed_ids() -> None:
    """A chooser's "chosen" URL (/admin/images/chooser/chosen/<pk>/, the
    documents' and every snippet's) takes any text as the id and looks it
    up as is: a word where the id is a number raises ValueError, a 500.
    Such an id matches nothing, so it is a 404, as a number that matches
    nothing already is."""
    from wagtail.admin.views.generic.chooser import ChosenViewMixin

    wagtail_get = ChosenViewMixin.get

    def get(self, request, pk):
        try:
            self.model_class._meta.pk.to_python(unquote(str(pk)))
        except ValidationError as exc:
            raise Http404(f"No {self.model_class._meta.verbose_name} {pk!r}") from exc
        return wagtail_get(self, request, pk)

    ChosenViewMixin.get = get
