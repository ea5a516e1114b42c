"""Wagtail's userbar shows on public pages to those who may open the admin,
and to nobody else (core_tags.admin_userbar)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _has_userbar(client) -> bool:
    response = client.get("/")
    assert response.status_code == 200
    return "<wagtail-userbar" in response.content.decode()


def test_visitors_and_members_get_no_userbar(client, django_user_model):
    assert not _has_userbar(client)
    client.force_login(django_user_model.objects.create_user(username="ada"))
    assert not _has_userbar(client)


def test_superusers_get_the_userbar(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(username="root"))
    assert _has_userbar(client)


def test_joining_a_group_with_admin_access_shows_it_on_the_next_page(
    client, django_user_model
):
    member = django_user_model.objects.create_user(username="ada")
    client.force_login(member)
    assert not _has_userbar(client)
    member.groups.add(Group.objects.get(name="Experts"))
    assert _has_userbar(client)
    member.groups.clear()
    assert not _has_userbar(client)


def test_the_userbar_reads_no_user_permissions_once_access_is_known(
    client, django_user_model
):
    expert = django_user_model.objects.create_user(username="ada")
    expert.groups.add(Group.objects.get(name="Experts"))
    client.force_login(expert)
    _has_userbar(client)  # the access answer is now in the cache
    with CaptureQueriesContext(connection) as queries:
        assert _has_userbar(client)
    permission_reads = [
        q["sql"] for q in queries if "accounts_user_user_permissions" in q["sql"]
    ]
    assert permission_reads == []
