from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import selectors
from accounts.errors import EMAIL_NOT_VERIFIED, AccountsError
from accounts.forms import (
    ENTRY_SECTIONS,
    ExpertApplicationForm,
    ProfileForm,
    entry_formsets,
)
from accounts.level_badges import list_level_badges
from accounts.models import ExpertApplication
from accounts.services import (
    EntryChange,
    apply_for_expert,
    ensure_profile,
    update_profile,
)

# "Save and add another" (the editor without JavaScript) names the section
# whose blank entry should open when the page comes back.
ADD_ANOTHER = "add_another"


def _entry_changes(formsets) -> list[EntryChange]:
    changes = []
    for section, formset in formsets:
        for form in formset.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            cleaned = form.cleaned_data
            changes.append(
                EntryChange(
                    kind=section.kind,
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


def _error_summary(form, formsets) -> list[tuple[str, str]]:
    """(link target, message) for every problem, in page order, so the
    summary at the top links to each field."""
    found = []

    def collect(a_form, label_prefix=""):
        for name, field_errors in a_form.errors.items():
            if name == "__all__":
                target = ""
                label = label_prefix.rstrip(": ")
            else:
                bound = a_form[name]
                # A radio group's label points at no single input; its first
                # choice is where the member answers.
                target = bound.id_for_label or f"{bound.auto_id}_0"
                label = f"{label_prefix}{bound.label}"
            for error in field_errors:
                found.append((target, f"{label}: {error}" if label else error))

    collect(form)
    for section, formset in formsets:
        for error in formset.non_form_errors():
            found.append((f"section-{section.prefix}", f"{section.heading}: {error}"))
        for entry_form in formset.forms:
            if entry_form.is_saved:
                name = f"{entry_form.summary} ({section.heading})"
            else:
                name = _("New %(noun)s") % {"noun": section.noun}
            collect(entry_form, f"{name} – ")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = ensure_profile(user=request.user)
    public_url = settings.SITE_URL + reverse(
        "member_profile", kwargs={"username": request.user.username}
    )
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=profile,
        user=request.user,
        public_url=public_url,
    )
    formsets = entry_formsets(request.POST or None, profile=profile)
    if request.method == "POST":
        # Validate every part (no short-circuit, so all errors show at once)
        # before anything is written.
        results = [form.is_valid(), *(fs.is_valid() for _section, fs in formsets)]
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
                adding = request.POST.get(ADD_ANOTHER)
                if adding in {section.prefix for section, _fs in formsets}:
                    url = reverse("profile_edit")
                    return redirect(f"{url}?add={adding}#{adding}-new")
                return redirect("profile_edit")
    errors = _error_summary(form, formsets) if form.is_bound else []
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "form": form,
            "formsets": formsets,
            "profile": profile,
            "public_url": public_url,
            "adding": request.GET.get("add", ""),
            "error_summary": errors,
            "error_count": len(errors),
            "photo_upload_lost": bool(errors and request.FILES.get("photo")),
            "skill_suggestions": selectors.list_skill_names(),
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
        (section.prefix, section.heading, entries[section.kind])
        for section in ENTRY_SECTIONS
        if visible[section.prefix]
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
