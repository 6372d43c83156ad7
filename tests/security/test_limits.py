"""Limits on what one request may ask: sizes, search queries, page sizes, URL fetches.

Each refusal names the limit: the API in its error shape, pages with a readable message.
The limits are lowered per test (``settings``) so that going over them costs little.
"""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.throttling import UserRateThrottle

from config.api import CursorPagination
from config.limits import IngestUrlThrottle
from sources.models import Source
from sources.views import SOURCES_PAGE_SIZE
from tests.api.conftest import client_for
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
    UserFactory,
)
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db

UPLOAD = reverse("sources:source_create")
HTMX = {"HTTP_HX_REQUEST": "true"}
STORY = "The river will rise by two metres before Friday, Environment Minister Jana Novak said."


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttling counts in the cache; each test starts with none counted."""
    cache.clear()


@pytest.fixture
def analyst_api(db):
    return client_for(UserFactory(username="alice", role="analyst"))


@pytest.fixture
def annotator_api(db):
    return client_for(UserFactory(username="bob", role="annotator"))


@pytest.fixture
def annotator_page(client):
    client.force_login(UserFactory(username="carol", role="annotator"))
    return client


# --- request and document sizes ------------------------------------------------------------


def test_limits_come_from_the_environment():
    names = [
        "INGEST_MAX_BYTES",
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        "REQUEST_MAX_BYTES",
        "FILE_UPLOAD_MAX_MEMORY_SIZE",
        "DATA_UPLOAD_MAX_NUMBER_FIELDS",
        "DATA_UPLOAD_MAX_NUMBER_FILES",
        "SEARCH_MAX_LENGTH",
        "SEARCH_MAX_TERMS",
        "SEARCH_COUNT_CAP",
    ]
    code = f"from django.conf import settings; print(*(getattr(settings, n) for n in {names}))"
    environment = {name: str(1000 + n) for n, name in enumerate(names)}
    result = run_manage("shell", "-c", code, DEBUG="1", **environment)
    printed = result.stdout.strip().splitlines()[-1]
    assert printed.split() == [str(1000 + n) for n in range(len(names))], result.stderr


def test_an_api_body_over_the_limit_is_a_413_in_the_error_shape(annotator_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    response = annotator_api.post("/api/sources/", {"text": "x" * 3000}, format="json")
    assert response.status_code == 413
    size = int(response.wsgi_request.META["CONTENT_LENGTH"])
    assert response.json() == {
        "error": {
            "status": 413,
            "code": "request_too_large",
            "message": f"The request is {size:,} bytes, over the limit of 2,000 bytes for a "
            "request without files.",
        }
    }
    assert not Source.objects.exists()


def test_an_api_form_body_over_the_limit_is_json_not_a_django_page(annotator_api, settings):
    # Form fields are counted by Django as it parses them (RequestDataTooBig), after the
    # request as a whole passed: the answer is still the API's.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    settings.REQUEST_MAX_BYTES = 10_000
    response = annotator_api.post("/api/sources/", {"text": "x" * 3000}, format="multipart")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["message"] == (
        "The form's fields are over the limit of 2,000 bytes."
    )


def test_an_api_document_over_the_document_limit_is_a_400_naming_the_field(annotator_api, settings):
    settings.INGEST_MAX_BYTES = 1000
    response = annotator_api.post("/api/sources/", {"html": "é" * 600}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "html": ["The document is 1,200 bytes, over the limit of 1,000 bytes."]
    }
    assert not Source.objects.exists()


def test_the_upload_form_names_a_file_over_the_limit(annotator_page, settings):
    settings.INGEST_MAX_BYTES = 1000
    upload = SimpleUploadedFile("floods.txt", b"word " * 300, content_type="text/plain")
    response = annotator_page.post(UPLOAD, {"file": upload}, **HTMX)
    assert response.status_code == 422
    assert "floods.txt is 1,500 bytes, over the limit of 1,000 bytes." in response.text
    assert not Source.objects.exists()


def test_the_upload_form_names_pasted_text_over_the_limit(annotator_page, settings):
    settings.INGEST_MAX_BYTES = 1000
    response = annotator_page.post(UPLOAD, {"text": "words" * 300})
    assert response.status_code == 200
    assert "The pasted text is 1,500 bytes, over the limit of 1,000 bytes." in response.text
    assert not Source.objects.exists()


def test_an_upload_over_the_request_limit_is_a_413_page(annotator_page, settings):
    settings.REQUEST_MAX_BYTES = 2000
    upload = SimpleUploadedFile("floods.txt", b"word " * 600, content_type="text/plain")
    response = annotator_page.post(UPLOAD, {"file": upload})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "Too large" in response.text
    assert "over the limit of 2,000 bytes for a request with files." in response.text
    assert not Source.objects.exists()


def test_an_htmx_upload_over_the_request_limit_is_shown_in_place_of_the_page(
    annotator_page, settings
):
    settings.REQUEST_MAX_BYTES = 2000
    upload = SimpleUploadedFile("floods.txt", b"word " * 600, content_type="text/plain")
    response = annotator_page.post(UPLOAD, {"file": upload}, **HTMX)
    assert response.status_code == 413
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#main", "innerHTML")
    assert "<html" not in response.text  # a fragment
    assert "over the limit of 2,000 bytes" in response.text


def test_too_many_form_fields_are_refused_by_name(annotator_page, annotator_api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = {f"field{n}": "x" for n in range(10)}
    page = annotator_page.post(UPLOAD, fields)
    assert page.status_code == 400
    assert "The request has too many fields: the limit is 5." in page.text
    api = annotator_api.post("/api/sources/", fields, format="multipart")
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "too_many_fields"


def test_too_many_files_are_refused_by_name(annotator_api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 1
    files = {f"file{n}": SimpleUploadedFile(f"{n}.txt", b"text") for n in range(2)}
    response = annotator_api.post("/api/sources/", files, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "status": 400,
        "code": "too_many_files",
        "message": "The request has too many files: the limit is 1.",
    }


# --- search queries ------------------------------------------------------------------------

WEIRD_QUERIES = [
    '"',
    '""',
    '"unbalanced quote',
    "*",
    "floods*",
    "NEAR(floods river)",
    "OR",
    "AND NOT OR",
    "-",
    "--floods",
    "!!!???...",
    "(((",
    "a:b",
    "^floods",
    "'); DROP TABLE claims_claim; --",
    "<script>alert(1)</script>",
    "%_%",
    "\\",
    "𝔣𝔩𝔬𝔬𝔡𝔰 🌊",
    "x" * 500,  # one very long word
    "floods\x00river",
]


def said(words: str):
    """A statement of exactly these words, in a source of its own."""
    return StatementFactory(source__text=f"\u201c{words},\u201d the minister said.")


@pytest.fixture
def searchable(client):
    client.force_login(UserFactory(username="dave", role="analyst"))
    said("Floods will rise")
    ClaimFactory(text="The river floods every spring")
    SpeakerFactory(name="Jana Novak")
    return client


@pytest.mark.parametrize("query", WEIRD_QUERIES, ids=range(len(WEIRD_QUERIES)))
def test_weird_queries_never_fail(searchable, query):
    nul = "\x00" in query
    for url in ("/search/", "/claims/"):
        response = searchable.get(url, {"q": query})
        assert response.status_code == (400 if nul else 200), url
        if nul:
            assert "Null characters are not allowed." in response.text
    statement = StatementFactory()
    for url in ("/claims/options/", "/speakers/options/"):
        assert searchable.get(url, {"q": query, "statement": statement.pk}).status_code == 200


@pytest.mark.parametrize("query", WEIRD_QUERIES, ids=range(len(WEIRD_QUERIES)))
def test_weird_api_filters_never_fail(analyst_api, query):
    said("Floods will rise")
    for collection in ("statements", "claims", "sources", "speakers", "outlets"):
        response = analyst_api.get(f"/api/{collection}/", {"q": query})
        if "\x00" in query:
            assert response.status_code == 400, collection
            assert response.json()["error"]["fields"] == {"q": ["Null characters are not allowed."]}
        else:
            assert response.status_code == 200, collection


def test_the_search_page_refuses_a_query_over_the_length_limit(searchable):
    response = searchable.get("/search/", {"q": "floods " + "x" * 494})
    assert response.status_code == 400
    assert "Search with at most 500 characters (this search has 501)." in response.text
    assert searchable.get("/search/", {"q": "floods " + "x" * 493}).status_code == 200


def test_the_search_page_refuses_too_many_words(searchable):
    response = searchable.get("/search/", {"q": " ".join(["floods"] * 33)}, **HTMX)
    assert response.status_code == 400
    assert "Search with at most 32 words (this search has 33)." in response.text
    assert "<html" not in response.text  # the results fragment, swapped by htmx


def test_the_claims_list_shows_why_a_search_is_refused_instead_of_every_claim(searchable):
    response = searchable.get("/claims/", {"q": "x" * 501})
    assert response.status_code == 400
    assert "Search with at most 500 characters (this search has 501)." in response.text
    assert "The river floods every spring" not in response.text


@pytest.mark.parametrize("collection", ["statements", "claims", "sources", "speakers", "outlets"])
def test_an_api_q_filter_over_the_limit_is_a_400_naming_q(analyst_api, collection):
    response = analyst_api.get(f"/api/{collection}/", {"q": "x" * 501})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "q": ["Search with at most 500 characters (this search has 501)."]
    }


def test_the_search_page_stops_counting_at_the_cap(searchable, settings):
    for n in range(11):
        said(f"Floods again, for the {n}th time")
    # Twelve statements, their twelve sources and one claim say "floods"; the page lists ten
    # of each kind and counts the rest, up to the cap, with one bounded query per kind.
    settings.SEARCH_COUNT_CAP = 11
    with CaptureQueriesContext(connection) as queries:
        response = searchable.get("/search/", {"q": "floods"})
    assert "More than 23 results for “floods”" in response.text  # 1 + 11 + 11 counted
    assert 'Statements <span class="meta">(more than 11)</span>' in response.text
    assert 'Sources <span class="meta">(more than 11)</span>' in response.text
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1, counts  # sources: ten listed, more to count
    assert all("LIMIT 12" in sql for sql in counts), counts
    # Statements are counted as their candidates are read (those matching the words or their
    # synonyms), as far as the cap and one: no read of statements goes further.
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "claims_statement"."id"')]
    limits = [int(n) for sql in reads for n in re.findall(r"LIMIT (\d+)", sql)]
    assert limits, reads
    assert max(limits) == 12, reads
    settings.SEARCH_COUNT_CAP = 12
    response = searchable.get("/search/", {"q": "floods"})
    assert "25 results for “floods”" in response.text
    assert 'Statements <span class="meta">(12)</span>' in response.text


# --- page sizes ----------------------------------------------------------------------------


def test_an_api_page_size_over_the_cap_gets_the_cap(analyst_api, monkeypatch):
    monkeypatch.setattr(CursorPagination, "max_page_size", 2)
    StatementFactory.create_batch(3)
    page = analyst_api.get("/api/statements/?page_size=100000").json()
    assert len(page["results"]) == 2
    rest = analyst_api.get(page["next"]).json()
    assert (len(rest["results"]), rest["next"]) == (1, None)


def test_a_claims_list_page_past_the_end_shows_the_last_page(searchable):
    ClaimFactory.create_batch(30)
    response = searchable.get("/claims/", {"page": "999999999"})
    assert response.status_code == 200
    assert "page 2 of 2" in response.text
    assert searchable.get("/claims/", {"page": "-1"}).status_code == 200


def test_html_lists_take_no_page_size(searchable):
    ClaimFactory.create_batch(30)
    response = searchable.get("/claims/", {"page_size": "100000"})
    assert response.text.count('class="claim-row"') == 25
    assert "page 1 of 2" in response.text


def test_the_sources_list_is_paged(searchable):
    SourceFactory.create_batch(SOURCES_PAGE_SIZE)  # and the searchable statement's source
    first = searchable.get("/sources/")
    assert first.text.count('class="source-item"') == SOURCES_PAGE_SIZE
    assert "Page 1 of 2" in first.text
    last = searchable.get("/sources/", {"page": "999"})
    assert last.text.count('class="source-item"') == 1


# --- URL fetches ---------------------------------------------------------------------------


@pytest.fixture
def two_fetches(monkeypatch):
    rates = {"ingest_url": "2/minute", "user": "1000/minute", "anon": "1000/minute"}
    # DRF reads the rates once, at import; a deployment sets API_THROTTLE_INGEST_URL.
    monkeypatch.setattr(IngestUrlThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)


def test_ingesting_by_url_has_its_own_stricter_rate(annotator_api, two_fetches):
    fetch = {"url": "http://127.0.0.1:9/story"}  # refused by the SSRF guard: no request made
    statuses = [annotator_api.post("/api/sources/", fetch).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
    throttled = annotator_api.post("/api/sources/", {**fetch, "background": True})
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["error"]["code"] == "throttled"
    # Text with its URL is not fetched, and not held back.
    text = annotator_api.post("/api/sources/", {"text": STORY, "url": fetch["url"]})
    assert text.status_code == 201


def test_the_upload_page_shares_the_url_rate(annotator_page, two_fetches):
    for _ in range(2):
        assert annotator_page.post(UPLOAD, {"url": "http://127.0.0.1:9/story"}).status_code == 200
    response = annotator_page.post(UPLOAD, {"url": "http://127.0.0.1:9/story"}, **HTMX)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many web addresses fetched: try again in" in response.text
    assert annotator_page.post(UPLOAD, {"text": STORY}).status_code == 302  # text is not fetched
