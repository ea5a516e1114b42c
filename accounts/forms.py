import dataclasses
from pathlib import PurePath

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db import models, transaction
from django.forms import inlineformset_factory
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import errors
from accounts.email_preferences import set_email_preference
from accounts.models import (
    EmailKind,
    EmailPreferenceSource,
    ExpertApplication,
    Intent,
    Profile,
    ProfileEntry,
    User,
)
from accounts.validators import (
    IMAGE_EXTENSIONS,
    time_zone_names,
    username_is_taken,
    validate_image_upload,
    validate_username_not_reserved,
)
from core.widgets import DateInput

MAX_TAGS = 20


def _formfield(db_field, **kwargs):
    # Members paste addresses without a scheme; assume https, as Django 6 will.
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


MAX_TAG_LENGTH = 50


def parse_skill_names(value: str) -> list[str]:
    """Split what a member typed into skill names: commas (or new lines)
    separate them and nothing else does, so "Data engineering" stays one
    skill; quotes left from older forms are dropped and repeats (in any
    case) counted once."""
    names: list[str] = []
    seen: set[str] = set()
    for part in value.replace("\n", ",").split(","):
        name = " ".join(part.strip().strip('"').split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def format_skill_names(names) -> str:
    """The reverse of parse_skill_names: "Data engineering, SQL", no quotes."""
    return ", ".join(getattr(name, "name", name) for name in names)


class SkillTagInput(forms.TextInput):
    """A comma-separated text box; profile-editor.js turns it into chips."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "data-tag-input": "", **(attrs or {})})

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = format_skill_names(value)
        return super().format_value(value)


class SkillTagField(forms.CharField):
    """Comma-separated skills from the shared vocabulary, within sane bounds."""

    widget = SkillTagInput

    def clean(self, value):
        names = parse_skill_names(super().clean(value) or "")
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                errors.TOO_MANY_TAGS, params={"limit": MAX_TAGS}, code="too_many"
            )
        if any(len(name) > MAX_TAG_LENGTH for name in names):
            raise forms.ValidationError(
                errors.TAG_TOO_LONG, params={"limit": MAX_TAG_LENGTH}, code="too_long"
            )
        return names

    def has_changed(self, initial, data) -> bool:
        before = {getattr(t, "name", t).casefold() for t in initial or ()}
        after = {name.casefold() for name in parse_skill_names(data or "")}
        return before != after


class PhotoInput(forms.ClearableFileInput):
    """Only the file input: the editor draws the preview and the "Remove
    photo" box itself (components/photo_field.html); reading them back is
    still ClearableFileInput's job, so ticking the box means "remove"."""

    template_name = "django/forms/widgets/file.html"


PHOTO_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


class ProfilePhotoField(forms.ImageField):
    def to_python(self, data):
        if data in self.empty_values:
            return None
        validate_image_upload(data)
        upload = super().to_python(data)
        # Stored under the extension of what the file is, not what it was
        # called: a PNG named photo.jpg is served as image/png.
        stem = PurePath(upload.name).stem or "photo"
        upload.name = stem + IMAGE_EXTENSIONS[upload.image.format]
        return upload


class SignupForm(AllauthSignupForm):
    """allauth's signup plus what a profile starts with."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    intent = forms.ChoiceField(
        label=_("I want to"),
        choices=Intent.choices,
        initial=Intent.LEARN,
        widget=forms.RadioSelect,
    )
    skills = SkillTagField(
        label=_("Skills"),
        required=False,
        help_text=_("What you know, separated by commas, e.g. Python, SQL."),
    )
    interests = SkillTagField(
        label=_("Interests"),
        required=False,
        help_text=_("What you want to learn, separated by commas."),
    )

    # Consent to marketing is asked for, never assumed: both start unticked.
    digest = forms.BooleanField(
        label=_("Email me a weekly digest of sessions that match my skills"),
        required=False,
    )
    newsletter = forms.BooleanField(
        label=_("Send me the MasteryHub newsletter"),
        required=False,
        help_text=_("You can change either in your email preferences at any time."),
    )

    field_order = [
        "name",
        "email",
        "username",
        "password1",
        "password2",
        "intent",
        "skills",
        "interests",
        "digest",
        "newsletter",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels stay visible, so placeholders would only repeat them.
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["username"].help_text = _(
            "Your public name in links to your profile: letters, digits, "
            "hyphens and underscores."
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def save(self, request):
        from accounts.services import create_profile

        # The user and their profile exist together or not at all.
        with transaction.atomic():
            user = super().save(request)
            create_profile(
                user=user,
                intent=self.cleaned_data["intent"],
                skills=self.cleaned_data.get("skills") or [],
                interests=self.cleaned_data.get("interests") or [],
            )
            for kind in (EmailKind.DIGEST, EmailKind.NEWSLETTER):
                if self.cleaned_data.get(kind):
                    set_email_preference(
                        user=user,
                        kind=kind,
                        enabled=True,
                        source=EmailPreferenceSource.SIGNUP,
                    )
        return user


class ProfileForm(forms.ModelForm):
    """The profile editor's main form: account name and handle plus the
    profile's own fields. Saving is the service's job (see views)."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits, hyphens and underscores."),
        validators=[User.username_validator, validate_username_not_reserved],
    )
    photo = ProfilePhotoField(
        label=_("Profile picture"),
        required=False,
        help_text=_("A JPEG, PNG, GIF or WebP image of at most 5 MB."),
        widget=PhotoInput(attrs={"accept": PHOTO_ACCEPT}),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=())
    skills = SkillTagField(
        label=_("Skills"),
        required=False,
        help_text=_(
            "What you know and could teach, separated by commas, "
            "e.g. Data engineering, SQL."
        ),
    )
    interests = SkillTagField(
        label=_("Interests"),
        required=False,
        help_text=_(
            "What you want to learn, separated by commas, e.g. Public speaking, Go."
        ),
    )

    class Meta:
        model = Profile
        formfield_callback = _formfield
        fields = [
            "headline",
            "bio",
            "photo",
            "intent",
            "time_zone",
            "skills",
            "interests",
            "linkedin_url",
            "github_url",
            *(f"{section}_visibility" for section in Profile.SECTIONS),
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "intent": forms.RadioSelect,
            "linkedin_url": forms.URLInput(
                attrs={"placeholder": "https://www.linkedin.com/in/…"}
            ),
            "github_url": forms.URLInput(attrs={"placeholder": "https://github.com/…"}),
        }

    def __init__(self, *args, user: User, public_url: str = "", **kwargs):
        self.user = user
        initial = {"name": user.name, "username": user.username}
        initial.update(kwargs.pop("initial", {}) or {})
        super().__init__(*args, initial=initial, **kwargs)
        if public_url:
            self.fields["username"].help_text = format_html(
                "{} {}",
                _("Part of your public address, now {}.").format(public_url),
                self.fields["username"].help_text,
            )
        self.fields["time_zone"].choices = [(tz, tz) for tz in time_zone_names()]
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if username_is_taken(username, exclude_pk=self.user.pk):
            raise forms.ValidationError(errors.USERNAME_TAKEN, code="taken")
        return username

    @property
    def removes_photo(self) -> bool:
        """Whether the member ticked "Remove photo", to tick it again when
        the page comes back with errors."""
        name = self.fields["photo"].widget.clear_checkbox_name(self.add_prefix("photo"))
        return self.is_bound and name in self.data

    @property
    def visibility_fields(self):
        return [self[f"{section}_visibility"] for section in Profile.SECTIONS]


