"""What each kind of job does. A handler gets the job's parameters and a ``progress(done,
total)`` callback and returns the result message.

Every handler is safe to run again (a retry, or a second worker redoing a dead one's job):
ingestion skips content it already has (``content_hash``), extraction replaces only the
machine's untouched suggestions, matching creates a link once and re-scores it after, and an
export replaces its file whole. A handler raises ``PermanentFailure`` for what a retry cannot
fix; any other exception is retried with backoff.
"""

import os
import tempfile
from collections import Counter
from pathlib import Path

from django.conf import settings

from claims import linking
from claims.clustering import THRESHOLD
from claims.management.commands.dump_jsonl import write_dump
from claims.models import Claim, Statement
from claims.suggestions import extraction_note, store_suggestions
from jobs.kinds import PermanentFailure
from pipeline.ingest import (
    Status,
    document_budget,
    ingest_bytes,
    ingest_path,
    ingest_url,
    iter_files,
)
from sources.ingestion import DocumentError
from sources.models import Source


def ingest(parameters, progress, user):
    """``paths`` (files or folders), ``urls``, or ``payload`` (an uploaded file's text,
    with ``name`` and ``format``); ``outlet`` names the outlet for every document, and
    ``language`` (an ISO 639-1 code) its language.

    A missing input is retried (a share not mounted yet, a file still being copied), and so
    is a document the database refused (two workers creating the same new speaker at once);
    a document that cannot be ingested (no main text, a refused URL) is reported and not.
    """

    outlet = parameters.get("outlet", "")
    language = parameters.get("language", "")
    format = parameters.get("format", "auto")
    paths = [Path(p) for p in parameters.get("paths", [])]
    missing = [str(p) for p in paths if not p.exists()]
    files = list(iter_files(p for p in paths if p.exists()))
    urls = parameters.get("urls", [])
    payload = parameters.get("payload")
    total = len(files) + len(urls) + (payload is not None)
    counts, failures, retryable, done = Counter(), [], [], 0

    def record(results):
        for result in results:
            counts[result.status] += 1
            if result.failed:
                (retryable if result.retryable else failures).append(
                    f"{result.name}: {result.message}"
                )

    for file in files:
        record(ingest_path(file, format=format, outlet=outlet, user=user))
        done += 1
        progress(done, total)
    for url in urls:
        record(ingest_url(url, format=format, outlet=outlet, language=language, user=user))
        done += 1
        progress(done, total)
    if payload is not None:
        data = payload.encode("utf-8")
        name = parameters.get("name", "upload")
        record(ingest_bytes(data, name=name, format=format, outlet=outlet, user=user))
        progress(total, total)
    summary = ", ".join(f"{counts[status]} {status}" for status in Status.ALL)
    if missing:
        raise FileNotFoundError(f"{summary}; not found: {', '.join(missing)}")
    if retryable:
        raise RuntimeError(f"{summary}. " + " | ".join(retryable[:20]))
    if failures:
        raise PermanentFailure(f"{summary}. " + " | ".join(failures[:20]))
    return summary


def extract(parameters, progress, user):
    """Re-extract ``sources`` (ids; every current source if none given)."""

    ids = parameters.get("sources") or list(
        Source.objects.current().order_by("pk").values_list("pk", flat=True).iterator(10_000)
    )
    stored, unsupported, failures = 0, 0, []
    for done, source in enumerate(Source.objects.filter(pk__in=ids).order_by("pk"), start=1):
        try:  # each source under its own time limit; one over it does not stop the others
            stored += len(store_suggestions(source, budget=document_budget()))
        except DocumentError as error:
            failures.append(f"source {source.pk}: {error.reason}")
        unsupported += bool(extraction_note(source))
        progress(done, len(ids))
    summary = f"{len(ids)} sources re-extracted, {stored} suggestions stored"
    if unsupported:
        summary += f"; {unsupported} skipped: extraction does not support their language"
    if failures:
        raise PermanentFailure(f"{summary}; {len(failures)} failed. " + " | ".join(failures[:20]))
    return summary


def match(parameters, progress, user):
    """Suggest claim links for ``claims`` (slugs; every claim if none given)."""

    slugs = parameters.get("claims")
    claims = None
    if slugs:
        claims = list(Claim.objects.filter(slug__in=slugs).prefetch_related("tags"))
        if len(claims) != len(set(slugs)):
            raise PermanentFailure(f"unknown claim among {', '.join(slugs)}")
    progress(0, 1)
    stored = linking.suggest_links_for_claims(
        claims, method=parameters.get("method", linking.METHOD)
    )
    progress(1, 1)
    return f"{stored} suggested links created or re-scored"


def cluster(parameters, progress, user):
    """Group unlinked statements; with ``create``, make each group a proposed claim."""

    clusters = linking.cluster_unlinked_statements(
        parameters.get("threshold", THRESHOLD), parameters.get("min_size", 2)
    )
    created = 0
    for done, found in enumerate(clusters, start=1):
        if parameters.get("create"):
            text = Statement.objects.get(pk=found.representative).text
            linking.create_claim_from_cluster(found.statement_ids, text, user=user)
            created += 1
        progress(done, len(clusters))
    return f"{len(clusters)} groups found, {created} claims created"


def export(parameters, progress, user):
    """Everything as JSON Lines (``manage.py dump_jsonl``) into ``JOBS_EXPORT_DIR/<file>``."""

    name = Path(parameters.get("file", "claimtrail.jsonl")).name  # no way out of the folder
    folder = Path(settings.JOBS_EXPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    # Written beside, then renamed: a reader never sees half a file, a rerun replaces it.
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        write_dump(stream)
    os.replace(temporary, folder / name)
    progress(1, 1)
    return f"written to {folder / name}"


HANDLERS = {
    "ingest": ingest,
    "extract": extract,
    "match": match,
    "cluster": cluster,
    "export": export,
}
