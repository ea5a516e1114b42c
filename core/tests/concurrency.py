"""Racing the same work from several database connections at once, as
separate machines would (not a test module). PostgreSQL only: SQLite
serialises every writer, which would prove nothing."""

import threading

import pytest
from django.db import connection


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
