"""No admin URL lets one expert change another expert's pages, an article,
or an index (and so every page below it).

The routes are not listed here: every URL pattern under /admin/ is found by
walking Django's URL resolver (Wagtail's page views, bulk actions and the
admin API's action routes included), so a view a Wagtail upgrade adds is
tried too. Each route that takes an id is called as expert B with the id of
each target page, by GET and by POST. A POST carries what staff would
submit there (the form Wagtail renders for a superuser at the same URL)
plus what the admin API's actions read (`{"recursive": true}` ...), so a
missing guard really changes something. After each call the page tree must
be as it was: live flags, paths, titles, owners, every page field, view
restrictions, locks, revisions and schedules, workflows. B may still make
new pages of their own (that is what experts do under /sessions/), as long
as such a page names nobody but B.
"""

import json
from dataclasses import dataclass
from datetime import timedelta
from itertools import product
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.regex_helper import normalize
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import (
    Page,
    PageViewRestriction,
    Revision,
    TaskState,
    WorkflowState,
)

from accounts.tests.factories import StaffFactory
from content.tests.factories import ArticlePageFactory, get_learn_index
from core.tests.admin_forms import posted_forms_data
from experts.tests.factories import (
    ExpertPageFactory,
    GroupExpertFactory,
    get_expert_index,
)
from sessions.tests.factories import SessionPageFactory, get_session_index

pytestmark = pytest.mark.django_db

# A title only A and staff may know: a page never published.
SECRET_TITLE = "Kestrel expert draft"
TARGETS = [
    "a_session",
    "a_scheduled_session",
    "a_expert_page",
    "article",
    "sessions_index",
    "experts_index",
    "learn_index",
]


# --- Every admin route ---------------------------------------------------------
@dataclass(frozen=True)
class Route:
    regex: str
    params: tuple[str, ...]
    format: str
    callback: object
    int_params: frozenset


def _walk(resolver, prefix="", converters=None):
    for entry in resolver.url_patterns:
        regex = entry.pattern.regex.pattern.removeprefix("^")
        found = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + regex, found)
        elif isinstance(entry, URLPattern):
            yield prefix + regex, entry.callback, found


def admin_routes() -> list[Route]:
    routes = []
    for regex, callback, converters in _walk(get_resolver()):
        if not regex.startswith("admin/"):
            continue
        for fmt, params in normalize(regex):
            ints = {
                name
                for name in params
                # Positional groups are the page id in Wagtail's routes.
                if name.startswith("_")
                or isinstance(converters.get(name), IntConverter)
            }
            routes.append(Route(regex, tuple(params), fmt, callback, frozenset(ints)))
    return routes


def _is_bulk(route: Route) -> bool:
    # Bulk actions take their object ids from the query string.
    return {"app_label", "model_name", "action"} <= set(route.params)


def takes_a_page(route: Route) -> bool:
    ids = route.int_params | {
        name for name in route.params if name.endswith(("_id", "pk"))
    }
    return bool(ids) or _is_bulk(route)


# --- The world -------------------------------------------------------------------
@pytest.fixture
def world(site_root):
    expert_a, expert_b = GroupExpertFactory(), GroupExpertFactory()
    a_session = SessionPageFactory(host=expert_a, owner=expert_a)
    a_session.save_revision(user=expert_a).publish(user=expert_a)
    scheduled = SessionPageFactory(host=expert_a, owner=expert_a)
    scheduled.save_revision(
        user=expert_a, approved_go_live_at=timezone.now() + timedelta(days=2)
    )
    expert_page = ExpertPageFactory(expert=expert_a, title=SECRET_TITLE, live=False)
    revision = expert_page.save_revision(user=expert_a)
    expert_page.get_workflow().start(expert_page, expert_a)
    article = ArticlePageFactory(author=expert_a)
    article.save_revision(user=expert_a).publish(user=expert_a)
    SessionPageFactory(host=expert_b, owner=expert_b)  # B's own
    return {
        "a": expert_a,
        "b": expert_b,
        "revision": revision,
        "a_session": a_session,
        "a_scheduled_session": scheduled,
        "a_expert_page": expert_page,
        "article": article,
        "sessions_index": get_session_index(),
        "experts_index": get_expert_index(),
        "learn_index": get_learn_index(),
    }


