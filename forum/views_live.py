"""Answer it live: an expert turns the question into a draft session and
finishes it in the Wagtail admin (forum.services.live)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from forum.errors import ForumError
from forum.selectors import get_thread
from forum.services.live import start_live_answer


@login_required
@require_POST
def answer_live(request, thread_id: int):
    thread = get_thread(thread_id, request.user)
    if thread is None:
        raise Http404
    try:
        session = start_live_answer(thread=thread, host=request.user)
    except ForumError as error:
        messages.error(request, error.message)
        return redirect(thread.get_absolute_url())
    messages.success(
        request,
        "Your draft session is ready, made from the question. Set its time, "
        "seats and price, then publish it: everyone following the question "
        "hears about it then.",
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[session.pk]))
