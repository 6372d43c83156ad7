"""Ingest + extract throughput through the job queue, with 1, 2 and 4 Celery workers.

Generates N articles (bench/scale_data.py, seeded), writes them as JSON Lines files of
``--chunk`` articles, and for each worker count: a fresh PostgreSQL database, a Celery worker
with that many processes (prefork) on a Redis database of its own, one ingest job per file,
and the wall time from the first enqueue until every job has finished. Peak memory is read
from each worker process (VmHWM) before it stops. Production settings (DEBUG off).

    uv run python bench/scale_ingest.py --articles 2000             # 1, 2 and 4 workers
    uv run python bench/scale_ingest.py --articles 100000 --workers 4
    uv run python bench/scale_ingest.py --articles 100000 --minutes 20   # 20 minutes each

Needs PostgreSQL on 127.0.0.1:5432 (trust) and Redis on 127.0.0.1:6379; the database
(claimtrail_scale_ingest) is dropped at the end, and Redis database 14 flushed.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale_common import (
    BASE_DIR,
    children,
    create_database,
    drop_database,
    environment,
    peak_rss_mb,
    setup_django,
)  # fmt: skip
from scale_data import Corpus

DATABASE = "claimtrail_scale_ingest"
BROKER = "redis://127.0.0.1:6379/14"


def write_chunks(folder: Path, articles: int, chunk: int, seed: int) -> list[Path]:
    corpus, paths = Corpus(seed), []
    for number, offset in enumerate(range(0, articles, chunk)):
        path = folder / f"articles-{number:05}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for article in corpus.articles(min(chunk, articles - offset), offset):
                article.pop("quotes")
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def autovacuum_is_on() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0] == "on"


def run(workers: int, paths: list[Path], articles: int, minutes: float | None) -> dict:
    import redis
    from django.db import connection

    from claims.models import Statement
    from jobs import runner
    from jobs.models import Job
    from sources.models import Source

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE jobs_job, claims_claimlink, claims_statement, claims_speakeralias, "
            "claims_speaker, sources_section, sources_source, sources_outlet CASCADE"
        )
    redis.Redis.from_url(BROKER).flushdb()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", str(workers),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=BASE_DIR, env=environment(DATABASE, CELERY_BROKER_URL=BROKER), stdout=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(4)  # the worker's processes start
    started = time.perf_counter()
    deadline = started + minutes * 60 if minutes else float("inf")
    ids = [runner.enqueue("ingest", paths=[str(path)]).pk for path in paths]
    progress, next_minute = [], started + 60  # sources stored at the end of each minute
    # PostgreSQL analyzes a growing table by itself (autovacuum, on by default). On a server
    # with it off, as this machine's test server is, every query of the run would be planned
    # on an empty table's statistics and the run would slow down as the tables grow; so do
    # each minute what autovacuum would.
    analyze_each_minute = not autovacuum_is_on()
    timed_out = False
    while Job.objects.filter(pk__in=ids, state__in=["queued", "running"]).exists():
        if time.perf_counter() >= next_minute:
            progress.append(Source.objects.count())
            if analyze_each_minute:
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            next_minute += 60
        timed_out = time.perf_counter() >= deadline
        if timed_out:
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    done = Source.objects.count()  # one transaction a document: what is stored is done
    statements = Statement.objects.count()
    memory = [peak_rss_mb(worker.pid)] + [peak_rss_mb(pid) for pid in children(worker.pid)]
    if timed_out:  # the jobs still running are of no interest: no warm shutdown
        os.killpg(worker.pid, signal.SIGKILL)
    else:
        worker.send_signal(signal.SIGTERM)
    worker.wait(30)
    failed = list(Job.objects.filter(pk__in=ids, state="failed").values_list("message", flat=True))
    return {
        "workers": workers,
        "articles": articles,
        "stopped_at_time_limit": timed_out,
        "seconds": round(elapsed, 1),
        "articles_per_s": round(done / elapsed, 1),
        "sources": done,
        "statements": statements,
        "sources_each_minute": progress,
        "analyzed_each_minute": analyze_each_minute,
        "failed_jobs": len(failed),
        "peak_rss_mb": {"main": round(memory[0]), "children": [round(m) for m in memory[1:]]},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--chunk", type=int, default=100, help="Articles per job.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--minutes", type=float, help="Stop each worker count after this long; count what is done."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    args = parser.parse_args()

    create_database(DATABASE)
    setup_django(DATABASE)
    from django.conf import settings

    settings.CELERY_BROKER_URL = BROKER  # this process enqueues; the workers run
    from config.celery import app

    app.conf.broker_url = BROKER
    try:
        with tempfile.TemporaryDirectory() as folder:
            paths = write_chunks(Path(folder), args.articles, args.chunk, args.seed)
            for workers in args.workers:
                print(json.dumps(run(workers, paths, args.articles, args.minutes)), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(DATABASE)
        print(json.dumps({"bench_process_peak_rss_mb": round(peak_rss_mb(os.getpid()))}))


if __name__ == "__main__":
    main()
