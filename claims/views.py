"""Analysts' pages: the claims list, a claim with its provenance, speakers, statements, search.

Annotators' actions on one statement (the reader's panel) are in claims/annotate_views.py.
"""

from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from claims import provenance, search
from claims.assessment_views import assessment_context
from claims.models import Claim, ClaimLink, ReviewState, Speaker, Statement, Tag, live_link
from config.limits import validate_search
from sources.models import Outlet, Source
from sources.reader import Mark, segments
from sources.views import SOURCES_PAGE_SIZE

PAGE_SIZE = 25
CARDS_PAGE_SIZE = 50  # statements a page on claim and speaker pages (provenance counts all)
TIMELINE_MAX = 200  # timeline entries on a claim page: the earliest ones
FLAGS_MAX = 20  # caveats on a claim page; a claim relayed by thousands can have thousands

SORTS = {
    "newest": ("Newest", ["-created_at", "-id"]),
    "relevance": ("Relevance (with a search)", None),
    # The claim's stored figures (claims/figures.py), not counts per request.
    "first_seen": ("First seen", ["figures__first_seen", "id"]),
    "last_seen": ("Last seen", ["-figures__last_seen", "id"]),
    "statements": ("Most statements", ["-figures__statement_count", "id"]),
    "text": ("A–Z", ["text", "id"]),
}


class QueryField(forms.CharField):
    """A search box: at most SEARCH_MAX_LENGTH characters and SEARCH_MAX_TERMS words."""

    default_validators = [validate_search]


class SearchForm(forms.Form):
    q = QueryField(required=False)


class ClaimFilterForm(forms.Form):
    q = QueryField(required=False, label="Search claims")
    speaker = forms.ModelChoiceField(
        Speaker.objects.all(), required=False, to_field_name="slug", empty_label="Any speaker"
    )
    outlet = forms.ModelChoiceField(
        Outlet.objects.all(), required=False, to_field_name="slug", empty_label="Any outlet"
    )
    tag = forms.ModelChoiceField(
        Tag.objects.all(), required=False, to_field_name="slug", empty_label="Any tag"
    )
    state = forms.ChoiceField(
        choices=[("", "Any review state"), *ReviewState.choices], required=False
    )
    since = forms.DateField(
        required=False, label="Published from", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="Published until", widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in SORTS.items()], required=False
    )


