"""A sign-in provider that is not set up is a page that does not exist."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/google/login/",
        "/accounts/google/login/callback/",
        "/accounts/github/login/",
        "/accounts/github/login/callback/",
    ],
)
def test_an_unconfigured_provider_answers_404(client, settings, url):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 405)
