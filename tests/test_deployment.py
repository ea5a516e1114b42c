"""The Procfile and gunicorn's config start what the README says they do."""

import runpy
import shlex
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
