"""What an expert sees of other people's pages in the Wagtail admin.

What anyone may *do* to a page is decided by the page's permission tester
(core.admin_permissions.OwnPagesPermissionTester), which Wagtail asks in its
page views, bulk actions and admin API actions alike: experts act only on
pages they own, never on an index. This module only hides what the tester
cannot: Wagtail lists and names every page in a branch the user may
explore, and experts hold *add* (and *publish*) on /sessions/, /experts/
and /learn/, so out of the box expert B sees the titles of expert A's
drafts in the explorer, the admin search, the page chooser, the admin pages
API and the reports.

The rule: for a non-staff user, someone else's page below a branch where
they may only *add* (another expert's session or expert page; any section
experts write in later) does not exist. Wagtail has hooks for the explorer,
the chooser and the admin pages API; the admin search, the reports and the
views keyed on a page id have none, so `get_urlpatterns()` serves those
again, mounted ahead of Wagtail's admin in masteryhub/urls.py. The page-id
views are wrapped only to hide the page: some name it before or without
asking the tester (the explorer's header, the workflow views' "not in
moderation" message, the bulk actions' list of pages the user may not
touch). Staff see whatever Wagtail lets them.

Images: experts add and choose images in the "Expert uploads" collection;
the chooser and the admin images API show them only their own uploads.
Documents likewise: experts see only documents they uploaded.
"""

from functools import wraps

from django.db.models import Q, QuerySet
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.auth import permission_denied, require_admin_access
from wagtail.admin.views.pages.search import SearchView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from core.admin_api import PublishPageAfterCheckAPIAction
from core.admin_permissions import is_staff, own_uploads, owned_pages_q

# Every page of a type, like the reports it is linked from.
STAFF_ONLY_VIEWS = {"type_use", "type_use_results"}
PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id")


def _granted(user, codename: str) -> list[Page]:
    return [
        grant.page
        for grant in page_permission_policy.get_cached_permissions_for_user(user)
        if grant.permission.codename == codename
    ]


def others_pages_q(user) -> Q:
    """Pages below a branch where the user may only *add* (create, and edit
    their own) that are someone else's: not owned by, hosted by or about
    the user, and not in a branch where a group of theirs may edit any page
    (Moderators, Editors)."""
    below_add = Q(pk__in=[])
    for branch in _granted(user, "add_page"):
        below_add |= Q(path__startswith=branch.path, depth__gt=branch.depth)
    theirs = owned_pages_q(user)
    for branch in _granted(user, "change_page"):
        theirs |= Q(path__startswith=branch.path)
    return below_add & ~theirs


def scope_pages(pages: QuerySet, user) -> QuerySet:
    if is_staff(user):
        return pages
    return pages.exclude(others_pages_q(user))


def is_hidden_from(user, page_id) -> bool:
    if is_staff(user):
        return False
    return Page.objects.filter(pk=page_id).filter(others_pages_q(user)).exists()


