"""Every page and API list at about a million statements, in one run, against bare views.

Builds a PostgreSQL database (claimtrail_at_scale) with bench/scale_api.py's loader (COPY of
generated articles and their quoted spans through the app's span triggers, then ANALYZE:
this machine's autovacuum is off), or reuses one a previous run kept (``--reuse``). Then
serves the app under gunicorn (production settings, 2 sync workers, 127.0.0.1 only) and

- **pages**: each page ``--requests`` times (20) one after another, signed in (analyst; a
  reviewer for the review pages); before every fifth request the benchmark writes through
  ``claims.review`` what changes what the page shows — the largest claim's first link
  accepted or rejected (reopened first when decided), or a statement by the first speaker
  added and linked to that claim — so stored or cached figures are measured cold as well as
  warm; p50 and p95 of the response times. Search runs its 8 queries 5 times (40 requests).
- **API**: each list and the statement detail with ``wrk -t2 -c8`` for ``--seconds`` (10),
  in ``--rounds`` (5) turns with the bare Django view returning the same rows
  (bench/scale_urls.py), so that both meet the same drift of a shared machine; requests/s of
  both over their rounds and the API's p99 (its worst round's).
- **memory**: the gunicorn workers' peak resident set (VmHWM), the largest.

It prints a table (with the load average beside every figure: the machine is shared) and
writes ``--json FILE``: ``{"statements": N, "pages": {NAME: {"p50_ms", "p95_ms"}}, "api":
{NAME: {"rps", "bare_rps", "p99_ms"}}, "worker_peak_mb": M}``.

    uv run python bench/at_scale.py --statements 1000000 --json at-scale.json --keep
    uv run python bench/at_scale.py --reuse --keep --json at-scale.json   # the same database
    uv run python bench/at_scale.py --statements 5000 --seconds 2 --json small.json  # smoke
    uv run python bench/at_scale.py --reuse --keep --app-dir /tmp/before --json before.json

``--app-dir`` serves (and writes through) another checkout of the app, such as an older
revision exported with ``git archive REV | tar -x -C DIR``, against the same database: before
and after on the same rows. Needs PostgreSQL on 127.0.0.1:5432 (trust) and Debian's wrk
(``apt-get install -y wrk``). The database is dropped at the end unless ``--keep``.
"""

import argparse
import json
import math
import os
import re
import signal
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from scale_api import DETAIL_SCRIPT, SEARCHES, load, member, session_cookie, token, wrk
from scale_common import (
    BASE_DIR,
    children,
    create_database,
    drop_database,
    environment,
    peak_rss_mb,
    serve,
)

DATABASE = "claimtrail_at_scale"
PORT = 8013
WRITE_EVERY = 5


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def setup_django(database: str, app_dir: Path) -> None:
    os.environ.update(environment(database))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(app_dir))
    import django

    django.setup()


def analyze() -> None:
    """What autovacuum would have done after a bulk load (it is off on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Writes:
    """What changes the pages: a link of ``claim`` decided the other way, or a statement by
    ``speaker`` added and linked to ``claim``, alternately, through ``claims.review``."""

    def __init__(self, claim, speaker, user):
        from claims.models import ClaimLink
        from sources.models import Source

        self.claim, self.speaker, self.user, self.count = claim, speaker, user, 0
        self.link_id = ClaimLink.objects.filter(claim=claim).order_by("id").values("id")[:1][0]
        self.link_id = self.link_id["id"]
        self.sources = iter(Source.objects.order_by("-id").values_list("id", flat=True)[:10_000])

    def __call__(self) -> None:
        from django.db import close_old_connections

        self.count += 1
        (self.decide_link if self.count % 2 else self.add_statement)()
        close_old_connections()

    def decide_link(self) -> None:
        from claims import review
        from claims.models import ClaimLink, ReviewState

        link = ClaimLink.objects.get(pk=self.link_id)
        if link.state in (ReviewState.ACCEPTED, ReviewState.REJECTED):
            decided = link.state
            link = review.transition(
                link, ReviewState.PROPOSED, user=self.user, base_version=link.version
            )
        else:
            decided = ReviewState.REJECTED
        to = ReviewState.ACCEPTED if decided == ReviewState.REJECTED else ReviewState.REJECTED
        review.transition(link, to, user=self.user, base_version=link.version)

    def add_statement(self) -> None:
        from claims import review
        from claims.models import ClaimLink, Statement
        from sources.models import Source

        source = Source.objects.get(pk=next(self.sources))
        end = min(len(source.text), 60)
        statement = Statement.at_span(
            source, 0, end, kind=Statement.Kind.INDIRECT, cue="said", speaker=self.speaker
        )
        statement = review.create(statement, user=self.user)
        review.create(ClaimLink(statement=statement, claim=self.claim), user=self.user)


def get(url: str, header: str) -> None:
    """One request with ``header`` ("Cookie: …" or "Authorization: …"), read whole; raises
    on 4xx and 5xx, and on a redirect (to the login page: not signed in)."""
    name, _, value = header.partition(": ")
    request = urllib.request.Request(url, headers={name: value})
    with urllib.request.urlopen(request, timeout=120) as response:  # raises on 4xx and 5xx
        if response.url != url:
            raise SystemExit(f"{url} redirected to {response.url}: not signed in?")
        response.read()


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value at least ``share`` of the values are at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_page(
    base: str, paths: list[str], header: str, requests: int, write, show: bool = False
) -> dict:
    timings = []
    for n in range(requests):
        written = n % WRITE_EVERY == WRITE_EVERY - 1
        if written:
            write()
        started = time.perf_counter()
        get(base + paths[n % len(paths)], header)
        timings.append((time.perf_counter() - started) * 1000)
        if show:  # "*": right after a write
            print(f"  {'*' if written else ' '} {timings[-1]:8.1f}  {paths[n % len(paths)]}")
    return {
        "p50_ms": round(percentile(timings, 0.5), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
    }


def milliseconds(latency: str | None) -> float | None:
    """wrk's "12.34ms", "1.20s" or "830.00us" in milliseconds."""
    if not latency:
        return None
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", latency).groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit], 1)


