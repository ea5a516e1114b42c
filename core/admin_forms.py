"""Page editor forms shared by the apps whose pages name a person."""

from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminPageForm


class SelfOnlyPersonForm(WagtailAdminPageForm):
    """Experts write pages in their own name only: for anyone but staff, the
    field named `person_field` (a session's host, an article's author) shows
    them and cannot be changed; otherwise an expert could publish a page in
    another person's name."""

    person_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get(self.person_field)
        if field is None or user is None or user.is_staff or user.is_superuser:
            return
        field.queryset = get_user_model().objects.filter(pk=user.pk)
        field.disabled = True
        if not getattr(self.instance, f"{self.person_field}_id", None):
            self.initial[self.person_field] = user.pk
