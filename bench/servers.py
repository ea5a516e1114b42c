"""gunicorn servers for bench/run: started on a free port of 127.0.0.1,
waited for, measured (RSS of each worker from /proc) and stopped with
everything they started."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    app: str
    env: dict
    log: Path
    workers: int = 3
    port: int = 0
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [
            str(gunicorn),
            self.app,
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{self.port}",
            "--chdir",
            str(ROOT),
            "--error-logfile",
            str(self.log),
            "--log-level",
            "warning",
        ]
        # A session of its own: Ctrl-C reaches bench/run alone, which then
        # stops the whole group in order (stop()).
        self.process = subprocess.Popen(
            command,
            env=self.env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, path: str = "/", timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base_url + path, timeout=10):
                    pass
                if len(self.worker_pids()) >= self.workers:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} not ready in {timeout:.0f} s")

    def log_tail(self, lines: int = 30) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def worker_pids(self) -> list[int]:
        return children(self.process.pid) if self.process else []

    def rss_mib_per_worker(self) -> float | None:
        sizes = [rss_kib(pid) for pid in self.worker_pids()]
        sizes = [size for size in sizes if size]
        return sum(sizes) / len(sizes) / 1024 if sizes else None

    def wait_idle(self, timeout: float = 60) -> None:
        """Until the workers stop using CPU: wrk closes its connections at
        the end of a run, but sync workers still answer every request already
        queued, which would land in the next page's measurement."""
        deadline = time.monotonic() + timeout
        quiet_windows, before = 0, self.cpu_ticks()
        while quiet_windows < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            now = self.cpu_ticks()
            quiet_windows = quiet_windows + 1 if now - before <= 1 else 0
            before = now

    def cpu_ticks(self) -> int:
        return sum(cpu_ticks(pid) for pid in self.worker_pids())

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # gunicorn's master stops its workers on SIGTERM (graceful, 30 s
        # at most); whatever is left of the group then gets SIGKILL.
        pgid = self.process.pid
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and brackets: fields start after ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_ticks(pid: int) -> int:
    """User and system time of a process, in clock ticks."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])
