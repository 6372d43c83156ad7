"""What the claim page shows of a claim's provenance, stored per claim version.

``provenance.for_claim()`` reads every live link of a claim: at 55,000 links, seconds. The page
shows a summary of it: the earliest statement, first said and first published, the earliest
``TIMELINE_MAX`` timeline entries, the first ``FLAGS_MAX`` caveats, the speakers and outlets,
the citation graph as drawn, and the ids of every statement in timeline order (its cards are
pages of them). ``for_page()`` stores that summary on the claim's ``ClaimProvenance`` row with
the row's version, and reads it back while the version has not moved. Database triggers move
it in the transaction of every write that could change the answer (migration 0016), so a
stored summary is the answer ``for_claim()`` would give now: the page, the API and the exports
still agree (tests/claims/test_provenance_agreement.py).

A reader that finds no summary at the current version computes one and stores it with the
version it read before computing, by a conditional update: a write that committed meanwhile
has moved the version, so the update stores nothing or a summary marked as older. The review
write paths (claims/review.py) recompute, after they commit, the summaries someone has read of
the claims they touched, so the writer pays for a changed claim rather than its next reader:
on a Celery worker when workers run the jobs, in the writer's process otherwise.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from claims import provenance
from claims.models import ClaimLink, ClaimProvenance, live_link
from claims.provenance import ProvenanceStatement, TimelineEntry

REFRESH_TASK = "claims.refresh_provenance"  # claims/tasks.py
TIMELINE_MAX = 200  # timeline entries on a claim page: the earliest ones
FLAGS_MAX = 20  # caveats on a claim page; a claim relayed by thousands can have thousands


@dataclass
class PageProvenance:
    earliest: TimelineEntry | None
    first_said: TimelineEntry | None
    first_published: TimelineEntry | None
    timeline: list[TimelineEntry]  # the earliest TIMELINE_MAX
    statement_ids: list  # every statement, in timeline order
    flags: list[str]  # the first FLAGS_MAX
    flag_count: int
    speakers: list[str]
    outlets: list[str]
    graph: dict  # graph_layout()
    rejected: int  # the claim's links not shown: rejected, or their statement rejected

    @classmethod
    def of(cls, claim, found: provenance.Provenance) -> "PageProvenance":
        return cls(
            earliest=found.earliest,
            first_said=found.first_said,
            first_published=found.first_published,
            timeline=found.timeline[:TIMELINE_MAX],
            statement_ids=[entry.statement.id for entry in found.timeline],
            flags=found.flags[:FLAGS_MAX],
            flag_count=len(found.flags),
            speakers=found.speakers,
            outlets=found.outlets,
            graph=graph_layout(found.graph),
            rejected=claim.links.exclude(live_link()).count(),
        )

    @property
    def timeline_more(self) -> int:
        return len(self.statement_ids) - len(self.timeline)

    @property
    def flags_more(self) -> int:
        return self.flag_count - len(self.flags)

    def to_json(self) -> dict:
        entry = _entry_json
        return {
            "earliest": entry(self.earliest),
            "first_said": entry(self.first_said),
            "first_published": entry(self.first_published),
            "timeline": [entry(e) for e in self.timeline],
            "statement_ids": self.statement_ids,
            "flags": self.flags,
            "flag_count": self.flag_count,
            "speakers": self.speakers,
            "outlets": self.outlets,
            "graph": _dates_out(self.graph),
            "rejected": self.rejected,
        }

    @classmethod
    def from_json(cls, stored: dict) -> "PageProvenance":
        entry = _entry_from
        return cls(
            earliest=entry(stored["earliest"]),
            first_said=entry(stored["first_said"]),
            first_published=entry(stored["first_published"]),
            timeline=[entry(e) for e in stored["timeline"]],
            statement_ids=stored["statement_ids"],
            flags=stored["flags"],
            flag_count=stored["flag_count"],
            speakers=stored["speakers"],
            outlets=stored["outlets"],
            graph=_graph_from(stored["graph"]),
            rejected=stored["rejected"],
        )


def for_page(claim, accepted_only: bool = False) -> PageProvenance:
    """The claim page's provenance: stored, if nothing changed since it was computed."""
    field, version_field = ClaimProvenance.fields_for(accepted_only)
    row = ClaimProvenance.objects.filter(claim=claim).only("version", field, version_field).first()
    if row is not None and (stored := row.summary(accepted_only)) is not None:
        return PageProvenance.from_json(stored)
    return compute(claim, accepted_only, row.version if row else None)


