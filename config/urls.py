from django.contrib import admin
from django.urls import include, path

from sources.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("sources.urls")),
    path("", include("claims.urls")),
    path("api/", include("config.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
