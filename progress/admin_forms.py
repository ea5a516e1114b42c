"""The assessment editor: its level bands must make sense before it saves."""

from django.core.exceptions import ValidationError

from core.admin_forms import PageForm


class AssessmentPageForm(PageForm):
    """Checks the "Levels by score" rows together (progress.models.
    validate_bands): one starts at 0 %, no percent twice, a higher score
    never a lower level. Each row alone is checked by its own form."""

    def clean(self):
        # Imported here: progress.models names this form as its editor's.
        from progress.models import validate_bands

        data = super().clean()
        formset = self.formsets.get("bands")
        # Row errors (a missing level, 120 %) are shown on the rows first.
        if formset is None or not formset.is_valid():
            return data
        bands = [
            (form.cleaned_data["min_percent"], form.cleaned_data["level"])
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            validate_bands(bands)
        except ValidationError as error:
            self.add_error(None, error)
        return data
