from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = "Mentorship"

    def ready(self):
        from accounts import data_export
        from accounts import deletion as account_deletion
        from experts import mentee_count
        from mentorship.data_export import MentorshipDataExport
        from mentorship.deletion import MentorshipAccountDeletion
        from mentorship.purchases import OneToOneSlot
        from mentorship.review_selectors import MenteeReviews
        from mentorship.selectors import ActiveMentees
        from payments import registry
        from sessions import rating_sources

        account_deletion.register(MentorshipAccountDeletion())
        data_export.register(MentorshipDataExport())
        registry.register(OneToOneSlot())
        # experts shows places left on expert pages and in the directory but
        # sits below this app: it asks whoever registered here.
        mentee_count.register(ActiveMentees())
        # The same for ratings: what mentees said counts toward the mentor's
        # rating totals (kept in sessions) and shows on their page.
        rating_sources.register(MenteeReviews())
