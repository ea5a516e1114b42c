"""The expert's workspace in the Wagtail admin: dashboard panels, insights
and mentorship requests. Staff see it for any expert."""
