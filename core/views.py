from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from core import health


@never_cache
@require_GET
def healthz(request):
    """200 when the site can serve and its background work keeps up; 503
    (with what is wrong) otherwise. `worker` is "late" when a task has
    waited longer than TASK_QUEUE_MAX_AGE_SECONDS, "unknown" when the
    database (where the queue lives) cannot be read."""
    database, cache = health.database_ok(), health.cache_ok()
    queue = health.task_queue() if database else None
    worker = "unknown" if queue is None else "ok" if queue.pop("ok") else "late"
    healthy = database and cache and worker == "ok"
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": "ok" if database else "down",
        "cache": "ok" if cache else "down",
        "worker": worker,
    }
    if queue is not None:
        body["tasks"] = queue
    return JsonResponse(body, status=200 if healthy else 503)


@require_safe
def favicon(request):
    # Browsers and crawlers ask for /favicon.ico whatever the page links.
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")
