"""Shared fragments (core.fragments): what is never kept, and what turns
them off."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from core import fragments

CSRF_FORM = '<form><input type="hidden" name="csrfmiddlewaretoken" value="x"></form>'


def visitor_request(rf: RequestFactory):
    request = rf.get("/")
    request.user = AnonymousUser()
    return request


@pytest.fixture
def request_(rf: RequestFactory, db):
    return visitor_request(rf)


def counting(html: str):
    calls = []

    def render():
        calls.append(1)
        return html

    return calls, render


def test_kept_once_rendered(settings, request_):
    settings.FRAGMENT_CACHE_SECONDS = 60
    calls, render = counting("<p>hi</p>")
    for _ in range(2):
        html = fragments.get_or_render("part", request_, None, [], render)
        assert html == "<p>hi</p>"
    assert len(calls) == 1


def test_a_fragment_with_a_csrf_token_is_never_kept(settings, request_):
    settings.FRAGMENT_CACHE_SECONDS = 60
    calls, render = counting(CSRF_FORM)
    for _ in range(2):
        fragments.get_or_render("form", request_, None, [], render)
    assert len(calls) == 2


def test_previews_are_rendered_every_time(settings, request_):
    settings.FRAGMENT_CACHE_SECONDS = 60
    request_.is_preview = True
    calls, render = counting("<p>draft</p>")
    for _ in range(2):
        fragments.get_or_render("part", request_, None, [], render)
    assert len(calls) == 2


def test_zero_seconds_turns_them_off(settings, request_):
    settings.FRAGMENT_CACHE_SECONDS = 0
    calls, render = counting("<p>hi</p>")
    for _ in range(2):
        fragments.get_or_render("part", request_, None, [], render)
    assert len(calls) == 2


def test_each_extra_value_has_its_own_fragment(settings, request_):
    settings.FRAGMENT_CACHE_SECONDS = 60
    mine = fragments.get_or_render("part", request_, None, [True], lambda: "own")
    theirs = fragments.get_or_render("part", request_, None, [False], lambda: "other")
    assert (mine, theirs) == ("own", "other")


def test_the_next_request_after_a_purge_renders_them_again(settings, request_, rf):
    settings.FRAGMENT_CACHE_SECONDS = 60
    calls, render = counting("<p>hi</p>")
    fragments.get_or_render("part", request_, None, [], render)
    fragments.purge_fragments()
    fragments.get_or_render("part", visitor_request(rf), None, [], render)
    assert len(calls) == 2
