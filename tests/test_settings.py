"""Settings come from the environment; production refuses to start without a real secret."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3V8q-0pZxN4rT7wYb2mLc9sHf6gJd1aUe5iOo8yRt3nBv7xQz"


def run_manage(*args, **env):
    """manage.py in a fresh process with exactly these settings variables."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "weak_key", ["short", "django-insecure-" + "x" * 60], ids=["too-short", "development-key"]
)
def test_production_refuses_a_weak_secret_key(weak_key):
    result = run_manage("check", DEBUG="0", SECRET_KEY=weak_key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="claimtrail.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_runs_without_a_secret_key():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_a_debug_value_that_is_not_a_boolean_is_named():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


# What production answers, on real responses: config.settings with DEBUG off, in a process of
# its own (settings are read once, at import), with a fresh SQLite database so that a login
# really happens. The one change to production: static file names are not looked up in a
# collectstatic manifest, which a test run lacks; it changes no header and no cookie.
PRODUCTION_PROBE = """
import json

import django
from django.conf import settings

django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

call_command("migrate", verbosity=0)
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("probe", password="a long and unguessable password")
    client = Client(HTTP_HOST="claimtrail.example.org")
    page = client.get("/accounts/login/", secure=True)
    login = client.post(
        "/accounts/login/",
        {"username": "probe", "password": "a long and unguessable password"},
        secure=True,
    )
    http = client.get("/accounts/login/")
    # What a client claims about its own connection: "it came over HTTPS".
    forged = Client(HTTP_HOST="claimtrail.example.org").get(
        "/accounts/login/", HTTP_X_FORWARDED_PROTO="https"
    )


def cookies(response):
    return {
        name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]), "samesite": c["samesite"]}
        for name, c in response.cookies.items()
    }


print(json.dumps({
    "page": {"status": page.status_code, "headers": dict(page.headers), "cookies": cookies(page)},
    "login": {"status": login.status_code, "location": login.get("Location"), "cookies": cookies(login)},
    "http": {"status": http.status_code, "location": http.get("Location")},
    "forwarded": {"status": forged.status_code, "location": forged.get("Location")},
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The login page and a login, as production serves them (see PRODUCTION_PROBE)."""
    return probe_production(tmp_path_factory)


@pytest.fixture(scope="module")
def production_behind_a_proxy(tmp_path_factory):
    """The same, configured to trust a TLS proxy's X-Forwarded-Proto."""
    return probe_production(tmp_path_factory, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")


def probe_production(tmp_path_factory, **env):
    database = tmp_path_factory.mktemp("production") / "claimtrail.sqlite3"
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "claimtrail.example.org",
            "DATABASE_URL": f"sqlite:///{database}",
            "LOG_LEVEL": "WARNING",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_serves_pages_over_https_only(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"] == "https://claimtrail.example.org/accounts/login/"
    hsts = production["page"]["headers"]["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_production_does_not_take_a_clients_word_that_it_came_over_https(production):
    # Issue #21, finding 11: X-Forwarded-Proto was trusted from anyone, so a plain-HTTP
    # request saying "https" was served (no redirect) and counted as secure.
    assert production["forwarded"]["status"] == 301
    assert production["forwarded"]["location"] == "https://claimtrail.example.org/accounts/login/"


def test_production_trusts_the_proxy_header_it_is_configured_with(production_behind_a_proxy):
    assert production_behind_a_proxy["forwarded"]["status"] == 200
    assert production_behind_a_proxy["http"]["status"] == 301  # without the header: redirected


def test_a_proxy_header_that_is_not_a_header_name_is_refused():
    result = run_manage("check", DEBUG="1", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https")
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER='X-Forwarded-Proto: https' is not a header name" in (
        result.stderr
    )


def test_production_session_cookie_is_secure_httponly_and_same_site(production):
    assert production["login"]["status"] == 302  # logged in
    session = production["login"]["cookies"]["sessionid"]
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_production_csrf_cookie_is_secure_and_same_site(production):
    csrf = production["page"]["cookies"]["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_production_pages_cannot_be_framed_sniffed_or_leak_their_address(production):
    headers = production["page"]["headers"]
    assert production["page"]["status"] == 200
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_content_security_policy_allows_no_inline_script(production):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in production["page"]["headers"]["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy.get("style-src", "")
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


def test_docker_compose_defaults_serve_https_through_a_local_proxy_only():
    # Issue #21, finding 11: compose published plain HTTP on every address with Secure
    # cookies and the HTTPS redirect off. Its defaults now say one thing: HTTPS through a
    # TLS proxy on the same host, which alone can reach the port and set the proxy header.
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["services"]["web"]["environment"]
    assert environment["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-1}"
    assert environment["SECURE_PROXY_SSL_HEADER"] == "${SECURE_PROXY_SSL_HEADER:-X-Forwarded-Proto}"
    assert environment["DEBUG"] == "0"  # Secure cookies
    assert compose["services"]["web"]["ports"] == ["${WEB_BIND_ADDRESS:-127.0.0.1}:8000:8000"]


@pytest.mark.django_db
def test_postgresql_connections_price_random_reads_for_ssds():
    # The server's default (4) made the planner hash-join every claim link for a speaker's
    # few thousand statements; the app's connections say 1.1 (DATABASE_RANDOM_PAGE_COST).
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    if "DATABASE_RANDOM_PAGE_COST" in os.environ:
        pytest.skip("this environment sets DATABASE_RANDOM_PAGE_COST itself")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


@pytest.mark.django_db
def test_postgresql_connections_price_parallel_workers_for_long_queries_only():
    # At the server's 1000 the planner split a speaker's 9 ms claims query over a second
    # worker and it took 15-20 ms (DATABASE_PARALLEL_SETUP_COST).
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    if "DATABASE_PARALLEL_SETUP_COST" in os.environ:
        pytest.skip("this environment sets DATABASE_PARALLEL_SETUP_COST itself")
    with connection.cursor() as cursor:
        cursor.execute("SHOW parallel_setup_cost")
        assert cursor.fetchone() == ("10000",)


def test_an_empty_parallel_setup_cost_keeps_the_servers():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/claimtrail_ci",
        DATABASE_PARALLEL_SETUP_COST="",
        DATABASE_RANDOM_PAGE_COST="1.1",
    )
    assert result.returncode == 0, result.stderr
    assert "parallel_setup_cost" not in result.stdout
    assert "random_page_cost=1.1" in result.stdout


def test_a_random_page_cost_that_is_not_a_number_is_named():
    result = run_manage(
        "check",
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/claimtrail_ci",
        DATABASE_RANDOM_PAGE_COST="fast",
    )
    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST='fast' is not a number" in result.stderr