def compute(claim, accepted_only: bool, version: int | None) -> PageProvenance:
    """Compute the summary and store it as of ``version``, read before computing: unless a
    write moved the version since, in which case it is not stored."""
    page = PageProvenance.of(claim, provenance.for_claim(claim, accepted_only))
    if version is not None:
        field, version_field = ClaimProvenance.fields_for(accepted_only)
        ClaimProvenance.objects.filter(claim=claim, version=version).update(
            **{field: page.to_json(), version_field: version}
        )
    return page


def refresh(claim_ids) -> int:
    """Recompute the summaries that were read before and are out of date now, of these
    claims; how many. The review write paths call it once they have committed."""
    done = 0
    rows = (
        ClaimProvenance.objects.filter(claim__in=set(claim_ids))
        .filter(
            Q(live_version__isnull=False) | Q(accepted_version__isnull=False),
        )
        .select_related("claim")
        .defer("live", "accepted")
    )
    for row in rows:
        for accepted_only in (False, True):
            seen = getattr(row, ClaimProvenance.fields_for(accepted_only)[1])
            if seen is not None and seen != row.version:
                compute(row.claim, accepted_only, row.version)
                done += 1
    return done


def refresh_after_commit(claim_ids) -> None:
    """Once the write in progress commits: ``refresh()`` on a Celery worker when workers run
    the jobs (``CELERY_BROKER_URL``), here otherwise (the embedded default: the writer waits).
    A failure is logged and is not the write's: the next reader computes instead."""
    claim_ids = sorted(set(claim_ids))
    if not claim_ids:
        return
    if getattr(settings, "CELERY_BROKER_URL", ""):
        from config.celery import app

        send = partial(app.send_task, REFRESH_TASK, (claim_ids,))
        transaction.on_commit(send, robust=True)
    else:
        transaction.on_commit(partial(refresh, claim_ids), robust=True)


def forget_all() -> tuple[int, int]:
    """Every stored summary out of date, and a row for every claim without one (after writes
    that bypassed the triggers): (rows made, rows marked)."""
    from claims.models import Claim

    with transaction.atomic():
        missing = Claim.objects.filter(provenance_row__isnull=True).values_list("pk", flat=True)
        made = ClaimProvenance.objects.bulk_create(
            [ClaimProvenance(claim_id=pk) for pk in missing], ignore_conflicts=True
        )
        forgotten = ClaimProvenance.objects.update(version=F("version") + 1)
    return len(made), forgotten


def claims_reached_by(obj) -> list[int]:
    """The claims whose provenance a write to ``obj`` (a link, a statement) can change: the
    link's claim; for a statement, the claims linked to any statement of its source, since
    what a source cites for a speaker is read across its statements."""
    if isinstance(obj, ClaimLink):
        return [obj.claim_id]
    source_id = getattr(obj, "source_id", None)
    if source_id is None:
        return []
    return list(
        ClaimLink.objects.filter(statement__source_id=source_id)
        .values_list("claim_id", flat=True)
        .distinct()
    )


# --- to JSON and back: dates as ISO strings ----------------------------------------------

_STATEMENT_DATES = ("published", "said_on")


def _entry_json(entry: TimelineEntry | None) -> dict | None:
    if entry is None:
        return None
    statement = asdict(entry.statement)
    for name in _STATEMENT_DATES:
        statement[name] = _iso(statement[name])
    return {
        "statement": statement,
        "date": _iso(entry.date),
        "basis": entry.basis,
        "flags": entry.flags,
    }