def _user_fields(page):
    return [
        f.attname
        for f in page._meta.concrete_fields
        if f.is_relation and f.related_model is get_user_model()
    ]


def snapshot() -> dict:
    pages = {}
    for page in Page.objects.order_by("pk").specific():
        pages[page.pk] = {
            f.attname: f.value_to_string(page)
            for f in page._meta.concrete_fields
            # A child B may add changes only its parent's count.
            if f.attname != "numchild"
        }
    revisions = Revision.objects.filter(
        base_content_type__model="page", object_id__in=[str(pk) for pk in pages]
    )
    return {
        "pages": pages,
        "revisions": sorted(
            revisions.values_list("pk", "object_id", "approved_go_live_at")
        ),
        "view restrictions": sorted(
            PageViewRestriction.objects.values_list(
                "pk", "page_id", "restriction_type", "password"
            )
        ),
        "workflows": sorted(WorkflowState.objects.values_list("pk", "status")),
        "tasks": sorted(TaskState.objects.values_list("pk", "status")),
    }


def changes(before: dict, after: dict, b) -> list[str]:
    """What differs between two snapshots, leaving out pages B made that
    name nobody but B."""
    found = []
    new_pages = set(after["pages"]) - set(before["pages"])
    for pk in new_pages:
        page = Page.objects.get(pk=pk).specific
        if {getattr(page, name) for name in _user_fields(page)} - {b.pk, None}:
            found.append(f"made a page naming others: {page}")
        after["pages"].pop(pk)
    after["revisions"] = [r for r in after["revisions"] if int(r[1]) not in new_pages]
    for pk, fields in before["pages"].items():
        now = after["pages"].get(pk, {})
        changed = {name: (was, now.get(name)) for name, was in fields.items()}
        changed = {name: pair for name, pair in changed.items() if pair[0] != pair[1]}
        if changed:
            found.append(f"changed page {pk}: {changed}")
    found += [
        f"changed {key}"
        for key in before
        if key != "pages" and after[key] != before[key]
    ]
    return found


# --- Calling a route ---------------------------------------------------------------
def _pairs_for(page):
    """(app label, model name) a route about `page` might take."""
    models = [page.specific_class, *page.specific_class.allowed_subpage_models()]
    return [(m._meta.app_label, m._meta.model_name) for m in models]


def _action_names(route: Route, page) -> list[str]:
    cls = getattr(route.callback, "cls", None)
    if isinstance(getattr(cls, "actions", None), dict):  # the admin API
        return list(cls.actions)
    if _is_bulk(route):
        return [
            a.action_type
            for a in bulk_action_registry.get_bulk_actions_for_model(
                "wagtailcore", "page"
            )
        ]
    state = page.specific.current_workflow_task_state
    task = state.task.specific if state else None
    staff = get_user_model().objects.filter(is_superuser=True).first()
    return [name for name, *_ in task.get_actions(page, staff)] if task else ["x"]


def _value_for(name, page, world):
    """What goes into the route parameter `name` for a call about `page`."""
    state = page.specific.current_workflow_state
    if "revision" in name or name in ("_1", "_2"):
        return page.latest_revision_id or world["revision"].pk
    if "task_state" in name:
        return state.current_task_state.pk if state else page.pk
    if "task" in name:
        return state.current_task_state.task_id if state else page.pk
    if "workflow_state" in name:
        return state.pk if state else page.pk
    if "workflow" in name:
        return state.workflow_id if state else page.pk
    if "destination" in name:
        return page.get_parent().pk
    if name == "filter_spec":
        return "original"
    return page.pk


