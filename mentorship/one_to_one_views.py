"""1:1 sessions inside a mentorship: parse, call one service, answer.
Only the mentor and the mentee see them; anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from mentorship import one_to_ones as services
from mentorship.errors import MentorshipError
from mentorship.one_to_one_emails import one_to_one_ics
from mentorship.one_to_one_forms import OneToOneAcceptForm, OneToOneProposeForm
from mentorship.one_to_one_selectors import (
    get_own_mentorship_or_404,
    get_own_one_to_one_or_404,
    list_one_to_one_rows,
)
from sessions.timezones import format_for_member, member_zone


def _list_url(mentorship_id: int) -> str:
    return reverse("one_to_one_list", kwargs={"mentorship_id": mentorship_id})


@require_http_methods(["GET", "POST"])
@login_required
def one_to_one_list(request, mentorship_id: int):
    """The mentorship's 1:1s, and the form to propose one (POST)."""
    mentorship = get_own_mentorship_or_404(request.user, mentorship_id)
    is_mentor = request.user.pk == mentorship.mentor_id
    zone = member_zone(request.user).key
    form = OneToOneProposeForm(
        request.POST if request.method == "POST" else None,
        time_zone=zone,
        is_mentor=is_mentor,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_one_to_one(
                mentorship=mentorship, by=request.user, **form.cleaned_data
            )
        except MentorshipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Proposed. We have emailed them to accept or decline it.")
            )
            return redirect(_list_url(mentorship.pk))
    other = mentorship.mentee if is_mentor else mentorship.mentor
    context = {
        "mentorship": mentorship,
        "other": other,
        "is_mentor": is_mentor,
        "rows": list_one_to_one_rows(mentorship, request.user),
        "form": form,
        "zone": zone,
        "can_propose": mentorship.status == mentorship.Status.ACTIVE,
    }
    status = 400 if form.errors else 200
    return render(request, "mentorship/one_to_ones.html", context, status=status)


def _answer(request, one_to_one_id: int, action, done: str):
    one_to_one = get_own_one_to_one_or_404(request.user, one_to_one_id)
    try:
        action(one_to_one=one_to_one, by=request.user)
    except MentorshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_list_url(one_to_one.mentorship_id))


@require_POST
@login_required
def one_to_one_accept(request, one_to_one_id: int):
    one_to_one = get_own_one_to_one_or_404(request.user, one_to_one_id)
    form = OneToOneAcceptForm(request.POST)
    meeting_url = form.cleaned_data["meeting_url"] if form.is_valid() else ""
    try:
        accepted = services.accept_one_to_one(
            one_to_one=one_to_one, by=request.user, meeting_url=meeting_url
        )
    except MentorshipError as error:
        messages.error(request, error.message)
    else:
        if accepted.status == accepted.Status.AWAITING_PAYMENT:
            messages.success(
                request, _("Accepted. It is confirmed once the mentee has paid.")
            )
        else:
            messages.success(
                request, _("Confirmed. We have emailed you both a calendar file.")
            )
    return redirect(_list_url(one_to_one.mentorship_id))


@require_POST
@login_required
def one_to_one_decline(request, one_to_one_id: int):
    return _answer(request, one_to_one_id, services.decline_one_to_one, _("Declined."))


@require_POST
@login_required
def one_to_one_complete(request, one_to_one_id: int):
    return _answer(
        request,
        one_to_one_id,
        services.complete_one_to_one,
        _("Marked as done."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def one_to_one_cancel(request, one_to_one_id: int):
    """GET asks, showing what the refund policy gives back; POST cancels."""
    one_to_one = get_own_one_to_one_or_404(request.user, one_to_one_id)
    back = _list_url(one_to_one.mentorship_id)
    refund = services.cancellation_refund(one_to_one, by=request.user)
    if request.method == "GET":
        context = {
            "one_to_one": one_to_one,
            "starts": format_for_member(one_to_one.starts_at, request.user),
            "refund": refund,
            "refund_deadline": refund
            and format_for_member(refund.deadline, request.user),
            "is_mentor": request.user.pk == one_to_one.mentorship.mentor_id,
            "cancellable": one_to_one.status in one_to_one.UPCOMING_STATUSES,
            "back": back,
        }
        return render(request, "mentorship/one_to_one_cancel.html", context)
    return _answer(
        request,
        one_to_one_id,
        services.cancel_one_to_one,
        _("Cancelled. We have told you both.")
        if refund is None or not refund.refunded
        else _(
            "Cancelled. The %(amount)s %(currency)s paid is being refunded; it "
            "reaches the card or bank within 5 to 10 working days."
        )
        % {"amount": refund.amount, "currency": refund.currency},
    )


@require_GET
@login_required
def one_to_one_calendar(request, one_to_one_id: int):
    """The confirmed 1:1 as a calendar file, meeting link included: the
    same event the confirmation email attached."""
    one_to_one = get_own_one_to_one_or_404(request.user, one_to_one_id)
    if one_to_one.status != one_to_one.Status.CONFIRMED:
        raise Http404
    response = HttpResponse(
        one_to_one_ics(one_to_one), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="1-1.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
