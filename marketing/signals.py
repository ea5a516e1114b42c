"""Share cards follow publishing: Wagtail's page_published signal, connected
for the page types that have a card (marketing.apps)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from marketing.models import ShareCard
from marketing.share_cards import (
    SHARED_TYPES,
    forget_cached_share_card,
    remove_share_card,
)
from marketing.tasks import generate_share_card


def queue_share_card(sender, instance, **kwargs) -> None:
    # After commit: the worker must see the published row, and a publish
    # that rolls back draws nothing.
    page_id = instance.pk
    transaction.on_commit(lambda: generate_share_card.enqueue(page_id))


def forget_share_card(sender, instance, **kwargs) -> None:
    remove_share_card(page_id=instance.pk)


def delete_card_file(sender, instance, **kwargs) -> None:
    # Also when the page's deletion cascades here. After commit: a rolled
    # back delete keeps its row, so it must keep its file.
    name, storage = instance.image.name, instance.image.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def forget_cached_card(sender, instance, **kwargs) -> None:
    # Every write of a card, the page's deletion cascading here included.
    forget_cached_share_card(page_id=instance.page_id)


def connect() -> None:
    for model in SHARED_TYPES:
        label = model._meta.label_lower
        page_published.connect(
            queue_share_card, sender=model, dispatch_uid=f"marketing_card_{label}"
        )
        page_unpublished.connect(
            forget_share_card, sender=model, dispatch_uid=f"marketing_uncard_{label}"
        )
    post_delete.connect(
        delete_card_file, sender=ShareCard, dispatch_uid="marketing_card_file"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            forget_cached_card,
            sender=ShareCard,
            dispatch_uid=f"marketing_card_cache_{signal is post_save}",
        )
