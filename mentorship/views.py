"""Member-facing mentorship pages: parse, call one service, answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from experts.selectors import get_mentee_places_left, list_visible_experts
from mentorship import errors
from mentorship.availability import availability_zone, save_availability
from mentorship.errors import MentorshipError
from mentorship.forms import (
    AvailabilityForm,
    QuestionnaireForm,
    RequestForm,
    TargetSkillFormSetClass,
    WindowFormSetClass,
)
from mentorship.models import MenteeProfile, Mentorship
from mentorship.selectors import (
    get_mentee_profile,
    get_mentorship_refusal,
    has_mentor_page,
    list_availability,
    list_latest_mentorships_of_mentee,
)
from mentorship.services import (
    request_mentorship,
    save_questionnaire,
    withdraw_mentorship,
)
from mentorship.suggestions import find_matches, how_matching_works
from sessions.timezones import member_zone

# What the request page offers next to each refusal (see request.html).
REFUSAL_KINDS = [
    (errors.OWN_MENTORSHIP, "own"),
    (errors.EMAIL_NOT_VERIFIED, "verify"),
    (errors.ALREADY_REQUESTED, "requested"),
    (errors.ALREADY_MENTEE, "mentee"),
]


def _mentorships_section() -> str:
    return reverse("dashboard") + "#mentorship"


def _refusal_kind(refusal) -> str:
    return next((kind for message, kind in REFUSAL_KINDS if message == refusal), "")


def _windows_formset(data, user):
    return WindowFormSetClass(
        data,
        prefix="windows",
        initial=[
            {"weekday": w.weekday, "starts_at": w.starts_at, "ends_at": w.ends_at}
            for w in list_availability(user)
        ],
    )


def _questionnaire_initial(user, profile: MenteeProfile | None) -> dict:
    if profile is None:
        return {
            "time_zone": member_zone(user).key,
            "preferred_format": MenteeProfile.Format.EITHER,
            "frequency": MenteeProfile.Frequency.FORTNIGHTLY,
            "budget_kind": MenteeProfile.Budget.FREE,
            "currency": "EUR",
        }
    return {
        "goals": profile.goals,
        "preferred_format": profile.preferred_format,
        "frequency": profile.frequency,
        "time_zone": profile.time_zone,
        "languages": [row.language for row in profile.languages.all()],
        "budget_kind": profile.budget_kind,
        "budget_max": profile.budget_max,
        "currency": profile.currency,
    }


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request):
    """/mentorship/: what the member wants from a mentor, then their
    mentorships."""
    user = request.user
    profile = get_mentee_profile(user)
    data = request.POST if request.method == "POST" else None
    form = QuestionnaireForm(data, initial=_questionnaire_initial(user, profile))
    skills = TargetSkillFormSetClass(
        data,
        prefix="skills",
        initial=[
            {
                "skill": target.skill_id,
                "current_level": target.current_level,
                "target_level": target.target_level,
            }
            for target in (profile.target_skills.all() if profile else [])
        ],
    )
    windows = _windows_formset(data, user)
    status = 200
    if data is not None:
        if form.is_valid() and skills.is_valid() and windows.is_valid():
            try:
                save_questionnaire(
                    user=user,
                    **form.cleaned_data,
                    targets=skills.targets,
                    windows=windows.windows,
                )
            except MentorshipError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Your answers are saved. These mentors fit them best.")
                )
                return redirect("mentorship_matches")
        status = 400
    return render(
        request,
        "mentorship/questionnaire.html",
        {
            "form": form,
            "skills_formset": skills,
            "windows_formset": windows,
            "has_errors": status == 400,
            "profile": profile,
            "mentorships": list_latest_mentorships_of_mentee(user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    """/mentorship/availability/: the weekly times a member is free, in
    their zone. Mentors keep theirs here; mentees also give them in the
    questionnaire (the same windows)."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = AvailabilityForm(data, initial={"time_zone": availability_zone(user)})
    windows = _windows_formset(data, user)
    status = 200
    if data is not None:
        if form.is_valid() and windows.is_valid():
            try:
                save_availability(
                    user=user,
                    time_zone=form.cleaned_data["time_zone"],
                    windows=windows.windows,
                )
            except MentorshipError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your availability is saved."))
                return redirect("mentorship_availability")
        status = 400
    return render(
        request,
        "mentorship/availability.html",
        {
            "form": form,
            "windows_formset": windows,
            "has_errors": status == 400,
            "is_mentor": has_mentor_page(user),
        },
        status=status,
    )


@login_required
@require_GET
def matches(request):
    """/mentorship/matches/: the mentors that fit the questionnaire best."""
    results = find_matches(request.user)
    if results is None:
        messages.info(
            request,
            _("Tell us what you want to learn first; then we suggest mentors."),
        )
        return redirect("mentorship")
    return render(
        request,
        "mentorship/matches.html",
        {
            "suggestions": results.suggestions,
            "already_open": results.already_open,
            "rules": how_matching_works(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_view(request, username: str):
    page = get_object_or_404(
        list_visible_experts().select_related("expert"),
        expert__username__iexact=username,
        expert__is_active=True,
    )
    profile = get_mentee_profile(request.user)
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        initial={"goals": profile.goals if profile else ""},
    )
    refusal = get_mentorship_refusal(mentor_page=page, mentee=request.user)
    status = 200
    if request.method == "POST":
        if refusal is not None:
            # The page already said so; someone posting anyway gets it again.
            status = 409
        elif form.is_valid():
            try:
                request_mentorship(
                    mentor_page=page,
                    mentee=request.user,
                    goals=form.cleaned_data["goals"],
                    message=form.cleaned_data["message"],
                )
            except MentorshipError as error:
                # Things changed between the check above and the lock (the
                # last place went, the expert stopped taking mentees).
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
                return redirect(_mentorships_section())
        else:
            status = 400
    return render(
        request,
        "mentorship/request.html",
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
def withdraw(request, pk: int):
    if not request.user.is_authenticated:
        # After logging in they land on their mentorships, not on this POST URL.
        return redirect_to_login(_mentorships_section())
    # Someone else's mentorship is a 404: its existence is none of their business.
    mentorship = get_object_or_404(
        Mentorship.objects.select_related("mentor"), pk=pk, mentee=request.user
    )
    try:
        withdraw_mentorship(mentorship=mentorship, mentee=request.user)
    except MentorshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You have withdrawn your request to %(name)s.")
            % {"name": mentorship.mentor},
        )
    # Withdrawn from /mentorship/ or from the dashboard: back to where it was.
    if request.POST.get("back") == "mentorship":
        return redirect(reverse("mentorship") + "#my-mentorships")
    return redirect(_mentorships_section())
