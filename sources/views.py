from django.shortcuts import get_object_or_404, render

from claims.models import Claim, Speaker, Statement
from sources.models import Outlet, Source


def home(request):
    counts = {
        "sources": Source.objects.current().count(),
        "outlets": Outlet.objects.count(),
        "statements": Statement.objects.count(),
        "speakers": Speaker.objects.count(),
        "claims": Claim.objects.count(),
    }
    recent = Source.objects.current().select_related("outlet")[:10]
    return render(request, "home.html", {"counts": counts, "recent_sources": recent})


def source_list(request):
    sources = Source.objects.current().select_related("outlet")
    return render(request, "sources/source_list.html", {"sources": sources})


def source_detail(request, pk):
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
    return render(request, "sources/source_detail.html", {"source": source})


def outlet_detail(request, slug):
    outlet = get_object_or_404(Outlet, slug=slug)
    sources = outlet.sources.current().select_related("outlet")
    return render(request, "sources/outlet_detail.html", {"outlet": outlet, "sources": sources})
