"""The home page, the plain content pages and the site-wide settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site
from wagtail.search import index
from wagtailseo.models import SeoSettings

from core import site_settings
from core.access import Viewer, restrictions_above
from core.blocks import BodyStreamBlock, CardBlock, LinkBlock, validate_link_url
from core.models import BasePage, restrictions_queryset

from .blocks import FooterColumnBlock, HomeBodyBlock
from .selectors import get_home_highlights


@dataclass(frozen=True)
class Link:
    """A resolved link for templates: what to show and where it goes."""

    text: str
    href: str


class HomePage(BasePage):
    hero_heading = models.CharField(
        max_length=120, blank=True, help_text=_("Leave blank to use the page title.")
    )
    hero_intro = models.TextField(max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional; shown beside the welcome text on wide screens."),
    )
    primary_cta_label = models.CharField(max_length=40, blank=True)
    primary_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_cta_url = models.CharField(
        _("primary CTA URL"),
        max_length=255,
        blank=True,
        validators=[validate_link_url],
        help_text=_("Used when no page is chosen, e.g. /accounts/signup/."),
    )
    secondary_cta_label = models.CharField(max_length=40, blank=True)
    secondary_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secondary_cta_url = models.CharField(
        _("secondary CTA URL"),
        max_length=255,
        blank=True,
        validators=[validate_link_url],
        help_text=_("Used when no page is chosen, e.g. /sessions/."),
    )
    value_heading = models.CharField(
        _("value proposition heading"), max_length=120, blank=True
    )
    value_intro = models.TextField(_("value proposition intro"), blank=True)
    value_points = StreamField(
        [("card", CardBlock())],
        blank=True,
        max_num=6,
        verbose_name=_("value proposition points"),
    )
    body = StreamField(HomeBodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
            ],
            heading=_("Welcome"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("primary_cta_label"),
                FieldPanel("primary_cta_page"),
                FieldPanel("primary_cta_url"),
                FieldPanel("secondary_cta_label"),
                FieldPanel("secondary_cta_page"),
                FieldPanel("secondary_cta_url"),
            ],
            heading=_("Calls to action"),
            help_text=_("Each: a label and either a page or a URL."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("value_heading"),
                FieldPanel("value_intro"),
                FieldPanel("value_points"),
            ],
            heading=_("Value proposition"),
        ),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_intro"),
        index.SearchField("value_intro"),
        index.SearchField("body"),
    ]

    api_fields = [
        APIField("hero_heading"),
        APIField("hero_intro"),
        APIField("value_heading"),
        APIField("value_intro"),
        APIField("value_points"),
        APIField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # subpage_types stays open: the session, expert and learn indexes that
    # later features add all live directly under the home page.
    max_count = 1

    seo_description_sources = ["search_description", "hero_intro"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def clean(self):
        super().clean()
        errors = {}
        for prefix in ("primary_cta", "secondary_cta"):
            label = getattr(self, f"{prefix}_label")
            has_page = getattr(self, f"{prefix}_page_id") is not None
            url = getattr(self, f"{prefix}_url")
            if has_page and url:
                errors[f"{prefix}_url"] = _("Choose a page or enter a URL, not both.")
            elif url and not label:
                errors[f"{prefix}_label"] = _("A URL link needs a label.")
            elif label and not (has_page or url):
                errors[f"{prefix}_page"] = _("Choose a page or enter a URL.")
        if errors:
            raise ValidationError(errors)

    def _cta(self, prefix: str) -> Link | None:
        page = getattr(self, f"{prefix}_page")
        # An unpublished page would only lead to a 404; fall back to the URL.
        href = (page.url if page and page.live else "") or getattr(
            self, f"{prefix}_url"
        )
        text = getattr(self, f"{prefix}_label") or (page.title if page else "")
        return Link(text=text, href=href) if href and text else None

    @property
    def primary_cta(self) -> Link | None:
        return self._cta("primary_cta")

    @property
    def secondary_cta(self) -> Link | None:
        return self._cta("secondary_cta")

    @cached_property
    def everyone(self) -> Viewer:
        """core.access's viewer without a request, for what every visitor
        may see: the page's own restriction check and the highlights read
        the site's restrictions through it once."""
        return Viewer()

    def get_view_restrictions(self):
        if self.depth != 2 or self.alias_of_id:
            return super().get_view_restrictions()
        # Right under the tree's root (never an alias), so the page's
        # restrictions are among the site's by their paths alone.
        restrictions = restrictions_above(self.path, self.everyone.restrictions)
        # core.access.view_restrictions_for finds them here.
        self.__dict__["_view_restrictions"] = restrictions
        return restrictions_queryset(restrictions)

    @cached_property
    def breadcrumbs(self):
        # Right under the tree's root, which no crumb shows.
        return [self] if self.depth == 2 else super().breadcrumbs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["site_data"] = self.site_data(request)
        context["highlights"] = get_home_highlights(self.everyone)
        return context

    def site_data(self, request) -> list[dict]:
        """schema.org WebSite and Organization: search engines show the
        site's own name and logo, its social profiles, and a search box
        that lands on /search/. Settings come from core.site_settings'
        cache, as the header and footer read them."""
        url = self.get_full_url(request)
        organization_id = f"{url}#organization"
        branding = site_settings.for_request(BrandingSettings, request)
        social = site_settings.for_request(SocialMediaSettings, request)
        organization = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": organization_id,
            "name": branding.site_name,
            "url": url,
        }
        if branding.logo:
            logo = branding.logo.get_rendition("max-600x600")
            organization["logo"] = request.build_absolute_uri(logo.url)
        if same_as := [link.href for link in social.links]:
            organization["sameAs"] = same_as
        website = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": branding.site_name,
            "url": url,
            "publisher": {"@id": organization_id},
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": url.rstrip("/")
                    + reverse("search")
                    + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        }
        return [website, organization]