@dataclasses.dataclass(frozen=True)
class EntrySection:
    """One kind of profile entry as the editor presents it: its own heading,
    intro and field labels, so a certificate asks for an issuer, not for an
    "organisation or issuer"."""

    kind: str
    prefix: str
    heading: str
    intro: str
    noun: str
    labels: dict = dataclasses.field(default_factory=dict)
    help_texts: dict = dataclasses.field(default_factory=dict)
    # Entries that last (a job, a project) show "2019–now" without an end.
    ongoing: bool = True
    # Fields this kind does without (an award has a date, not a period).
    omit: tuple = ()


ENTRY_SECTIONS = (
    EntrySection(
        kind=ProfileEntry.Kind.EXPERIENCE,
        prefix="experience",
        heading=_("Experience"),
        intro=_("Jobs, freelance work and volunteering, most recent first."),
        noun=_("experience"),
        labels={
            "title": _("Role"),
            "organisation": _("Company or organisation"),
            "url": _("Link"),
            "start_date": _("Started"),
            "end_date": _("Ended"),
            "description": _("What you did"),
        },
        help_texts={"end_date": _("Leave empty if you still work there.")},
    ),
    EntrySection(
        kind=ProfileEntry.Kind.ACHIEVEMENT,
        prefix="achievements",
        heading=_("Achievements"),
        intro=_("Awards, talks, publications and other things you are proud of."),
        noun=_("achievement"),
        labels={
            "title": _("Achievement"),
            "organisation": _("Awarded by or held at"),
            "url": _("Link"),
            "start_date": _("Date"),
            "description": _("Description"),
        },
        ongoing=False,
        omit=("end_date",),
    ),
    EntrySection(
        kind=ProfileEntry.Kind.CERTIFICATION,
        prefix="certifications",
        heading=_("Certifications"),
        intro=_(
            "Certificates and licences, with a link to check them if there is one."
        ),
        noun=_("certification"),
        labels={
            "title": _("Certificate"),
            "organisation": _("Issuer"),
            "url": _("Link to verify it"),
            "start_date": _("Issued on"),
            "end_date": _("Expires on"),
            "description": _("Description"),
        },
        help_texts={"end_date": _("Leave empty if it does not expire.")},
        ongoing=False,
    ),
    EntrySection(
        kind=ProfileEntry.Kind.PROJECT,
        prefix="projects",
        heading=_("Projects"),
        intro=_("Things you built or led: open source, side projects, client work."),
        noun=_("project"),
        labels={
            "title": _("Project name"),
            "organisation": _("For or with"),
            "url": _("Link"),
            "start_date": _("Started"),
            "end_date": _("Finished"),
            "description": _("What it is and what you did"),
        },
        help_texts={"end_date": _("Leave empty if it is still going.")},
    ),
)


