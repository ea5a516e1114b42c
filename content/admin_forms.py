"""The article and course editor: experts write in their own name."""

from core.admin_forms import SelfOnlyPersonForm


class ContentPageForm(SelfOnlyPersonForm):
    person_field = "author"
