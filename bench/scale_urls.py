"""The app's URLs plus bare Django views returning the same rows as the API's lists and
statement detail, as the baseline bench/scale_api.py and bench/at_scale.py measure the API
against: no DRF, no authentication, no permission checks, the same joins and counts as
``.values()`` queries (plus one for a list's many-to-many names, as the API's prefetch)."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from claims.models import Claim, Speaker, SpeakerAlias, Statement
from config.api import count_of
from config.urls import urlpatterns as app_urlpatterns
from sources.models import Source

FIELDS = [
    "id", "source_id", "source__title", "source__outlet__name", "start", "end", "text",
    "prefix", "suffix", "kind", "cue", "speaker_id", "speaker__name", "speaker_mention",
    "cited", "said_on", "confidence", "state", "version", "created_at", "updated_at",
]  # fmt: skip
SOURCE_FIELDS = [
    "id", "title", "url", "outlet_id", "outlet__name", "outlet__slug", "byline", "published_at",
    "language", "kind", "content_hash", "supersedes", "superseded_by", "statement_count",
    "ingested_at",
]  # fmt: skip
CLAIM_FIELDS = [
    "id", "slug", "text", "description", "state", "version", "statement_count",
    "created_by__username", "created_at", "updated_at",
]  # fmt: skip
SPEAKER_FIELDS = [
    "id", "name", "slug", "kind", "role", "description", "statement_count", "version",
    "created_at",
]  # fmt: skip


def page(rows, request, allowed=("id",)) -> list:
    """50 rows in the ``?ordering=`` the API would take (``-id`` otherwise)."""
    ordering = request.GET.get("ordering", "-id")
    if ordering.lstrip("-") not in allowed:
        ordering = "-id"
    return list(rows.order_by(ordering)[:50])  # as the API's cursor pages: one column


@login_not_required  # the app's pages need a login (LoginRequiredMiddleware); these don't
def bare_statement_list(request):
    rows = Statement.objects.all()
    if request.GET.get("speaker"):
        rows = rows.filter(speaker__slug=request.GET["speaker"])
    rows = rows.values(*FIELDS)
    return JsonResponse({"results": page(rows, request, ("id", "created_at", "updated_at"))})


@login_not_required
def bare_statement_detail(request, pk):
    return JsonResponse(get_object_or_404(Statement.objects.values(*FIELDS), pk=pk))


@login_not_required
def bare_source_list(request):
    rows = Source.objects.annotate(statement_count=count_of(Source.statements))
    rows = page(rows.values(*SOURCE_FIELDS), request, ("id", "published_at", "ingested_at"))
    return JsonResponse({"results": rows})


@login_not_required
def bare_claim_list(request):
    rows = page(Claim.objects.with_statement_count().values(*CLAIM_FIELDS), request)
    tags = {}
    for claim_id, name in Claim.tags.through.objects.filter(
        claim_id__in=[row["id"] for row in rows]
    ).values_list("claim_id", "tag__name"):
        tags.setdefault(claim_id, []).append(name)
    return JsonResponse({"results": [{**row, "tags": tags.get(row["id"], [])} for row in rows]})


@login_not_required
def bare_speaker_list(request):
    rows = Speaker.objects.annotate(statement_count=count_of(Speaker.statements))
    rows = page(rows.values(*SPEAKER_FIELDS), request, ("id", "name"))
    aliases = {}
    for speaker_id, name in SpeakerAlias.objects.filter(
        speaker_id__in=[row["id"] for row in rows]
    ).values_list("speaker_id", "name"):
        aliases.setdefault(speaker_id, []).append(name)
    return JsonResponse(
        {"results": [{**row, "aliases": aliases.get(row["id"], [])} for row in rows]}
    )


urlpatterns = [
    path("bare/statements/", bare_statement_list),
    path("bare/statements/<int:pk>/", bare_statement_detail),
    path("bare/sources/", bare_source_list),
    path("bare/claims/", bare_claim_list),
    path("bare/speakers/", bare_speaker_list),
    *app_urlpatterns,
]