def entry_summary(entry: ProfileEntry, section: EntrySection) -> str:
    """One line for a collapsed entry: "Senior engineer · Acme · 2019–2023"."""
    parts = [entry.title, entry.organisation]
    start, end = entry.start_date, entry.end_date
    if start and section.ongoing:
        parts.append(f"{start.year}–{end.year if end else _('now')}")
    elif start:
        parts.append(str(start.year))
    return " · ".join(str(part) for part in parts if part)


class ProfileEntryForm(forms.ModelForm):
    class Meta:
        model = ProfileEntry
        formfield_callback = _formfield
        fields = [
            "title",
            "organisation",
            "url",
            "start_date",
            "end_date",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, section: EntrySection, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        # Summed up as saved, before validation copies the member's input
        # (perhaps a blank title) onto the instance.
        self.summary = entry_summary(self.instance, section)
        for name in section.omit:
            del self.fields[name]
        for name, label in section.labels.items():
            self.fields[name].label = label
        for name, help_text in section.help_texts.items():
            self.fields[name].help_text = help_text

    @property
    def is_saved(self) -> bool:
        return self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", errors.END_BEFORE_START)
        return cleaned


class BaseProfileEntryFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Delete this %(noun)s when I save") % {
                "noun": form.section.noun
            }


ProfileEntryFormSet = inlineformset_factory(
    Profile,
    ProfileEntry,
    form=ProfileEntryForm,
    formset=BaseProfileEntryFormSet,
    extra=1,
    max_num=30,
    validate_max=True,
    can_delete=True,
    # A blank new entry is skipped when left empty; it needs no delete box.
    can_delete_extra=False,
)


def entry_formsets(data, *, profile: Profile) -> list[tuple]:
    """The editor's four entry formsets, each with its section's wording."""
    return [
        (
            section,
            ProfileEntryFormSet(
                data,
                instance=profile,
                queryset=profile.entries.filter(kind=section.kind),
                prefix=section.prefix,
                form_kwargs={"section": section},
            ),
        )
        for section in ENTRY_SECTIONS
    ]


class ExpertApplicationForm(forms.ModelForm):
    skills = SkillTagField(
        label=_("Areas of expertise"),
        help_text=ExpertApplication._meta.get_field("skills").help_text,
    )

    class Meta:
        model = ExpertApplication
        fields = ["motivation", "skills", "links"]
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_links(self) -> str:
        validate = forms.URLField(assume_scheme="https").clean
        lines = [
            line.strip()
            for line in self.cleaned_data["links"].splitlines()
            if line.strip()
        ]
        for line in lines:
            validate(line)
        return "\n".join(lines)


class ReviewForm(forms.Form):
    """Staff's decision on an expert application, in the Wagtail admin."""

    action = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent in the email either way."),
    )


class DeleteAccountForm(forms.Form):
    """The confirmation step before a member deletes their account: their
    password, or for members who signed up with a social account and never
    set one, their email address."""

    confirmation = forms.CharField(max_length=254, strip=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["confirmation"]
        if self.uses_password:
            field.label = _("Your password")
            field.widget = forms.PasswordInput(
                attrs={"autocomplete": "current-password"}
            )
        else:
            field.label = _("The email address of your account")
            field.help_text = _(
                "You signed in with another service and have no password "
                "here, so type your email address instead."
            )
            field.widget = forms.EmailInput(attrs={"autocomplete": "email"})

    @property
    def uses_password(self) -> bool:
        return self.user.has_usable_password()

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        if self.uses_password:
            if not self.user.check_password(value):
                raise forms.ValidationError(errors.WRONG_PASSWORD)
        elif not self.user.email or value.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(errors.WRONG_EMAIL)
        return value
