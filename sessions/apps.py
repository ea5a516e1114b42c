from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "sessions"
    # django.contrib.sessions owns the label "sessions".
    label = "skillsessions"
    verbose_name = "Sessions and bookings"

    def ready(self):
        from payments import registry
        from sessions.purchases import SessionSeat

        registry.register(SessionSeat())
