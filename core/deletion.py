"""What stops a page from being deleted.

A page can carry what members did with it: the bookings and reviews of a
session, the purchases of a premium page. Deleting the page must never lose
those silently. The apps that own such records register a check here from
their AppConfig.ready() (core sits below them and never imports them), and
every way of deleting one of our pages asks it:

- the admin's delete view and bulk delete (core.wagtail_hooks), which say
  why and what to do instead;
- the pages' own queryset (`DeletionGuardedPageQuerySet`, the manager of
  every `BasePage`). Wagtail's DeletePageAction, which the admin API, bulk
  actions and `page.delete()` all use, ends in
  `<SpecificPage>.objects.filter(pk=...).delete()`, and a parent's deletion
  goes through its own specific manager with the children in the same
  query, so those are refused too, before treebeard touches the tree.

Bookings and reviews also hold their session with on_delete=PROTECT, so even
a delete through the base `Page` model cannot cascade them away.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet


@dataclass(frozen=True)
class DeletionBlocker:
    """Why one page cannot be deleted, and what to do instead."""

    page_id: int
    title: str
    reason: str
    advice: str
    action_label: str = ""
    action_url: str = ""

    @property
    def message(self) -> str:
        return f"{self.title}: {self.reason} {self.advice}"


# Given the ids of every page a deletion would remove (descendants included),
# the blockers among them.
PageDeletionCheck = Callable[[Sequence[int]], Iterable[DeletionBlocker]]

_checks: list[PageDeletionCheck] = []


def register_page_deletion_check(check: PageDeletionCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def get_page_deletion_blockers(pages: Iterable[Page]) -> list[DeletionBlocker]:
    """Why these pages, with everything below them, cannot be deleted."""
    paths = [page.path for page in pages]
    if not paths or not _checks:
        return []
    subtree = reduce(or_, (Q(path__startswith=path) for path in paths))
    page_ids = list(Page.objects.filter(subtree).values_list("pk", flat=True))
    return [blocker for check in _checks for blocker in check(page_ids)]


class PageDeletionRefused(ValidationError):
    """Raised instead of deleting. A ValidationError because that is what
    Wagtail's page actions turn into a 400 with the messages (the admin
    API's delete action); the admin views never get this far."""

    def __init__(self, blockers: Sequence[DeletionBlocker]) -> None:
        self.blockers = list(blockers)
        super().__init__({NON_FIELD_ERRORS: [b.message for b in self.blockers]})


def ensure_pages_deletable(pages: Iterable[Page]) -> None:
    blockers = get_page_deletion_blockers(pages)
    if blockers:
        raise PageDeletionRefused(blockers)


class DeletionGuardedPageQuerySet(PageQuerySet):
    def delete(self, *args, **kwargs):
        ensure_pages_deletable(self.only("path"))
        return super().delete(*args, **kwargs)

    delete.alters_data = True
    delete.queryset_only = True


DeletionGuardedPageManager = PageManager.from_queryset(DeletionGuardedPageQuerySet)
