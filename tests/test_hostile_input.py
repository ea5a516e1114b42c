"""No URL of the site answers 5xx to hostile input, whoever sends it.

Every pattern the URL resolver knows is walked (Wagtail's admin and API,
allauth, DRF, the Django admin and ours; tests/hostile/routes.py), as a
visitor, a member, an expert and staff:

- path: each parameter gets hostile values its converter accepts (NUL and
  control characters, bidi overrides, invalid UTF-8, overlong text,
  traversal, integers past 64 bits);
- query: the page is fetched once with real values to learn which query
  parameters the view reads; each common parameter it reads by name gets
  every hostile value of its kind, one it only passes through (a copied
  query string) gets one;
- post: the page's own form with hostile text in every field a person types
  into (or common field names where the page has no form), and hostile JSON
  on /api/.

A 4xx (or a form showing an error) is the right answer; any 5xx fails, with
every failing request listed.
"""

import itertools
import time

import pytest
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from tests.hostile.corpus import (
    FORM_FIELDS,
    FORM_VALUES,
    JSON_BODIES,
    PATH_VALUES,
    QUERY_VALUES,
)
from tests.hostile.forms import hostile_form_body, post_form_fields
from tests.hostile.prober import READS_ALL, Prober
from tests.hostile.routes import Route, all_routes
from tests.hostile.world import ROLES, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def hostile_path_urls(route: Route, benign: dict[str, list[str]]) -> set[str]:
    """One URL per hostile value of each parameter, the others real."""
    if not route.params:
        return {route.url({})} - {None}
    real = {name: benign[route.kinds[name]] for name in route.params}
    urls = set()
    for name in route.params:
        for value in PATH_VALUES[route.kinds[name]]:
            url = route.fill({**real, name: [value]})
            if url:
                urls.add(url)
    return urls


def benign_urls(route: Route, world: World) -> list[str]:
    """Where the view behind `route` finds real things; for Wagtail's page
    tree, the address of every page."""
    if route.pattern.callback is wagtail_serve:
        return [page.url for page in Page.objects.live().filter(depth__gt=1)]
    benign = world.benign_values()
    url = route.fill({name: benign[route.kinds[name]] for name in route.params})
    return [url] if url else []


def query_urls(base: str, reads: set[str], index: int) -> list[str]:
    """Every hostile value of each common parameter the view reads by name,
    one request each; the parameters it only passes through (a copied query
    string) all in one request, a different value on each route."""
    separator = "&" if "?" in base else "?"
    urls, passed_through = [], []
    for offset, (param, values) in enumerate(QUERY_VALUES.items()):
        if param in reads:
            urls.extend(f"{base}{separator}{param}={value}" for value in values)
        elif READS_ALL in reads:
            passed_through.append(f"{param}={values[(index + offset) % len(values)]}")
    if passed_through:
        urls.append(f"{base}{separator}{'&'.join(passed_through)}")
    return urls


def hostile_posts(base: str, page, index: int) -> list[tuple[object, str]]:
    """The page's own form with hostile text typed in (or common field
    names when it has none), and hostile JSON on /api/."""
    value = FORM_VALUES[index % len(FORM_VALUES)]
    html = page.content.decode(errors="replace") if page.status_code == 200 else ""
    fields = post_form_fields(html)
    body = hostile_form_body(fields, value) if fields else None
    posts = [(body or dict.fromkeys(FORM_FIELDS, value), "form")]
    if base.startswith("/api/"):
        posts += [(json_body, "application/json") for json_body in JSON_BODIES]
    return posts


def report(prober: Prober, role: str, started: float, routes: int) -> None:
    seconds = time.monotonic() - started
    print(f"{role}: {routes} routes, {prober.sent} requests in {seconds:.1f} s")
    for t, method, url in sorted(prober.timings, reverse=True)[:15]:
        print(f"  {t:.2f} {method} {url}")
    assert not prober.failures, f"{len(prober.failures)} answers of 5xx:\n" + (
        "\n".join(prober.failures)
    )


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_5xx_to_hostile_path_values(world, role):
    started, prober = time.monotonic(), Prober(world.user(role))
    routes = all_routes()
    benign = world.benign_values()
    unreachable = []
    for route in routes:
        urls = hostile_path_urls(route, benign)
        if not urls and not route.is_shadowed():
            unreachable.append(str(route))
        for url in sorted(urls):
            prober.get(url)
    # A pattern no value reaches would pass unseen: the walk must cover all.
    assert not unreachable, unreachable
    report(prober, role, started, len(routes))


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_5xx_to_hostile_queries_or_posts(world, role):
    started, prober = time.monotonic(), Prober(world.user(role))
    routes = all_routes()
    counter = itertools.count()
    for route in routes:
        for base in benign_urls(route, world):
            index = next(counter)
            page, reads = prober.reads(base)
            for url in query_urls(base, reads, index):
                prober.get(url)
            for body, content_type in hostile_posts(base, page, index):
                prober.post(base, body, content_type)
    report(prober, role, started, len(routes))
