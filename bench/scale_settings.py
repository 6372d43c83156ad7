"""Settings for bench/scale_api.py and bench/load_test.py: production settings plus the bare
baseline views."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "scale_urls"

# Serve static files without a collectstatic manifest: the benchmark measures views.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# bench/load_test.py signs in over plain HTTP to 127.0.0.1: cookies without the Secure flag
# (in production TLS ends at a front proxy, and they keep it).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
