"""The shared skill vocabulary and the base every public page builds on."""

from functools import cached_property

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction
from wagtailseo.models import SeoMixin, SeoSettings

from core import site_settings
from core.access import view_restrictions_for
from core.admin_forms import PageForm
from core.admin_permissions import OwnPagesPermissionTester
from core.deletion import DeletionGuardedPageManager


class Skill(TagBase):
    """One vocabulary of skills for profiles, sessions, experts and the forum.

    Every taggable model gets its own through model (`TaggedSkill` below for
    plain models, a ParentalKey subclass for pages), all pointing here.
    """

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]


class SkillThroughBase(TaggedItemBase):
    """Base for the through models that attach `Skill` tags to one model."""

    tag = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items"
    )

    class Meta:
        abstract = True


class BasePage(SeoMixin):
    """Every public page: wagtail-seo's meta tags plus a BreadcrumbList."""

    # Refuses to delete pages that carry members' bookings, reviews or
    # purchases (core.deletion).
    objects = DeletionGuardedPageManager()

    class Meta:
        abstract = True

    promote_panels = SeoMixin.seo_panels
    base_form_class = PageForm
    # Who owns a page, for what they may do to it in the admin
    # (core.admin_permissions): Wagtail's owner, and in subclasses the
    # person the page is about or hosted by.
    owner_fields: tuple[str, ...] = ("owner",)

    def permissions_for_user(self, user):
        return OwnPagesPermissionTester(user, self)

    @classmethod
    def get_serve_queryset(cls):
        """Where routing loads a page of this type from: a subclass joins
        what its page shows (its host, a count) to save a query each."""
        return cls._default_manager.all()

    def route(self, request, path_components):
        routed = route_descendant(self, request, path_components)
        if routed is not None:
            return routed
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        # The request's Site is already loaded (Site.find_for_request keeps
        # it on the request): get_site() below reuses it.
        self._request_site = getattr(request, "_wagtail_site", None)
        return super().get_context(request, *args, **kwargs)

    def get_site(self):
        # wagtail-seo asks for the site several times per render (title,
        # og:site_name, organisation settings); a page instance lives for one
        # request, so one lookup is enough, and none when it is the
        # request's own site.
        if not hasattr(self, "_site"):
            request_site = getattr(self, "_request_site", None)
            url_parts = self.get_url_parts() if request_site is not None else None
            if url_parts is not None and url_parts[0] == request_site.pk:
                self._site = request_site
            else:
                self._site = super().get_site()
        return self._site

    # wagtail-seo reads its settings from the database on each use of these
    # (og:image and twitter:image ask twice each); the cached settings and
    # one evaluation per page instance give the same answer.
    @cached_property
    def seo_image(self):
        for attr in self.seo_image_sources:
            image = getattr(self, attr, None)
            if isinstance(image, AbstractImage):
                return image
        try:
            return self.seo_org_fields.og_image_default
        except SeoSettings.DoesNotExist:
            return None

    @cached_property
    def seo_image_url(self) -> str:
        return super().seo_image_url

    @cached_property
    def seo_org_fields(self):
        return site_settings.for_site(SeoSettings, self.get_site())

    def get_view_restrictions(self):
        # A page being served: Wagtail's check before serving, then the
        # page's own (core.access.can_see_page: meeting links, paywalls)
        # share one read. core.access also counts an alias source's
        # restrictions, which only hides more.
        if not hasattr(self, "_routed_ancestors"):
            return super().get_view_restrictions()
        return restrictions_queryset(view_restrictions_for(self))

    @cached_property
    def breadcrumbs(self):
        """Ancestors below the site root, then this page (the template and
        the JSON-LD both ask, so once per request)."""
        # Plain pages: a crumb needs a title and a URL, and `.specific()`
        # would cost a query per page type on the way down.
        ancestors = getattr(self, "_routed_ancestors", None)
        if ancestors is None:
            ancestors = self.get_ancestors().live().filter(depth__gt=1)
        else:
            ancestors = [page for page in ancestors if page.live and page.depth > 1]
        return [*ancestors, self]

    def breadcrumb_data(self) -> dict:
        """schema.org BreadcrumbList, rendered with the `jsonld` filter."""
        items = [
            {
                "@type": "ListItem",
                "position": position,
                "name": page.title,
                "item": page.get_full_url(),
            }
            for position, page in enumerate(self.breadcrumbs, start=1)
        ]
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": items,
        }


def restrictions_queryset(restrictions) -> QuerySet:
    """These restrictions, already read, as the queryset Wagtail asks
    `get_view_restrictions` for: iterating it reads no more (a clone, such
    as .order_by(), queries again as usual)."""
    queryset = PageViewRestriction.objects.filter(
        pk__in=[restriction.pk for restriction in restrictions]
    )
    queryset._result_cache = list(restrictions)
    return queryset


def route_descendant(root: Page, request, path_components: list[str]):
    """Wagtail's routing for `path_components` below a site's root page in
    two queries, where Wagtail's own takes two per level: the page and its
    ancestors by their url_path in one, then the page's specific row.

    None when the path names no page, or the walk would pass a page whose
    class routes sub-paths itself: the caller then routes Wagtail's way.
    The ancestors travel on the page for its breadcrumbs and view
    restrictions."""
    if root.depth != 2 or not path_components:
        return None
    prefixes = [
        root.url_path + "".join(f"{slug}/" for slug in path_components[:n])
        for n in range(1, len(path_components) + 1)
    ]
    # url_path has no index on Wagtail's table; slug has one, and the slugs
    # narrow the scan to a handful of rows before url_path decides.
    chain = list(
        Page.objects.filter(
            slug__in=path_components,
            url_path__in=prefixes,
            path__startswith=root.path,
            depth__gt=root.depth,
            depth__lte=root.depth + len(path_components),
        ).order_by("depth")
    )
    if [page.url_path for page in chain] != prefixes:
        return None
    for page in chain[:-1]:
        cls = page.specific_class
        if cls is None or cls.route not in (Page.route, BasePage.route):
            return None
    cls = chain[-1].specific_class
    if cls is None:
        return None
    if issubclass(cls, BasePage):
        page = cls.get_serve_queryset().filter(pk=chain[-1].pk).first()
        if page is None:
            return None
    else:
        page = chain[-1].specific
    page._routed_ancestors = [root, *chain[:-1]]
    # As Wagtail's routing does: get_parent() then costs no query.
    page._cached_parent_obj = page._routed_ancestors[-1]
    # Each page instance asks the cache for the sites' root paths the first
    # time it builds a URL without the request (breadcrumbs, canonical and
    # share links); the request's copy answers them all.
    root_paths = root._get_site_root_paths(request)
    for crumb in [*page._routed_ancestors, page]:
        crumb._wagtail_cached_site_root_paths = root_paths
    return page.route(request, [])


class RemovedPage(models.Model):
    """The address of a live page that was deleted, so it can answer 410 Gone
    (search engines drop a 410 at once, a 404 only after retries)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="removed_pages",
        verbose_name=_("site"),
    )
    path = models.CharField(
        _("path"),
        max_length=255,
        help_text=_("The address relative to the site root, e.g. /sessions/sql/."),
    )
    title = models.CharField(_("title"), max_length=255)
    removed_at = models.DateTimeField(_("removed at"), default=timezone.now)

    class Meta:
        verbose_name = _("removed page")
        verbose_name_plural = _("removed pages")
        ordering = ["-removed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "path"], name="core_removedpage_unique_site_path"
            )
        ]

    def __str__(self) -> str:
        return self.path
