"""A new page never fails on a slug an earlier page (an abandoned autosaved
draft, a session run again under the same title) already took."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from accounts.models import EXPERTS_GROUP_NAME
from core.tests.admin_forms import editor_data
from sessions.models import SessionPage
from sessions.tests.factories import (
    ExpertFactory,
    SessionPageFactory,
    get_session_index,
)

pytestmark = pytest.mark.django_db


def add_url(index) -> str:
    return f"/admin/pages/add/skillsessions/sessionpage/{index.pk}/"


def test_a_new_session_with_a_taken_title_gets_the_next_free_slug(client):
    expert = ExpertFactory()
    expert.groups.add(Group.objects.get(name=EXPERTS_GROUP_NAME))
    index = get_session_index()
    # What Wagtail's autosave leaves when the editor is closed after typing
    # a title: a draft holding the slug.
    SessionPageFactory(
        parent=index,
        title="Intro to SQL",
        slug="intro-to-sql",
        live=False,
        owner=expert,
        host=expert,
    )
    client.force_login(expert)
    url = add_url(index)

    response = client.post(
        url,
        editor_data(
            client,
            url,
            title="Intro to SQL",
            slug="intro-to-sql",
            starts_at="2031-07-01 14:00",
            ends_at="2031-07-01 16:00",
        ),
    )

    assert response.status_code == 302
    created = SessionPage.objects.exclude(slug="intro-to-sql").get(title="Intro to SQL")
    assert created.slug == "intro-to-sql-2"


def test_renaming_an_existing_page_onto_a_taken_slug_is_still_refused(client):
    expert = ExpertFactory()
    expert.groups.add(Group.objects.get(name=EXPERTS_GROUP_NAME))
    index = get_session_index()
    SessionPageFactory(parent=index, slug="taken")
    mine = SessionPageFactory(parent=index, slug="mine", owner=expert, host=expert)
    client.force_login(expert)
    url = f"/admin/pages/{mine.pk}/edit/"

    response = client.post(url, editor_data(client, url, slug="taken"))

    assert response.status_code == 200
    assert "already in use" in response.content.decode()
    assert Page.objects.get(pk=mine.pk).slug == "mine"
