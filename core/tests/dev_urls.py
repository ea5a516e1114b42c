"""The site's URLs as DEBUG routes them, for the development mailbox tests
(the test settings run with DEBUG off, where /dev/mail/ does not exist)."""

from django.urls import include, path

from core import dev_mail
from masteryhub.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("dev/mail/", include(dev_mail)), *site_urlpatterns]