def _entry_from(stored: dict | None) -> TimelineEntry | None:
    if stored is None:
        return None
    statement = dict(stored["statement"])
    for name in _STATEMENT_DATES:
        statement[name] = _day(statement[name])
    if statement["said_on_partial"] is not None:
        statement["said_on_partial"] = tuple(statement["said_on_partial"])
    known = {f.name for f in fields(ProvenanceStatement)}
    return TimelineEntry(
        ProvenanceStatement(**{k: v for k, v in statement.items() if k in known}),
        _day(stored["date"]),
        stored["basis"],
        stored["flags"],
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _dates_out(graph: dict) -> dict:
    nodes = [{**node, "first_date": _iso(node.get("first_date"))} for node in graph["nodes"]]
    columns = [
        {
            **column,
            "nodes": [{**n, "first_date": _iso(n.get("first_date"))} for n in column["nodes"]],
        }
        for column in graph["columns"]
    ]
    return {**graph, "nodes": nodes, "columns": columns}


def _graph_from(stored: dict) -> dict:
    nodes = [{**node, "first_date": _day(node["first_date"])} for node in stored["nodes"]]
    columns = [
        {**column, "nodes": [{**n, "first_date": _day(n["first_date"])} for n in column["nodes"]]}
        for column in stored["columns"]
    ]
    return {**stored, "nodes": nodes, "columns": columns}


# --- the citation graph, laid out for SVG --------------------------------------------------

NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 210, 30, 90, 16, 50
TOP = 34  # below the column headings
COLUMNS = ("Published by", "Cited", "Said by")
GRAPH_COLUMN_MAX = 20  # nodes drawn a column: past that a drawing shows nothing anyway


def graph_layout(graph) -> dict:
    """Nodes in columns (publishing outlets, what they cite, speakers), edges between.

    What is cited goes in the middle column even when it publishes too (BelTA carries the
    claim and is cited for it), so the columns read left to right as who relayed whom; an
    empty column is not drawn. A column keeps its ``GRAPH_COLUMN_MAX`` nodes with the most
    statements, in order of first appearance, and only edges between kept nodes are drawn;
    how many are left out is said.
    """
    weight = defaultdict(int)
    cited = set()
    for edge in graph.edges:
        weight[edge["source"]] += len(edge["statements"])
        weight[edge["target"]] += len(edge["statements"])
        if edge["relation"] == "cites":
            cited.add(edge["target"])
    columns = [[], [], []]
    for node in graph.nodes:
        if node["kind"] == "speaker":
            column = 2
        elif node["id"] in cited or not node["publisher"]:
            column = 1
        else:
            column = 0
        columns[column].append(node)
    headings = [label for label, column in zip(COLUMNS, columns, strict=True) if column]
    columns = [column for column in columns if column]
    for c, column in enumerate(columns):
        ranked = sorted(column, key=lambda node: -weight[node["id"]])
        kept = {node["id"] for node in ranked[:GRAPH_COLUMN_MAX]}
        columns[c] = [node for node in column if node["id"] in kept]
    where, nodes = {}, []
    for c, column in enumerate(columns):
        for r, node in enumerate(column):
            x = PAD + c * (NODE_W + COL_GAP)
            y = TOP + r * (NODE_H + ROW_GAP)
            where[node["id"]] = (x, y)
            label = node["label"] if len(node["label"]) <= 30 else node["label"][:29] + "…"
            nodes.append({**node, "x": x, "y": y, "tx": x + 10, "ty": y + 20, "short": label})
    labels = {node["id"]: node["label"] for node in graph.nodes}
    edges = []
    for edge in graph.edges:
        if edge["source"] not in where or edge["target"] not in where:
            continue
        (x1, y1), (x2, y2) = where[edge["source"]], where[edge["target"]]
        y1, y2 = y1 + NODE_H // 2, y2 + NODE_H // 2
        if x2 > x1:  # to a later column: a straight line, right side to left side
            path = f"M {x1 + NODE_W} {y1} L {x2} {y2}"
        elif x2 < x1:
            path = f"M {x1} {y1} L {x2 + NODE_W} {y2}"
        else:  # within a column (an outlet citing another): a curve along its left side
            bend = x1 - 40
            path = f"M {x1} {y1} C {bend} {y1}, {bend} {y2}, {x2} {y2}"
        edges.append(
            {
                **{key: value for key, value in edge.items() if key != "statements"},
                "statement_count": len(edge["statements"]),
                "path": path,
                "source_label": labels[edge["source"]],
                "target_label": labels[edge["target"]],
            }
        )
    rows = max((len(c) for c in columns), default=0)
    return {
        "nodes": nodes,
        "edges": edges,
        "nodes_left_out": len(graph.nodes) - len(nodes),
        "edges_left_out": len(graph.edges) - len(edges),
        "width": 2 * PAD + len(columns) * NODE_W + (len(columns) - 1) * COL_GAP,
        "height": TOP + rows * (NODE_H + ROW_GAP),
        "columns": [
            {
                "label": label,
                "x": PAD + c * (NODE_W + COL_GAP),
                "nodes": [node for node in nodes if node["x"] == PAD + c * (NODE_W + COL_GAP)],
            }
            for c, label in enumerate(headings)
        ],
        "node_w": NODE_W,
        "node_h": NODE_H,
    }
