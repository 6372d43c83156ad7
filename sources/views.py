from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django_htmx.http import HttpResponseClientRedirect

from claims.models import Claim, ReviewState, Speaker, Statement
from config.limits import fetch_wait
from sources import reader
from sources.forms import SourceUploadForm
from sources.models import Outlet, Source

SOURCES_PAGE_SIZE = 50  # the sources list and an outlet's; ?page= past the end is the last


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


@permission_required("sources.view_source", raise_exception=True)
def source_list(request):
    sources = Source.objects.current().listed()
    page = Paginator(sources, SOURCES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sources/source_list.html", {"sources": page})


def reader_context(source, user, target: int | None = None) -> dict:
    """The source's text as highlighted blocks, and its statements in reading order."""
    statements = list(
        Statement.objects.for_source(source).select_related("speaker").order_by("start", "end")
    )
    marks = reader.statement_marks(statements, target)
    return {
        "source": source,
        "blocks": reader.blocks(source.text, list(source.sections.all()), marks),
        "statements": statements,
        "suggested": sum(s.state == ReviewState.SUGGESTED for s in statements),
        "may_annotate": user.has_perm("claims.add_statement"),
        "kinds": Statement.Kind.choices,
    }


@permission_required("sources.view_source", raise_exception=True)
def source_detail(request, pk):
    """The reader: the text with statements highlighted; ?statement=<id> opens its panel."""
    from claims.annotate_views import panel_context

    source = get_object_or_404(Source.objects.select_related("outlet", "superseded_by"), pk=pk)
    target = _int(request.GET.get("statement"))
    context = reader_context(source, request.user, target)
    opened = next((s for s in context["statements"] if s.pk == target), None)
    if opened is not None:
        context.update(panel_context(request.user, opened), panel_open=True)
    return render(request, "sources/source_detail.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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


@login_required
@permission_required("sources.add_source", raise_exception=True)
def source_create(request):
    """Upload a file, paste text or give a URL; on success, go to the new source."""
    posted = request.method == "POST"
    form = SourceUploadForm(request.POST, request.FILES) if posted else SourceUploadForm()
    if posted and form.is_valid() and form.fetches_url() and (wait := fetch_wait(request)):
        form.add_error("url", f"Too many web addresses fetched: try again in {wait:.0f} s.")
        response = _upload_form(request, form, status=429)
        response["Retry-After"] = f"{wait:.0f}"
        return response
    if posted and form.is_valid():
        results = form.ingest(user=request.user)
        stored = [result for result in results if not result.failed]
        failures = [result for result in results if result.failed]
        if stored:
            summary = Counter(result.status for result in results)
            messages.success(request, ", ".join(f"{n} {s}" for s, n in summary.items()) + ".")
            for failure in failures[:10]:
                messages.error(request, f"{failure.name}: {failure.message}")
            target = stored[0].source.get_absolute_url()
            return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
        for failure in failures[:10]:
            form.add_error(None, f"{failure.name}: {failure.message}")
    return _upload_form(request, form, status=422 if form.errors and request.htmx else 200)


def _upload_form(request, form, *, status):
    template = (
        "sources/source_form.html#upload-form" if request.htmx else "sources/source_form.html"
    )
    return render(request, template, {"form": form}, status=status)
