"""Sends requests as one person and notes every answer of 500 or more.

Each request runs in a savepoint that is rolled back and with the person's
cookies put back afterwards, so a POST that logs out, deletes or books
leaves the next request the same site and the same signed-in person.
"""

import time
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlsplit

from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import Resolver404, resolve

# Wagtail's /admin/failwhale/ raises on purpose, so that staff can check
# that server errors reach them; its 500 is the answer it exists to give.
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}

# Reading the query string as a whole (copying it for pagination links,
# iterating it) counts as reading every parameter.
READS_ALL = "*"


class RecordingQueryDict(QueryDict):
    """request.GET that remembers which parameters the view looked at."""

    reads: set[str] = set()

    def __getitem__(self, key):
        self.reads.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.reads.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.reads.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.reads.add(key)
        return super().__contains__(key)

    def lists(self):
        self.reads.add(READS_ALL)
        return super().lists()

    def items(self):
        self.reads.add(READS_ALL)
        return super().items()

    def keys(self):
        self.reads.add(READS_ALL)
        return super().keys()

    def __iter__(self):
        self.reads.add(READS_ALL)
        return super().__iter__()


def _deliberate(url: str) -> bool:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    return match.url_name in DELIBERATE_ERRORS


def _recording_get(request):
    return RecordingQueryDict(request.environ.get("QUERY_STRING", ""))


class Prober:
    def __init__(self, user=None):
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.cookies = self.client.cookies
        self.failures: list[str] = []
        self.sent = 0
        self.timings: list[tuple[float, str, str]] = []
        self._started = 0.0

    @contextmanager
    def _isolated(self):
        self._started = time.monotonic()
        self.client.cookies = self.cookies.__class__()
        self.client.cookies.update(self.cookies)
        with transaction.atomic():
            yield
            transaction.set_rollback(True)

    def _check(self, method: str, url: str, response, note: str = "") -> None:
        self.sent += 1
        self.timings.append((time.monotonic() - self._started, method, url[:120]))
        if response.status_code >= 500 and not _deliberate(url):
            error = response.exc_info[1] if response.exc_info else None
            cause = f"{type(error).__name__}: {str(error)[:150]}" if error else ""
            self.failures.append(
                f"{method} {url[:200]} {note}→ {response.status_code} {cause}".strip()
            )

    def get(self, url: str):
        with self._isolated():
            response = self.client.get(url)
        self._check("GET", url, response)
        return response

    def reads(self, url: str):
        """GET `url`; the response, and which query parameters the view
        read."""
        RecordingQueryDict.reads = set()
        with mock.patch.object(WSGIRequest, "GET", property(_recording_get)):
            response = self.get(url)
        return response, set(RecordingQueryDict.reads)

    def post(self, url: str, data, content_type: str):
        with self._isolated():
            if content_type == "form":
                response = self.client.post(url, data)
            else:
                response = self.client.post(url, data, content_type=content_type)
        note = "" if content_type == "form" else f"{str(data)[:30]!r} "
        self._check("POST", url, response, note)
        return response
