"""The expert's workspace in the Wagtail admin: dashboard panels and
insights. Staff see it for any expert. Mentorship requests plug in from the
mentorship app (its wagtail_hooks)."""
