"""The page of one mentorship, for its mentor and its mentee, and the
changes either may make to it there. Anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from mentorship import services
from mentorship.errors import MentorshipError
from mentorship.forms import PlanForm
from mentorship.one_to_one_selectors import get_own_mentorship_or_404
from mentorship.overview import get_overview

# What each change calls, and what the member is told once it is made.
CHANGES = {
    "pause": (
        services.pause_mentorship,
        _("Paused. The place is free for someone else until you resume."),
    ),
    "resume": (services.resume_mentorship, _("Resumed. Welcome back.")),
    "complete": (
        services.complete_mentorship,
        _("Marked as completed. Thank you both."),
    ),
    "cancel": (services.cancel_mentorship, _("The mentorship is cancelled.")),
}
# Ending it is for good: these ask first (GET shows what will happen).
ASKS_FIRST = {"complete", "cancel"}


def detail_url(mentorship_id: int) -> str:
    return reverse("mentorship_detail", kwargs={"mentorship_id": mentorship_id})


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, mentorship_id: int):
    """The mentorship; POST saves its goals and shared notes."""
    mentorship = get_own_mentorship_or_404(request.user, mentorship_id)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(
        data, initial={"goals": mentorship.goals, "notes": mentorship.shared_notes}
    )
    if data is not None and form.is_valid():
        try:
            services.update_plan(
                mentorship=mentorship,
                user=request.user,
                goals=form.cleaned_data["goals"],
                notes=form.cleaned_data["notes"],
            )
        except MentorshipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved. You both see the new version."))
            return redirect(detail_url(mentorship.pk) + "#mentorship-goals")
    return render(
        request,
        "mentorship/detail.html",
        {"overview": get_overview(mentorship, request.user), "plan_form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def change(request, mentorship_id: int, action: str):
    if action not in CHANGES:
        raise Http404
    mentorship = get_own_mentorship_or_404(request.user, mentorship_id)
    if request.method == "GET":
        if action not in ASKS_FIRST:
            return redirect(detail_url(mentorship.pk))
        return render(
            request,
            "mentorship/change_confirm.html",
            {"overview": get_overview(mentorship, request.user), "action": action},
        )
    service, done = CHANGES[action]
    try:
        service(mentorship=mentorship, user=request.user)
    except MentorshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(detail_url(mentorship.pk))
