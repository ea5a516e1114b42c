from functools import cache


def unread_notifications(request):
    """`unread_forum_notification_count` for the header's Notifications link.

    A callable, so only a page that shows it (a signed-in member's header)
    runs its one COUNT, and only once however often the template asks.
    """

    @cache
    def unread_forum_notification_count() -> int:
        from forum.notification_selectors import get_unread_notification_count

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return get_unread_notification_count(user)

    return {"unread_forum_notification_count": unread_forum_notification_count}
