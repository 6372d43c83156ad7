"""Load test: many signed-in users at once on pages and the API, for a fixed time; no errors
allowed.

Sets up a PostgreSQL database (claimtrail_load) like a small newsroom's instance: the demo
(sample corpus, sample claims, one account per role) plus generated articles
(bench/scale_data.py, seeded) ingested as any document is, extraction and claim suggestions
included, against the generator's claims. Signs in ``--users`` analysts (one session and one
API token each), serves the app under gunicorn as the Docker image does (production settings,
DEBUG off, ``--gunicorn-workers`` sync workers, 127.0.0.1 only) and holds ``--connections``
connections with wrk for ``--seconds``: each request picks one of the users and a page or API
URL from a weighted mix, with no think time. Reports requests/s, latency p50/p90/p99/max, and
every non-2xx response and socket error; exits 1 if there was any.

    uv run python bench/load_test.py                      # 50 connections, 60 s, 1,000 articles
    uv run python bench/load_test.py --seconds 10         # quick
    uv run python bench/load_test.py --keep; uv run python bench/load_test.py --reuse

Needs PostgreSQL on 127.0.0.1:5432 (trust) and Debian's wrk. The database is dropped at the
end unless --keep.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from scale_common import BASE_DIR, create_database, drop_database, environment, serve, setup_django
from scale_data import CLAIMS, Corpus

DATABASE = "claimtrail_load"
PORT = 8012
PASSWORD = "load-test-password-not-used-anywhere-else"

# Each request picks a user and one of these (weight, kind, path); {claim}, {source},
# {speaker}, {statement} are filled per request from the database's own rows.
MIX = [
    (3, "page", "/"),
    (8, "page", "/claims/"),
    (12, "page", "/claims/{claim}/"),  # a claim with its provenance
    (6, "page", "/sources/"),
    (10, "page", "/sources/{source}/"),  # the reader
    (5, "page", "/speakers/{speaker}/"),
    (6, "page", "/statements/{statement}/"),
    (4, "page", "/search/?q={query}"),
    (12, "api", "/api/statements/"),
    (10, "api", "/api/statements/{statement}/"),
    (6, "api", "/api/statements/?claim={claim}"),
    (6, "api", "/api/claims/"),
    (4, "api", "/api/claims/{claim}/"),
    (4, "api", "/api/sources/?ordering=-published_at"),
    (4, "api", "/api/speakers/?ordering=name"),
]
QUERIES = ["foreign forces", "sanctions", "pipeline", "border", "election", "Novak"]

SCRIPT = r"""
local users = %(users)s
local mix = %(mix)s
local ids = %(ids)s
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(%(seed)d + id)
  bad, statuses = 0, {}
end

