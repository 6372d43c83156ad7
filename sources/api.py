"""REST API for outlets and sources."""

import django_filters
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from config.api import DateTimeFilter, SearchFilter, count_of, moment_writer
from sources.models import Outlet, Section, Source


class OutletSerializer(serializers.ModelSerializer):
    source_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Outlet
        fields = ["id", "name", "slug", "domain", "country", "source_count", "created_at"]
        read_only_fields = ["slug", "created_at"]

    def validate_domain(self, value):
        domain = Outlet.normalize_domain(value)
        others = Outlet.objects.exclude(pk=getattr(self.instance, "pk", None))
        if domain and others.filter(domain=domain).exists():
            raise serializers.ValidationError(f"Another outlet has the domain {domain}.")
        return domain


class OutletRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "slug"]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["kind", "start", "end", "heading"]


class SourceSerializer(serializers.ModelSerializer):
    outlet = OutletRefSerializer(read_only=True, allow_null=True)
    superseded_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    # Not URLField: a source pasted or uploaded without one has "" here.
    url = serializers.CharField(read_only=True, help_text="Where it was published, or empty.")
    statement_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "title",
            "url",
            "outlet",
            "byline",
            "published_at",
            "language",
            "kind",
            "content_hash",
            "supersedes",
            "superseded_by",
            "statement_count",
            "ingested_at",
        ]
        read_only_fields = fields


# The list reads rows as values, not model instances: these columns, and ``sources_as_data``
# gives what ``SourceSerializer`` gives for the same sources.
SOURCE_VALUES = [
    "id", "title", "url", "outlet_id", "outlet__name", "outlet__slug", "byline",
    "published_at", "language", "kind", "content_hash", "supersedes_id", "superseded_by",
    "statement_count", "ingested_at",
]  # fmt: skip
# Their query, built once (its count subquery and joins took ~0.5 ms of every request to
# resolve); each request reads a copy (``SOURCE_ROWS.all()``), as DRF does with a queryset.
SOURCE_ROWS = Source.objects.annotate(statement_count=count_of(Source.statements)).values(
    *SOURCE_VALUES
)


def sources_as_data(rows) -> list[dict]:
    """``SourceSerializer(sources, many=True).data`` for ``.values(*SOURCE_VALUES)`` rows of
    sources annotated with ``statement_count`` (tests/api/test_reading.py compares them)."""
    moment = moment_writer()
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "url": row["url"],
            "outlet": None
            if row["outlet_id"] is None
            else {"id": row["outlet_id"], "name": row["outlet__name"], "slug": row["outlet__slug"]},
            "byline": row["byline"],
            "published_at": row["published_at"] and moment(row["published_at"]),
            "language": row["language"],
            "kind": row["kind"],
            "content_hash": row["content_hash"],
            "supersedes": row["supersedes_id"],
            "superseded_by": row["superseded_by"],
            "statement_count": row["statement_count"],
            "ingested_at": moment(row["ingested_at"]),
        }
        for row in rows
    ]


class SourceDetailSerializer(SourceSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text", "sections"]
        read_only_fields = fields


class OutletFilter(django_filters.FilterSet):
    q = SearchFilter(method="search", label="Name or domain contains")

    class Meta:
        model = Outlet
        fields = ["country", "domain"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(domain__icontains=value)


class SourceFilter(django_filters.FilterSet):
    outlet = django_filters.CharFilter(field_name="outlet__slug", label="Outlet slug")
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")
    current = django_filters.BooleanFilter(
        field_name="superseded_by", lookup_expr="isnull", label="Only the newest version"
    )
    q = SearchFilter(field_name="title", lookup_expr="icontains", label="Title contains")

    class Meta:
        model = Source
        fields = ["language", "kind", "url", "content_hash"]


class OutletViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Publishers. Annotators may add outlets; reviewers correct them."""

    serializer_class = OutletSerializer
    filterset_class = OutletFilter
    ordering_fields = ["id", "name"]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Outlet.objects.annotate(source_count=count_of(Outlet.sources))

    def create(self, request, *args, **kwargs):
        return self._saved(request, None, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        return self._saved(request, self.get_object(), status.HTTP_200_OK)

    def _saved(self, request, instance, status_code):
        serializer = self.get_serializer(instance, data=request.data, partial=instance is not None)
        serializer.is_valid(raise_exception=True)
        outlet = serializer.save()
        # Read back through get_queryset so source_count is counted, not assumed.
        return Response(
            self.get_serializer(self.get_queryset().get(pk=outlet.pk)).data, status_code
        )


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Documents, with the text every statement's span indexes into (on the detail).
    ``POST`` (ingesting) is pipeline.api's subclass, which the API routes."""

    filterset_class = SourceFilter
    ordering_fields = ["id", "published_at", "ingested_at"]

    def get_queryset(self):
        if self.action == "list":  # read as values: see list()
            return SOURCE_ROWS.all()
        queryset = Source.objects.select_related("outlet", "superseded_by").annotate(
            statement_count=count_of(Source.statements)
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("sections")
        return queryset

    def list(self, request, *args, **kwargs):
        # SourceSerializer's JSON from rows read as values (sources_as_data): no model
        # instances, no texts read, no serializing field by field. (A comment, not a
        # docstring: drf-spectacular would put a docstring in the schema.)
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(sources_as_data(list(rows)))
        return self.get_paginated_response(sources_as_data(page))

    def get_serializer_class(self):
        return SourceDetailSerializer if self.action == "retrieve" else SourceSerializer
