"""The platform under every feature: health check, settings, mail, robots."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError, connection

from core.emails import queue_email

ROOT = Path(__file__).resolve().parent.parent


def django_command(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh interpreter so settings are read from `env`."""
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a
    # deployment check.
    leaked = ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in leaked}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_setting(expression: str, **env: str) -> str:
    code = f"from django.conf import settings; print({expression})"
    result = django_command("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    # The shell may print a banner first; the value is the last line.
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("ok", "ok", "ok")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1: the connection is refused at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "down"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_robots_txt_points_to_the_sitemap_and_closes_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    disallowed = {
        line.removeprefix("Disallow: ")
        for line in body.splitlines()
        if line.startswith("Disallow:")
    }
    # Private areas, endless result pages and the APIs are closed...
    assert {
        "/admin/",
        "/django-admin/",
        "/accounts/",
        "/dashboard/",
        "/mentorship/",
        "/payments/",
        "/search/",
        "/api/",
    } <= disallowed
    # ...and nothing public is: no blanket "Disallow: /" or a public path.
    for public in ("/", "/sessions/", "/experts/", "/learn/", "/members/", "/media/"):
        assert not any(public.startswith(path) for path in disallowed if path), public


@pytest.mark.django_db
def test_queued_email_is_sent_by_the_task_only_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            template_prefix="emails/test",
            to="ada@example.com",
            context={"name": "Ada <b>"},
        )
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert message.subject == "[MasteryHub] Hello Ada <b>"
    assert "Hello Ada <b>," in message.body
    # The HTML part escapes what the plain-text part shows as is.
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Ada &lt;b&gt;" in html


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "masteryhub.settings.production",
    "SECRET_KEY": "x7!Qp2#vLm9@Rt4$Wz8^Ny3&Kc6*Hb1(Jd5)Fg0-Ts=Ue+Oa_Ir",
    "ALLOWED_HOSTS": "masteryhub.example",
    "SITE_URL": "https://masteryhub.example",
}


def test_production_settings_pass_check_deploy_without_warnings():
    result = django_command(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_static_files_are_hashed_for_caching_and_compressed(tmp_path):
    result = django_command(
        "collectstatic", "--no-input", **PRODUCTION, STATIC_ROOT=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("css/main.css", "js/main.js"):
        # A new file name for new content: browsers may cache it for ever.
        stem, suffix = name.rsplit(".", 1)
        assert re.fullmatch(rf"{stem}\.[0-9a-f]{{12}}\.{suffix}", paths[name])
        assert (tmp_path / f"{paths[name]}.gz").exists()


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = django_command("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_database_and_cache_come_from_the_environment():
    settings_env = {"DJANGO_SETTINGS_MODULE": "masteryhub.settings.dev"}
    default = json.loads(
        read_setting(
            "__import__('json').dumps([settings.DATABASES['default']['ENGINE'], "
            "settings.CACHES['default']['BACKEND']])",
            **settings_env,
            REDIS_URL="",
        )
    )
    assert default == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]
    configured = json.loads(
        read_setting(
            "__import__('json').dumps([settings.DATABASES['default']['ENGINE'], "
            "settings.DATABASES['default']['NAME'], "
            "settings.CACHES['default']['LOCATION']])",
            **settings_env,
            DATABASE_URL="postgres://u:p@db.internal:5432/mh",
            REDIS_URL="redis://cache.internal:6379/2",
        )
    )
    assert configured == [
        "django.db.backends.postgresql",
        "mh",
        "redis://cache.internal:6379/2",
    ]


@pytest.mark.parametrize(
    ("url", "backend", "server"),
    [
        ("", "wagtail.search.backends.database", None),
        (
            "https://search.example:9200",
            "wagtail.search.backends.elasticsearch8",
            "https://search.example:9200",
        ),
        (
            "elasticsearch+http://127.0.0.1:9200",
            "wagtail.search.backends.elasticsearch8",
            "http://127.0.0.1:9200",
        ),
        (
            "opensearch+https://admin:p+ss@os.example:9200",
            "wagtail.search.backends.opensearch2",
            "https://admin:p+ss@os.example:9200",
        ),
    ],
)
def test_search_backend_url_picks_the_engine_by_scheme(url, backend, server):
    expression = "settings.WAGTAILSEARCH_BACKENDS['default']"
    value = read_setting(
        f"{expression}.get('BACKEND'), {expression}.get('URLS')", SEARCH_BACKEND_URL=url
    )
    assert value == f"{backend} {[server] if server else None}"


def test_an_unknown_search_engine_stops_start_up_with_a_clear_message():
    result = django_command("check", SEARCH_BACKEND_URL="solr+http://127.0.0.1:8983")
    assert result.returncode != 0
    assert "SEARCH_BACKEND_URL: unknown engine 'solr'" in result.stderr
