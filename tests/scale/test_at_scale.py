"""bench/at_scale.py end to end at a tiny size: it loads its own PostgreSQL database, serves
the app under gunicorn, times every page over HTTP with writes between, drives every API list
and its bare view with wrk, and writes the JSON the issue asks for (PostgreSQL and wrk only;
about a minute: deselect with ``-m "not bench"``)."""

import json
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def test_at_scale_writes_every_page_and_api_figure(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The benchmark loads PostgreSQL by COPY: PostgreSQL only.")
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install -y wrk).")
    database = f"{connection.settings_dict['NAME']}_at_scale"
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, "bench/at_scale.py", "--statements", "300", "--database", database,
         "--requests", "5", "--seconds", "2", "--rounds", "2", "--port", "8019",
         "--json", str(out)],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]

    figures = json.loads(out.read_text())
    assert set(figures) == {"statements", "pages", "api", "worker_peak_mb"}
    assert figures["statements"] >= 300
    pages = {name.split(" (")[0] for name in figures["pages"]}
    assert pages == {"home", "claims list", "claim", "speaker", "sources list", "review queue",
                     "review progress", "search"}  # fmt: skip
    for page in figures["pages"].values():
        assert set(page) == {"p50_ms", "p95_ms"}
        assert 0 < page["p50_ms"] <= page["p95_ms"]
    assert {"statements", "statement detail", "sources", "claims", "speakers"} <= set(
        figures["api"]
    )
    for endpoint in figures["api"].values():
        assert set(endpoint) == {"rps", "bare_rps", "p99_ms"}
        assert min(endpoint.values()) > 0
    assert 30 < figures["worker_peak_mb"] < 1000
    assert "worker peak memory" in result.stdout  # and the same as a table
