from django.apps import AppConfig
from django.db.models.signals import post_save


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from experts import forum_answers
        from forum import search_index
        from forum.selectors import count_accepted_answers

        # Expert pages show accepted answers but sit below this app.
        forum_answers.register(count_accepted_answers)

        post_save.connect(
            search_index.reindex_thread_of_post,
            sender=self.get_model("Post"),
            dispatch_uid="forum_reindex_thread_of_post",
        )
