import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masteryhub.settings.dev")
application = get_wsgi_application()

from core.page_cache import LocalPageCache  # noqa: E402  (needs the settings)

application = LocalPageCache(application)
