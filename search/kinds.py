"""What site search covers, and how each kind is shown: the public page
types, and forum threads (plain models the same search backend indexes)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from content.models import ArticlePage, CoursePage
from experts.models import ExpertPage
from forum.models import Thread
from sessions.models import SessionPage

PAGE_KINDS: dict[str, type[Page]] = {
    "session": SessionPage,
    "expert": ExpertPage,
    "article": ArticlePage,
    "course": CoursePage,
}
THREAD_KIND = "thread"
KIND_MODELS: dict[str, type[Model]] = {**PAGE_KINDS, THREAD_KIND: Thread}
KIND_LABELS = {
    "session": _("Session"),
    "expert": _("Expert"),
    "article": _("Article"),
    "course": _("Course"),
    THREAD_KIND: _("Forum question"),
}
# The public one-liner each page type shows in listings; never a body field.
# A thread shows the start of its question (search.selectors).
EXCERPT_FIELDS = {
    "session": "summary",
    "expert": "headline",
    "article": "summary",
    "course": "summary",
}


def thread_label(thread: Thread) -> str:
    """A question is a forum question; a discussion says so."""
    return str(KIND_LABELS[THREAD_KIND] if thread.is_question else _("Discussion"))


def kind_by_content_type() -> dict[int, str]:
    # Django caches ContentType lookups after the first request.
    types = ContentType.objects.get_for_models(*KIND_MODELS.values())
    return {types[model].pk: kind for kind, model in KIND_MODELS.items()}
