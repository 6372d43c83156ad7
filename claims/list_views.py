"""Finding things: the speakers, outlets and statements lists, with counts and a search.

Counts are correlated subqueries (one per column), so a page is two queries whatever the
number of statements: the paginator's count and the page itself.
"""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render

from claims import search
from claims.models import ClaimLink, ReviewState, Speaker, SpeakerAlias, Statement
from claims.names import normalize_name
from config.limits import validate_search
from sources.models import Outlet, Source

LIST_PAGE_SIZE = 50

SORTS = {"statements": "Most statements", "name": "A–Z"}


class ListSearchForm(forms.Form):
    q = forms.CharField(required=False, validators=[validate_search])
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False)


def _count(queryset, column: str):
    """The number of rows of ``queryset`` per ``column`` = the outer row, as a column."""
    counted = (
        queryset.filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _form(request):
    form = ListSearchForm(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data["q"].strip() if valid else ""
    sort = (form.cleaned_data["sort"] if valid else "") or "statements"
    return form, query, sort


def _render(request, template, form, query, sort, rows):
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "form": form,
        "list_query": query,
        "sort": sort,
        "sorts": SORTS,
        "page": page,
        "querystring": querystring.urlencode(),
    }
    return render(request, template, context, status=400 if form.errors else 200)


@permission_required("claims.view_speaker", raise_exception=True)
def speaker_list(request):
    """Every speaker with how many statements they made and how many claims they voiced."""
    form, query, sort = _form(request)
    speakers = Speaker.objects.annotate(
        n_statements=_count(Statement.objects.live(), "speaker"),
        n_claims=Coalesce(
            Subquery(
                ClaimLink.objects.live()
                .filter(statement__speaker=OuterRef("pk"))
                .order_by()
                .values("statement__speaker")
                .annotate(n=Count("claim", distinct=True))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )
    if form.errors:
        speakers = speakers.none()
    elif query:
        key = normalize_name(query)
        aliases = SpeakerAlias.objects.filter(speaker=OuterRef("pk")).filter(
            Q(name__icontains=query) | Q(name_key__contains=key)
        )
        speakers = speakers.filter(
            Q(name__icontains=query)
            | Q(name_key__contains=key)
            | Q(role__icontains=query)
            | Exists(aliases)
        )
    order = ["name", "id"] if sort == "name" else ["-n_statements", "name", "id"]
    return _render(
        request, "claims/speaker_list.html", form, query, sort, speakers.order_by(*order)
    )


@permission_required("sources.view_outlet", raise_exception=True)
def outlet_list(request):
    """Every outlet with how many sources it published and how many statements they hold."""
    form, query, sort = _form(request)
    outlets = Outlet.objects.annotate(
        n_sources=_count(Source.objects.current(), "outlet"),
        n_statements=_count(Statement.objects.live(), "source__outlet"),
    )
    if form.errors:
        outlets = outlets.none()
    elif query:
        outlets = outlets.filter(
            Q(name__icontains=query) | Q(domain__icontains=query) | Q(country__iexact=query)
        )
    order = ["name", "id"] if sort == "name" else ["-n_statements", "name", "id"]
    return _render(request, "sources/outlet_list.html", form, query, sort, outlets.order_by(*order))


class StatementFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search statements", validators=[validate_search])
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Statement.Kind.choices], required=False)
    state = forms.ChoiceField(
        choices=[("", "Any review state"), *ReviewState.choices], required=False
    )


@permission_required("claims.view_statement", raise_exception=True)
def statement_list(request):
    """Every statement, newest source first (best match first with a search), filtered by
    kind and review state; a row each, without its source's text."""
    form = StatementFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    statements = Statement.objects.select_related("speaker", "source__outlet").defer(
        "source__text", "source__raw"
    )
    if form.errors:
        statements = statements.none()
    if filters.get("kind"):
        statements = statements.filter(kind=filters["kind"])
    if filters.get("state"):
        statements = statements.filter(state=filters["state"])
    query = filters.get("q", "").strip()
    if query:
        statements = search.matching(statements, query, snippet=False)
    else:
        statements = statements.order_by("-source__published_at", "-source_id", "start", "id")
    page = Paginator(statements, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "list_query": query,
        "filtered": any(filters.get(name) for name in form.fields),
        "querystring": querystring.urlencode(),
    }
    return render(
        request, "claims/statement_list.html", context, status=400 if form.errors else 200
    )
