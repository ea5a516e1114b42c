"""The admin says why a page cannot be deleted and what to do instead
(core.deletion), where Wagtail asks: its delete view's `before_delete_page`
hook and the pages' bulk delete. The admin API's page actions run in one
transaction, so a refused deletion leaves nothing behind there either."""

from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.models import Page, ReferenceIndex

from core.deletion import get_page_deletion_blockers


def refuse_page_deletion(request, page):
    """before_delete_page: the refusal replaces the confirmation (and a
    posted confirmation), so nothing is deleted."""
    blockers = get_page_deletion_blockers([page])
    if not blockers:
        return None
    back_url = get_valid_next_url_from_request(request) or reverse(
        "wagtailadmin_explore", args=[page.get_parent().pk]
    )
    usage = ReferenceIndex.get_references_to(page).group_by_source_object()
    return TemplateResponse(
        request,
        "core/admin/page_delete_refused.html",
        {
            "page": page,
            "blockers": blockers,
            "back_url": back_url,
            # Wagtail's own "referenced N times", as its confirmation shows it.
            "model_opts": page._meta,
            "usage_url": reverse("wagtailadmin_pages:usage", args=[page.pk])
            + "?describe_on_delete=1",
            "usage_count": usage.count(),
            "is_protected": usage.is_protected,
        },
    )


class GuardedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of pages, listing what stops each page from
    being deleted and refusing while anything does."""

    template_name = "core/admin/confirm_bulk_delete_pages.html"
    deletion_blockers: list = []

    def annotate_items(self, items):
        items = super().annotate_items(items)
        self.deletion_blockers = get_page_deletion_blockers(items)
        if self.deletion_blockers:
            # Wagtail then hides the confirm button, as for protected usage.
            self.is_protected = True
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deletion_blockers"] = self.deletion_blockers
        return context

    def prepare_action(self, objects, objects_without_access):
        if self.deletion_blockers:
            messages.error(
                self.request, " ".join(b.message for b in self.deletion_blockers)
            )
            return redirect(self.next_url)
        return super().prepare_action(objects, objects_without_access)


class AtomicPageActionsMixin:
    """Wagtail's DeletePageAction logs "deleted" before it deletes, and the
    admin API runs it outside a transaction: a refused deletion
    (core.deletion.PageDeletionRefused, answered with a 400) would leave
    that entry in the page's history."""

    def action_view(self, request, pk, action_name):
        with transaction.atomic():
            return super().action_view(request, pk, action_name)


def run_page_actions_atomically(router) -> None:
    """construct_admin_api: wraps whichever pages endpoint is registered
    (experts.admin_scope replaces Wagtail's with a scoped one)."""
    name, viewset = router.get_model_endpoint(Page)
    router.register_endpoint(
        name, type(viewset.__name__, (AtomicPageActionsMixin, viewset), {})
    )
