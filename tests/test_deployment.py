"""The Procfile and gunicorn's config start what the README says they do;
the environment turns on the purging of a CDN in front of the site."""

import json
import os
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_every_process_runs_a_command_that_exists():
    processes = procfile()
    assert set(processes) == {"release", "web", "worker", "periodic"}
    commands = get_commands()
    for command_line in processes.values():
        for step in command_line.split("&&"):
            words = shlex.split(step)
            if words[:2] == ["python", "manage.py"]:
                assert words[2] in commands, step
    web = shlex.split(processes["web"])
    assert web[:2] == ["gunicorn", "masteryhub.wsgi"]
    assert (ROOT / web[web.index("--config") + 1]).is_file()


def test_gunicorn_binds_the_platforms_port_or_the_loopback(monkeypatch):
    config = ROOT / "gunicorn.conf.py"
    for name in ("PORT", "GUNICORN_BIND", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    assert runpy.run_path(str(config))["bind"] == "127.0.0.1:8000"

    monkeypatch.setenv("PORT", "5000")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    settings = runpy.run_path(str(config))
    assert settings["bind"] == "0.0.0.0:5000"
    assert settings["workers"] == 3


def _settings_with(env: dict) -> dict:
    """Settings as a process started with `env` reads them."""
    script = (
        "import json, django; django.setup();"
        "from django.conf import settings;"
        "from wagtail.contrib.frontend_cache.utils import get_backends;"
        "print(json.dumps({'apps': settings.INSTALLED_APPS,"
        " 'backends': {k: type(v).__name__ for k, v in get_backends().items()}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "masteryhub.settings.test", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_cdn_or_caching_proxy_is_purged_only_when_configured():
    plain = _settings_with({"FRONTEND_CACHE_URL": "", "CLOUDFLARE_ZONE_ID": ""})
    assert "wagtail.contrib.frontend_cache" not in plain["apps"]
    assert plain["backends"] == {}

    behind = _settings_with(
        {
            "FRONTEND_CACHE_URL": "http://127.0.0.1:6081",
            "CLOUDFLARE_ZONE_ID": "zone",
            "CLOUDFLARE_API_TOKEN": "token",
        }
    )
    assert "wagtail.contrib.frontend_cache" in behind["apps"]
    assert behind["backends"] == {
        "proxy": "HTTPBackend",
        "cloudflare": "CloudflareBackend",
    }


def test_workers_are_recycled_rarely_and_at_different_moments(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    # A worker serving cached pages answers about a thousand requests a
    # second; restarting it every thousand would spend most of its time
    # importing the site.
    assert settings["max_requests"] >= 50_000
    assert settings["max_requests_jitter"] > 0
    assert callable(settings["post_worker_init"])
