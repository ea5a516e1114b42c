"""Admin addresses an admin user can mistype or misuse answer 404 or a
message, not 500 (Wagtail's choosers, django-taggit's tag merge)."""

import pytest
from django.test import Client

from accounts.tests.factories import StaffFactory
from core.admin import NO_TAGS_SELECTED

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/images/chooser/chosen/not-a-number/",
        "/admin/documents/chooser/chosen/not-a-number/",
        "/admin/snippets/choose/skillsessions/category/chosen/not-a-number/",
    ],
)
def test_a_chooser_given_an_id_that_is_no_number_answers_404(url):
    client = Client()
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get(url).status_code == 404


def test_merging_tags_with_none_chosen_says_so():
    client = Client()
    client.force_login(StaffFactory(is_superuser=True))
    response = client.post(
        "/django-admin/taggit/tag/merge-tags/", {"new_tag_name": "SQL"}, follow=True
    )
    assert response.status_code == 200
    assert NO_TAGS_SELECTED in response.content.decode()