def urls_for(route: Route, page, world) -> list[str]:
    """Every URL of `route` about `page`, each resolving to the route."""
    choices = []
    names = list(route.params)
    pair_names = [n for n in names if "app" in n], [n for n in names if "model" in n]
    for name in names:
        if name in pair_names[0] or name in pair_names[1]:
            continue
        if name in ("action", "action_name"):
            choices.append([(name, a) for a in _action_names(route, page)])
        else:
            choices.append([(name, _value_for(name, page, world))])
    if pair_names[0] and pair_names[1]:
        pairs = [("wagtailcore", "page")] if _is_bulk(route) else _pairs_for(page)
        choices.append(
            [
                ((pair_names[0][0], app), (pair_names[1][0], model))
                for app, model in pairs
            ]
        )
    urls = []
    for combination in product(*choices):
        values = {}
        for item in combination:
            items = item if isinstance(item[0], tuple) else (item,)
            values.update({name: str(value) for name, value in items})
        url = "/" + route.format % values
        try:
            if resolve(url).func is route.callback:
                urls.append(url)
        except Resolver404:
            pass
    return urls


def queries_for(route: Route, page) -> list[dict]:
    if _is_bulk(route):
        return [{"id": page.pk}, {"id": "all", "childOf": page.pk}]
    return [{"position": 0, "id": page.pk, "childOf": page.pk}]


def post_data(staff_page, page) -> dict:
    """What staff would submit from the page they got (`staff_page`), and
    what the admin API's actions and Wagtail's page forms read, pointed at
    `page` and its parent."""
    rendered = {}
    if staff_page.get("Content-Type", "").startswith("text/html"):
        rendered = posted_forms_data(staff_page.content)
    parent = page.get_parent().pk
    earliest = (
        Revision.objects.filter(base_content_type__model="page", object_id=str(page.pk))
        .order_by("pk")
        .first()
    )
    return {
        "include_descendants": "on",
        "restriction_type": "password",
        "password": "s3cret!",
        "new_title": "Walked copy",
        "new_slug": "walked-copy",
        "new_parent_page": parent,
        "copy_subpages": "on",
        "publish_copies": "on",
        **rendered,
        "title": "Renamed by B",
        "action-publish": "action-publish",
        "recursive": True,
        "destination_page_id": parent,
        "position": "first-child",
        "keep_live": True,
        "slug": "walked-copy",
        "update_slug": "walked-alias",
        "revision_id": earliest.pk if earliest else 0,
    }


def post(client: Client, route: Route, url: str, data: dict):
    if hasattr(route.callback, "cls"):  # a REST framework view: JSON
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


def said_to(response) -> str:
    request = getattr(response, "wsgi_request", None)
    notes = [str(m) for m in get_messages(request)] if request else []
    return response.content.decode(errors="replace") + " ".join(notes)


@pytest.mark.parametrize("target", TARGETS)
def test_expert_b_changes_nothing_of_others_through_any_admin_route(world, target):
    page = world[target]
    routes = [route for route in admin_routes() if takes_a_page(route)]
    staff = Client(raise_request_exception=False)
    staff.force_login(StaffFactory(is_superuser=True))
    b = Client(raise_request_exception=False, enforce_csrf_checks=False)
    b.force_login(world["b"])
    tried, problems = set(), []
    for route in routes:
        for url, query in product(
            urls_for(route, page, world), queries_for(route, page)
        ):
            full = f"{url}?{urlencode(query)}"
            staff_page = staff.get(full)
            if staff_page.status_code == 404:
                continue  # the id is not a page to this route
            data = post_data(staff_page, page)
            for method in ("GET", "POST"):
                # Each call starts from the same tree, whatever the last did.
                with transaction.atomic():
                    before = snapshot()
                    if method == "GET":
                        response = b.get(full)
                    else:
                        response = post(b, route, full, data)
                    what = f"{method} {full} ({response.status_code})"
                    problems += [
                        f"{what} {c}" for c in changes(before, snapshot(), world["b"])
                    ]
                    if SECRET_TITLE in said_to(response):
                        problems.append(f"{what} told B the title of A's draft")
                    transaction.set_rollback(True)
            tried.add(route.format)
    assert not problems, "\n".join(problems)
    # Wagtail's page views and the admin API's actions were among them.
    assert {
        "admin/pages/%(page_id)s/unpublish/",
        "admin/api/main/pages/%(pk)s/action/%(action_name)s/",
        "admin/bulk/%(app_label)s/%(model_name)s/%(action)s/",
    } <= tried, tried
