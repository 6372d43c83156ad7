import sys

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.urls import include, path
from django.views.defaults import page_not_found, server_error

from claims import annotate_views, list_views, views
from config.account import account
from config.errors import json_error
from pipeline import views as pipeline_views
from sources import urls as sources_urls

# The source pages: sources' own, those that show what claims know of a source (claims),
# and the upload page (pipeline): sources imports no other app of ours.
source_pages = [
    *sources_urls.urlpatterns,
    path("sources/<int:pk>/", annotate_views.source_detail, name="source_detail"),
    path("outlets/", list_views.outlet_list, name="outlet_list"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet_detail"),
    path("sources/new/", pipeline_views.source_create, name="source_create"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("", include((source_pages, "sources"))),
    path("", include("claims.urls")),
    path("api/", include("config.api_urls")),
    path("jobs/", include("jobs.urls")),
    path("", include("monitoring.urls")),
    path("accounts/", account, name="account"),
    # Logging out works without a session too: a "Log out" clicked after the session expired
    # ends on the login page, not on a login that then GETs a POST-only URL.
    path("accounts/logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # No password reset by email: it would need a mail server, and it tells anyone which
    # addresses have accounts. An administrator resets a password (admin, or
    # `manage.py changepassword`).
    path("admin/", admin.site.urls),
]


handler400 = "config.limits.bad_request"  # a request body over a limit: 413, named


def handler404(request, exception):
    """JSON for API clients, the site's page for people."""
    if request.path.startswith("/api/"):
        return json_error(404, "not_found", "Not found.")
    return page_not_found(request, exception)


def handler500(request):
    """An unexpected error: JSON for API clients, the site's page for people.

    A database that cannot be reached (refused, dropped, timed out) is 503, "try again": the
    next request opens a new connection (``CONN_HEALTH_CHECKS``), no restart needed. Django
    calls this inside its ``except`` block, so ``sys.exception()`` is the error, wherever it
    was raised (a view, the session middleware). Neither response touches the database.
    """
    unavailable = isinstance(sys.exception(), OperationalError | InterfaceError)
    status, code, message = (
        (503, "database_unavailable", "The database cannot be reached; try again shortly.")
        if unavailable
        else (500, "server_error", "The server could not complete the request.")
    )
    if request.path.startswith("/api/"):
        response = json_error(status, code, message)
    elif unavailable:
        response = server_error(request, template_name="503.html")
        response.status_code = 503
    else:
        return server_error(request)
    if unavailable:
        response["Retry-After"] = "30"
    return response