@permission_required("claims.view_claim", raise_exception=True)
def claim_list(request):
    form = ClaimFilterForm(request.GET or None)
    claims = Claim.objects.all()
    filters = form.cleaned_data if form.is_valid() else {}
    if "q" in form.errors:  # a search refused (too long) shows its reason, not every claim
        claims = claims.none()
    claims = claims.filter_by(
        speaker=filters["speaker"].slug if filters.get("speaker") else "",
        outlet=filters["outlet"].slug if filters.get("outlet") else "",
        tag=filters["tag"].slug if filters.get("tag") else "",
        state=filters.get("state", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    query = filters.get("q", "").strip()
    if query:
        claims = search.matching(claims, query)
    claims = claims.with_figures().prefetch_related("tags")
    sort = filters.get("sort") or ("relevance" if query else "newest")
    if sort == "relevance" and not query:
        sort = "newest"
    if SORTS[sort][1]:
        claims = claims.order_by(*SORTS[sort][1])
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    for claim in page:
        _mark_matches(claim)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "sort": sort,
        "querystring": querystring.urlencode(),
        "filtered": any(filters.get(name) for name in form.fields if name != "sort"),
    }
    template = "claims/claim_list.html#results" if _fragment(request) else "claims/claim_list.html"
    response = render(request, template, context, status=400 if "q" in form.errors else 200)
    response["Vary"] = "HX-Request"
    return response


def _mark_matches(claim) -> None:
    """The matched words marked in the claim's title when its snippet is the whole text;
    otherwise the snippet as a line of its own (when it marks anything)."""
    snippet = getattr(claim, "search_snippet", "") or ""
    plain = snippet.replace(search.MARK_OPEN, "").replace(search.MARK_CLOSE, "")
    marked = search.MARK_OPEN in snippet
    claim.title_html = search.snippet_html(
        snippet if marked and plain == claim.text else claim.text
    )
    claim.snippet_line = snippet if marked and plain != claim.text else ""


def _fragment(request) -> bool:
    """An htmx request for the results alone (not a history restore, which wants the page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


@dataclass
class Card:
    """A statement as the claim and speaker pages show it: its sentence, the span marked."""

    statement: Statement
    context: list
    link: ClaimLink | None = None


def card(statement, link=None) -> Card:
    text = statement.source.text
    left, right = statement.sentence_bounds()
    mark = Mark(statement.start, statement.end, ("st", f"st-{statement.kind}"), statement.pk)
    return Card(statement, segments(text, [mark], left, right), link)


@permission_required("claims.view_claim", raise_exception=True)
def claim_detail(request, slug):
    claim = get_object_or_404(Claim.objects.prefetch_related("tags"), slug=slug)
    accepted_only = request.GET.get("accepted") == "1"
    found = provenance.for_claim(claim, accepted_only=accepted_only)
    # The cards follow the timeline, a page at a time; the timeline runs over every page,
    # each entry linking to its card's page.
    page = Paginator(found.timeline, CARDS_PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = "accepted=1&" if accepted_only else ""
    timeline = [
        (entry, _card_href(n // CARDS_PAGE_SIZE + 1, page.number, entry.statement.id, querystring))
        for n, entry in enumerate(found.timeline[:TIMELINE_MAX])
    ]
    order = {entry.statement.id: n for n, entry in enumerate(page)}
    links = (
        claim.links.filter(statement__in=order)
        .select_related(
            "statement__source__outlet", "statement__speaker", "statement__cited_outlet"
        )
        .defer("statement__source__raw")
    )
    links = sorted(links, key=lambda link: order[link.statement_id])
    rejected = claim.links.exclude(live_link()).count()
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "provenance": found,
            "timeline": timeline,
            "timeline_more": max(len(found.timeline) - TIMELINE_MAX, 0),
            "flags": found.flags[:FLAGS_MAX],
            "flags_more": max(len(found.flags) - FLAGS_MAX, 0),
            "page": page,
            "cards": [card(link.statement, link) for link in links],
            "graph": graph_layout(found.graph),
            "rejected": rejected,
            "accepted_only": accepted_only,
            "querystring": querystring.rstrip("&"),
            **assessment_context(claim, request.user),
        },
    )


def _card_href(card_page: int, shown_page: int, statement_id, querystring: str = "") -> str:
    anchor = f"#card-{statement_id}"
    return anchor if card_page == shown_page else f"?{querystring}page={card_page}{anchor}"


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
                **edge,
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


@permission_required("claims.view_speaker", raise_exception=True)
def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker.objects.prefetch_related("aliases"), slug=slug)
    statements = (
        speaker.statements.select_related("source__outlet")
        .defer("source__raw")
        .order_by("source__published_at", "source_id", "start", "id")
    )
    page = Paginator(statements, CARDS_PAGE_SIZE).get_page(request.GET.get("page"))
    # The speaker's links counted by claim, then those claims: counting each claim's links
    # filtered by speaker would join every link of every claim they voiced.
    voiced = dict(
        ClaimLink.objects.live()
        .said_by(speaker)
        .values("claim")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("claim", "n")
    )
    claims = sorted(Claim.objects.filter(pk__in=voiced), key=lambda c: (-voiced[c.pk], c.text))
    for claim in claims:
        claim.n_statements = voiced[claim.pk]
    return render(
        request,
        "claims/speaker_detail.html",
        {"speaker": speaker, "page": page, "cards": [card(s) for s in page], "claims": claims},
    )


@permission_required("claims.view_statement", raise_exception=True)
def statement_detail(request, pk):
    statement = get_object_or_404(
        Statement.objects.select_related("source__outlet", "speaker", "cited_outlet"), pk=pk
    )
    links = statement.claim_links.select_related("claim")
    return render(
        request,
        "claims/statement_detail.html",
        {"statement": statement, "card": card(statement), "links": links},
    )


@permission_required(
    ["claims.view_claim", "claims.view_statement", "claims.view_speaker", "sources.view_source"],
    raise_exception=True,
)
def search_page(request):
    """One box, every kind: claims, statements, speakers and sources."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = {}
    if query:
        results = search.search(
            query,
            querysets={
                "statement": Statement.objects.select_related("speaker", "source"),
                "source": Source.objects.current().select_related("outlet"),
            },
        )
    template = "search.html#results" if _fragment(request) else "search.html"
    found = results.values()
    total = search.Results("all", [], sum(r.total for r in found), any(r.more for r in found))
    context = {
        "form": form,
        "query": query,
        "results": results,
        "total": total.total,
        "total_text": total.count_text,
    }
    response = render(request, template, context, status=400 if form.errors else 200)
    response["Vary"] = "HX-Request"
    return response


# --- the home page and an outlet's page: sources as claims see them (config/urls.py)


@permission_required("sources.view_source", raise_exception=True)
def home(request):
    counts = {
        "sources": Source.objects.current().count(),
        "outlets": Outlet.objects.count(),
        "statements": Statement.objects.count(),
        "speakers": Speaker.objects.count(),
        "claims": Claim.objects.count(),
    }
    recent = Source.objects.current().listed()[:10]
    return render(request, "home.html", {"counts": counts, "recent_sources": recent})


@permission_required("sources.view_outlet", raise_exception=True)
def outlet_detail(request, slug):
    outlet = get_object_or_404(Outlet, slug=slug)
    sources = outlet.sources.current().listed()
    page = Paginator(sources, SOURCES_PAGE_SIZE).get_page(request.GET.get("page"))
    speakers = (
        Speaker.objects.filter(statements__source__outlet=outlet)
        .annotate(n=Count("statements", filter=Q(statements__source__outlet=outlet)))
        .order_by("-n", "name")[:20]
    )
    cited_by = (
        Outlet.objects.filter(sources__statements__cited_outlet=outlet)
        .exclude(pk=outlet.pk)
        .distinct()
    )
    return render(
        request,
        "sources/outlet_detail.html",
        {"outlet": outlet, "sources": page, "speakers": speakers, "cited_by": cited_by},
    )
