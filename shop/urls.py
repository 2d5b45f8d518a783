"""URLs: Oscar's shop first, then Wagtail's admin, and Wagtail's page tree as the catch-all."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .sitemaps import robots_txt

urlpatterns = [
    # The search API first: its requests are the most frequent, and resolving tries patterns in turn.
    path("api/search/", include("search.urls_api")),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("cms/", include("cms.admin_urls")),  # before Wagtail's admin: sign-out by POST only
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", wagtail_views.serve, {"path": ""}, name="home"),
    path("", include(apps.get_app_config("oscar").urls[0])),
    path("", include("catalog.verification_urls")),  # /xac-thuc/<code>/: certificate check by QR
    path("thong-ke/", include("shop.statistics.urls")),
    path("", include("cms.urls")),  # the fairs feed (…/lich.ics), the sitemap: dots Wagtail's pages refuse
    path("", include(wagtail_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
