from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from sources.models import Source

SOURCES_PAGE_SIZE = 50  # the sources list and an outlet's; ?page= past the end is the last


@permission_required("sources.view_source", raise_exception=True)
def source_list(request):
    sources = Source.objects.current().listed()
    page = Paginator(sources, SOURCES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sources/source_list.html", {"sources": page})
