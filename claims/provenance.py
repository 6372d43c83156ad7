"""Provenance of a claim, computed from its links: who said it first, when, and who relayed it.

The core is plain Python over ``ProvenanceStatement`` records; ``for_claim(claim)`` fills
them from the database. Nothing is guessed silently: a statement's date says what it rests
on (``basis``), and missing or conflicting dates are listed in ``flags`` and ``conflicts``.

Dates, best first: the date the statement says it was made (``Statement.said_on``, or a
date mention in its sentence: "On January 5, … Tokayev said"), then its source's
publication date, which is only an upper bound (it was said by then).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from statistics import median_low

from claims.dating import infer_year, read_said_on, said_on_mention
from claims.matching.text import sentence_span

SAID = "said"  # the statement says when it was made
SAID_YEAR_INFERRED = "said, year inferred"  # "On January 5" in an undated source
PUBLISHED = "published"  # the source's publication date: said on or before it
UNDATED = "undated"
_BASIS_ORDER = {SAID: 0, SAID_YEAR_INFERRED: 1, PUBLISHED: 2, UNDATED: 3}


# slots: a claim can have tens of thousands of statements, and each has an entry.
@dataclass(frozen=True, slots=True)
class ProvenanceStatement:
    id: object
    text: str
    speaker: str | None = None
    outlet: str | None = None  # who published the source
    source_id: object = None
    source_title: str = ""
    published: date | None = None
    said_on: date | None = None
    said_on_partial: tuple[int, int] | None = None  # (month, day): the year is not known
    said_on_text: str = ""  # the date as written, when read from the text
    cited: str = ""  # what the source cites for it, as written ("BelTA reports")
    cited_outlet: str | None = None
    # True when the source names its source for this speaker only elsewhere ("…, BelTA
    # reports" once in an article that quotes Lukashenko five times).
    cited_inferred: bool = False
    stance: str = "asserts"
    # False while no person has reviewed the statement or its link to the claim: a machine
    # suggestion.
    reviewed: bool = True
    statement_state: str = ""
    link_state: str = ""


@dataclass(slots=True)
class TimelineEntry:
    statement: ProvenanceStatement
    date: date | None
    basis: str
    flags: list[str] = field(default_factory=list)

    @property
    def said_on(self) -> date | None:
        """When the statement was made, if anything says so (not its publication date)."""
        return self.date if self.basis in (SAID, SAID_YEAR_INFERRED) else None

    @property
    def said_on_inferred(self) -> bool:
        """The said date was read from the statement's sentence here, or its year inferred,
        rather than stored on the statement (by extraction or a person)."""
        return self.basis == SAID_YEAR_INFERRED or (
            self.basis == SAID and bool(self.statement.said_on_text)
        )


@dataclass
class Graph:
    """Who relayed whom: outlet → cited outlet → speaker. Nodes and edges for the web UI."""

    # {"id", "kind": "outlet" | "source" | "speaker", "label", "first_date", "publisher"}
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(
        default_factory=list
    )  # {"source", "target", "relation", "statements"}

    def chains(self) -> list[list[str]]:
        """Every path from an outlet that published statements to a speaker, as labels."""
        labels = {node["id"]: node["label"] for node in self.nodes}
        out = defaultdict(list)
        for edge in self.edges:
            out[edge["source"]].append(edge["target"])
        paths = []

        def walk(node, path):
            if not out[node]:
                paths.append([labels[n] for n in path])
            for nxt in out[node]:
                if nxt not in path:
                    walk(nxt, [*path, nxt])

        for node in self.nodes:
            if node.get("publisher") and out[node["id"]]:
                walk(node["id"], [node["id"]])
        return paths


@dataclass
class Provenance:
    earliest: TimelineEntry | None
    timeline: list[TimelineEntry]
    speakers: list[str]
    outlets: list[str]
    graph: Graph
    flags: list[str]
    conflicts: list[dict]

    @property
    def undated(self) -> list[TimelineEntry]:
        return [entry for entry in self.timeline if entry.date is None]

    @property
    def first_said(self) -> TimelineEntry | None:
        """The earliest entry dated by when it was said (not by its publication), leaving
        out a said date that conflicts with its source's."""
        said = [e for e in self.timeline if e.said_on and not _conflicted(e)]
        return said[0] if said else None

    @property
    def first_published(self) -> TimelineEntry | None:
        """The entry whose source was published first."""
        published = [e for e in self.timeline if e.statement.published]
        return min(published, key=lambda e: e.statement.published, default=None)


