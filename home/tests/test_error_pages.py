from django.template import loader
from django.test import Client, RequestFactory


def test_404_is_friendly_and_returns_404(client, home_page):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We can’t find that page" in html
    assert 'href="/">Go to the home page</a>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<header class="site-header">' in html


def test_500_template_renders_without_any_context():
    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html
    assert '<link rel="stylesheet" href="/static/css/main.css">' in html
    assert 'href="/"' in html


def test_403_template_offers_login_to_visitors(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/private/")
    request.user = AnonymousUser()
    html = loader.get_template("403.html").render({}, request)
    assert "You can’t open this page" in html
    assert "/accounts/login/?next=/private/" in html


def test_csrf_failure_explains_the_form_expired(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.com"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "This form has expired" in html
    assert "data-history-back" in html
