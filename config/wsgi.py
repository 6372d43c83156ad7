import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Import the URLconf, and with it every view, as the worker starts rather than in its first
# request: Django does it lazily, and the first visitor of each new gunicorn worker waited
# ~0.8 s for it (docs/benchmarks.md, "Stored review tallies").
get_resolver().url_patterns  # noqa: B018
