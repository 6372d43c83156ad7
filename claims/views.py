from django.shortcuts import get_object_or_404, render

from claims.models import Claim, Speaker, Statement


def claim_detail(request, slug):
    claim = get_object_or_404(Claim, slug=slug)
    return render(request, "claims/claim_detail.html", {"claim": claim})


def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    return render(request, "claims/speaker_detail.html", {"speaker": speaker})


def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.select_related("source", "speaker"), pk=pk)
    return render(request, "claims/statement_detail.html", {"statement": statement})
