"""Member-facing mentorship views: parse, call one service, answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from experts import errors
from experts.errors import ExpertsError
from experts.forms import MentorshipRequestForm
from experts.models import MentorshipRequest
from experts.selectors import (
    get_mentee_places_left,
    get_mentorship_refusal,
    list_visible_experts,
)
from experts.services import request_mentorship, withdraw_mentorship_request

# What the page offers next to each refusal (see mentorship_request.html).
REFUSAL_KINDS = [
    (errors.OWN_MENTORSHIP, "own"),
    (errors.EMAIL_NOT_VERIFIED, "verify"),
    (errors.ALREADY_REQUESTED, "requested"),
    (errors.ALREADY_MENTEE, "mentee"),
]


def _dashboard_section() -> str:
    return reverse("dashboard") + "#mentorship"


def _refusal_kind(refusal) -> str:
    return next((kind for message, kind in REFUSAL_KINDS if message == refusal), "")


@login_required
@require_http_methods(["GET", "POST"])
def mentorship_request(request, username: str):
    page = get_object_or_404(
        list_visible_experts().select_related("expert"),
        expert__username__iexact=username,
        expert__is_active=True,
    )
    form = MentorshipRequestForm(request.POST or None)
    refusal = get_mentorship_refusal(expert_page=page, member=request.user)
    status = 200
    if request.method == "POST":
        if refusal is not None:
            # The page already said so; someone posting anyway gets it again.
            status = 409
        elif form.is_valid():
            try:
                request_mentorship(
                    expert_page=page,
                    member=request.user,
                    goals=form.cleaned_data["goals"],
                )
            except ExpertsError as error:
                # Things changed between the check above and the lock (the
                # last place went, the expert stopped taking mentees).
                if error.message == errors.GOALS_EMPTY:
                    form.add_error("goals", error.message)
                    status = 400
                else:
                    refusal = error.message
                    status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Your request is on its way to %(name)s. We will email "
                        "you when they answer."
                    )
                    % {"name": page.title},
                )
                return redirect(_dashboard_section())
        else:
            status = 400
    return render(
        request,
        "experts/mentorship_request.html",
        {
            # Not "page": base.html reads that as the Wagtail page being served.
            "expert_page": page,
            "form": form,
            "refusal": refusal,
            "refusal_kind": _refusal_kind(refusal) if refusal else "",
            "places_left": get_mentee_places_left(page),
        },
        status=status,
    )


@require_POST
def mentorship_withdraw(request, pk: int):
    if not request.user.is_authenticated:
        # After logging in they land on the dashboard, not on this POST URL.
        return redirect_to_login(_dashboard_section())
    # Someone else's request is a 404: its existence is none of their business.
    mentorship = get_object_or_404(
        MentorshipRequest.objects.select_related("expert"),
        pk=pk,
        member=request.user,
    )
    try:
        withdraw_mentorship_request(request=mentorship, member=request.user)
    except ExpertsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You have withdrawn your request to %(name)s.")
            % {"name": mentorship.expert},
        )
    return redirect(_dashboard_section())
