from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views.defaults import page_not_found

from config.account import account
from sources.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("sources.urls")),
    path("", include("claims.urls")),
    path("api/", include("config.api_urls")),
    path("jobs/", include("jobs.urls")),
    path("accounts/", account, name="account"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]


def handler404(request, exception):
    """JSON for API clients, the site's page for people."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"status": 404, "code": "not_found", "message": "Not found."}}, status=404
        )
    return page_not_found(request, exception)
