from django.core.management.base import BaseCommand

from content.models import ArticlePage, CoursePage
from experts.models import ExpertPage
from marketing.models import ShareCard
from marketing.share_cards import ensure_share_card
from sessions.models import SessionPage


class Command(BaseCommand):
    help = (
        "Draw the share card of every live session, expert, article and "
        "course page that has none or whose text changed since it was drawn. "
        "Publishing draws them as it goes; this fills in pages published "
        "before share cards existed (and the demo data). Safe to run again."
    )

    def handle(self, *args, **options):
        fingerprints = dict(ShareCard.objects.values_list("page_id", "fingerprint"))
        querysets = [
            SessionPage.objects.live().select_related("host"),
            ExpertPage.objects.live(),
            ArticlePage.objects.live().select_related("author"),
            CoursePage.objects.live().select_related("author"),
        ]
        drawn = 0
        for queryset in querysets:
            for page in queryset.iterator(chunk_size=200):
                card = ensure_share_card(page)
                if card is not None and card.fingerprint != fingerprints.get(page.pk):
                    drawn += 1
        if options["verbosity"]:
            self.stdout.write(f"Drew {drawn} share card(s).")
