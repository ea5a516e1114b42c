"""The shared skill vocabulary and the base every public page builds on."""

from functools import cached_property

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase
from wagtailseo.models import SeoMixin

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

    def get_site(self):
        # wagtail-seo asks for the site several times per render (title,
        # og:site_name, organisation settings); a page instance lives for one
        # request, so one lookup is enough.
        if not hasattr(self, "_site"):
            self._site = super().get_site()
        return self._site

    @cached_property
    def breadcrumbs(self):
        """Ancestors below the site root, then this page (the template and
        the JSON-LD both ask, so once per request)."""
        # Plain pages: a crumb needs a title and a URL, and `.specific()`
        # would cost a query per page type on the way down.
        ancestors = self.get_ancestors().live().filter(depth__gt=1)
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
