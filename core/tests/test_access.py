"""The one rule for who may see a page (core.access), checked against what
Wagtail itself serves, for requests and for members without a request."""

import pytest
from django.contrib.auth.models import Group
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction
from wagtail_factories import PageFactory

from core.access import can_see_page, visible_pages
from core.tests.factories import enter_page_password, restrict

pytestmark = pytest.mark.django_db
PASSWORD = PageViewRestriction.PASSWORD
LOGIN = PageViewRestriction.LOGIN
GROUPS = PageViewRestriction.GROUPS


@pytest.fixture
def tree(site_root):
    """A section with a page below it, and a public page beside it."""
    section = PageFactory(parent=site_root, title="Partners area")
    return {
        "section": section,
        "inner": PageFactory(parent=section, title="Partner briefing"),
        "public": PageFactory(parent=site_root, title="Open day"),
    }


@pytest.fixture
def partners():
    return Group.objects.create(name="Partners")


def _user(django_user_model, name, **extra):
    return django_user_model.objects.create_user(
        username=name, email=f"{name}@example.com", password="x" * 12, **extra
    )


def _served(response) -> bool:
    # Wagtail answers a password restriction with its form (a 200) and the
    # others with a redirect to log in.
    if response.status_code != 200:
        return False
    return not isinstance(response.context.get("form"), PasswordViewRestrictionForm)


def _fresh(page):
    # A new instance: the rule keeps what it read on the one it was given.
    return Page.objects.get(pk=page.pk).specific


VIEWERS = [
    "anonymous",
    "anonymous who typed the password",
    "member",
    "member who typed the password",
    "member who typed another page's password",
    "partner",
]


def _as(viewer, client, django_user_model, partners, restriction, page):
    if viewer.startswith("member") or viewer == "partner":
        user = _user(django_user_model, viewer.split()[0])
        if viewer == "partner":
            user.groups.add(partners)
        client.force_login(user)
    if viewer.endswith("typed the password") and restriction.restriction_type == (
        PASSWORD
    ):
        assert enter_page_password(client, restriction, page).status_code == 302
    if viewer.endswith("another page's password"):
        other = PageFactory(parent=page.get_parent(), title="Another page")
        other_restriction = restrict(other)
        assert enter_page_password(client, other_restriction, other).status_code == 302


@pytest.mark.parametrize("on", ["the page", "its parent"])
@pytest.mark.parametrize("kind", [PASSWORD, LOGIN, GROUPS])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_request_sees_a_page_exactly_when_wagtail_serves_it(
    client, django_user_model, tree, partners, on, kind, viewer
):
    page = tree["inner"]
    restriction = restrict(
        page if on == "the page" else tree["section"], kind, groups=[partners]
    )
    _as(viewer, client, django_user_model, partners, restriction, tree["inner"])

    response = client.get(page.url)

    served = _served(response)
    assert can_see_page(response.wsgi_request, _fresh(page)) is served
    listed = visible_pages(Page.objects.all(), response.wsgi_request)
    assert listed.filter(pk=page.pk).exists() is served


def test_a_public_page_is_seen_by_anyone_and_a_draft_by_nobody(
    client, django_user_model, tree
):
    draft = PageFactory(parent=tree["public"], title="Draft", live=False)
    staff = _user(django_user_model, "staff", is_staff=True)
    assert can_see_page(None, tree["public"])
    assert can_see_page(client.get("/").wsgi_request, tree["public"])
    assert not can_see_page(staff, draft)
    assert not visible_pages(Page.objects.all(), staff).filter(pk=draft.pk).exists()


def test_without_a_request_a_password_is_never_passed_but_login_and_groups_are(
    django_user_model, tree, partners
):
    member = _user(django_user_model, "member")
    partner = _user(django_user_model, "partner")
    partner.groups.add(partners)
    behind_password = PageFactory(parent=tree["public"], title="Password")
    restrict(behind_password)
    for_members = PageFactory(parent=tree["public"], title="Members")
    restrict(for_members, LOGIN)
    for_partners = PageFactory(parent=tree["public"], title="Partners")
    restrict(for_partners, GROUPS, groups=[partners])

    assert not can_see_page(partner, _fresh(behind_password))
    assert can_see_page(member, _fresh(for_members))
    assert not can_see_page(None, _fresh(for_members))
    assert not can_see_page(member, _fresh(for_partners))
    assert can_see_page(partner, _fresh(for_partners))
    member.is_active = False
    assert not can_see_page(member, _fresh(for_members))


def test_staff_and_the_owner_see_a_page_whatever_its_restrictions(
    django_user_model, tree
):
    owner = _user(django_user_model, "owner")
    staff = _user(django_user_model, "staff", is_staff=True)
    stranger = _user(django_user_model, "stranger")
    page = tree["inner"]
    page.owner = owner
    page.save()
    restrict(tree["section"])

    for user, sees in ((owner, True), (staff, True), (stranger, False)):
        assert can_see_page(user, _fresh(page)) is sees
        listed = visible_pages(Page.objects.all(), user)
        assert listed.filter(pk=page.pk).exists() is sees
    # The owner runs this page only, not the section above it.
    assert not can_see_page(owner, _fresh(tree["section"]))


def test_an_alias_of_a_hidden_page_is_hidden_with_it(tree):
    restrict(tree["section"])
    alias = tree["inner"].create_alias(
        parent=tree["public"], update_slug="briefing-copy"
    )

    assert not can_see_page(None, _fresh(alias))
    assert not visible_pages(Page.objects.all()).filter(pk=alias.pk).exists()
    assert visible_pages(Page.objects.all()).filter(pk=tree["public"].pk).exists()


def test_listing_for_everyone_keeps_what_wagtails_public_keeps(tree, partners):
    restrict(tree["section"], LOGIN)
    restrict(tree["public"], GROUPS, groups=[partners])
    PageFactory(parent=tree["section"].get_parent(), title="Still public")

    everyone = set(visible_pages(Page.objects.all()).values_list("pk", flat=True))

    assert everyone == set(Page.objects.live().public().values_list("pk", flat=True))
    assert tree["inner"].pk not in everyone


def test_a_listing_reads_the_restrictions_once(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        pages = visible_pages(Page.objects.all())
    with django_assert_num_queries(1):
        assert tree["inner"].pk in [page.pk for page in pages]
    restrict(tree["section"])
    # One more query finds aliases of what is hidden.
    with django_assert_num_queries(2):
        visible_pages(Page.objects.all())


def test_one_page_is_checked_in_one_query_however_often_asked(
    tree, django_assert_num_queries
):
    page = _fresh(tree["inner"])
    restrict(tree["section"], LOGIN)
    with django_assert_num_queries(1):
        assert not can_see_page(None, page)
        assert not can_see_page(None, page)
