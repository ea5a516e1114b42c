"""Keeps a thread's search entry in step with its opening post and answers.

Wagtail re-indexes a thread when the thread row is saved, but the question's
and the answers' text live on their posts, written after the thread (and
edited, hidden or deleted without always touching it), so saving such a post
re-indexes its thread the same way: with the task Wagtail's own signal
handler enqueues, one per save. Replies are not indexed, and a save that
changes none of the indexed fields (a vote's new score) enqueues nothing."""

from modelsearch.tasks import insert_or_update_object_task

# What Thread.opening_text and Thread.answers_text read from a post.
INDEXED_POST_FIELDS = frozenset({"body", "is_hidden", "deleted_at"})


def reindex_thread_of_post(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.parent_post_id is not None:
        return
    if update_fields is not None and not INDEXED_POST_FIELDS & set(update_fields):
        return
    insert_or_update_object_task.enqueue("forum", "thread", str(instance.thread_id))
