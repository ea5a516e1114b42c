from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import admin_access
from core import views as core_views
from core.sitemaps import VisibleSitemap
from experts import admin_scope
from forum.sitemaps import ThreadSitemap
from home import views as home_views
from payments import views as payment_views
from search import suggest as search_suggest
from search import views as search_views

# Both admins sign in through allauth and need a verified email.
admin.site.login = admin_access.django_admin_login(admin.site.login)
wagtail_admin = admin_access.wagtail_admin_urls

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"wagtail": VisibleSitemap, "forum": ThreadSitemap}},
        name="sitemap",
    ),
    path("django-admin/", admin_access.django_admin_urls(admin.site.urls)),
    path("admin/", include("accounts.admin_urls")),
    # Ahead of Wagtail's admin: experts see and act on their own pages only.
    path("admin/", include(wagtail_admin(admin_scope.get_urlpatterns()))),
    path("admin/", include(wagtail_admin(wagtailadmin_urls.urlpatterns))),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("members/", include("accounts.public_urls")),
    path("dashboard/", home_views.dashboard, name="dashboard"),
    path("dashboard/billing/", payment_views.billing, name="billing"),
    path("membership/", payment_views.membership, name="membership"),
    path("payments/", include("payments.urls")),
    path("bookings/", include("sessions.urls")),
    path("reviews/", include("sessions.review_urls")),
    path("mentorship/", include("mentorship.urls")),
    path("forum/", include("forum.urls")),
    path("progress/feedback/", include("progress.feedback_urls")),
    path("progress/", include("progress.urls")),
    # Beside the Wagtail pages of /assessments/ (whose slug "attempts" is
    # reserved for these), so ahead of Wagtail's catch-all.
    path("assessments/attempts/", include("progress.urls_assessments")),
    path("api/", include("api.urls")),
    path("", include("marketing.urls")),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_suggest.search_suggest, name="search_suggest"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    from core import dev_mail

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    urlpatterns += [path("dev/mail/", include(dev_mail))]

# JSON under /api/, the site's pages elsewhere.
handler400 = "core.error_views.bad_request"
handler403 = "core.error_views.permission_denied"
handler404 = "core.error_views.page_not_found"

# Wagtail's page tree serves everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