def build_provenance(statements: list[ProvenanceStatement]) -> Provenance:
    entries = [_date_entry(s) for s in statements]
    _infer_partial_years(entries)
    conflicts = _conflicts(entries)
    entries.sort(
        key=lambda e: (
            e.date is None,
            e.date or date.max,
            _BASIS_ORDER[e.basis],
            _id_order(e.statement.source_id),
            _id_order(e.statement.id),
        )
    )
    earliest, flags = _earliest(entries)
    return Provenance(
        earliest=earliest,
        timeline=entries,
        speakers=_first_appearances(e.statement.speaker for e in entries),
        outlets=_first_appearances(
            name for e in entries for name in (e.statement.outlet, e.statement.cited_outlet)
        ),
        graph=citation_graph(entries),
        flags=flags + [c["message"] for c in conflicts],
        conflicts=conflicts,
    )


def _id_order(value) -> tuple:
    """Ids in number order (source 10 after source 2), whatever else an id may be."""
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))


def _date_entry(statement: ProvenanceStatement) -> TimelineEntry:
    if statement.said_on:
        entry = TimelineEntry(statement, statement.said_on, SAID)
        if statement.published and statement.said_on > statement.published:
            entry.flags.append("said after its source was published")
    elif statement.published:
        entry = TimelineEntry(statement, statement.published, PUBLISHED)
    else:
        entry = TimelineEntry(statement, None, UNDATED, ["no date"])
    if statement.cited_inferred:
        entry.flags.append(
            "relayed from "
            + (statement.cited_outlet or statement.cited)
            + ": inferred from the same speaker's other statements in this source"
        )
    return entry


def _infer_partial_years(entries: list[TimelineEntry]) -> None:
    """ "On January 5" in an undated source: the year nearest this claim's other dates."""
    known = sorted(e.date for e in entries if e.date and e.basis in (SAID, PUBLISHED))
    if not known:
        return
    reference = median_low(known)
    for entry in entries:
        partial = entry.statement.said_on_partial
        if entry.date is None and partial:
            entry.date = infer_year(partial[0], partial[1], reference)
            if entry.date:
                entry.basis = SAID_YEAR_INFERRED
                entry.flags.remove("no date")
                entry.flags.append(f"year inferred from the claim's other dates ({reference.year})")


def _conflicts(entries: list[TimelineEntry]) -> list[dict]:
    conflicts = []
    for entry in entries:
        if "said after its source was published" in entry.flags:
            s = entry.statement
            conflicts.append(
                {
                    "kind": "said_after_published",
                    "statements": [s.id],
                    "dates": [entry.date, s.published],
                    "message": f"Statement {s.id} says it was made on {entry.date}, after its "
                    f"source was published ({s.published}).",
                }
            )
    # The same words by the same speaker, dated differently by different sources.
    said = defaultdict(dict)
    for entry in entries:
        s = entry.statement
        if entry.basis == SAID and s.speaker:
            said[(s.speaker, _normalized(s.text))][s.id] = entry.date
    for (speaker, _), dates in said.items():
        if len(set(dates.values())) > 1:
            conflicts.append(
                {
                    "kind": "different_said_dates",
                    "statements": list(dates),
                    "dates": sorted(set(dates.values())),
                    "message": f"Sources date the same words of {speaker} differently: "
                    + ", ".join(str(d) for d in sorted(set(dates.values())))
                    + ".",
                }
            )
    return conflicts


def _earliest(entries: list[TimelineEntry]) -> tuple[TimelineEntry | None, list[str]]:
    """The first dated entry that does not conflict; a reviewed link's over a machine
    suggestion's, since a weak suggestion must not decide who said it first."""
    flags = []
    undated = [e for e in entries if e.date is None]
    dated = [e for e in entries if e.date is not None and not _conflicted(e)]
    if undated:
        flags.append(
            f"{_counted(len(undated), 'statement has', 'statements have')} no date and could "
            "be earlier."
        )
    if not dated:
        if entries:
            flags.append("No statement of this claim is dated: the earliest is unknown.")
        return None, flags
    reviewed = [e for e in dated if e.statement.reviewed]
    if reviewed:
        earlier = dated.index(reviewed[0])
        if earlier:
            flags.append(
                f"{
                    _counted(
                        earlier,
                        'unreviewed machine suggestion is',
                        'unreviewed machine suggestions are',
                    )
                } dated earlier than the earliest reviewed statement."
            )
        dated = reviewed
    else:
        flags.append(
            "The earliest statement is a machine suggestion: nobody has reviewed this "
            "claim's statements yet."
        )
    first = dated[0]
    tied = [
        e
        for e in dated[1:]
        if e.date == first.date and e.statement.speaker != first.statement.speaker
    ]
    if tied:
        flags.append(
            f"Several speakers are dated {first.date}: "
            + ", ".join(sorted({str(e.statement.speaker) for e in [first, *tied]}))
            + "."
        )
    if first.basis == PUBLISHED:
        flags.append(
            "The earliest date is a publication date: the statement was made then or earlier."
        )
    if first.basis == SAID_YEAR_INFERRED:
        flags.append("The earliest date's year is inferred from the claim's other dates.")
    return first, flags


