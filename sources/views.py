from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from config.limits import validate_search
from sources.language import language_name
from sources.models import Outlet, Source

SOURCES_PAGE_SIZE = 50  # the sources list and an outlet's; ?page= past the end is the last


class SourceFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search titles", validators=[validate_search])
    outlet = forms.ModelChoiceField(
        Outlet.objects.all(), required=False, to_field_name="slug", empty_label="Any outlet"
    )
    since = forms.DateField(
        required=False, label="Published from", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="Published until", widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Source.Kind.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Source.objects.order_by("language").values_list("language", flat=True).distinct()
        self.fields["language"].choices = [("", "Any language")] + [
            (code, language_name(code)) for code in codes if code
        ]


def _start_of(day):
    """The first moment of ``day`` in the current time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@permission_required("sources.view_source", raise_exception=True)
def source_list(request):
    """Current sources, newest first; searched by title, byline or address, and filtered by
    outlet, publication days (both included), language and kind."""
    form = SourceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sources = Source.objects.current().listed()
    if form.errors:
        sources = sources.none()
    if query := filters.get("q", "").strip():
        sources = sources.filter(
            Q(title__icontains=query) | Q(byline__icontains=query) | Q(url__icontains=query)
        )
    if filters.get("outlet"):
        sources = sources.filter(outlet=filters["outlet"])
    if filters.get("since"):
        sources = sources.filter(published_at__gte=_start_of(filters["since"]))
    if filters.get("until"):
        sources = sources.filter(published_at__lt=_start_of(filters["until"] + timedelta(days=1)))
    if filters.get("language"):
        sources = sources.filter(language=filters["language"])
    if filters.get("kind"):
        sources = sources.filter(kind=filters["kind"])
    page = Paginator(sources, SOURCES_PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "form": form,
        "sources": page,
        "list_query": query,
        "filtered": any(filters.get(name) for name in form.fields),
        "querystring": querystring.urlencode(),
    }
    return render(request, "sources/source_list.html", context, status=400 if form.errors else 200)
