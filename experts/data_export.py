"""The expert page about a member, in their data download; registered with
`accounts.data_export` from ExpertsConfig.ready(). Expert applications are
an accounts record and sit in its section."""

from accounts.data_export import iso
from experts.models import ExpertPage


class ExpertsDataExport:
    name = "experts"

    def export(self, *, user) -> dict:
        page = ExpertPage.objects.filter(expert=user).first()
        if page is None:
            return {"expert_page": None}
        return {
            "expert_page": {
                "title": page.title,
                "url": page.full_url,
                "headline": page.headline,
                "live": page.live,
                "first_published_at": iso(page.first_published_at),
            }
        }
