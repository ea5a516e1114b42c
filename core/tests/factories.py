"""Factory helpers every page type's factories share."""

from django.urls import reverse
from wagtail.models import PageViewRestriction
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


PAGE_PASSWORD = "open sesame"


def restrict(
    page,
    kind: str = PageViewRestriction.PASSWORD,
    *,
    password: str = PAGE_PASSWORD,
    groups=(),
) -> PageViewRestriction:
    """Set the page's Privacy as an editor does in the admin."""
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password=password if kind == PageViewRestriction.PASSWORD else "",
    )
    restriction.groups.set(groups)
    return restriction


def enter_page_password(client, restriction, page, password: str = PAGE_PASSWORD):
    """Type the password into Wagtail's form on the page, as a visitor does;
    returns Wagtail's answer (a redirect back to the page when it is right)."""
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
    )
    return client.post(url, {"password": password, "return_url": page.url})
