"""Wagtail admin addresses an admin user can mistype answer 404, not 500."""

import pytest
from django.test import Client

from accounts.tests.factories import StaffFactory

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