def _counted(n: int, one: str, many: str) -> str:
    """ "1 statement has", "3 statements have"."""
    return f"{n} {one if n == 1 else many}"


def _conflicted(entry: TimelineEntry) -> bool:
    return "said after its source was published" in entry.flags


def _normalized(text: str) -> str:
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def _first_appearances(names) -> list[str]:
    seen = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


def citation_graph(entries: list[TimelineEntry]) -> Graph:
    """Nodes: outlets, cited sources, speakers. Edges: publishes-citing ("cites"), "quotes"."""
    graph = Graph()
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}

    def node(kind: str, label: str, when: date | None) -> str:
        key = f"{kind}:{label}"
        if key not in nodes:
            nodes[key] = {
                "id": key,
                "kind": kind,
                "label": label,
                "first_date": when,
                "publisher": False,
            }
        elif when and (nodes[key]["first_date"] is None or when < nodes[key]["first_date"]):
            nodes[key]["first_date"] = when
        return key

    def edge(source: str, target: str, relation: str, statement_id, inferred: bool) -> None:
        if source == target:
            return
        record = edges.setdefault(
            (source, target, relation),
            {
                "source": source,
                "target": target,
                "relation": relation,
                "statements": [],
                "inferred": True,
            },
        )
        record["statements"].append(statement_id)
        # An edge is inferred only while no statement states it outright.
        record["inferred"] = record["inferred"] and inferred

    for entry in entries:
        s, when = entry.statement, entry.date
        chain = []
        if s.outlet:
            chain.append(node("outlet", s.outlet, when))
            nodes[chain[-1]]["publisher"] = True
        if s.cited_outlet:
            chain.append(node("outlet", s.cited_outlet, when))
        elif s.cited:
            chain.append(node("source", s.cited, when))
        if s.speaker and s.speaker not in (s.cited_outlet, s.cited):
            # An outlet quoted as the speaker ("Sputnik wrote") is the outlet's node.
            is_outlet = f"outlet:{s.speaker}" in nodes
            chain.append(node("outlet" if is_outlet else "speaker", s.speaker, when))
        for source, target in pairwise(chain):
            relation = "quotes" if target.startswith("speaker:") else "cites"
            edge(source, target, relation, s.id, inferred=s.cited_inferred)
    graph.nodes = list(nodes.values())
    graph.edges = list(edges.values())
    return graph


# --- The database side -------------------------------------------------------------------

# What of a source's text provenance reads around a statement stored before its sentence was
# (``Statement.sentence_start``), each side: sentence_span() looks no further back than
# this, and a sentence runs on no further in practice.
CONTEXT = 2000


def rows_of(claim, accepted_only: bool = False):
    """A claim's live links (``ClaimLink.objects.live()``: neither the link nor its statement
    rejected), or its accepted ones, as plain values, with what provenance reads of each: its
    statement, speaker, source (its ``context``: the statement's stored sentence, from
    ``context_start``), outlet and cited outlet. Values, not model instances, and a sentence,
    not a document: a claim may have tens of thousands of links."""
    from django.db.models import Case, F, Value, When
    from django.db.models.functions import Coalesce, Greatest, Substr

    links = claim.links.accepted() if accepted_only else claim.links.live()
    return (
        links.annotate(
            context_start=Coalesce(
                "statement__sentence_start", Greatest(F("statement__start") - CONTEXT, 0)
            ),
            context_end=Coalesce("statement__sentence_end", F("statement__end") + CONTEXT),
        )
        .annotate(
            # Only for a statement stored before its date mention was: the others' sources
            # are not read at all (a CASE branch not taken is not computed).
            context=Case(
                When(
                    statement__date_mention__isnull=True,
                    then=Substr(
                        "statement__source__text",
                        F("context_start") + 1,
                        F("context_end") - F("context_start"),
                    ),
                ),
                default=Value(""),
            )
        )
        .values(
            "stance", "state", "context", "context_start",
            date_mention=F("statement__date_mention"),
            statement_state=F("statement__state"), sentence_stored=F("statement__sentence_end"),
            statement_pk=F("statement_id"), text=F("statement__text"), start=F("statement__start"),
            end=F("statement__end"), said_on=F("statement__said_on"), cited=F("statement__cited"),
            cited_outlet=F("statement__cited_outlet__name"), speaker_id=F("statement__speaker_id"),
            speaker=F("statement__speaker__name"), mention=F("statement__speaker_mention"),
            source_id=F("statement__source_id"), title=F("statement__source__title"),
            published_at=F("statement__source__published_at"),
            outlet=F("statement__source__outlet__name"),
        )
    )  # fmt: skip


