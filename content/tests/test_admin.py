"""Experts write articles and courses under /learn/ in their own name, and
never see or touch another expert's."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import EXPERTS_GROUP_NAME
from content.models import LearnIndexPage
from content.tests.factories import ArticlePageFactory
from sessions.tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db


def make_expert():
    expert = ExpertFactory()
    expert.groups.add(Group.objects.get(name=EXPERTS_GROUP_NAME))
    return expert


def test_experts_may_write_under_learn_only():
    expert = make_expert()
    index = LearnIndexPage.objects.get()
    assert index.permissions_for_user(expert).can_add_subpage()
    assert not index.get_parent().permissions_for_user(expert).can_add_subpage()


def test_expert_does_not_see_or_edit_another_experts_draft(client):
    author, other = make_expert(), make_expert()
    draft = ArticlePageFactory(
        author=author, owner=author, title="Unannounced draft", live=False
    )
    client.force_login(other)
    listing = client.get(f"/admin/pages/{LearnIndexPage.objects.get().pk}/")
    assert listing.status_code == 200
    assert "Unannounced draft" not in listing.content.decode()
    edit = client.get(f"/admin/pages/{draft.pk}/edit/")
    assert edit.status_code in (302, 403, 404)
    client.force_login(author)
    assert client.get(f"/admin/pages/{draft.pk}/edit/").status_code == 200


def test_author_field_is_locked_to_the_expert(client):
    expert = make_expert()
    client.force_login(expert)
    index = LearnIndexPage.objects.get()
    html = client.get(
        f"/admin/pages/add/content/articlepage/{index.pk}/"
    ).content.decode()
    assert f'<option value="{expert.pk}" selected>' in html
    assert "disabled" in html.split('name="author"')[1].split(">")[0]


def test_previews_show_premium_text_only_to_those_who_may_edit(client):
    from content.tests.factories import SECRET

    author, other = make_expert(), make_expert()
    article = ArticlePageFactory(author=author, owner=author, access="membership")
    client.force_login(other)
    denied = client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert SECRET not in denied.content.decode()
    client.force_login(author)
    own = client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert own.status_code == 200
    assert SECRET in own.content.decode()
