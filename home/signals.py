"""Drop the home page's cached highlights (home.selectors) when what they
list changes in a way a visitor would look for at once: a session, expert
page, article or course going live or off, a new forum thread. Smaller
changes wait for the cache's few minutes (see home.selectors)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.models import ArticlePage, CoursePage
from experts.models import ExpertPage
from forum.models import Thread
from home.navigation import forget_menus
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


def menu_changed(sender, **kwargs) -> None:
    transaction.on_commit(forget_menus)


def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        transaction.on_commit(forget_menus)


def connect() -> None:
    # The fallback menu (home.navigation) lists any page type.
    page_published.connect(menu_changed, dispatch_uid="home.menu")
    page_unpublished.connect(menu_changed, dispatch_uid="home.menu")
    post_page_move.connect(menu_changed, dispatch_uid="home.menu")
    post_delete.connect(page_deleted, dispatch_uid="home.menu")
    for signal in (post_save, post_delete):
        uid = "home.menu.restriction"
        signal.connect(menu_changed, sender=PageViewRestriction, dispatch_uid=uid)
    for model in LISTED_PAGES:
        uid = f"home.highlights.{model.__name__}"
        page_published.connect(page_changed, sender=model, dispatch_uid=uid)
        page_unpublished.connect(page_changed, sender=model, dispatch_uid=uid)
    post_save.connect(thread_saved, sender=Thread, dispatch_uid="home.highlights")
