"""The member's side of feedback from experts: their requests and the form
to ask one expert. The expert answers in the admin (feedback_admin.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from progress.errors import ProgressError
from progress.feedback_forms import AskForm
from progress.feedback_selectors import (
    get_askable_expert,
    list_mentors_of,
    list_requests_of_member,
    list_skills_to_ask_about,
)
from progress.models import FeedbackRequest
from progress.services.feedback import (
    feedback_refusal,
    request_feedback,
    withdraw_feedback,
)


@login_required
def feedback_list(request):
    return render(
        request,
        "progress/feedback/list.html",
        {
            "requests": list_requests_of_member(request.user),
            "mentors": list_mentors_of(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request, username: str):
    expert = get_askable_expert(username)
    if expert is None:
        raise Http404
    refusal = feedback_refusal(member=request.user, expert=expert)
    skills = list_skills_to_ask_about(request.user, expert)
    form = AskForm(request.POST or None, skills=skills)
    status = 200
    if request.method == "POST":
        if not refusal and form.is_valid():
            try:
                request_feedback(
                    member=request.user,
                    expert=expert,
                    skill=form.cleaned_data["skill"],
                    message=form.cleaned_data["message"],
                )
            except ProgressError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"Your request is sent to {expert.get_full_name() or expert}. "
                    "You will get an email when they answer.",
                )
                return redirect("progress_feedback")
        status = 400
    return render(
        request,
        "progress/feedback/ask.html",
        {
            "expert": expert,
            "form": form,
            "refusal": refusal,
            "has_skills": skills.exists(),
        },
        status=status,
    )


@login_required
@require_POST
def withdraw(request, feedback_id: int):
    feedback = get_object_or_404(FeedbackRequest, pk=feedback_id, member=request.user)
    try:
        withdraw_feedback(feedback=feedback, member=request.user)
    except ProgressError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your request is withdrawn.")
    return redirect("progress_feedback")
