"""Member-facing mentorship URLs, mounted at /mentorship/."""

urlpatterns: list = []
