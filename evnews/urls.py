from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.caching import shared_page
from articles.pages.views import RobotsView
from evnews import admin_login, health
from evnews.sitemaps import sitemaps

urlpatterns = [
    path("admin/login/", admin_login.login),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("sitemap.xml", shared_page(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("", include("articles.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
