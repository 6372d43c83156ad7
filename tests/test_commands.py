"""Management commands say what they did and nothing else: no log noise at startup, and
their help says what their options take."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_command_prints_no_axes_banner_or_other_startup_logging():
    done = manage("check")
    assert done.returncode == 0, done.stderr
    assert "AXES" not in done.stdout + done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."
    assert done.stderr == ""


def test_demo_help_gives_the_address_format():
    done = manage("demo", "--help")
    help_text = " ".join(done.stdout.split())
    assert "--addrport [HOST:]PORT" in help_text
    assert "127.0.0.1:8000" in help_text
    assert "AXES" not in done.stdout + done.stderr


def test_failed_logins_are_still_logged(client, db, caplog, settings):
    settings.AXES_ENABLED = True  # off for the test client (tests/settings.py)
    client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert any(
        record.levelname == "WARNING" and "AXES" in record.getMessage() for record in caplog.records
    )