class StandardPage(BasePage):
    """About, terms, privacy and other plain pages."""

    intro = models.TextField(max_length=400, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    seo_description_sources = ["search_description", "intro"]
    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


# --- Site settings -------------------------------------------------------------
# `register_setting` stays on the models rather than in wagtail_hooks.py: the
# `settings` context processor finds settings through that registry, and public
# pages can render before Wagtail has imported any wagtail_hooks module.


@register_setting(icon="site")
class BrandingSettings(BaseSiteSetting):
    site_name = models.CharField(max_length=60, default="MasteryHub")
    tagline = models.CharField(
        max_length=120,
        blank=True,
        default="Learn a skill or share one with professionals.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown beside the site name in the header; PNG or WebP, about 80 px tall."
        ),
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default social-share image"),
        help_text=_(
            "Shown when a page without its own preview image is shared; "
            "1200×630 works best."
        ),
    )

    select_related = ["logo", "share_image"]

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("share_image"),
    ]

    class Meta:
        verbose_name = _("branding")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # wagtail-seo reads the site name from the Site and the fallback share
        # image from its own settings for every page type; copying them there
        # keeps one place for editors to change them.
        Site.objects.filter(pk=self.site_id).update(site_name=self.site_name)
        seo, _created = SeoSettings.objects.get_or_create(site_id=self.site_id)
        if seo.og_image_default_id != self.share_image_id:
            seo.og_image_default_id = self.share_image_id
            seo.save(update_fields=["og_image_default"])


@register_setting(icon="globe")
class SocialMediaSettings(BaseSiteSetting):
    linkedin = models.URLField("LinkedIn", blank=True)
    github = models.URLField("GitHub", blank=True)
    x = models.URLField("X (Twitter)", blank=True)
    youtube = models.URLField("YouTube", blank=True)
    mastodon = models.URLField("Mastodon", blank=True)
    instagram = models.URLField("Instagram", blank=True)
    facebook = models.URLField("Facebook", blank=True)

    panels = [
        HelpPanel(content=_("Full profile addresses; empty ones are not shown.")),
        FieldPanel("linkedin"),
        FieldPanel("github"),
        FieldPanel("x"),
        FieldPanel("youtube"),
        FieldPanel("mastodon"),
        FieldPanel("instagram"),
        FieldPanel("facebook"),
    ]

    class Meta:
        verbose_name = _("social media")

    @property
    def links(self) -> list[Link]:
        return [
            Link(text=str(self._meta.get_field(name).verbose_name), href=url)
            for name in (
                "linkedin",
                "github",
                "x",
                "youtube",
                "mastodon",
                "instagram",
                "facebook",
            )
            if (url := getattr(self, name))
        ]


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    header_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        max_num=8,
        help_text=_(
            "Main menu. When empty, the home page's children marked "
            "“Show in menus” are listed."
        ),
    )
    footer_columns = StreamField(
        [("column", FooterColumnBlock())], blank=True, max_num=4
    )
    footer_text = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("A short line under the columns, e.g. a company address."),
    )

    panels = [
        FieldPanel("header_links"),
        FieldPanel("footer_columns"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("navigation")
