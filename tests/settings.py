"""Test settings: the real settings module, with development defaults filled in.

pytest-django imports settings before any conftest runs, so the environment defaults
that manage.py gives developers are set here instead.
"""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user factories

# SQLite tests use a database file, not Django's default shared-cache in-memory database, so
# tests that use several connections at once (tests/review/test_concurrency.py) meet SQLite's
# real locking — wait for the writer, up to the busy timeout — rather than failing at once with
# "database table is locked". One file per test process: developers share the work tree.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"claimtrail-test-{os.getpid()}.sqlite3")
    }

# Django's test client logs in without a request, which django-axes refuses; tests of
# login throttling switch it on themselves.
AXES_ENABLED = False
