from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import selectors
from accounts.errors import EMAIL_NOT_VERIFIED, AccountsError
from accounts.forms import ExpertApplicationForm, ProfileEntryFormSet, ProfileForm
from accounts.level_badges import list_level_badges
from accounts.models import ExpertApplication, ProfileEntry
from accounts.services import (
    EntryChange,
    apply_for_expert,
    ensure_profile,
    update_profile,
)

ENTRY_SECTIONS = (
    # (kind, formset prefix and section name, heading)
    (ProfileEntry.Kind.EXPERIENCE, "experience", gettext_lazy("Experience")),
    (ProfileEntry.Kind.ACHIEVEMENT, "achievements", gettext_lazy("Achievements")),
    (
        ProfileEntry.Kind.CERTIFICATION,
        "certifications",
        gettext_lazy("Certifications"),
    ),
    (ProfileEntry.Kind.PROJECT, "projects", gettext_lazy("Projects")),
)


def _entry_formsets(request, profile):
    data = request.POST if request.method == "POST" else None
    return [
        (
            kind,
            section,
            heading,
            ProfileEntryFormSet(
                data,
                instance=profile,
                queryset=profile.entries.filter(kind=kind),
                prefix=section,
            ),
        )
        for kind, section, heading in ENTRY_SECTIONS
    ]


def _entry_changes(formsets) -> list[EntryChange]:
    changes = []
    for kind, _section, _heading, formset in formsets:
        for form in formset.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            cleaned = form.cleaned_data
            changes.append(
                EntryChange(
                    kind=kind,
                    pk=form.instance.pk,
                    delete=bool(cleaned.get("DELETE")),
                    data={
                        k: v
                        for k, v in cleaned.items()
                        if k not in {"DELETE", "id", "profile"}
                    },
                )
            )
    return changes


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = ensure_profile(user=request.user)
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=profile,
        user=request.user,
    )
    formsets = _entry_formsets(request, profile)
    if request.method == "POST":
        # Validate every part (no short-circuit, so all errors show at once)
        # before anything is written.
        results = [form.is_valid(), *(fs.is_valid() for *_ignored, fs in formsets)]
        if all(results):
            try:
                update_profile(
                    profile=profile,
                    user_fields={
                        "name": form.cleaned_data["name"],
                        "username": form.cleaned_data["username"],
                    },
                    profile_fields=form.cleaned_data,
                    skills=form.cleaned_data["skills"],
                    interests=form.cleaned_data["interests"],
                    entries=_entry_changes(formsets),
                )
            except AccountsError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("profile_edit")
    error_count = (
        len(form.errors)
        + sum(len(f.errors) for *_ignored, fs in formsets for f in fs.forms)
        + sum(1 for *_ignored, fs in formsets if fs.non_form_errors())
    )
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "form": form,
            "formsets": formsets,
            "profile": profile,
            "error_count": error_count,
        },
        status=400 if request.method == "POST" else 200,
    )


def member_profile(request, username):
    profile = selectors.get_profile_by_username(username)
    if profile is None:
        raise Http404
    if profile.user.username != username:
        return redirect(
            "member_profile", username=profile.user.username, permanent=True
        )
    visible = selectors.get_visible_sections(profile=profile, viewer=request.user)
    entries = selectors.get_entries_by_kind(profile)
    entry_sections = [
        (section, heading, entries[kind])
        for kind, section, heading in ENTRY_SECTIONS
        if visible[section]
    ]
    return render(
        request,
        "accounts/member_profile.html",
        {
            "profile": profile,
            "member": profile.user,
            "visible": visible,
            "entry_sections": entry_sections,
            "level_badges": list_level_badges(profile.user),
            "is_owner": request.user.is_authenticated
            and request.user.pk == profile.user_id,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_apply(request):
    profile = ensure_profile(user=request.user)
    application = selectors.get_latest_expert_application(request.user)
    has_open = (
        application is not None
        and application.status == ExpertApplication.Status.PENDING
    )
    can_apply = not profile.is_expert and not has_open
    verified = selectors.has_verified_email(request.user)
    form = ExpertApplicationForm(request.POST or None) if can_apply else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, _("You cannot apply again right now."))
            return redirect("expert_apply")
        if not verified:
            form.add_error(None, EMAIL_NOT_VERIFIED)
        if verified and form.is_valid():
            try:
                apply_for_expert(
                    user=request.user,
                    motivation=form.cleaned_data["motivation"],
                    skills=form.cleaned_data["skills"],
                    links=form.cleaned_data["links"],
                )
            except AccountsError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Thank you! We will email you once staff have reviewed it."),
                )
            return redirect(reverse("expert_apply"))
        status = 400
    return render(
        request,
        "accounts/expert_apply.html",
        {
            "profile": profile,
            "application": application,
            "form": form,
            "email_verified": verified,
        },
        status=status,
    )
