"""Progress tracking pages at /progress/: the overview, a skill's page with
its forms, what the member shares, and the read-only view a mentor gets
when their mentee shares with them. Parse, call one service, render.

Everything here is about one member's progress. A page of someone else's
answers 404 (not 403) unless they share it with the viewer: whether a
member tracks anything is theirs to tell."""

from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from core.http import private_if_signed_in
from core.models import Skill
from progress import errors, selectors
from progress.errors import ProgressError
from progress.forms import (
    EvidenceForm,
    GoalForm,
    RateForm,
    SharingForm,
    SkillChoiceForm,
)
from progress.models import Evidence, Goal
from progress.page_context import overview_context, skill_context
from progress.services.evidence import add_evidence, delete_evidence
from progress.services.goals import delete_goal, set_goal
from progress.services.levels import rate_myself
from progress.services.sharing import save_sharing
from sessions.timezones import member_zone

# The form field a service refusal is about; others show above the form.
FIELD_OF_ERROR = [
    (errors.BAD_LEVEL, "level"),
    (errors.EVIDENCE_BAD_URL, "url"),
    (errors.EVIDENCE_NO_TITLE, "title"),
]


def _field_for(form, message) -> str | None:
    field = next((name for known, name in FIELD_OF_ERROR if known == message), None)
    return field if field in form.fields else None


def member_page(view):
    """Signed-in members only; dates in the member's own time zone; never
    kept by a shared cache."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with timezone.override(member_zone(request.user)):
            response = view(request, *args, **kwargs)
        return private_if_signed_in(request, response)

    return wrapped


def _skill_or_404(slug: str) -> Skill:
    return get_object_or_404(Skill, slug=slug)


def _skill_url(skill: Skill, anchor: str = "") -> str:
    url = reverse("progress_skill", kwargs={"slug": skill.slug})
    return f"{url}#{anchor}" if anchor else url


# --- The member's own pages -------------------------------------------------


@member_page
@require_GET
def overview(request):
    """/progress/: every tracked skill; ?skill= opens one."""
    form = None
    status = 200
    if "skill" in request.GET:
        form = SkillChoiceForm(request.GET)
        if form.is_valid():
            return redirect(_skill_url(form.cleaned_data["skill"]))
        status = 400
    context = overview_context(member=request.user, editable=True, skill_form=form)
    return render(request, "progress/tracking/overview.html", context, status=status)


def _render_skill(request, skill: Skill, status: int = 200, **forms):
    context = skill_context(member=request.user, skill=skill, editable=True, **forms)
    context["has_errors"] = status == 400
    return render(request, "progress/tracking/skill.html", context, status=status)


@member_page
@require_GET
def skill_page(request, slug: str):
    return _render_skill(request, _skill_or_404(slug))


def _submit(request, skill: Skill, form, *, form_name: str, save, done, anchor: str):
    """A skill page form: valid input goes to `save` (one service call); a
    refusal lands on the form (on the field it is about) and the page comes
    back with 400, like invalid input."""
    if form.is_valid():
        try:
            result = save(**form.cleaned_data)
        except ProgressError as error:
            form.add_error(_field_for(form, error.message), error.message)
        else:
            messages.success(request, done(result))
            return redirect(_skill_url(skill, anchor))
    return _render_skill(request, skill, status=400, **{form_name: form})


def _delete_own(request, model, pk: int, *, delete, done: str, anchor: str):
    """Delete one of the member's own rows; anyone else's is a 404."""
    row = get_object_or_404(
        model.objects.select_related("skill"), pk=pk, member=request.user
    )
    delete(member=request.user, **{model._meta.model_name: row})
    messages.success(request, done)
    return redirect(_skill_url(row.skill, anchor))


@member_page
@require_POST
def rate(request, slug: str):
    skill = _skill_or_404(slug)
    return _submit(
        request,
        skill,
        RateForm(request.POST),
        form_name="rate_form",
        save=partial(rate_myself, member=request.user, skill=skill),
        done=lambda record: (
            _("Saved: you rate yourself %(level)s in %(skill)s.")
            % {"level": record.get_level_display(), "skill": skill.name}
        ),
        anchor="levels",
    )


@member_page
@require_POST
def goal_save(request, slug: str):
    skill = _skill_or_404(slug)
    current = selectors.get_current_level(member=request.user, skill=skill)
    return _submit(
        request,
        skill,
        GoalForm(request.POST, current_level=current),
        form_name="goal_form",
        save=partial(set_goal, member=request.user, skill=skill),
        done=lambda goal: _("Your goal is saved."),
        anchor="goal",
    )


@member_page
@require_POST
def goal_delete(request, pk: int):
    return _delete_own(
        request,
        Goal,
        pk,
        delete=delete_goal,
        done=_("Your goal is deleted."),
        anchor="goal",
    )


@member_page
@require_POST
def evidence_add(request, slug: str):
    skill = _skill_or_404(slug)
    return _submit(
        request,
        skill,
        EvidenceForm(request.POST),
        form_name="evidence_form",
        save=partial(add_evidence, member=request.user, skill=skill),
        done=lambda item: _("Added to your evidence."),
        anchor="evidence",
    )


@member_page
@require_POST
def evidence_delete(request, pk: int):
    return _delete_own(
        request,
        Evidence,
        pk,
        delete=delete_evidence,
        done=_("Removed from your evidence."),
        anchor="evidence",
    )


@member_page
@require_http_methods(["GET", "POST"])
def sharing(request):
    """/progress/sharing/: which levels show on the public profile, and
    whether mentors may see the progress pages."""
    member = request.user
    current = selectors.get_sharing(member)
    rated = selectors.list_rated_skills(member)
    initial = {
        "public_skills": list(current.public_skills.all()) if current else [],
        "share_with_mentors": current.share_with_mentors if current else False,
    }
    data = request.POST if request.method == "POST" else None
    form = SharingForm(data, initial=initial, rated_skills=rated)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                save_sharing(member=member, **form.cleaned_data)
            except ProgressError as error:
                form.add_error("public_skills", error.message)
            else:
                messages.success(request, _("Your sharing choices are saved."))
                return redirect("progress_sharing")
        status = 400
    return render(
        request,
        "progress/tracking/sharing.html",
        {"form": form, "has_errors": status == 400, "has_rated": rated.exists()},
        status=status,
    )


# --- What a mentor sees -----------------------------------------------------


def _shared_member_or_404(request, username: str) -> User:
    member = User.objects.filter(username__iexact=username, is_active=True).first()
    if member is None or not selectors.can_view_progress(
        viewer=request.user, member=member
    ):
        raise Http404
    return member


@member_page
@require_GET
def member_overview(request, username: str):
    member = _shared_member_or_404(request, username)
    if member.pk == request.user.pk:
        return redirect("progress")
    context = overview_context(member=member, editable=False)
    return render(request, "progress/tracking/overview.html", context)


@member_page
@require_GET
def member_skill(request, username: str, slug: str):
    member = _shared_member_or_404(request, username)
    skill = _skill_or_404(slug)
    if member.pk == request.user.pk:
        return redirect(_skill_url(skill))
    context = skill_context(member=member, skill=skill, editable=False)
    return render(request, "progress/tracking/skill.html", context)
