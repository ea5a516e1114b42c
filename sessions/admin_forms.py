"""The session editor: experts host their own sessions, nobody else's."""

from core.admin_forms import SelfOnlyPersonForm


class SessionPageForm(SelfOnlyPersonForm):
    person_field = "host"
