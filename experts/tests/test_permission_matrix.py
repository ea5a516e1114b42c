"""Who may see and do what in the admin: anonymous, a member, expert A,
expert B and staff, against everything an expert uses.

Expert A owns a live session, another with a change scheduled, a draft
session and a draft expert page; expert B owns one live session. Staff are editorial
staff: Wagtail's Moderators group, plus the right to change the expert
settings. Anyone without admin access is sent to log in; expert B is turned
away from A's pages (Wagtail's "permission denied": back to the dashboard)
and never sees their titles; denied attempts change nothing.

The hosting views (`sessions_host_*`) are covered role by role in
sessions/tests/test_admin_permissions.py.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Revision

from accounts.models import EXPERTS_GROUP_NAME, ExpertApplication
from accounts.tests.factories import ExpertApplicationFactory, StaffFactory
from core.tests.admin_forms import editor_data
from experts.models import ExpertPage, ExpertSettings
from experts.tests.factories import (
    ExpertPageFactory,
    GroupExpertFactory,
    get_expert_index,
)
from sessions.models import Category, SessionPage
from sessions.tests.factories import (
    MemberFactory,
    SessionPageFactory,
    get_session_index,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "expert_a", "expert_b", "staff"]
A_TITLES = (
    "Kestrel live session",
    "Kestrel draft session",
    "Kestrel Expert",
    "Kestrel scheduled session",
)
LOGIN = "/accounts/login/"
MEMBER_REFUSAL = "The admin is for experts and staff"


@dataclass
class World:
    users: dict
    session: SessionPage  # A's, live
    scheduled: Revision  # a change to A's other live session, due in two days
    draft: SessionPage  # A's, never published
    expert_page: ExpertPage  # A's, draft
    b_session: SessionPage
    sessions: Page
    experts: Page
    home: Page
    application: ExpertApplication  # a member's, pending


def make_staff():
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name="Moderators"))
    staff.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="experts", codename="change_expertsettings"
        )
    )
    return staff


@pytest.fixture
def world(site_root):
    expert_a, expert_b = GroupExpertFactory(), GroupExpertFactory()
    session = SessionPageFactory(host=expert_a, owner=expert_a, title=A_TITLES[0])
    # Wagtail locks a page with a scheduled change, so it gets its own.
    scheduled = SessionPageFactory(
        host=expert_a, owner=expert_a, title=A_TITLES[3]
    ).save_revision(
        user=expert_a, approved_go_live_at=timezone.now() + timedelta(days=2)
    )
    draft = SessionPageFactory(
        host=expert_a, owner=expert_a, title=A_TITLES[1], live=False
    )
    draft.save_revision(user=expert_a, log_action=True)
    expert_page = ExpertPageFactory(expert=expert_a, title=A_TITLES[2], live=False)
    expert_page.save_revision(user=expert_a, log_action=True)
    b_session = SessionPageFactory(
        host=expert_b, owner=expert_b, title="Osprey session"
    )
    member = MemberFactory()
    return World(
        users={
            "anonymous": None,
            "member": member,
            "expert_a": expert_a,
            "expert_b": expert_b,
            "staff": make_staff(),
        },
        session=session,
        scheduled=scheduled,
        draft=draft,
        expert_page=expert_page,
        b_session=b_session,
        sessions=get_session_index(),
        experts=get_expert_index(),
        home=site_root,
        application=ExpertApplicationFactory(user=member),
    )


def log_in(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return user


def settings_url() -> str:
    pk = ExpertSettings.load().pk
    return reverse("wagtailsettings:edit", args=["experts", "expertsettings", pk])


def admin_url(name, *args):
    return reverse(f"wagtailadmin_pages:{name}", args=args)


def assert_turned_away(response, role, secret=A_TITLES):
    """Anonymous visitors are sent to log in and members told the admin is
    not for them; experts get Wagtail's permission denied (a redirect to the
    dashboard), a 403 or a 404, and learn nothing about the page."""
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        return
    if role == "member":
        assert response.status_code == 403
        assert MEMBER_REFUSAL in response.content.decode()
        return
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    body = response.content.decode()
    assert not any(title in body for title in secret)


def test_experts_group_holds_the_agreed_page_permissions(world):
    grants = {
        (grant.page_id, grant.permission.codename)
        for grant in GroupPagePermission.objects.filter(
            group__name=EXPERTS_GROUP_NAME
        ).select_related("permission")
    }
    learn = Page.objects.get(slug="learn", depth=world.sessions.depth)
    assessments = Page.objects.get(slug="assessments", depth=world.sessions.depth)
    assert grants == {
        (world.sessions.pk, "add_page"),
        (world.sessions.pk, "publish_page"),
        (world.experts.pk, "add_page"),
        (learn.pk, "add_page"),
        (learn.pk, "publish_page"),
        (assessments.pk, "add_page"),
        (assessments.pk, "publish_page"),
    }


def test_default_moderation_workflow_applies_to_expert_pages(world):
    workflow = world.expert_page.get_workflow()
    assert workflow is not None and workflow.active
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


# --- Opening admin views ---------------------------------------------------
A_AND_STAFF = {"expert_a", "staff"}
EXPERTS_AND_STAFF = {"expert_a", "expert_b", "staff"}
STAFF = {"staff"}


def on(name, attr, *args):
    """The URL of a wagtailadmin_pages view of one of the world's pages."""
    return lambda w: admin_url(name, getattr(w, attr).pk, *args)


