"""SQLite as `python3 dev.py` runs it: the site and the task worker are two
processes writing to one database file, and neither may fail with
"database is locked"."""

import ast
import os
import sqlite3
import subprocess
import sys

from tests.test_platform import ROOT, read_setting

# Each process signs in as ready, waits for the other, then reads and writes
# in one transaction, sleeping in between so the two overlap: the pattern of
# a web request publishing a page while the worker takes a task.
WRITER = """
import sys, time
from pathlib import Path

import django

django.setup()
from django.db import connection, transaction

folder, name = Path(sys.argv[1]), sys.argv[2]
(folder / f"ready-{name}").touch()
deadline = time.monotonic() + 120
while len(list(folder.glob("ready-*"))) < 2:
    assert time.monotonic() < deadline, "the other writer never started"
    time.sleep(0.01)
with transaction.atomic(), connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM note")
    cursor.fetchone()
    time.sleep(0.5)
    cursor.execute("INSERT INTO note (writer) VALUES (%s)", [name])
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, writer TEXT)")
        # As `migrate` leaves the file before dev.py starts the site and the
        # worker. Two first connections switching a new file to WAL at the
        # same instant can still collide (SQLite takes that lock without
        # waiting); the switch itself is tested on its own below.
        db.execute("PRAGMA journal_mode=WAL")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "masteryhub.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("web", "worker")
    ]
    results = [writer.communicate(timeout=180) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err[-2000:]
        assert out.split()[-1] == "wal"
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT writer FROM note ORDER BY writer").fetchall()
    assert rows == [("web",), ("worker",)]


def test_sqlite_settings_carry_the_options_for_two_processes(tmp_path):
    options = ast.literal_eval(
        read_setting(
            "settings.DATABASES['default']['OPTIONS']",
            DJANGO_SETTINGS_MODULE="masteryhub.settings.dev",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        )
    )
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]


def test_the_first_connection_switches_a_new_database_to_wal(tmp_path):
    database = tmp_path / "db.sqlite3"
    sqlite3.connect(database).close()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "masteryhub.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    probe = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode')\n"
        "    print(cursor.fetchone()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split()[-1] == "wal"
    # WAL is kept in the file: every later connection finds it on.
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
