"""API list and detail endpoints and the main pages under concurrent load, with about a million
statements, against bare Django views returning the same rows; search latency over the same
data; peak memory.

Loads a PostgreSQL database (claimtrail_scale_api) with generated articles (bench/scale_data.py,
seeded) and their quoted spans as statements, by COPY — extraction would take hours for a
million — with the app's own triggers checking every span. Then serves the app under
gunicorn (production settings, 2 sync workers, 127.0.0.1 only) and drives each endpoint with
wrk for a fixed time and connection count (the API with a token, the pages with a signed-in
session); search is timed through the search page.

    uv run python bench/scale_api.py                          # 1,000,000 statements
    uv run python bench/scale_api.py --statements 50000 --seconds 5   # quick
    uv run python bench/scale_api.py --reuse                  # keep the loaded database

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
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from scale_common import (
    children,
    create_database,
    drop_database,
    peak_rss_mb,
    setup_django,
)
from scale_common import serve as serve_app
from scale_data import CLAIMS, OUTLETS, Corpus

DATABASE = "claimtrail_scale_api"
PORT = 8011
BATCH = 5_000  # articles a COPY round
DETAIL_SCRIPT = """
math.randomseed(%(seed)d)
request = function()
  return wrk.format("GET", "%(path)s" .. math.random(%(low)d, %(high)d) .. "/")
