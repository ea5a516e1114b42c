"""Workers drawing the same page's card at once (a publish twice in a row,
or the command beside a publish), each on its own connection.

PostgreSQL only: SQLite serialises every writer, which would prove nothing.
"""

import os
import threading

import pytest
from django.conf import settings

from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from marketing import share_cards
from marketing.models import ShareCard
from marketing.share_cards import ensure_share_card
from sessions.models import SessionPage
from sessions.tests.factories import SessionPageFactory

WORKERS = 4


@pytest.mark.django_db(transaction=True)
def test_workers_racing_on_one_page_leave_one_card_and_one_file(monkeypatch):
    needs_row_locks()
    ensure_site_tree()
    session = SessionPageFactory()
    # Every worker has drawn before any stores: all of them found no card.
    drawn = threading.Barrier(WORKERS)
    render = share_cards.render_share_card

    def render_then_wait(**text):
        png = render(**text)
        drawn.wait(timeout=30)
        return png

    monkeypatch.setattr(share_cards, "render_share_card", render_then_wait)

    def draw():
        page = SessionPage.objects.select_related("host").get(pk=session.pk)
        return ensure_share_card(page).pk

    assert len(set(run_at_once(draw, times=WORKERS))) == 1
    card = ShareCard.objects.get(page_id=session.pk)
    folder = os.path.join(settings.MEDIA_ROOT, "share-cards")
    assert os.listdir(folder) == [os.path.basename(card.image.name)]
