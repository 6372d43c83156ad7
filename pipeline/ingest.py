"""Store prepared documents as Sources: one service for the command, the upload page and the API.

Each document is stored in its own transaction — the Source, its Sections, a new Outlet if
one is needed, and the machine's suggestions — so a failure, or a run killed half-way,
leaves either the whole document or nothing, and running again finishes the job.

Deduplication: the same text (``content_hash``) is "unchanged"; a known URL with new text
is a new Source that supersedes the current version ("superseded") — when that URL was
fetched, or the current version is the same person's. A URL a document only declares (an
uploaded page's canonical link, a JSON Lines or API ``url``) is anyone's to write, so it
does not replace a source someone else ingested: the new one is stored beside it, with a
note, and a reviewer can link the versions (``supersedes``, in the admin).
"""

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction

from claims.linking import suggest_links_for_statements
from claims.suggestions import extraction_note, store_suggestions
from sources.fetch import fetch
from sources.ingestion import DocumentError, PreparedDocument, prepare_bytes, prepare_jsonl
from sources.ingestion.budget import Budget, TimeBudgetExceeded
from sources.ingestion.documents import JSONL_EXTENSIONS, detect_format
from sources.language import detect_language, normalize_language
from sources.models import Outlet, Section, Source, content_hash

logger = logging.getLogger(__name__)

# Defaults; a deployment may override them in settings under the same names.
INGEST_MAX_BYTES = 5 * 1024 * 1024  # one document (a text or HTML file, a JSONL line, a page)
INGEST_MAX_JSONL_BYTES = 512 * 1024 * 1024  # one JSON Lines file, read line by line
INGEST_FETCH_TIMEOUT = 15.0  # seconds, per URL including redirects
INGEST_FETCH_ALLOWED_NETWORKS: list[str] = []  # tests only: e.g. ["127.0.0.1/32"]
INGEST_TIME_LIMIT = 20.0  # seconds per document for parsing and extraction (ingestion.budget)


def limit(name: str):
    return getattr(settings, name, globals()[name])


class Status:
    ADDED = "added"
    UNCHANGED = "unchanged"
    SUPERSEDED = "superseded"
    FAILED = "failed"
    ALL = (ADDED, UNCHANGED, SUPERSEDED, FAILED)


@dataclass
class IngestResult:
    status: str
    name: str  # the file (", line N" for JSONL) or URL the document came from
    message: str
    source: Source | None = None
    # The database refused the write (a concurrent writer, a lost connection): running
    # again may succeed, where a document that cannot be read never will.
    retryable: bool = False

    @property
    def failed(self) -> bool:
        return self.status == Status.FAILED

    def __str__(self):
        return f"{self.status}: {self.name}: {self.message}"


def document_budget() -> Budget:
    """The time one document may take to parse and extract, from now."""
    return Budget(limit("INGEST_TIME_LIMIT"))


def ingest_document(
    document: PreparedDocument,
    *,
    outlet: str = "",
    language: str = "",
    user=None,
    fetched: bool = False,
    budget: Budget | None = None,
) -> IngestResult:
    """Store one prepared document; ``outlet`` (a name) and ``language`` (a code) override
    what the document says. A document that says no language gets the detected one.
    ``fetched``: ``document.url`` is where we fetched it from (or that page's canonical URL
    on the same host), not merely what the document says about itself. ``budget``: what is
    left of the document's time limit (a fresh one if not given)."""
    budget = budget or document_budget()
    try:
        document.language = normalize_language(language or document.language)
    except ValueError as error:
        return IngestResult(Status.FAILED, document.name, str(error))
    document.language = document.language or detect_language(document.text)
    digest = content_hash(document.text)
    existing = Source.objects.filter(content_hash=digest).first()
    if existing:
        return IngestResult(Status.UNCHANGED, document.name, "already ingested", existing)
    try:
        with transaction.atomic():
            return _store(document, outlet_name=outlet, user=user, fetched=fetched, budget=budget)
    except IntegrityError as error:
        # A concurrent run storing the same text meanwhile is no failure.
        existing = Source.objects.filter(content_hash=digest).first()
        if existing:
            return IngestResult(Status.UNCHANGED, document.name, "already ingested", existing)
        return _failure(document, error)
    except DocumentError as error:  # over its time limit: running again will not help
        return IngestResult(Status.FAILED, document.name, error.reason)
    except SoftTimeLimitExceeded:
        raise  # the whole job's time limit on a worker (jobs.runner reports it), not this one's
    except Exception as error:  # one document's failure must not stop the run
        return _failure(document, error)


