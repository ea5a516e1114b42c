"""Reviewing a completed mentorship: parse, call the service, answer. Only
the mentor and the mentee see the page; anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentorship.errors import MentorshipError
from mentorship.one_to_one_selectors import get_own_mentorship_or_404
from mentorship.review_forms import MenteeReviewForm, MentorFeedbackForm
from mentorship.review_selectors import get_review_page
from mentorship.reviews import (
    REVIEW_EDIT_DAYS,
    edit_deadline,
    frozen_message,
    review_refusal,
    save_mentorship_review,
)


def _initial(own) -> dict:
    if own is None:
        return {}
    return {"rating": own.rating, "comment": own.comment}


@require_http_methods(["GET", "POST"])
@login_required
def review(request, pk: int):
    """/mentorship/<id>/review/: the form for this member's side (POST
    saves it), and what the other side wrote about them."""
    mentorship = get_own_mentorship_or_404(request.user, pk)
    page = get_review_page(mentorship=mentorship, user=request.user)
    other = mentorship.mentee if page.is_mentor else mentorship.mentor
    form_class = MentorFeedbackForm if page.is_mentor else MenteeReviewForm
    # Bound on every POST, an empty one included: it must say what is missing.
    data = request.POST if request.method == "POST" else None
    form = form_class(data, initial=_initial(page.own))
    refusal = review_refusal(mentorship=mentorship, user=request.user)
    if refusal is None and not page.can_edit:
        refusal = frozen_message()
    status = 200
    if request.method == "POST":
        if refusal is not None:
            # Not completed, or frozen: the page says why and offers no form.
            status = 409
        elif form.is_valid():
            try:
                save_mentorship_review(
                    mentorship=mentorship,
                    author=request.user,
                    rating=form.cleaned_data.get("rating"),
                    comment=form.cleaned_data["comment"],
                )
            except MentorshipError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                done = (
                    _("Your changes are saved.")
                    if page.own
                    else _("Thank you. Your review is saved; we have emailed %(name)s.")
                    % {"name": other}
                )
                messages.success(request, done)
                return redirect("mentorship_review", pk=mentorship.pk)
        else:
            status = 400
    return render(
        request,
        "mentorship/review.html",
        {
            "mentorship": mentorship,
            "review_page": page,
            "other": other,
            "form": form,
            "refusal": refusal,
            "edit_deadline": edit_deadline(page.own) if page.own else None,
            "edit_days": REVIEW_EDIT_DAYS,
        },
        status=status,
    )
