"""The page types site search covers, and how each is shown."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from content.models import ArticlePage, CoursePage
from experts.models import ExpertPage
from sessions.models import SessionPage

KIND_MODELS: dict[str, type[Page]] = {
    "session": SessionPage,
    "expert": ExpertPage,
    "article": ArticlePage,
    "course": CoursePage,
}
KIND_LABELS = {
    "session": _("Session"),
    "expert": _("Expert"),
    "article": _("Article"),
    "course": _("Course"),
}
# The public one-liner each type shows in listings; never a body field.
EXCERPT_FIELDS = {
    "session": "summary",
    "expert": "headline",
    "article": "summary",
    "course": "summary",
}


def kind_by_content_type() -> dict[int, str]:
    # Django caches ContentType lookups after the first request.
    types = ContentType.objects.get_for_models(*KIND_MODELS.values())
    return {types[model].pk: kind for kind, model in KIND_MODELS.items()}
