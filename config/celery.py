"""The Celery app for background jobs: ``celery -A config worker``.

Configured from Django's settings (the ``CELERY_`` names in config/settings.py), so a
worker reads the same environment as the web app. See docs/jobs.md.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("claimtrail")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["jobs", "monitoring", "claims"])
