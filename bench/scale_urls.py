"""The app's URLs plus bare Django views returning the same statement rows as the API, as
the baseline bench/scale_api.py measures the API against: no DRF, no authentication, no
permission checks, one query with the same joins."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from claims.models import Statement
from config.urls import urlpatterns as app_urlpatterns

FIELDS = [
    "id", "source_id", "source__title", "source__outlet__name", "start", "end", "text",
    "prefix", "suffix", "kind", "cue", "speaker_id", "speaker__name", "speaker_mention",
    "cited", "said_on", "confidence", "state", "version", "created_at", "updated_at",
]  # fmt: skip


@login_not_required  # the app's pages need a login (LoginRequiredMiddleware); these don't
def bare_statement_list(request):
    rows = list(Statement.objects.order_by("-id").values(*FIELDS)[:50])
    return JsonResponse({"results": rows})


@login_not_required
def bare_statement_detail(request, pk):
    return JsonResponse(get_object_or_404(Statement.objects.values(*FIELDS), pk=pk))


urlpatterns = [
    path("bare/statements/", bare_statement_list),
    path("bare/statements/<int:pk>/", bare_statement_detail),
    *app_urlpatterns,
]
