from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "sessions"
    # django.contrib.sessions owns the label "sessions".
    label = "skillsessions"
    verbose_name = "Sessions and bookings"

    def ready(self):
        from wagtail.models import ReferenceIndex

        from accounts import data_export
        from accounts import deletion as account_deletion
        from core.deletion import register_page_deletion_check
        from payments import registry
        from sessions.data_export import SessionsDataExport
        from sessions.deletion import (
            SessionsAccountDeletion,
            session_deletion_blockers,
        )
        from sessions.models import Booking, Review
        from sessions.purchases import SessionSeat

        registry.register(SessionSeat())
        register_page_deletion_check(session_deletion_blockers)
        account_deletion.register(SessionsAccountDeletion())
        data_export.register(SessionsDataExport())
        # Wagtail's "referenced N times" on a session's delete and usage
        # pages then counts its bookings and reviews (and marks them as
        # protecting it, which they do: on_delete=PROTECT).
        ReferenceIndex.register_model(Booking)
        ReferenceIndex.register_model(Review)
