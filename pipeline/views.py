"""The upload page: a file, pasted text or a URL, ingested (pipeline/ingest.py)."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from config.limits import fetch_wait
from pipeline.forms import SourceUploadForm


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
