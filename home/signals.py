"""Drop the home page's cached highlights (home.selectors) when what they
list changes in a way a visitor would look for at once: a session, expert
page, article or course going live or off, a new forum thread. Smaller
changes wait for the cache's few minutes (see home.selectors)."""

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished

from content.models import ArticlePage, CoursePage
from experts.models import ExpertPage
from forum.models import Thread
from home.selectors import forget_home_highlights
from sessions.models import SessionPage

LISTED_PAGES = (SessionPage, ExpertPage, ArticlePage, CoursePage)


# After the commit: dropped any earlier, a request in between would cache
# the old state again for the cache's whole lifetime.
def page_changed(sender, **kwargs) -> None:
    transaction.on_commit(forget_home_highlights)


def thread_saved(sender, instance, created: bool, **kwargs) -> None:
    if created:
        transaction.on_commit(forget_home_highlights)


def connect() -> None:
    for model in LISTED_PAGES:
        uid = f"home.highlights.{model.__name__}"
        page_published.connect(page_changed, sender=model, dispatch_uid=uid)
        page_unpublished.connect(page_changed, sender=model, dispatch_uid=uid)
    post_save.connect(thread_saved, sender=Thread, dispatch_uid="home.highlights")