def rate(base, path, detail, header, args, scripts, seconds) -> dict:
    """wrk on ``path`` for ``seconds``; for a detail path, random ids from 1 to ``detail``."""
    script = None
    if detail:
        script = os.path.join(scripts, f"{abs(hash(path))}.lua")
        values = {"seed": args.seed, "path": path, "low": 1, "high": detail}
        Path(script).write_text(DETAIL_SCRIPT % values)
    get(f"{base}{path}{detail}/" if detail else base + path, header)  # answers at all
    result = wrk(base + path, seconds, args.connections, header, script)
    if result["non_2xx"] or result["socket_errors"]:
        print(f"  {path}: {result['non_2xx']} non-2xx, {result['socket_errors']} socket errors")
    return result


def alternated(base, bare, path, detail, cookie, key, args, scripts) -> tuple[dict, dict]:
    """The bare view's and the endpoint's rates, measured in turns: ``--rounds`` times each
    for ``--seconds / --rounds``. The machine is shared and its speed drifts within a run;
    taken in turns, both meet the same drift (one 10 s run of each had the ratio of the
    same code swing between 41% and 64%). Requests/s over all their rounds; the p99 the
    highest of the endpoint's rounds."""
    seconds = max(1, round(args.seconds / args.rounds))
    rounds = {"bare": [], "api": []}
    for _ in range(args.rounds):
        rounds["bare"].append(rate(base, bare, detail, cookie, args, scripts, seconds))
        rounds["api"].append(rate(base, path, detail, key, args, scripts, seconds))
    return tuple(_combined(rounds[side]) for side in ("bare", "api"))


