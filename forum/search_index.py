"""Keeps a thread's search entry in step with its opening post.

Wagtail re-indexes a thread when the thread row is saved, but the question's
text lives on its opening post, written after the thread (and edited without
touching it), so saving that post re-indexes its thread the same way: with
the task Wagtail's own signal handler enqueues."""

from modelsearch.tasks import insert_or_update_object_task


def reindex_thread_of_post(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_opening:
        return
    insert_or_update_object_task.enqueue("forum", "thread", str(instance.thread_id))
