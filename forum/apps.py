from django.apps import AppConfig
from django.db.models.signals import post_save
from wagtail.signals import page_published


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from accounts import data_export
        from accounts import deletion as account_deletion
        from experts import forum_answers
        from forum import search_index
        from forum.data_export import ForumDataExport
        from forum.deletion import ForumAccountDeletion
        from forum.selectors import accepted_answers_subquery, get_live_question
        from forum.services.live import announce_on_publish
        from sessions import live_questions
        from sessions.models import SessionPage

        account_deletion.register(ForumAccountDeletion())
        data_export.register(ForumDataExport())
        # Expert and session pages show forum things but sit below this app.
        forum_answers.register(accepted_answers_subquery)
        live_questions.register(get_live_question)
        page_published.connect(
            announce_on_publish,
            sender=SessionPage,
            dispatch_uid="forum_announce_live_session",
        )

        post_save.connect(
            search_index.reindex_thread_of_post,
            sender=self.get_model("Post"),
            dispatch_uid="forum_reindex_thread_of_post",
        )
