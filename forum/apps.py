from django.apps import AppConfig
from django.db.models.signals import post_save


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from forum import search_index

        post_save.connect(
            search_index.reindex_thread_of_post,
            sender=self.get_model("Post"),
            dispatch_uid="forum_reindex_thread_of_post",
        )
