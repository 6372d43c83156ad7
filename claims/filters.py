"""What API clients filter speakers, statements, claims and claim links by."""

import django_filters

from claims.models import Claim, ClaimLink, Speaker, SpeakerAlias, Statement
from config.api import DateTimeFilter, IdFilter, SearchFilter


class SpeakerFilter(django_filters.FilterSet):
    q = SearchFilter(method="search", label="Name or alias contains")

    class Meta:
        model = Speaker
        fields = ["kind"]

    def search(self, queryset, name, value):
        matches = SpeakerAlias.objects.filter(name__icontains=value).values("speaker")
        return queryset.filter(name__icontains=value) | queryset.filter(pk__in=matches)


class StatementFilter(django_filters.FilterSet):
    speaker = django_filters.CharFilter(field_name="speaker__slug", label="Speaker slug")
    outlet = django_filters.CharFilter(field_name="source__outlet__slug", label="Outlet slug")
    claim = django_filters.CharFilter(method="linked_to_claim", label="Claim slug")
    published_after = DateTimeFilter(field_name="source__published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="source__published_at", lookup_expr="lt")
    said_after = django_filters.DateFilter(field_name="said_on", lookup_expr="gte")
    said_before = django_filters.DateFilter(field_name="said_on", lookup_expr="lt")
    q = SearchFilter(field_name="text", lookup_expr="icontains", label="Text contains")
    source = IdFilter(field_name="source_id", label="Source id")
    cited_outlet = IdFilter(field_name="cited_outlet_id", label="Cited outlet id")

    class Meta:
        model = Statement
        fields = ["kind", "state"]

    def linked_to_claim(self, queryset, name, value):
        return queryset.filter(
            pk__in=ClaimLink.objects.filter(claim__slug=value).values("statement")
        )


class ClaimFilter(django_filters.FilterSet):
    tag = django_filters.CharFilter(field_name="tags__slug", label="Tag slug")
    speaker = django_filters.CharFilter(method="voiced_by", label="Speaker slug")
    outlet = django_filters.CharFilter(method="carried_by", label="Outlet slug")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    q = SearchFilter(field_name="text", lookup_expr="icontains", label="Text contains")

    class Meta:
        model = Claim
        fields = ["state"]

    def voiced_by(self, queryset, name, value):
        links = ClaimLink.objects.filter(statement__speaker__slug=value).values("claim")
        return queryset.filter(pk__in=links)

    def carried_by(self, queryset, name, value):
        links = ClaimLink.objects.filter(statement__source__outlet__slug=value).values("claim")
        return queryset.filter(pk__in=links)


class ClaimLinkFilter(django_filters.FilterSet):
    claim = django_filters.CharFilter(field_name="claim__slug", label="Claim slug")
    statement = IdFilter(field_name="statement_id", label="Statement id")

    class Meta:
        model = ClaimLink
        fields = ["stance", "state"]
