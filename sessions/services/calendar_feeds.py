"""A member's private calendar feed URL."""

from django.db import transaction

from sessions.models import CalendarFeed, new_feed_token


@transaction.atomic
def reset_calendar_feed(*, member) -> CalendarFeed:
    """Create the member's feed, or give it a new token: the old URL (which
    may have been shared by mistake) stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        member=member
    )
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
