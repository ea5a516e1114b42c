"""Conversation pages: the inbox, one thread, reporting a message, and the
email preference. Parse, call one service, answer.

Someone who is not in the mentorship gets 404 everywhere, staff included:
whether a conversation exists is none of their business. Staff read a
reported message only through the admin (mentorship/abuse_admin.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import EmailPreferenceSource, User
from mentorship import errors, messaging
from mentorship.conversation_forms import MessageEmailsForm, MessageForm, ReportForm
from mentorship.errors import MentorshipError
from mentorship.messaging_selectors import (
    get_conversation,
    get_message_for_participant,
    list_conversations,
    list_thread,
    wants_message_emails,
)
from sessions.timezones import member_zone

# Long threads are paged; the newest page shows first, next to the form.
MESSAGES_PER_PAGE = 50
# Errors about what was typed go next to the field; others above the form.
BODY_ERRORS = (errors.MESSAGE_EMPTY, errors.CONVERSATION_MESSAGE_TOO_LONG)


def _conversation_url(mentorship_id: int) -> str:
    return reverse("mentorship_conversation", kwargs={"mentorship_id": mentorship_id})


@login_required
def inbox(request):
    return render(
        request,
        "mentorship/inbox.html",
        {
            "conversations": list_conversations(request.user),
            "emails_form": MessageEmailsForm(
                initial={"emails_enabled": wants_message_emails(request.user)}
            ),
            "zone": member_zone(request.user).key,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request, mentorship_id: int):
    mentorship = get_conversation(mentorship_id=mentorship_id, user=request.user)
    if mentorship is None:
        raise Http404
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                message = messaging.send_message(
                    mentorship=mentorship,
                    sender=request.user,
                    body=form.cleaned_data["body"],
                    reply_to=_reply_to(mentorship, form.cleaned_data["reply_to"]),
                )
            except MentorshipError as error:
                field = "body" if error.message in BODY_ERRORS else None
                form.add_error(field, error.message)
                if error.message == errors.CONVERSATION_CLOSED:
                    status = 409
            else:
                return redirect(
                    f"{_conversation_url(mentorship.pk)}#message-{message.pk}"
                )
    else:
        messaging.mark_read(mentorship=mentorship, user=request.user)

    thread = list_thread(mentorship)
    paginator = Paginator(thread, MESSAGES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    reply_to = _reply_to_from_query(mentorship, request.GET.get("reply_to"))
    if reply_to is not None and not form.is_bound:
        form = MessageForm(initial={"reply_to": reply_to.pk})
    other = (
        mentorship.mentee
        if request.user.pk == mentorship.mentor_id
        else mentorship.mentor
    )
    return render(
        request,
        "mentorship/conversation.html",
        {
            "mentorship": mentorship,
            "other": other,
            "thread_page": page,
            "form": form,
            "replying_to": reply_to,
            "closed_message": errors.CONVERSATION_CLOSED,
            "zone": member_zone(request.user).key,
        },
        status=status,
    )


def _reply_to(mentorship, message_id: int | None):
    if not message_id:
        return None
    message = list_thread(mentorship).filter(pk=message_id).first()
    if message is None:
        raise MentorshipError(errors.REPLY_ELSEWHERE)
    return message


def _reply_to_from_query(mentorship, raw: str | None):
    if not raw or not raw.isdigit() or len(raw) > 18:
        return None
    return list_thread(mentorship).filter(pk=int(raw)).first()


@login_required
@require_http_methods(["GET", "POST"])
def report_message(request, message_id: int):
    message = get_message_for_participant(message_id=message_id, user=request.user)
    if message is None:
        raise Http404
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                messaging.report_message(
                    message=message,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except MentorshipError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Staff will look at this message; the other "
                        "person is not told who reported it."
                    ),
                )
                url = _conversation_url(message.mentorship_id)
                return redirect(f"{url}#message-{message.pk}")
    return render(
        request,
        "mentorship/report_message.html",
        {
            "message": message,
            "form": form,
            "is_own": message.sender_id == request.user.pk,
            "own_message_refusal": errors.REPORT_OWN_MESSAGE,
            "zone": member_zone(request.user).key,
        },
        status=status,
    )


@login_required
@require_POST
def message_emails(request):
    form = MessageEmailsForm(request.POST)
    form.is_valid()  # A checkbox: absent means off, nothing can be invalid.
    enabled = bool(form.cleaned_data.get("emails_enabled"))
    messaging.set_message_emails(user=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("We will email you about unread messages."))
    else:
        messages.success(request, _("We will not email you about messages any more."))
    return redirect("mentorship_inbox")


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """From the link in the email, signed in or not. GET only asks: mail
    scanners follow links, and must not switch anything off."""
    user_id = messaging.user_id_from_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return render(request, "mentorship/unsubscribe_invalid.html", status=400)
    done = False
    if request.method == "POST":
        messaging.set_message_emails(
            user=user, enabled=False, source=EmailPreferenceSource.UNSUBSCRIBE_LINK
        )
        done = True
    return render(
        request, "mentorship/unsubscribe.html", {"done": done, "token": token}
    )
