"""Leaving a review and replying to one: POST-only, from the session page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sessions import errors
from sessions.access import get_visible_session_or_404
from sessions.errors import SessionsError
from sessions.forms import ReplyForm, ReviewForm
from sessions.models import Review, SessionPage
from sessions.services.reviews import leave_review, reply_to_review


def _back_to_reviews(session: SessionPage):
    return redirect(f"{session.url}#reviews")


def _form_errors(form) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


@require_POST
@login_required
def review_create(request, session_id: int):
    session = get_visible_session_or_404(request, session_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back_to_reviews(session)
    try:
        leave_review(
            session=session,
            author=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except SessionsError as error:
        messages.error(request, error.message)
        return _back_to_reviews(session)
    messages.success(request, _("Thank you: your review is published."))
    return _back_to_reviews(session)


@require_POST
@login_required
def review_reply(request, review_id: int):
    review = get_object_or_404(Review.objects.select_related("session"), pk=review_id)
    session = review.session.specific
    if review.session.host_id != request.user.pk:
        # The form is only shown to the host; anyone else is probing.
        raise PermissionDenied(errors.REPLY_NOT_HOST)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back_to_reviews(session)
    try:
        reply_to_review(
            review=review, host=request.user, text=form.cleaned_data["text"]
        )
    except SessionsError as error:
        messages.error(request, error.message)
        return _back_to_reviews(session)
    messages.success(request, _("Your reply is published under the review."))
    return _back_to_reviews(session)