def _combined(results: list[dict]) -> dict:
    requests = sum(r["requests"] for r in results)
    elapsed = sum(r["requests"] / r["requests_per_s"] for r in results if r["requests_per_s"])
    p99s = [milliseconds(r["p99"]) for r in results if r["p99"]]
    return {
        "requests_per_s": round(requests / elapsed, 1) if elapsed else None,
        "p99_ms": max(p99s) if p99s else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="Write the figures here.")
    parser.add_argument("--reuse", action="store_true", help="Use the database a --keep run left.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--app-dir", type=Path, default=BASE_DIR, help="The checkout to serve.")
    parser.add_argument("--requests", type=int, default=20, help="Per page (search: 2×).")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument(
        "--rounds", type=int, default=5, help="turns of bare view and endpoint (--seconds split)"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="Only pages and endpoints whose name contains this.")
    parser.add_argument("--timings", action="store_true", help="Print every page request's.")
    parser.add_argument("--no-pages", action="store_true", help="The API only.")
    parser.add_argument("--no-api", action="store_true", help="The pages only.")
    args = parser.parse_args()
    app_dir = args.app_dir.resolve()

    if not args.reuse:
        create_database(args.database)
    setup_django(args.database, app_dir)
    from django.db import connections
    from django.db.models import Count

    from claims.models import Claim, Speaker, Statement

    figures = {"statements": 0, "pages": {}, "api": {}, "worker_peak_mb": None}
    try:
        if not args.reuse:
            # About 4.5 statements an article: small runs load in small COPY rounds.
            loaded = load(args.statements, args.seed, min(5_000, max(10, args.statements // 20)))
            print(f"loaded {json.dumps(loaded)}", flush=True)
        analyze()
        figures["statements"] = Statement.objects.count()
        analyst = member("analyst")
        key = f"Authorization: Token {token(analyst)}"
        cookie = f"Cookie: {session_cookie(analyst)}"
        reviewer = f"Cookie: {session_cookie(member('reviewer'))}"
        speaker = Speaker.objects.order_by("id").first()
        claim = Claim.objects.annotate(n=Count("links")).order_by("-n").first()  # the largest
        write = Writes(claim, speaker, member("admin"))
        high = Statement.objects.order_by("-id").values_list("id", flat=True).first()
        connections.close_all()
        searches = [f"/search/?q={urllib.parse.quote(q)}" for q in SEARCHES]
        pages = {
            "home": (["/"], cookie, args.requests),
            "claims list": (["/claims/"], cookie, args.requests),
            f"claim ({claim.n:,} links)": ([f"/claims/{claim.slug}/"], cookie, args.requests),
            "speaker": ([f"/speakers/{speaker.slug}/"], cookie, args.requests),
            "sources list": (["/sources/"], cookie, args.requests),
            "review queue": (["/review/"], reviewer, args.requests),
            "review progress": (["/review/progress/"], reviewer, args.requests),
            "search": (searches, cookie, 2 * args.requests),
        }
        api = {  # name: (API path, bare path, detail)
            "statements": ("/api/statements/", "/bare/statements/", None),
            "statement detail": ("/api/statements/", "/bare/statements/", high),
            "statements ?speaker=": (
                f"/api/statements/?speaker={speaker.slug}",
                f"/bare/statements/?speaker={speaker.slug}",
                None,
            ),
            "statements ?ordering=-created_at": (
                "/api/statements/?ordering=-created_at",
                "/bare/statements/?ordering=-created_at",
                None,
            ),
            "sources": ("/api/sources/", "/bare/sources/", None),
            "sources ?ordering=-published_at": (
                "/api/sources/?ordering=-published_at",
                "/bare/sources/?ordering=-published_at",
                None,
            ),
            "claims": ("/api/claims/", "/bare/claims/", None),
            "speakers": ("/api/speakers/", "/bare/speakers/", None),
            "speakers ?ordering=name": (
                "/api/speakers/?ordering=name",
                "/bare/speakers/?ordering=name",
                None,
            ),
        }
        base, scripts = f"http://127.0.0.1:{args.port}", tempfile.mkdtemp()
        print(f"{figures['statements']:,} statements; serving {app_dir}", flush=True)
        print(f"{'page':<36} {'p50 ms':>9} {'p95 ms':>9}  load", flush=True)
        # No rate limits: the benchmark measures how fast the endpoints answer (the throttle
        # classes still run, against a limit no run reaches). Per second: a throttle keeps
        # each request's time for the rate's period, so a per-minute limit no run reaches
        # would have it store and reread ~9,000 times a request, where production's 2,000 a
        # minute keeps at most 2,000.
        server = serve(
            args.database, args.port, args.gunicorn_workers, app_dir,
            API_THROTTLE_USER="100000000/second", API_THROTTLE_ANON="100000000/second",
        )  # fmt: skip
        try:
            for name, (paths, session, requests) in pages.items():
                if args.no_pages or (args.only and args.only not in name):
                    continue
                result = time_page(base, paths, session, requests, write, args.timings)
                figures["pages"][name] = result
                print(
                    f"{name:<36} {result['p50_ms']:>9,.1f} {result['p95_ms']:>9,.1f}  "
                    f"{load_average():.1f}",
                    flush=True,
                )
            print(f"\n{'API':<36} {'req/s':>9} {'bare':>9} {'ratio':>6} {'p99 ms':>9}  load")
            for name, (path, bare, detail) in api.items():
                if args.no_api or (args.only and args.only not in name):
                    continue
                bare_result, result = alternated(
                    base, bare, path, detail, cookie, key, args, scripts
                )
                figures["api"][name] = row = {
                    "rps": result["requests_per_s"],
                    "bare_rps": bare_result["requests_per_s"],
                    "p99_ms": result["p99_ms"],
                }
                ratio = row["rps"] / row["bare_rps"] if row["bare_rps"] else 0
                print(
                    f"{name:<36} {row['rps']:>9,.1f} {row['bare_rps']:>9,.1f} {ratio:>6.0%} "
                    f"{row['p99_ms'] or 0:>9,.1f}  {load_average():.1f}",
                    flush=True,
                )
            workers = [peak_rss_mb(pid) for pid in children(server.pid)]
            figures["worker_peak_mb"] = round(max(workers)) if workers else None
            print(f"\nworker peak memory (VmHWM): {figures['worker_peak_mb']} MB", flush=True)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
    finally:
        connections.close_all()
        if not args.keep:
            drop_database(args.database)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
