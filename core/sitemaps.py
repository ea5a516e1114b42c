"""/sitemap.xml: Wagtail's sitemap over the pages anyone may see."""

from wagtail.contrib.sitemaps import Sitemap

from core.access import visible_pages


class VisibleSitemap(Sitemap):
    def items(self):
        # Wagtail's own uses public(), which keeps an alias made before its
        # source became private, and with it the private page's address.
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return visible_pages(pages).order_by("path").defer_streamfields().specific()
