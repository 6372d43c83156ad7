"""Settings for app servers that tests start as processes (tests/faults/): production settings,
DEBUG off, served over plain HTTP on 127.0.0.1.

Two differences from production, both about the test's wiring rather than the app: the cookies
are not ``Secure`` (the test talks plain HTTP to loopback; TLS is a front proxy's job), and
static file names are not looked up in a ``collectstatic`` manifest, which a test run lacks.
"""

from config.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
