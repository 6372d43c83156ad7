"""The WSGI module loads what every request needs before the first one: a worker forked
from it (gunicorn.conf.py's preload_app) compiles no template and imports no URLconf on its
first request. Run in a fresh interpreter, as gunicorn imports it."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROBE = """
import config.wsgi
from django.template import engines
from django.urls import get_resolver
loader = engines["django"].engine.template_loaders[0]
print(len(loader.get_template_cache), len(get_resolver()._reverse_dict))
"""


def test_importing_the_wsgi_application_compiles_our_templates_and_urls():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "wsgi-test-" + "x" * 50,
        "ALLOWED_HOSTS": "example.org",
    }
    env.pop("DATABASE_URL", None)  # nothing here may touch a database
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    compiled, reversible = map(int, done.stdout.split())
    ours = len(list(Path(settings.BASE_DIR, "templates").rglob("*.html")))
    assert compiled >= ours
    assert reversible > 0
