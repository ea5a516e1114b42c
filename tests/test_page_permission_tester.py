"""What the page permission tester lets each user do, method by method.

Wagtail asks `page.permissions_for_user(user)` in its page views, bulk
actions and admin API actions; these tests ask it directly, so they hold
whichever route a request takes.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, get_page_models

from accounts.tests.factories import StaffFactory
from content.tests.factories import ArticlePageFactory, get_learn_index
from core.admin_permissions import OwnPagesPermissionTester
from experts.tests.factories import (
    ExpertPageFactory,
    GroupExpertFactory,
    get_expert_index,
)
from sessions.tests.factories import (
    MemberFactory,
    SessionPageFactory,
    get_session_index,
)

pytestmark = pytest.mark.django_db

# Everything that changes a page's state, its place or who may see it.
ACTING = [
    "can_publish",
    "can_unpublish",
    "can_move",
    "can_copy",
    "can_delete",
    "can_lock",
    "can_unlock",
    "can_reorder_children",
    "can_set_view_restrictions",
    "can_unschedule",
]


def allowed(page, user) -> set[str]:
    tester = page.permissions_for_user(user)
    return {name for name in ACTING + ["can_edit"] if getattr(tester, name)()}


@pytest.fixture
def experts(site_root):
    return GroupExpertFactory(), GroupExpertFactory()


def test_every_page_type_asks_the_tester(site_root):
    page_models = [m for m in get_page_models() if m is not Page]
    assert page_models
    for model in page_models:
        page = model(title="x", depth=3, path="000100010001")
        tester = page.permissions_for_user(MemberFactory())
        assert isinstance(tester, OwnPagesPermissionTester), model


def test_a_plain_page_row_asks_the_tester_of_its_type(experts):
    expert_a, expert_b = experts
    session = SessionPageFactory(host=expert_a, owner=expert_a)
    page = Page.objects.get(pk=session.pk)  # as bulk actions load it
    assert isinstance(page.permissions_for_user(expert_b), OwnPagesPermissionTester)
    assert not page.permissions_for_user(expert_b).can_unpublish()


@pytest.mark.parametrize(
    "index", [get_session_index, get_expert_index, get_learn_index]
)
def test_no_expert_acts_on_an_index(experts, index):
    index_page = index()
    expert_a, _ = experts
    tester = index_page.permissions_for_user(expert_a)
    assert not any(getattr(tester, name)() for name in ACTING)


def test_experts_still_create_and_publish_under_the_sessions_index(experts):
    tester = get_session_index().permissions_for_user(experts[0])
    assert tester.can_add_subpage()
    assert tester.can_publish_subpage()


def test_an_expert_acts_on_their_own_session_only(experts):
    expert_a, expert_b = experts
    session = SessionPageFactory(host=expert_a, owner=expert_a)
    assert allowed(session, expert_b) == set()
    # Locking is Wagtail's *lock* permission, which experts do not hold.
    assert allowed(session, expert_a) == set(ACTING + ["can_edit"]) - {
        "can_lock",
        "can_unlock",
    }


def test_the_host_owns_a_session_staff_made_for_them(experts):
    expert_a, expert_b = experts
    staff = StaffFactory()
    session = SessionPageFactory(host=expert_a, owner=staff)
    assert {"can_edit", "can_unpublish", "can_publish"} <= allowed(session, expert_a)
    assert allowed(session, expert_b) == set()


def test_the_expert_owns_their_expert_page(experts):
    expert_a, expert_b = experts
    page = ExpertPageFactory(expert=expert_a, owner=StaffFactory())
    assert "can_edit" in allowed(page, expert_a)
    assert allowed(page, expert_b) == set()


def test_an_expert_acts_on_their_own_articles_only(experts):
    expert_a, expert_b = experts
    article = ArticlePageFactory(author=expert_a)
    assert "can_unpublish" in allowed(article, expert_a)
    assert allowed(article, expert_b) == set()


def test_an_expert_deletes_only_their_own_drafts_where_they_cannot_publish(
    experts,
):
    # Experts hold *add* but not *publish* on /experts/ while expert pages
    # need review: like Wagtail, only a page that is not live may go.
    expert_a, _ = experts
    draft = ExpertPageFactory(expert=expert_a, live=False)
    live = ExpertPageFactory(expert=GroupExpertFactory())
    assert draft.permissions_for_user(expert_a).can_delete()
    assert not live.permissions_for_user(live.expert).can_delete()


def test_a_moderator_who_is_not_staff_acts_on_no_one_elses_page(experts):
    expert_a, _ = experts
    moderator = MemberFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    session = SessionPageFactory(host=expert_a, owner=expert_a)
    assert allowed(session, moderator) == {"can_edit"}


def test_staff_keep_wagtails_rules(experts):
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name="Moderators"))
    session = SessionPageFactory(host=experts[0], owner=experts[0])
    index = get_session_index()
    assert {"can_edit", "can_publish", "can_unpublish", "can_move"} <= allowed(
        session, staff
    )
    assert {"can_publish", "can_unpublish", "can_reorder_children"} <= allowed(
        index, staff
    )


def test_inactive_users_may_do_nothing(experts):
    expert_a, _ = experts
    session = SessionPageFactory(host=expert_a, owner=expert_a)
    expert_a.is_active = False
    assert allowed(session, expert_a) == set()
