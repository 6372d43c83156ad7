"""Polling throughput: N feeds from a local server, polled by 1 and 2 Celery workers.

A ThreadingHTTPServer on 127.0.0.1 serves ``--feeds`` RSS feeds, each listing one article
of its own (a few paragraphs and a quote, so extraction and matching have work), with an
ETag. For each worker count: a fresh set of feeds in a scratch PostgreSQL database, a Celery
worker with that many processes on a Redis database of its own, then

1. the first round: every feed due, ``enqueue_due_feeds()`` sends one ``poll_feed`` job per
   feed; each job fetches its feed and ingests its article (fetch, clean, section, extract,
   match);
2. the second round: every feed due again; each answers 304 to the conditional GET.

and the wall time from the first enqueue until every job has finished. Production settings
(DEBUG off), CLAIMTRAIL_FETCH_ALLOW=127.0.0.1/32, and no per-host rate limit
(MONITORING_HOST_INTERVAL=0: every feed is on one host here, where the default of one fetch
a second would measure the limit, not the workers).

    uv run python bench/feeds.py                    # 1,000 feeds, 1 and 2 workers
    uv run python bench/feeds.py --feeds 200 --workers 1

Needs PostgreSQL on 127.0.0.1:5432 (trust) and Redis on 127.0.0.1:6379; the database
(claimtrail_bench_feeds) is dropped at the end, and Redis database 13 flushed.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from scale_common import BASE_DIR, create_database, drop_database, environment, setup_django

DATABASE = "claimtrail_bench_feeds"
BROKER = "redis://127.0.0.1:6379/13"
EXTRA = {"CLAIMTRAIL_FETCH_ALLOW": "127.0.0.1/32", "MONITORING_HOST_INTERVAL": "0"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        kind, _, name = self.path.strip("/").partition("/")
        number = name.split(".")[0]
        etag = f'"{number}-v1"'
        if kind == "feed" and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind == "feed":
            link = f"http://127.0.0.1:{self.server.server_port}/article/{number}"
            body = (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire {number}</title>'
                f"<item><title>Story {number}</title><link>{link}</link></item></channel></rss>"
            ).encode()
            content_type = "application/rss+xml"
        else:
            body = article(int(number)).encode()
            content_type = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def article(number: int) -> str:
    filler = "".join(
        f"<p>Paragraph {n} of story {number}: the council met on Tuesday to discuss the budget "
        "for roads, schools and the new bridge across the river in the old town.</p>"
        for n in range(4)
    )
    return (
        f'<!doctype html><html lang="en"><head><title>Story {number}</title></head><body>'
        f"<article><h1>Story {number}: floods expected</h1><p>\u201cThe river will flood the "
        f"old town before Friday,\u201d Minister Jana Novak said about district {number}.</p>"
        f"{filler}</article></body></html>"
    )


def wait_for_jobs() -> None:
    from jobs.models import Job

    while Job.objects.filter(state__in=["queued", "running"]).exists():
        time.sleep(0.2)


def run(workers: int, feeds: int, port: int) -> dict:
    import redis
    from django.db import connection
    from django.utils import timezone

    from jobs.models import Job
    from monitoring import polling
    from monitoring.models import Feed
    from sources.models import Source

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE monitoring_feed, monitoring_feeditem, jobs_job, claims_claimlink, "
            "claims_statement, claims_speakeralias, claims_speaker, sources_section, "
            "sources_source, sources_outlet CASCADE"
        )
    redis.Redis.from_url(BROKER).flushdb()
    Feed.objects.bulk_create(
        Feed(url=f"http://127.0.0.1:{port}/feed/{n}.xml", every_minutes=60) for n in range(feeds)
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", str(workers),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=BASE_DIR, env=environment(DATABASE, CELERY_BROKER_URL=BROKER, **EXTRA),
        stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    time.sleep(4)  # the worker's processes start
    rounds = []
    for _ in range(2):
        Feed.objects.update(next_poll_at=timezone.now())
        started = time.perf_counter()
        polling.enqueue_due_feeds()
        wait_for_jobs()
        rounds.append(time.perf_counter() - started)
    worker.send_signal(signal.SIGTERM)
    worker.wait(30)
    failed = Job.objects.filter(kind="poll_feed", state="failed").count()
    not_modified = Feed.objects.filter(last_status="not modified (304)").count()
    return {
        "workers": workers,
        "feeds": feeds,
        "first_round_seconds": round(rounds[0], 1),
        "first_round_feeds_per_s": round(feeds / rounds[0], 1),
        "second_round_seconds": round(rounds[1], 1),
        "second_round_feeds_per_s": round(feeds / rounds[1], 1),
        "sources": Source.objects.count(),
        "feeds_answering_304": not_modified,
        "failed_jobs": failed,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    create_database(DATABASE)
    os.environ.update(EXTRA)
    setup_django(DATABASE)
    from django.conf import settings

    settings.CELERY_BROKER_URL = BROKER  # this process enqueues; the workers poll
    from config.celery import app

    app.conf.broker_url = BROKER
    try:
        for workers in args.workers:
            print(json.dumps(run(workers, args.feeds, server.server_port)), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        server.shutdown()
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
