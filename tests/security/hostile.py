"""The XSS payloads of xss_payloads.txt, loaded the way users load things.

Every payload N becomes, through the real paths:
- a source from a JSON Lines upload (``ingest_bytes``, what the upload page and the API call)
  whose title, byline and outlet name are the payload and whose text quotes it;
- a speaker (name, role, description), a claim (text, description, one tag) and a statement
  anchored on the payload in source N (cue, speaker mention, what it cites), all by POSTs to
  the REST API as an admin; the statement is linked to its claim and to one shared claim
  (HUB_CLAIM), whose page then shows every payload's card, speaker and outlet.
Plus one plain-text document and one HTML page holding every payload in their text (the HTML
page has them escaped, as a page quoting them would, and again raw, as markup).
"""

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from rest_framework.test import APIClient

from claims.models import Claim, Speaker, Statement
from pipeline.ingest import Status, ingest_bytes
from sources.models import Outlet, Source

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
HUB_CLAIM = "Hostile documents are shown as text"
HOSTILE_URL = "javascript:__xss(92)//https://example.org/"  # as a source's URL
TEXT_TITLE = "Hostile payloads, as a plain-text document"
HTML_TITLE = "Hostile payloads, as an HTML page"


def document_text(n: int, payload: str) -> str:
    return (
        f"Hostile input number {n}\n\n"
        f"The statement under test, as published: {payload}\n\n"
        "The desk logged it on Tuesday, the editor said.\n"
    )


@dataclass
class Corpus:
    admin: object
    sources: list[Source] = field(default_factory=list)  # one a payload, in payload order
    speakers: list[Speaker] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    hub: Claim | None = None
    text_source: Source | None = None
    html_source: Source | None = None

    def outlets(self) -> list[Outlet]:
        return [source.outlet for source in self.sources]


def build(admin) -> Corpus:
    corpus = Corpus(admin)
    records = [
        {
            "text": document_text(n, payload),
            "title": payload,
            "author": payload,
            "outlet": payload,
            "url": f"https://hostile-{n}.example/story",
        }
        for n, payload in enumerate(PAYLOADS, start=1)
    ]
    jsonl = "\n".join(json.dumps(record) for record in records).encode()
    results = ingest_bytes(jsonl, name="hostile.jsonl", user=admin)
    assert [r.status for r in results] == [Status.ADDED] * len(PAYLOADS), results
    corpus.sources = [Source.objects.select_related("outlet").get(pk=r.source.pk) for r in results]

    plain = TEXT_TITLE + "\n\n" + "".join(f"Quoted as published: {p}\n\n" for p in PAYLOADS)
    [result] = ingest_bytes(plain.encode(), name="hostile.txt", user=admin)
    assert result.status == Status.ADDED, result
    corpus.text_source = result.source

    quoted = "".join(f"<p>Quoted as published: {html.escape(p)}</p>\n" for p in PAYLOADS)
    raw = "".join(f"<div>{p}</div>\n" for p in PAYLOADS)
    page = (
        f"<!doctype html><html lang='en'><head><title>{HTML_TITLE}</title>"
        f"<meta name='author' content='{html.escape(PAYLOADS[0])}'></head>"
        f"<body><article><h1>{HTML_TITLE}</h1>{quoted}</article><aside>{raw}</aside></body></html>"
    )
    [result] = ingest_bytes(page.encode(), name="hostile.html", user=admin)
    assert result.status == Status.ADDED, result
    corpus.html_source = result.source

    api = APIClient()
    api.force_authenticate(admin)

    def post(path, data):
        response = api.post(path, data, format="json")
        assert response.status_code == 201, (path, data, response.content)
        return response.json()

    corpus.hub = Claim.objects.get(slug=post("/api/claims/", {"text": HUB_CLAIM})["slug"])
    for payload, source in zip(PAYLOADS, corpus.sources, strict=True):
        speaker = post(
            "/api/speakers/",
            {"name": payload, "kind": "person", "role": payload, "description": payload},
        )
        claim = post("/api/claims/", {"text": payload, "description": payload, "tags": [payload]})
        start = source.text.index(payload)
        statement = post(
            "/api/statements/",
            {
                "source": source.pk,
                "start": start,
                "end": start + len(payload),
                "text": payload,
                "kind": "direct",
                "cue": payload,
                "speaker": speaker["id"],
                "speaker_mention": payload,
                "cited": payload,
            },
        )
        post("/api/claim-links/", {"statement": statement["id"], "claim": claim["slug"]})
        post("/api/claim-links/", {"statement": statement["id"], "claim": corpus.hub.slug})
        corpus.speakers.append(Speaker.objects.get(pk=speaker["id"]))
        corpus.claims.append(Claim.objects.get(slug=claim["slug"]))
        corpus.statements.append(Statement.objects.get(pk=statement["id"]))
    return corpus