end
"""
SEARCHES = ["foreign forces", "sanctions ordinary people", "pipeline winter", "border closed",
            "inflation peaked", "election fair", "Novak", "ballot standards"]  # fmt: skip


def load(target: int, seed: int, batch: int = BATCH) -> dict:
    from django.db import connection
    from django.utils.text import slugify

    from claims.models import read_sentence
    from claims.names import normalize_name
    from sources.models import content_hash

    corpus, now = Corpus(seed), datetime.now(UTC)
    speaker_ids = {name: n for n, (name, _role) in enumerate(corpus.speakers, start=1)}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY sources_outlet (id, name, slug, domain, country, created_at) FROM STDIN"
        ) as copy:
            for n, (name, domain) in enumerate(OUTLETS, start=1):
                copy.write_row((n, name, slugify(name), domain, "", now))
        with cursor.copy(
            "COPY claims_speaker (id, name, name_key, slug, kind, role, description, version, "
            "created_at) FROM STDIN"
        ) as copy:
            for name, n in speaker_ids.items():
                role = corpus.speakers[n - 1][1]
                copy.write_row(
                    (
                        n,
                        name,
                        normalize_name(name),
                        f"{slugify(name)}-{n}",
                        "person",
                        role,
                        "",
                        1,
                        now,
                    )
                )
        with cursor.copy(
            "COPY claims_claim (id, text, slug, description, state, version, created_at, updated_at) FROM STDIN"
        ) as copy:
            for n, (text, _ways) in enumerate(CLAIMS, start=1):
                copy.write_row((n, text, slugify(text), "", "accepted", 1, now, now))
        outlet_ids = {name: n for n, (name, _domain) in enumerate(OUTLETS, start=1)}
        sources = statements = links = 0
        while statements < target:
            articles = list(corpus.articles(batch, sources))
            with cursor.copy(
                "COPY sources_source (id, outlet_id, url, title, byline, published_at, language, "
                "kind, text, raw, raw_content_type, content_hash, ingested_at) FROM STDIN"
            ) as copy:
                for n, a in enumerate(articles, start=sources + 1):
                    copy.write_row((n, outlet_ids[a["outlet"]], a["url"], a["title"], a["author"],
                                    a["published"], "en", "article", a["text"], "", "",
                                    content_hash(a["text"]), now))  # fmt: skip
            spans = []
            for n, a in enumerate(articles, start=sources + 1):
                for q in a["quotes"]:
                    statements += 1
                    spans.append((statements, n, a["text"], q))
            with cursor.copy(
                'COPY claims_statement (id, source_id, start, "end", text, prefix, suffix, '
                "sentence_start, sentence_end, date_mention, kind, cue, speaker_id, "
                "speaker_mention, cited, "
                "confidence, state, version, created_at, updated_at) FROM STDIN"
            ) as copy:
                for sid, source_id, text, q in spans:
                    s, e = q["start"], q["end"]
                    copy.write_row((sid, source_id, s, e, text[s:e], text[max(0, s - 32):s],
                                    text[e:e + 32], *read_sentence(text, s, e), "indirect", "said",
                                    speaker_ids[q["speaker"]], q["speaker"], "", 0.8, "suggested",
                                    1, now, now))  # fmt: skip
            with cursor.copy(
                "COPY claims_claimlink (id, statement_id, claim_id, stance, score, state, version, "
                "created_at, updated_at) FROM STDIN"
            ) as copy:
                for sid, _source, _text, q in spans:
                    if sid % 3 == 0:
                        links += 1
                        copy.write_row(
                            (links, sid, q["claim"] + 1, "asserts", 0.5, "suggested", 1, now, now)
                        )
            sources += len(articles)
            print(f"  loaded {sources:,} sources, {statements:,} statements", file=sys.stderr)
        for table in ("sources_outlet", "claims_speaker", "claims_claim", "sources_source",
                      "claims_statement", "claims_claimlink"):  # fmt: skip
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would, after a bulk load
    return {
        "sources": sources,
        "statements": statements,
        "claim_links": links,
        "load_seconds": round(time.perf_counter() - started),
    }


def member(role: str):
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username=f"bench-{role}")
    user.groups.add(Group.objects.get(name=role))
    return user


def token(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def session_cookie(user) -> str:
    """The Cookie header of a signed-in session, for the pages (every page needs a login)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def wrk(url: str, seconds: int, connections: int, header: str, script: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    if header:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    rate = re.search(r"Requests/sec:\s+(\S+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    # A request past gunicorn's 30 s timeout has its worker killed: a read error, not a 5xx.
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    requests = re.search(r"(\d+) requests in", output)
    return {
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "requests_per_s": float(rate.group(1)) if rate else None,
        "requests": int(requests.group(1)) if requests else 0,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def answers(url: str, header: str) -> None:
    """One request first: wrk counts a redirect (to the login page, say) as an answer, and an
    endpoint that cannot answer at all (gunicorn kills a request past 30 s) is reported so."""

    name, _, value = header.partition(": ")
    request = urllib.request.Request(url, headers={name: value} if header else {})
    with urllib.request.urlopen(request, timeout=120) as response:  # raises on 4xx and 5xx
        if response.url != url:
            raise SystemExit(f"{url} redirected to {response.url}: not signed in?")


def serve(workers: int):
    # No rate limits: the benchmark measures how fast the endpoints answer.
    return serve_app(
        DATABASE, PORT, workers,
        API_THROTTLE_USER="100000000/second", API_THROTTLE_ANON="100000000/second",
    )  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="Use the database a --keep run left.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--only", help="Only endpoints whose name contains this.")
    args = parser.parse_args()

    if not args.reuse:
        create_database(DATABASE)
    setup_django(DATABASE)
    from django.db import connections
    from django.db.models import Count

    from claims.models import Claim, Speaker, Statement

    try:
        if not args.reuse:
            print(json.dumps({"loaded": load(args.statements, args.seed)}), flush=True)
        user = member("analyst")
        key, cookie = f"Authorization: Token {token(user)}", f"Cookie: {session_cookie(user)}"
        reviewer = f"Cookie: {session_cookie(member('reviewer'))}"
        high = Statement.objects.order_by("-id").values_list("id", flat=True).first()
        speaker = Speaker.objects.order_by("id").values_list("slug", flat=True).first()
        claim = Claim.objects.annotate(n=Count("links")).order_by("-n").first()  # the largest
        connections.close_all()
        base = f"http://127.0.0.1:{PORT}"
        scripts = tempfile.mkdtemp()
        endpoints = {
            "api statement list": ("/api/statements/", key, None),
            "bare statement list": ("/bare/statements/", "", None),
            "api statement detail": ("/api/statements/", key, "detail"),
            "bare statement detail": ("/bare/statements/", "", "detail"),
            "api statement list ?speaker=": (f"/api/statements/?speaker={speaker}", key, None),
            "api statement list ?ordering=-created_at": ("/api/statements/?ordering=-created_at", key, None),
            "api source list": ("/api/sources/", key, None),
            "api source list ?ordering=-published_at": ("/api/sources/?ordering=-published_at", key, None),
            "api claim list": ("/api/claims/", key, None),
            "api speaker list ?ordering=name": ("/api/speakers/?ordering=name", key, None),
            "page home": ("/", cookie, None),
            "page claims list": ("/claims/", cookie, None),
            f"page claim ({claim.n:,} statements)": (f"/claims/{claim.slug}/", cookie, None),
            "page speaker": (f"/speakers/{speaker}/", cookie, None),
            "page sources list": ("/sources/", cookie, None),
            "page statement": ("/statements/", cookie, "detail"),
            "page review queue": ("/review/", reviewer, None),
            "page review progress": ("/review/progress/", reviewer, None),
        }  # fmt: skip
        server = serve(args.gunicorn_workers)
        try:
            for name, (path, auth, kind) in endpoints.items():
                if args.only and args.only not in name:
                    continue
                script = None
                if kind == "detail":
                    script = os.path.join(scripts, f"{abs(hash(name))}.lua")
                    Path(script).write_text(
                        DETAIL_SCRIPT % {"seed": args.seed, "path": path, "low": 1, "high": high}
                    )
                try:
                    answers(base + (f"{path}{high}/" if kind == "detail" else path), auth)
                except (OSError, urllib.error.HTTPError) as error:  # a timeout is an OSError
                    print(json.dumps({"endpoint": name, "error": str(error)}), flush=True)
                    continue
                result = wrk(base + path, args.seconds, args.connections, auth, script)
                print(json.dumps({"endpoint": name, **result}), flush=True)
            if not args.only or "search" in args.only:
                print(json.dumps(search_latency(base, cookie.removeprefix("Cookie: "))), flush=True)
            memory = {"gunicorn_master": round(peak_rss_mb(server.pid))}
            memory["gunicorn_workers"] = [round(peak_rss_mb(pid)) for pid in children(server.pid)]
            print(json.dumps({"peak_rss_mb": memory}), flush=True)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
    finally:
        connections.close_all()
        print(json.dumps({"bench_process_peak_rss_mb": round(peak_rss_mb(os.getpid()))}))
        if not args.keep:
            drop_database(DATABASE)


def search_latency(base: str, cookie: str, rounds: int = 5) -> dict:
    """The search page (claims, statements, speakers, sources at once), one request at a time,
    signed in (``cookie``): without it every request would be the redirect to the login."""
    import urllib.parse

    timings = []
    for _ in range(rounds):
        for query in SEARCHES:
            url = f"{base}/search/?q={urllib.parse.quote(query)}"
            started = time.perf_counter()
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.url == url, f"redirected to {response.url}: not signed in"
                response.read()
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "endpoint": "search page /search/?q=",
        "requests": len(timings),
        "p50_ms": round(timings[len(timings) // 2], 1),
        "p99_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 1),
        "max_ms": round(timings[-1], 1),
    }


if __name__ == "__main__":
    random.seed(0)
    main()
