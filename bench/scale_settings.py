"""Settings for bench/scale_api.py: production settings plus the bare baseline views."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "scale_urls"

# Serve static files without a collectstatic manifest: the benchmark measures views.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
