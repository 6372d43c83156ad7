"""What API clients filter speakers, statements, claims and claim links by."""

import django_filters
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL

from claims import search
from claims.models import Assessment, Claim, ClaimLink, Speaker, SpeakerAlias, Statement
from config.api import DateTimeFilter, IdFilter, SearchFilter


class SpeakerFilter(django_filters.FilterSet):
    q = SearchFilter(method="search", label="Name or alias contains")

    class Meta:
        model = Speaker
        fields = ["kind"]

    def search(self, queryset, name, value):
        matches = SpeakerAlias.objects.filter(name__icontains=value).values("speaker")
        return queryset.filter(name__icontains=value) | queryset.filter(pk__in=matches)


# The speaker of a slug (slugs are unique), as StatementFilter's ``speaker`` reads it.
SPEAKER_ID_SQL = f"SELECT id FROM {Speaker._meta.db_table} WHERE slug = %s"


class StatementFilter(django_filters.FilterSet):
    speaker = django_filters.CharFilter(method="said_by", label="Speaker slug")
    outlet = django_filters.CharFilter(field_name="source__outlet__slug", label="Outlet slug")
    claim = django_filters.CharFilter(method="linked_to_claim", label="Claim slug (live links)")
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

    def said_by(self, queryset, name, value):
        # By the speaker's id, read first (a subquery the planner runs once), not by a join on
        # their slug: with the id known, a page of their statements is the first entries of
        # (speaker, id) in the page's order; through the join, every one of theirs is sorted.
        # In SQL: as a QuerySet, the subquery took longer to build and compile (~0.35 ms)
        # than the database took to run it.
        return queryset.filter(speaker=RawSQL(SPEAKER_ID_SQL, [value]))

    def linked_to_claim(self, queryset, name, value):
        return queryset.filter(
            pk__in=ClaimLink.objects.live().filter(claim__slug=value).values("statement")
        )


class ClaimFilter(django_filters.FilterSet):
    """The claims page's filters, by the same names, through the same
    ``ClaimQuerySet.filter_by`` and ``claims.search.matching``: the same answers."""

    tag = django_filters.CharFilter(method="by_statements", label="Tag slug")
    speaker = django_filters.CharFilter(method="by_statements", label="Speaker slug")
    outlet = django_filters.CharFilter(method="by_statements", label="Outlet slug")
    since = django_filters.DateFilter(
        method="by_statements", label="A statement published on or after"
    )
    until = django_filters.DateFilter(
        method="by_statements", label="A statement published on or before"
    )
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    q = SearchFilter(method="search", label="Full-text search, as on the claims page")

    class Meta:
        model = Claim
        fields = ["state"]

    def by_statements(self, queryset, name, value):
        return queryset  # all four at once, in filter_queryset: one statement meets them all

    def search(self, queryset, name, value):
        return search.matching(queryset, value, snippet=False) if value.strip() else queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = queryset.filter_by(
            speaker=data.get("speaker") or "",
            outlet=data.get("outlet") or "",
            tag=data.get("tag") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
        return super().filter_queryset(queryset)


class ClaimLinkFilter(django_filters.FilterSet):
    claim = django_filters.CharFilter(field_name="claim__slug", label="Claim slug")
    statement = IdFilter(field_name="statement_id", label="Statement id")

    class Meta:
        model = ClaimLink
        fields = ["stance", "state"]


class AssessmentFilter(django_filters.FilterSet):
    claim = django_filters.CharFilter(field_name="claim__slug", label="Claim slug")
    published = django_filters.BooleanFilter(
        method="only_published", label="Only each claim's published assessment (true)"
    )

    class Meta:
        model = Assessment
        fields = ["state"]

    def only_published(self, queryset, name, value):
        latest = Assessment.objects.published().filter(claim=OuterRef("claim")).values("pk")[:1]
        published = queryset.filter(pk=Subquery(latest))
        return published if value else queryset.exclude(pk__in=published.values("pk"))