def statement_record(
    row: dict, citations: dict, outlets: dict, shared: dict | None = None
) -> ProvenanceStatement:
    """A ProvenanceStatement from one of ``rows_of()``.

    ``citations`` maps (source id, speaker id) to what that source cites for that speaker
    elsewhere (``source_citations``), for statements that name no source themselves;
    ``outlets`` is ``Outlet.objects.by_name()``, read once for all the statements of a claim.
    """
    from claims.models import ReviewState
    from sources.models import outlet_named

    published = row["published_at"].date() if row["published_at"] else None
    said_on, partial, said_text = row["said_on"], None, ""
    if said_on is None:
        if row["date_mention"] is not None:
            mention = read_said_on(row["date_mention"], published)
        else:  # stored before its date mention: read from the context
            text, offset = row["context"], row["context_start"]
            start, end = row["start"] - offset, row["end"] - offset
            stored = row["sentence_stored"] is not None  # then the context is the sentence
            left, right = (0, len(text)) if stored else sentence_span(text, start, end)
            mention = said_on_mention(text[left:right], start - left, end - left, published)
        if mention:
            said_on, said_text = mention.date, mention.text
            partial = (mention.month, mention.day) if mention.partial else None
    cited, cited_outlet = row["cited"], row["cited_outlet"]
    if cited_outlet is None and cited:
        cited_outlet = _name(outlet_named(cited, outlets))
    inferred = False
    if not cited and row["speaker_id"]:
        found = citations.get((row["source_id"], row["speaker_id"]))
        if found:
            cited, cited_outlet, inferred = found[0], found[1], True
    # A speaker, outlet or title that thousands of rows repeat is held once: ``shared`` is one
    # claim's strings, by value.
    shared = {} if shared is None else shared

    def one(value):
        return shared.setdefault(value, value)

    return ProvenanceStatement(
        id=row["statement_pk"],
        text=row["text"],
        speaker=one(row["speaker"] or row["mention"] or None),
        outlet=one(row["outlet"]),
        source_id=row["source_id"],
        source_title=one(row["title"]),
        published=published,
        said_on=said_on,
        said_on_partial=partial,
        said_on_text=said_text,
        cited=one(cited),
        cited_outlet=one(cited_outlet),
        cited_inferred=inferred,
        stance=one(row["stance"]),
        reviewed=row["state"] != ReviewState.SUGGESTED
        or row["statement_state"] != ReviewState.SUGGESTED,
        statement_state=one(row["statement_state"]),
        link_state=one(row["state"]),
    )


def source_citations(claim, outlets: dict) -> dict:
    """(source id, speaker id) -> (cited, cited outlet name), where a source of the claim's
    statements cites exactly one origin for a speaker: an article that says "BelTA reports"
    once relays all its quotes of that speaker from BelTA."""
    from claims.models import Statement
    from sources.models import outlet_named

    found = defaultdict(set)
    rows = (
        Statement.objects.live()
        .filter(source__in=claim.links.live().values("statement__source_id"), speaker__isnull=False)
        .exclude(cited="")
        .values_list("source_id", "speaker_id", "cited", "cited_outlet__name")
    )
    for source_id, speaker_id, cited, outlet in rows:
        found[(source_id, speaker_id)].add((cited, outlet or _name(outlet_named(cited, outlets))))
    return {key: next(iter(values)) for key, values in found.items() if len(values) == 1}


def _name(outlet) -> str | None:
    return outlet.name if outlet else None


def for_claim(claim, accepted_only: bool = False) -> Provenance:
    """The provenance of a claim: the one answer the claim page, the API and every export
    render. From its live links (a rejected link or statement counts nowhere), or with
    ``accepted_only`` from those whose statement and link a person accepted. Machine
    suggestions count, but never outrank a reviewed statement as the earliest."""
    from sources.models import Outlet

    outlets = Outlet.objects.by_name()
    citations = source_citations(claim, outlets)
    # Row by row from a cursor, not every row at once: each row carries its sentence, which
    # the record keeps only the date of.
    rows = rows_of(claim, accepted_only).iterator(chunk_size=2000)
    shared = {}
    return build_provenance([statement_record(row, citations, outlets, shared) for row in rows])
