"""Articles and courses a member wrote, in their data download; registered
with `accounts.data_export` from ContentConfig.ready(). What they bought is
in the payments section (payments and entitlements)."""

from accounts.data_export import iso
from content.models import ArticlePage, CoursePage


class ContentDataExport:
    name = "content"

    def export(self, *, user) -> dict:
        return {
            key: [
                {
                    "title": page.title,
                    "url": page.full_url,
                    "live": page.live,
                    "first_published_at": iso(page.first_published_at),
                }
                for page in model.objects.filter(author=user).order_by("path")
            ]
            for key, model in (("articles", ArticlePage), ("courses", CoursePage))
        }
