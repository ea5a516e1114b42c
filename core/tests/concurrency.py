"""Racing the same work from several database connections at once, as
separate machines would (not a test module). PostgreSQL only: SQLite
serialises every writer, which would prove nothing."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site


def needs_row_locks() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL)")


def run_at_once(func, *, times: int = 2) -> list:
    """Call `func` in `times` threads released together, each on its own
    connection; return what each returned, or raise what one raised."""
    barrier = threading.Barrier(times)
    results: list = []
    failures: list[BaseException] = []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(func())
        except BaseException as error:  # noqa: BLE001 - re-raised below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
    return results


def ensure_site_tree() -> None:
    """A transactional test's database is flushed, page tree included: a
    root, a plain page as the default site's home, and a locale."""
    if Site.objects.filter(is_default_site=True).exists():
        return
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    # A plain page will do as the site root: races never render it.
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
