"""Test settings: the real settings module, with development defaults filled in.

pytest-django imports settings before any conftest runs, so the environment defaults
that manage.py gives developers are set here instead.
"""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user factories
