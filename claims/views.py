"""Analysts' pages: the claims list, a claim with its provenance, speakers, statements, search.

Annotators' actions on one statement (the reader's panel) are in claims/annotate_views.py.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from claims import provenance_page, search
from claims.assessment_views import assessment_context
from claims.models import Claim, ClaimLink, ReviewState, Speaker, Statement, Tag
from config.counting import tallies
from config.limits import validate_search
from sources.models import Outlet, Source
from sources.reader import Mark, segments
from sources.views import SOURCES_PAGE_SIZE

PAGE_SIZE = 25
CARDS_PAGE_SIZE = 50  # statements a page on claim and speaker pages (provenance counts all)

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
    found = provenance_page.for_page(claim, accepted_only=accepted_only)
    # The cards follow the timeline, a page at a time; the timeline runs over every page,
    # each entry linking to its card's page.
    page = Paginator(found.statement_ids, CARDS_PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = "accepted=1&" if accepted_only else ""
    timeline = [
        (entry, _card_href(n // CARDS_PAGE_SIZE + 1, page.number, entry.statement.id, querystring))
        for n, entry in enumerate(found.timeline)
    ]
    order = {statement_id: n for n, statement_id in enumerate(page)}
    links = (
        claim.links.filter(statement__in=order)
        .select_related(
            "statement__source__outlet", "statement__speaker", "statement__cited_outlet"
        )
        .defer("statement__source__raw")
    )
    links = sorted(links, key=lambda link: order[link.statement_id])
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "provenance": found,
            "timeline": timeline,
            "timeline_more": found.timeline_more,
            "flags": found.flags,
            "flags_more": found.flags_more,
            "page": page,
            "cards": [card(link.statement, link) for link in links],
            "graph": found.graph,
            "rejected": found.rejected,
            "accepted_only": accepted_only,
            "querystring": querystring.rstrip("&"),
            **assessment_context(claim, request.user),
        },
    )


def _card_href(card_page: int, shown_page: int, statement_id, querystring: str = "") -> str:
    anchor = f"#card-{statement_id}"
    return anchor if card_page == shown_page else f"?{querystring}page={card_page}{anchor}"


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
            # A source is shown by its title: its text (the snippet is cut in the database)
            # and its raw input are not loaded.
            querysets={
                "statement": Statement.objects.select_related("speaker", "source").defer(
                    "source__text", "source__raw"
                ),
                "source": Source.objects.current().select_related("outlet").defer("text", "raw"),
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
    # Big tables by their statistics' estimate on PostgreSQL ("about 1,000,000"): few sources
    # are superseded versions, so the table's size is close to the current sources'.
    counts = tallies(
        {
            "sources": Source.objects.current(),
            "outlets": Outlet.objects.all(),
            "statements": Statement.objects.all(),
            "speakers": Speaker.objects.all(),
            "claims": Claim.objects.all(),
        }
    )
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
