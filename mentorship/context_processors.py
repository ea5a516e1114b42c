from functools import cache


def unread_messages(request):
    """`unread_message_count` for the header's Messages link.

    A callable, so only a page that shows it (a signed-in member's header)
    runs its one COUNT, and only once however often the template asks.
    """

    @cache
    def unread_message_count() -> int:
        from mentorship.messaging_selectors import get_unread_message_count

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return get_unread_message_count(user)

    return {"unread_message_count": unread_message_count}
