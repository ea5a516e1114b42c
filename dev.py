#!/usr/bin/env python3
"""MasteryHub's two commands, for a fresh clone with nothing but Python 3.11.

    python3 dev.py          set up (venv, install, migrate, demo content) and
                            start the site, the task worker and the periodic
                            jobs on :8000
    python3 dev.py test     install the test tools and run lint + every test

Only the standard library is used here: this file runs before the virtual
environment exists.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ADDRESS = "127.0.0.1:8000"
MAIL_FOLDER = ROOT / "var" / "mail"


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def run(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(arg) for arg in args], check=True, cwd=ROOT, **kwargs)


def ensure_venv(requirements: str) -> None:
    """Create .venv and install `requirements` unless they are installed already."""
    if sys.version_info[:2] != (3, 11):
        say(f"MasteryHub targets Python 3.11; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv")
        venv.create(VENV, with_pip=True)
    wanted = b"".join(
        (ROOT / name).read_bytes() for name in ("requirements.txt", requirements)
    )
    stamp = VENV / f".installed-{requirements}"
    digest = hashlib.sha256(wanted).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"Installing {requirements}")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", requirements)
    stamp.write_text(digest)


def manage(*args: str, env: dict | None = None) -> None:
    run(PYTHON, "manage.py", *args, env=env)


def up() -> None:
    ensure_venv("requirements.txt")
    env = {**os.environ}
    env.setdefault("DJANGO_SETTINGS_MODULE", "masteryhub.settings.dev")
    say("Migrating the database")
    manage("migrate", "--no-input", "--verbosity", "0", env=env)
    say("Loading demo content")
    manage("seed_demo", env=env)
    # Run what the seed queued now, quietly, so the logins it printed stay on
    # screen; its emails go to made-up addresses, so they are dropped.
    dummy_mail = {
        **env,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    manage("db_worker", "--batch", "--verbosity", "0", env=dummy_mail)
    manage("task_summary", env=env)
    if "EMAIL_BACKEND" not in os.environ:
        # Sign-up verification links and booking emails land in files, not
        # in the request log: one file per email, readable at /dev/mail/.
        env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        env.setdefault("EMAIL_FILE_PATH", str(MAIL_FOLDER))
        say(
            f"Emails are written to {env['EMAIL_FILE_PATH']} and listed at "
            f"http://{ADDRESS}/dev/mail/"
        )
    say(
        f"Starting the site on http://{ADDRESS}/, the task worker and the "
        "periodic jobs (Ctrl-C stops)"
    )
    processes = (
        _start("runserver", ADDRESS, env=env),
        _start("db_worker", env=env),
        # What a server's scheduler does every minute (README: "Periodic jobs").
        _start("run_periodic", "--every", "60", env=env),
    )
    # `kill` (SIGTERM) stops everything as Ctrl-C does, instead of leaving
    # the server and the worker running without this process.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _stop(processes)
    sys.exit(next((p.returncode for p in processes if p.returncode), 0))


def _start(*args: str, env: dict) -> subprocess.Popen:
    # Each in a process group of its own: the server and the worker reload
    # on code changes by running a child, and a signal to the group reaches
    # that child too.
    return subprocess.Popen(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, start_new_session=True
    )


def _stop(processes: tuple[subprocess.Popen, ...]) -> None:
    for process in processes:
        _signal_group(process, signal.SIGINT)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            pass
        _signal_group(process, signal.SIGKILL)


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; Playwright cannot download its own."""
    if Path(CHROMIUM).exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        say("Installing Chromium for the browser tests (apt-get install chromium)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "chromium", env=env)
        return
    sys.exit(
        f"The browser tests need Chromium at {CHROMIUM}. Install it "
        "(sudo apt-get install chromium) or set CHROMIUM_PATH."
    )


def test(pytest_args: list[str]) -> None:
    ensure_venv("requirements-dev.txt")
    ensure_chromium()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "masteryhub.settings.test"}
    say("Lint: ruff, import layers, migrations")
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "lint-imports", env=env)
    manage("makemigrations", "--check", "--dry-run", env=env)
    say("Tests")
    workers = os.environ.get("PYTEST_WORKERS", "2")
    result = subprocess.run(
        [str(BIN / "pytest"), "-n", workers, *pytest_args], cwd=ROOT, env=env
    )
    sys.exit(result.returncode)


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["up"]
    if command == "up":
        up()
    elif command == "test":
        test(rest)
    else:
        sys.exit(__doc__)
