"""REST API for outlets and sources."""

import django_filters
from django.db.models import Count
from rest_framework import mixins, serializers, viewsets

from config.api import DateTimeFilter
from sources.models import Outlet, Section, Source


class OutletSerializer(serializers.ModelSerializer):
    source_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Outlet
        fields = ["id", "name", "slug", "domain", "country", "source_count", "created_at"]
        read_only_fields = ["slug", "created_at"]


class OutletRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "slug"]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["kind", "start", "end", "heading"]


class SourceSerializer(serializers.ModelSerializer):
    outlet = OutletRefSerializer(read_only=True)
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


class SourceDetailSerializer(SourceSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text", "sections"]
        read_only_fields = fields


class OutletFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or domain contains")

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
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label="Title contains"
    )

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

    def get_queryset(self):
        return Outlet.objects.annotate(source_count=Count("sources"))


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Documents, with the text every statement's span indexes into (on the detail)."""

    filterset_class = SourceFilter
    ordering_fields = ["id", "published_at", "ingested_at"]

    def get_queryset(self):
        queryset = Source.objects.select_related("outlet", "superseded_by").annotate(
            statement_count=Count("statements")
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("sections")
        return queryset

    def get_serializer_class(self):
        return SourceDetailSerializer if self.action == "retrieve" else SourceSerializer
