"""Following threads and categories, the member's notifications page and
the digest's unsubscribe link. Parse, call one service, answer.

A member only ever sees their own notifications: the page lists
`request.user`'s and takes no id from the URL.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import EmailPreferenceSource, User
from forum import notification_emails, notifications
from forum.errors import ForumError
from forum.models import Category, Thread
from forum.notification_selectors import list_notifications
from forum.services import following

NOTIFICATIONS_PER_PAGE = 30


def _back(request, fallback: str):
    """Where the follow button was: `next` when it is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _follow_action(request) -> bool:
    action = request.POST.get("action", "follow")
    if action not in ("follow", "unfollow"):
        raise Http404
    return action == "follow"


@login_required
@require_POST
def follow_thread(request, thread_id: int):
    thread = get_object_or_404(
        Thread, pk=thread_id, is_hidden=False, deleted_at__isnull=True
    )
    follow = _follow_action(request)
    try:
        if follow:
            following.follow_thread(user=request.user, thread=thread)
            messages.success(
                request, _("You follow this thread: new answers are notified.")
            )
        else:
            following.unfollow_thread(user=request.user, thread=thread)
            messages.success(request, _("You no longer follow this thread."))
    except ForumError as error:
        messages.error(request, error.message)
    return _back(request, thread.get_absolute_url())


@login_required
@require_POST
def follow_category(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    if _follow_action(request):
        following.follow_category(user=request.user, category=category)
        messages.success(
            request,
            _("You follow %(category)s: new threads there are notified.")
            % {"category": category.name},
        )
    else:
        following.unfollow_category(user=request.user, category=category)
        messages.success(
            request,
            _("You no longer follow %(category)s.") % {"category": category.name},
        )
    return _back(request, f"/forum/c/{category.slug}/")


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    """Newest first; the ones shown are marked read as the page opens, and
    stay highlighted as new on this showing."""
    if request.method == "POST":
        # The only form here is "mark all read".
        notifications.mark_all_read(user=request.user)
        messages.success(request, _("All your notifications are marked read."))
        return redirect("forum_notifications")
    page = Paginator(list_notifications(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    unread = [n.pk for n in shown if n.read_at is None]
    if unread:
        notifications.mark_read(user=request.user, notification_ids=unread)
    return render(
        request,
        "forum/notifications.html",
        {
            "notifications_page": page,
            "shown": shown,
            "emails_enabled": notification_emails.wants_forum_emails(request.user),
        },
    )


@login_required
@require_POST
def notification_emails_setting(request):
    enabled = request.POST.get("emails_enabled") == "on"
    notification_emails.set_forum_emails(user=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("We will email you about forum notifications."))
    else:
        messages.success(request, _("We will not email you about the forum any more."))
    return redirect("forum_notifications")


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """From the link in the email, signed in or not. GET only asks: mail
    scanners follow links, and must not switch anything off."""
    user_id = notification_emails.user_id_from_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return render(
            request, "forum/notifications_unsubscribe_invalid.html", status=400
        )
    done = False
    if request.method == "POST":
        notification_emails.set_forum_emails(
            user=user, enabled=False, source=EmailPreferenceSource.UNSUBSCRIBE_LINK
        )
        done = True
    return render(
        request, "forum/notifications_unsubscribe.html", {"done": done, "token": token}
    )