def _failure(document: PreparedDocument, error: Exception) -> IngestResult:
    logger.exception("storing %s failed", document.name)
    message = f"could not be stored: {error}"
    return IngestResult(Status.FAILED, document.name, message, retryable=True)


def ingest_bytes(
    data: bytes,
    *,
    name: str,
    format: str = "auto",
    content_type: str = "",
    url: str = "",
    outlet: str = "",
    language: str = "",
    user=None,
) -> list[IngestResult]:
    """Every document in one input (a JSON Lines file holds many)."""
    if format == "auto":
        format = detect_format(name, data, content_type)
    if format == "jsonl" and len(data) > limit("INGEST_MAX_JSONL_BYTES"):
        message = f"the file is {len(data):,} bytes, over the JSON Lines limit"
        return [IngestResult(Status.FAILED, name, message)]
    if format == "jsonl":
        url = ""  # each record has its own URL or none; the file's is no record's
    fetched = bool(url)  # only ingest_url passes the URL it fetched the bytes from
    prepared = prepare_bytes(
        data,
        name=name,
        max_bytes=limit("INGEST_MAX_BYTES"),
        format=format,
        content_type=content_type,
    )
    return [
        _store_or_report(
            item,
            url=url,
            outlet=outlet,
            language=language,
            user=user,
            fetched=fetched,
            budget=budget,
        )
        for item, budget in _each_within_budget(prepared, name=name)
    ]


def ingest_path(path: Path, *, format: str = "auto", outlet: str = "", user=None):
    """Results for one file; a JSON Lines file is streamed line by line."""
    name = str(path)
    is_jsonl = format == "jsonl" or (format == "auto" and path.suffix.lower() in JSONL_EXTENSIONS)
    try:
        size = path.stat().st_size
        if is_jsonl:
            if size > limit("INGEST_MAX_JSONL_BYTES"):
                raise DocumentError(f"the file is {size:,} bytes, over the JSONL limit")
            yield from _ingest_jsonl_file(path, outlet=outlet, user=user)
            return
        if size > limit("INGEST_MAX_BYTES"):
            # Refused before reading, so a huge file costs no memory.
            raise DocumentError(
                f"the file is {size:,} bytes, over the limit of {limit('INGEST_MAX_BYTES'):,} bytes"
            )
        data = path.read_bytes()
    except OSError as error:
        yield IngestResult(Status.FAILED, name, f"cannot read the file: {error.strerror}")
        return
    except DocumentError as error:
        yield IngestResult(Status.FAILED, name, error.reason)
        return
    yield from ingest_bytes(data, name=name, format=format, outlet=outlet, user=user)


def ingest_url(url: str, *, format: str = "auto", outlet: str = "", language: str = "", user=None):
    """Fetch ``url`` (see sources.fetch for what is refused) and ingest what it returns."""
    try:
        fetched = fetch(
            url,
            max_bytes=limit("INGEST_MAX_BYTES"),
            timeout=limit("INGEST_FETCH_TIMEOUT"),
            allowed_networks=limit("INGEST_FETCH_ALLOWED_NETWORKS"),
        )
    except DocumentError as error:
        return [IngestResult(Status.FAILED, url, error.reason)]
    return ingest_bytes(
        fetched.body,
        name=fetched.url,
        format=format,
        content_type=fetched.content_type,
        url=fetched.url,
        outlet=outlet,
        language=language,
        user=user,
    )


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and the files in folders named (recursively, hidden ones skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in relative.parts):
                    yield child
        else:
            yield path


