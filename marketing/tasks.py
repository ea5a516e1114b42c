from django_tasks import task


@task()
def generate_share_card(page_id: int) -> bool:
    """Draw the share card of a live page if its text changed; whether the
    page has one now. A page unpublished or deleted meanwhile gets none."""
    from wagtail.models import Page

    from marketing.share_cards import ensure_share_card

    page = Page.objects.live().filter(pk=page_id).specific().first()
    if page is None:
        return False
    return ensure_share_card(page) is not None