def named(name, *args):
    return lambda w: reverse(name, args=args)


# name -> (url(world), roles let in)
VIEWS = {
    "edit A's session": (on("edit", "session"), A_AND_STAFF),
    "preview A's session": (on("preview_on_edit", "session"), A_AND_STAFF),
    "view A's session draft": (on("view_draft", "draft"), A_AND_STAFF),
    "history of A's session": (on("history", "draft"), A_AND_STAFF),
    "a revision of A's session": (
        lambda w: admin_url("revisions_view", w.draft.pk, w.draft.latest_revision_id),
        A_AND_STAFF,
    ),
    "compare A's session revisions": (
        lambda w: f"/admin/pages/{w.draft.pk}/revisions/compare/earliest...latest/",
        A_AND_STAFF,
    ),
    "move A's session": (on("move", "session"), A_AND_STAFF),
    "copy A's session": (on("copy", "session"), A_AND_STAFF),
    "explore A's session": (
        lambda w: reverse("wagtailadmin_explore", args=[w.draft.pk]),
        A_AND_STAFF,
    ),
    "edit A's expert page": (on("edit", "expert_page"), A_AND_STAFF),
    "view A's expert page draft": (on("view_draft", "expert_page"), A_AND_STAFF),
    "history of A's expert page": (on("history", "expert_page"), A_AND_STAFF),
    "add a session": (
        lambda w: admin_url("add", "skillsessions", "sessionpage", w.sessions.pk),
        EXPERTS_AND_STAFF,
    ),
    "add a page under the home page": (
        lambda w: admin_url("add", "home", "standardpage", w.home.pk),
        STAFF,
    ),
    "all pages of a type": (
        lambda w: admin_url("type_use", "skillsessions", "sessionpage"),
        STAFF,
    ),
    "site history report": (named("wagtailadmin_reports:site_history"), STAFF),
    "page types report": (named("wagtailadmin_reports:page_types_usage"), STAFF),
    "session categories": (
        named("wagtailsnippets_skillsessions_category:list"),
        STAFF,
    ),
    "expert settings": (lambda w: settings_url(), STAFF),
    "expert applications": (named("expert_applications:index"), STAFF),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_who_may_open_an_admin_view(client, world, role, view):
    url, allowed = VIEWS[view]
    log_in(client, world, role)
    response = client.get(url(world))
    if role in allowed:
        assert response.status_code == 200, response.get("Location")
    else:
        assert_turned_away(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_django_admin_is_for_staff_only(client, world, role):
    log_in(client, world, role)
    response = client.get("/django-admin/")
    if role == "staff":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/django-admin/login/")


# --- Acting ----------------------------------------------------------------
def _live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


def _gone(page) -> bool:
    return not Page.objects.filter(pk=page.pk).exists()


def _renamed(page) -> bool:
    return Page.objects.get(pk=page.pk).draft_title == "Renamed by someone"


def _protected(page) -> bool:
    return PageViewRestriction.objects.filter(page=page).exists()


def post(url, data=None):
    return lambda c, w: c.post(url(w), data or {})


def api_action(action, attr, **data):
    """An action of the admin pages API (what the explorer menu calls)."""
    return lambda c, w: c.post(
        f"/admin/api/main/pages/{getattr(w, attr).pk}/action/{action}/",
        data,
        content_type="application/json",
    )


def save(attr):
    def run(client, world):
        url = admin_url("edit", getattr(world, attr).pk)
        return client.post(url, editor_data(client, url, title="Renamed by someone"))

    return run


def bulk(action, attr):
    return post(
        lambda w: f"/admin/bulk/wagtailcore/page/{action}/?id={getattr(w, attr).pk}"
    )


PASSWORD = {"restriction_type": "password", "password": "s3cret!"}
COPY = {"new_title": "Copied", "new_slug": "copied-session"}

# name -> (attempt(client, world), roles it works for, did it work?(world))
ACTIONS = {
    "save A's session": (save("session"), A_AND_STAFF, lambda w: _renamed(w.session)),
    "unpublish A's session": (
        post(on("unpublish", "session")),
        A_AND_STAFF,
        lambda w: not _live(w.session),
    ),
    "bulk unpublish A's session": (
        bulk("unpublish", "session"),
        A_AND_STAFF,
        lambda w: not _live(w.session),
    ),
    "bulk publish A's draft session": (
        bulk("publish", "draft"),
        A_AND_STAFF,
        lambda w: _live(w.draft),
    ),
    "password-protect A's session": (
        post(on("set_privacy", "session"), PASSWORD),
        A_AND_STAFF,
        lambda w: _protected(w.session),
    ),
    "cancel A's scheduled change": (
        post(
            lambda w: admin_url(
                "revisions_unschedule", w.scheduled.object_id, w.scheduled.pk
            )
        ),
        A_AND_STAFF,
        lambda w: Revision.objects.get(pk=w.scheduled.pk).approved_go_live_at is None,
    ),
    "copy A's session": (
        lambda c, w: c.post(
            admin_url("copy", w.session.pk), {**COPY, "new_parent_page": w.sessions.pk}
        ),
        A_AND_STAFF,
        lambda w: Page.objects.filter(slug="copied-session").exists(),
    ),
    "delete A's draft session": (
        post(on("delete", "draft")),
        A_AND_STAFF,
        lambda w: _gone(w.draft),
    ),
    "save A's expert page": (
        save("expert_page"),
        A_AND_STAFF,
        lambda w: _renamed(w.expert_page),
    ),
    "delete A's expert page": (
        post(on("delete", "expert_page")),
        A_AND_STAFF,
        lambda w: _gone(w.expert_page),
    ),
    "unpublish the sessions index": (
        post(on("unpublish", "sessions"), {"include_descendants": "on"}),
        STAFF,
        lambda w: not _live(w.sessions),
    ),
    "unpublish A's session through the admin API": (
        api_action("unpublish", "session"),
        A_AND_STAFF,
        lambda w: not _live(w.session),
    ),
    "publish A's draft session through the admin API": (
        api_action("publish", "draft"),
        A_AND_STAFF,
        lambda w: _live(w.draft),
    ),
    "unpublish the sessions index and every session through the admin API": (
        api_action("unpublish", "sessions", recursive=True),
        STAFF,
        lambda w: not _live(w.sessions) or not _live(w.session),
    ),
    "password-protect the sessions index": (
        post(on("set_privacy", "sessions"), PASSWORD),
        STAFF,
        lambda w: _protected(w.sessions),
    ),
    "add a session category": (
        post(
            named("wagtailsnippets_skillsessions_category:add"),
            {"name": "Smuggled", "slug": "smuggled"},
        ),
        STAFF,
        lambda w: Category.objects.filter(slug="smuggled").exists(),
    ),
    "let experts publish without review": (
        post(lambda w: settings_url()),  # the box left unticked
        STAFF,
        lambda w: not ExpertSettings.load().expert_pages_need_review,
    ),
    "approve an expert application": (
        post(
            lambda w: reverse("expert_applications:edit", args=[w.application.pk]),
            {"action": "approve", "note": ""},
        ),
        STAFF,
        lambda w: (
            ExpertApplication.objects.get(pk=w.application.pk).status
            == ExpertApplication.Status.APPROVED
        ),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_who_may_act_and_denied_attempts_change_nothing(
    client, world, role, action, django_capture_on_commit_callbacks
):
    attempt, allowed, took_effect = ACTIONS[action]
    log_in(client, world, role)
    with django_capture_on_commit_callbacks(execute=True):
        response = attempt(client, world)
    if role in allowed:
        assert took_effect(world), f"{role} could not {action}"
    else:
        assert not took_effect(world), f"{role} managed to {action}"
        assert_turned_away(response, role)


# --- What each listing shows -----------------------------------------------
def _explorer(index_attr):
    return lambda w: reverse("wagtailadmin_explore", args=[getattr(w, index_attr).pk])


LISTINGS = {
    "explorer of /sessions/": _explorer("sessions"),
    "explorer of /experts/": _explorer("experts"),
    "admin page search": lambda w: reverse("wagtailadmin_pages:search") + "?q=Kestrel",
    "admin page search results": lambda w: (
        reverse("wagtailadmin_pages:search_results") + "?q=Kestrel"
    ),
    "admin pages API (explorer menu)": lambda w: (
        f"/admin/api/main/pages/?child_of={w.sessions.pk}&for_explorer=1"
    ),
    "admin pages API search": lambda w: "/admin/api/main/pages/?search=Kestrel",
    "admin pages API detail": lambda w: f"/admin/api/main/pages/{w.draft.pk}/",
}


@pytest.mark.parametrize("role", ["expert_a", "expert_b", "staff"])
@pytest.mark.parametrize("listing", list(LISTINGS))
def test_listings_show_a_pages_only_to_a_and_staff(client, world, role, listing):
    log_in(client, world, role)
    response = client.get(LISTINGS[listing](world))
    body = response.content.decode()
    if role in A_AND_STAFF:
        assert response.status_code == 200
        assert any(title in body for title in A_TITLES)
    else:
        assert response.status_code in (200, 404)
        assert not any(title in body for title in A_TITLES)


@pytest.mark.parametrize("role", ["expert_a", "expert_b", "staff"])
def test_explorer_shows_each_expert_their_own_sessions(client, world, role):
    log_in(client, world, role)
    url = reverse("wagtailadmin_explore", args=[world.sessions.pk])
    body = client.get(url).content.decode()
    a_sessions = {A_TITLES[0], A_TITLES[1], A_TITLES[3]}
    shown = {t for t in (*a_sessions, world.b_session.title) if t in body}
    expected = {
        "expert_a": a_sessions,
        "expert_b": {world.b_session.title},
        "staff": {*a_sessions, world.b_session.title},
    }[role]
    assert shown == expected


@pytest.mark.parametrize("role", ["expert_a", "expert_b", "staff"])
@pytest.mark.parametrize("where", ["browse", "search"])
def test_page_chooser_offers_live_pages_and_only_own_drafts(client, world, role, where):
    # A live session is public, so anyone may link to it; a draft is not.
    log_in(client, world, role)
    if where == "browse":
        url = reverse("wagtailadmin_choose_page_child", args=[world.sessions.pk])
    else:
        url = reverse("wagtailadmin_choose_page_search") + "?q=Kestrel"
    body = client.get(url).content.decode()
    assert world.session.title in body
    assert (world.draft.title in body) == (role in A_AND_STAFF)


def test_a_moderator_who_is_not_staff_still_sees_every_session(client, world):
    # Scoping follows Wagtail's groups: whoever may edit any page there sees
    # them all, staff or not.
    moderator = MemberFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    url = reverse("wagtailadmin_explore", args=[world.sessions.pk])
    body = client.get(url).content.decode()
    assert world.draft.title in body and world.b_session.title in body


@pytest.mark.parametrize("role", ["expert_a", "staff"])
def test_reports_menu_is_for_staff_only(client, world, role):
    log_in(client, world, role)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    site_history = reverse("wagtailadmin_reports:site_history")
    assert (site_history in body) == (role == "staff")


def _explorer_queries(client, world) -> int:
    url = reverse("wagtailadmin_explore", args=[world.sessions.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_scoped_explorer_query_count_is_flat(client, world):
    client.force_login(world.users["expert_b"])
    _explorer_queries(client, world)  # warm per-process caches
    few = _explorer_queries(client, world)
    # Hiding other experts' sessions costs the same however many there are.
    expert_a = world.users["expert_a"]
    SessionPageFactory.create_batch(8, host=expert_a, owner=expert_a)
    assert _explorer_queries(client, world) == few


# --- Publishing an expert page ----------------------------------------------
def _set_review(need_review: bool):
    settings = ExpertSettings.load()
    settings.expert_pages_need_review = need_review
    settings.save()


@pytest.mark.parametrize("need_review", [True, False])
@pytest.mark.parametrize("role", ["expert_a", "expert_b", "staff"])
def test_who_may_publish_an_expert_page(client, world, role, need_review):
    _set_review(need_review)
    log_in(client, world, role)
    url = admin_url("edit", world.expert_page.pk)
    client.post(url, editor_data(client, url, **{"action-publish": "action-publish"}))
    may_publish = role == "staff" or (role == "expert_a" and not need_review)
    assert _live(world.expert_page) == may_publish


# --- Adding a session --------------------------------------------------------
def test_an_expert_adding_a_session_hosts_it_themselves(client, world):
    expert_b = world.users["expert_b"]
    client.force_login(expert_b)
    url = admin_url("add", "skillsessions", "sessionpage", world.sessions.pk)
    data = editor_data(
        client,
        url,
        title="Puffin workshop",
        slug="puffin-workshop",
        summary="Hands-on.",
        starts_at="2031-05-01 10:00",
        ends_at="2031-05-01 12:00",
        host=world.users["expert_a"].pk,  # tampered: the field is disabled
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = SessionPage.objects.get(slug="puffin-workshop")
    assert (session.host, session.owner) == (expert_b, expert_b)


@pytest.mark.parametrize("role", ["expert_a", "expert_b"])
def test_experts_cannot_create_pages_under_the_home_page(client, world, role):
    log_in(client, world, role)
    before = Page.objects.count()
    response = client.post(
        admin_url("add", "home", "standardpage", world.home.pk),
        {"title": "Sneaky", "slug": "sneaky"},
    )
    assert_turned_away(response, role)
    assert Page.objects.count() == before


# --- The expert's workspace (mentorship's requests page: mentorship/tests) --
WORKSPACE = ["experts_insights"]


@pytest.mark.parametrize("role", ["anonymous", "member"])
@pytest.mark.parametrize("name", WORKSPACE)
def test_workspace_turns_away_non_experts(client, world, role, name):
    log_in(client, world, role)
    assert_turned_away(client.get(reverse(name)), role)


# role -> (whose workspace they ask for, whose they get)
WHOSE = {
    "expert_a": ("", "expert_a"),
    "expert_b": ("expert_a", "expert_b"),  # ?expert= is ignored for experts
    "staff": ("expert_a", "expert_a"),
}


@pytest.mark.parametrize("role", list(WHOSE))
@pytest.mark.parametrize("name", WORKSPACE)
def test_workspace_shows_experts_their_own_and_staff_anyones(client, world, role, name):
    asked, shown = WHOSE[role]
    log_in(client, world, role)
    query = {"expert": world.users[asked].pk} if asked else {}
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    assert response.context["host"] == world.users[shown]