def _ingest_jsonl_file(path: Path, *, outlet: str, user):
    with path.open("rb") as lines:
        prepared = prepare_jsonl(lines, name=str(path), max_bytes=limit("INGEST_MAX_BYTES"))
        for item, budget in _each_within_budget(prepared, name=str(path)):
            yield _store_or_report(
                item, url="", outlet=outlet, language="", user=user, budget=budget
            )


def _each_within_budget(prepared: Iterator, *, name: str):
    """(document or error, its budget) for each document ``prepared`` yields, each parsed
    under its own time limit. Parsing happens as the generator is advanced; a document over
    its limit comes out as its error (``prepare_*`` report DocumentErrors per document)."""
    while True:
        budget = document_budget()
        try:
            with budget.enforced("while reading it"):
                item = next(prepared)
        except StopIteration:
            return
        except TimeBudgetExceeded as error:  # between documents: nothing more can be read
            yield error.located(name), budget
            return
        yield item, budget


def _store_or_report(
    item, *, url: str, outlet: str, language: str, user, fetched=False, budget=None
):
    if isinstance(item, DocumentError):
        return IngestResult(Status.FAILED, item.where, item.reason)
    if url and not item.url:
        item.url = url
    return ingest_document(
        item, outlet=outlet, language=language, user=user, fetched=fetched, budget=budget
    )


def _store(
    document: PreparedDocument, *, outlet_name: str, user, fetched: bool, budget: Budget
) -> IngestResult:
    budget.check("before storing it")  # what follows writes rows, under no timer
    previous, notes = None, list(document.notes)
    if document.url:
        previous = (
            Source.objects.current()
            .select_for_update(of=("self",))
            .filter(url=document.url)
            .order_by("pk")
            .first()
        )
    if previous and not (fetched or previous.ingested_by_id == getattr(user, "pk", None)):
        notes.append(
            f"not a new version of source {previous.pk}: someone else ingested that source, "
            f"and {document.url} was not fetched but only named by the document; fetch the "
            "URL, or a reviewer can mark this source as its new version"
        )
        previous = None
    source = Source.objects.create(
        outlet=_find_outlet(document, outlet_name),
        url=document.url,
        title=document.title[:1000],
        byline=document.byline[:500],
        published_at=document.published,
        language=document.language,
        text=document.text,
        raw=document.raw,
        raw_content_type=document.raw_content_type,
        supersedes=previous,
        ingested_by=user,
    )
    Section.objects.bulk_create(
        Section(source=source, kind=s.kind, start=s.start, end=s.end, heading=s.heading[:1000])
        for s in document.sections
    )
    # The machine's suggestions: statements, then the claims they may carry.
    suggest_links_for_statements(store_suggestions(source, budget=budget))
    notes = _join(*notes, extraction_note(source))
    if previous:
        message = f"new version of source {previous.pk} ({document.url})"
        return IngestResult(Status.SUPERSEDED, document.name, _join(message, notes), source)
    return IngestResult(Status.ADDED, document.name, _join(f"source {source.pk}", notes), source)


def _find_outlet(document: PreparedDocument, outlet_name: str) -> Outlet | None:
    """The outlet named by the caller, else by the document, else by its URL's domain."""
    name = outlet_name or document.outlet
    domain = document.domain
    if name:
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet:
            return outlet
        if domain and not outlet_name:
            outlet = Outlet.objects.filter(domain=domain).first()
            if outlet:
                return outlet
        claimed = Outlet.objects.filter(domain=domain).exists() if domain else True
        outlet, _ = Outlet.objects.get_or_create(
            name=name[:200], defaults={"domain": "" if claimed else domain}
        )
        return outlet
    if domain:
        outlet, _ = Outlet.objects.get_or_create(domain=domain, defaults={"name": domain})
        return outlet
    if document.credited_outlet:
        credit = document.credited_outlet.lower().removeprefix("www.")
        return (
            Outlet.objects.filter(name__iexact=credit).first()
            or Outlet.objects.filter(domain=credit).first()
        )
    return None


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)
