"""Taking an assessment: start (from the assessment's page), the attempt
page with every question, and the result. Parse with a form, call one
service, show a ProgressError as a form error (400).

An attempt is its member's alone: anyone else gets 404, whether it exists
or not. The attempt page shows prompts only (progress.questions.Prompt);
the answer key appears on the result page, once the attempt is submitted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import can_see_page
from progress import errors
from progress.assessment_context import result_context
from progress.assessment_forms import SUBMIT, AnswersForm
from progress.assessment_selectors import get_member_attempt
from progress.errors import ProgressError
from progress.models import AssessmentPage, Attempt
from progress.questions import read_prompts
from progress.services.assessments import (
    is_overdue,
    save_answers,
    start_attempt,
    submit_attempt,
    submit_if_overdue,
)
from sessions.timezones import shown_time

Status = Attempt.Status


def _own_attempt(request, attempt_id: int) -> Attempt:
    attempt = get_member_attempt(request.user, attempt_id)
    if attempt is None:
        raise Http404
    return attempt


@require_POST
def attempt_start(request, assessment_id: int):
    page = AssessmentPage.objects.live().filter(pk=assessment_id).first()
    if page is None or not can_see_page(request, page):
        raise Http404
    if not request.user.is_authenticated:
        # Back to the assessment's page after signing in, where Start is.
        return redirect_to_login(page.url)
    try:
        attempt = start_attempt(member=request.user, assessment=page)
    except ProgressError as error:
        return render(
            request,
            "progress/attempt_refused.html",
            {
                "assessment": page,
                "error": error.message,
                "email_problem": errors.EMAIL_NOT_VERIFIED,
            },
            status=403 if error.message == errors.EMAIL_NOT_VERIFIED else 400,
        )
    return redirect("assessment_attempt", attempt_id=attempt.pk)


def _time_up(request, attempt: Attempt):
    submit_if_overdue(attempt=attempt)
    messages.warning(request, errors.TIME_UP)
    return redirect("assessment_result", attempt_id=attempt.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_page(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if attempt.status != Status.IN_PROGRESS:
        return redirect("assessment_result", attempt_id=attempt.pk)
    if is_overdue(attempt):
        return _time_up(request, attempt)
    form = AnswersForm(
        request.POST or None,
        prompts=read_prompts(attempt.questions),
        saved=attempt.answers,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            submitting = request.POST.get("action") == SUBMIT
            service = submit_attempt if submitting else save_answers
            try:
                service(attempt=attempt, member=request.user, answers=form.answers())
            except ProgressError as error:
                if error.message == errors.ALREADY_SUBMITTED:
                    # A second click on Submit: the first one did it.
                    return redirect("assessment_result", attempt_id=attempt.pk)
                if error.message == errors.TIME_UP:
                    return _time_up(request, attempt)
                form.add_error(None, error.message)
            else:
                if submitting:
                    return redirect("assessment_result", attempt_id=attempt.pk)
                messages.success(request, _("Your answers are saved."))
                return redirect("assessment_attempt", attempt_id=attempt.pk)
    context = {
        "attempt": attempt,
        "form": form,
        "deadline": (
            shown_time(attempt.deadline_at, request.user)
            if attempt.deadline_at
            else None
        ),
        "assessment_url": attempt.assessment.url if attempt.assessment else "",
    }
    return render(request, "progress/attempt.html", context, status=status)


@never_cache
@login_required
@require_GET
def attempt_result(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if attempt.status == Status.IN_PROGRESS:
        if not is_overdue(attempt):
            return redirect("assessment_attempt", attempt_id=attempt.pk)
        attempt = submit_if_overdue(attempt=attempt)
    context = result_context(attempt, request.user)
    context["assessment_url"] = attempt.assessment.url if attempt.assessment else ""
    return render(request, "progress/attempt_result.html", context)