@hooks.register("construct_explorer_page_queryset")
def hide_others_pages_in_explorer(parent_page, pages, request):
    return scope_pages(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_others_drafts_in_chooser(pages, request):
    # Live pages are public, so linking to another expert's session is fine.
    if is_staff(request.user):
        return pages
    return pages.exclude(others_pages_q(request.user) & Q(live=False))


@hooks.register("construct_image_chooser_queryset")
def show_experts_their_own_images(images, request):
    # Experts may choose from the whole "Expert uploads" collection
    # (experts/migrations/0003); another expert's upload, perhaps the cover
    # of an unpublished session, is not theirs to see or reuse. The page
    # editor refuses the others on save (core.admin_forms.PageForm).
    return own_uploads(images, request.user)


@hooks.register("construct_document_chooser_queryset")
def show_experts_their_own_documents(documents, request):
    return own_uploads(documents, request.user)


class ScopedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """The admin pages API answers `?child_of=`, `?search=` and detail
    requests too, not only the explorer's `for_explorer` listings. Being
    the one "pages" endpoint, it also carries the publish action that asks
    before it writes."""

    actions = {
        **PagesAdminAPIViewSet.actions,
        "publish": PublishPageAfterCheckAPIAction,
    }

    def get_base_queryset(self):
        return scope_pages(super().get_base_queryset(), self.request.user)


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """The admin images API lists every image's title and file to anyone
    with admin access; experts get the images their chooser offers."""

    def get_queryset(self):
        return own_uploads(super().get_queryset(), self.request.user)


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The same for documents: staff's papers are not for experts to list."""

    def get_queryset(self):
        return own_uploads(super().get_queryset(), self.request.user)


# After Wagtail's own (order 0), which registers the images endpoint.
@hooks.register("construct_admin_api", order=1)
def scope_admin_api(router):
    router.register_endpoint("pages", ScopedPagesAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("construct_reports_menu")
def hide_reports_from_non_staff(request, menu_items):
    # The site history and page types reports name every page in an
    # explorable branch; experts have their own insights instead.
    if not is_staff(request.user):
        menu_items[:] = []


class ScopedPageSearchView(SearchView):
    def annotate_queryset(self, pages):
        # Wagtail's get_queryset() has just narrowed both the results and the
        # per-type counts (`all_pages`) to what the user may explore, and
        # offers no hook: narrow both to what the user may see.
        self.all_pages = scope_pages(self.all_pages, self.request.user)
        return super().annotate_queryset(scope_pages(pages, self.request.user))


def _page_ids(args, kwargs) -> list:
    ids = [kwargs[name] for name in PAGE_ID_KWARGS if name in kwargs]
    if args:  # revisions_compare passes the page id positionally
        ids.append(args[0])
    return ids


def hide_pages(view):
    """`view`, answering "permission denied" for a page the user may not see
    (whatever the page's tester would have said)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        for page_id in _page_ids(args, kwargs):
            if is_hidden_from(request.user, page_id):
                return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded


def hide_pages_in_bulk(view):
    """Bulk actions ask each page's tester and skip the pages the user may
    not touch, but list those by title on the confirmation page."""

    @wraps(view)
    def guarded(request, app_label, model_name, action):
        if (app_label, model_name) == ("wagtailcore", "page") and not (
            is_staff(request.user)
        ):
            ids = request.GET.getlist("id")
            # "Select all" means the whole listing, hidden rows included.
            if "all" in ids or any(
                not str(page_id).isdigit() or is_hidden_from(request.user, page_id)
                for page_id in ids
            ):
                return permission_denied(request)
        return view(request, app_label, model_name, action)

    return guarded


def staff_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_staff(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded


def _admin_view(view):
    # What Wagtail wraps its own admin views in (login and admin access
    # first, never cached); Wagtail's decorated views may come in here
    # decorated once more, which does no harm.
    return never_cache(require_admin_access(view))


def _rewrap(pattern: URLPattern, decorate) -> URLPattern:
    # Unnamed: reverse() keeps giving Wagtail's names the same paths, which
    # resolve here first.
    return URLPattern(
        pattern.pattern, _admin_view(decorate(pattern.callback)), pattern.default_args
    )


def _pages_patterns(resolver: URLResolver) -> list:
    patterns = []
    for pattern in resolver.url_patterns:
        if pattern.name == "search":
            view = ScopedPageSearchView.as_view()
        elif pattern.name == "search_results":
            view = ScopedPageSearchView.as_view(results_only=True)
        elif pattern.name in STAFF_ONLY_VIEWS:
            patterns.append(_rewrap(pattern, staff_only))
            continue
        else:
            patterns.append(_rewrap(pattern, hide_pages))
            continue
        patterns.append(URLPattern(pattern.pattern, _admin_view(view)))
    return patterns


def get_urlpatterns() -> list:
    """Wagtail's page views, page-id-keyed listings, bulk actions and
    reports, hiding others' pages; include them under "admin/" ahead of Wagtail's admin
    URLs."""
    from wagtail.admin import urls as wagtail_admin_urls

    patterns = []
    for entry in wagtail_admin_urls.urlpatterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "wagtailadmin_pages":
                patterns.append(path("pages/", include(_pages_patterns(entry))))
            elif entry.namespace == "wagtailadmin_reports":
                reports = [_rewrap(p, staff_only) for p in entry.url_patterns]
                patterns.append(path("reports/", include(reports)))
        elif entry.name in (
            "wagtailadmin_explore",
            "wagtailadmin_explore_results",
            "wagtailadmin_choose_page_child",
        ):
            patterns.append(_rewrap(entry, hide_pages))
        elif entry.name == "wagtail_bulk_action":
            patterns.append(_rewrap(entry, hide_pages_in_bulk))
    return patterns
