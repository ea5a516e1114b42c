"""Threads in /sitemap.xml: the visible ones only, changed when last active."""

from django.contrib.sitemaps import Sitemap

from forum.selectors import list_visible_threads


class ThreadSitemap(Sitemap):
    def items(self):
        return (
            list_visible_threads().only("pk", "slug", "last_activity_at").order_by("pk")
        )

    def lastmod(self, thread):
        return thread.last_activity_at
