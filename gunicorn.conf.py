"""gunicorn's settings for the web process (Procfile: `web`).

Every value can be overridden from the environment, as platforms expect:
PORT (or GUNICORN_BIND) for the address, WEB_CONCURRENCY for the worker
count. Workers are sync: each request is short, and the database pool, not
the thread count, is what limits a worker.
"""

import gc
import multiprocessing
import os

_port = os.environ.get("PORT")
# A platform that sets PORT routes to it from outside the container; without
# it, stay on the loopback behind a local proxy.
bind = os.environ.get("GUNICORN_BIND") or (
    f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000"
)
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request that takes this long is stuck: kill the worker, start another.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, at different moments, so slow leaks in any
# library never add up and never restart every worker at once. Not too
# often: a new worker imports the whole site again (over a second of CPU),
# and a worker serving cached pages answers a thousand requests a second.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory: a container's disk may be slow or read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
errorlog = "-"
# The load balancer in front says which scheme the visitor used
# (SECURE_PROXY_SSL_HEADER in production settings trusts X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    # The site is imported: its modules, templates and settings live as long
    # as the worker, so the garbage collector need not walk them again.
    gc.freeze()