local function pick(list) return list[math.random(#list)] end

function request()
  local entry = pick(mix)
  local path = entry[2]:gsub("{(%%w+)}", function(name) return pick(ids[name]) end)
  local user = pick(users)
  local headers = {}
  if entry[1] == "api" then
    headers["Authorization"] = "Token " .. user[2]
  else
    headers["Cookie"] = "sessionid=" .. user[1]
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local non2xx, by_status = 0, {}
  for _, thread in ipairs(threads) do
    non2xx = non2xx + thread:get("bad")
    for status, n in pairs(thread:get("statuses")) do
      by_status[#by_status + 1] = string.format('"%%d": %%d', status, n)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%.1f, "requests_per_s": %%.1f, ' ..
    '"p50_ms": %%.1f, "p90_ms": %%.1f, "p99_ms": %%.1f, "max_ms": %%.1f, "non_2xx": %%d, ' ..
    '"non_2xx_by_status": {%%s}, "socket_errors": {"connect": %%d, "read": %%d, ' ..
    '"write": %%d, "timeout": %%d}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, non2xx, table.concat(by_status, ", "),
    e.connect, e.read, e.write, e.timeout))
end
"""


def populate(articles: int, seed: int) -> dict:
    """The demo, the generator's claims, then its articles through `manage.py ingest`."""
    from django.core.management import call_command

    from claims.models import Claim, ClaimLink, Statement
    from sources.models import Source

    started = time.perf_counter()
    call_command("demo", no_serve=True, force=True, verbosity=0)
    for text, _ways in CLAIMS:
        Claim.objects.get_or_create(text=text[0].upper() + text[1:], defaults={"state": "accepted"})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for article in Corpus(seed).articles(articles):
                article.pop("quotes")
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
        subprocess.run(
            [sys.executable, "manage.py", "ingest", str(path), "--quiet"],
            cwd=BASE_DIR, env=environment(DATABASE), check=True,
        )  # fmt: skip
    return {
        "sources": Source.objects.count(),
        "statements": Statement.objects.count(),
        "claim_links": ClaimLink.objects.count(),
        "claims": Claim.objects.count(),
        "seconds": round(time.perf_counter() - started),
    }


def users(count: int) -> list[tuple[str, str]]:
    """``count`` analysts, each with a password and an API token: (username, token)."""
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    analyst, made = Group.objects.get(name="analyst"), []
    for n in range(count):
        user, _ = User.objects.get_or_create(username=f"load-analyst-{n:03}")
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([analyst])
        made.append((user.username, Token.objects.get_or_create(user=user)[0].key))
    return made


def sign_in(base: str, username: str) -> str:
    """Signs in through the login form, as a browser does; returns the session cookie."""
    session = requests.Session()
    form = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"signing in {username} failed: {response.status_code}")
    return session.cookies["sessionid"]


def sample_ids(per_kind: int, seed: int) -> dict:
    from claims.models import Claim, Speaker, Statement
    from sources.models import Source

    rng = random.Random(seed)

    def some(values):
        values = list(values)
        return rng.sample(values, min(per_kind, len(values)))

    return {
        "claim": some(Claim.objects.filter(links__isnull=False).values_list("slug", flat=True).distinct()),
        "source": [str(pk) for pk in some(Source.objects.values_list("pk", flat=True))],
        "speaker": some(Speaker.objects.values_list("slug", flat=True)),
        "statement": [str(pk) for pk in some(Statement.objects.values_list("pk", flat=True))],
        "query": [q.replace(" ", "+") for q in QUERIES],
    }  # fmt: skip


def lua(value) -> str:
    """A Python list/dict of strings as a Lua table literal."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {lua(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(lua(item) for item in value) + "}"
    return json.dumps(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="generated articles to ingest")
    parser.add_argument("--users", type=int, default=50, help="signed-in analysts")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--gunicorn-workers", type=int, default=3, help="as in the Dockerfile")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="Use the database a --keep run left.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    args = parser.parse_args()

    if not args.reuse:
        create_database(DATABASE)
    setup_django(DATABASE)
    from django.db import connections

    try:
        if not args.reuse:
            print(json.dumps({"loaded": populate(args.articles, args.seed)}), flush=True)
        accounts = users(args.users)
        ids = sample_ids(200, args.seed)
        connections.close_all()
        server = serve(DATABASE, PORT, args.gunicorn_workers)
        try:
            base = f"http://127.0.0.1:{PORT}"
            signed_in = [(sign_in(base, name), token) for name, token in accounts]
            mix = [[kind, path] for weight, kind, path in MIX for _ in range(weight)]
            script = Path(tempfile.mkdtemp()) / "load.lua"
            script.write_text(
                SCRIPT % {"users": lua(signed_in), "mix": lua(mix), "ids": lua(ids), "seed": args.seed}
            )  # fmt: skip
            command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s",
                       "--timeout", "30s", "-s", str(script), base]  # fmt: skip
            print(json.dumps({"command": " ".join(command[:-3]) + " …", "users": len(signed_in),
                              "gunicorn_workers": args.gunicorn_workers}), flush=True)  # fmt: skip
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
    finally:
        connections.close_all()
        if not args.keep:
            drop_database(DATABASE)
    result = json.loads(output.split("RESULT ", 1)[1])
    print(json.dumps(result), flush=True)
    failed = result["non_2xx"] + sum(result["socket_errors"].values())
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
