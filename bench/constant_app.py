"""The ceiling bench/run compares every page with: a Django view that returns
the same small response, with no middleware, templates or database, served
by gunicorn exactly as the site is.

    gunicorn bench.constant_app:application --workers 3 --bind 127.0.0.1:PORT
"""

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = b"<!doctype html><title>ok</title><p>A constant response.</p>\n"


def constant(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", constant)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-constant-view-not-secret",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)
django.setup()
application = get_wsgi_application()
