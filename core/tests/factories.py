"""Factory helpers every page type's factories share."""

from wagtail.search import index


def tag_with_skills(page, names) -> None:
    """Tag a saved page as the editor does. The search index is updated from
    the database in a post_save task, which the test settings run at once,
    inside save() and before modelcluster has written the tags; so index the
    page again once they are in (the production worker runs it after commit).
    """
    page.skills.set(list(names))
    page.save()
    index.insert_or_update_object(page)
