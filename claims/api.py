"""REST API for speakers, statements, claims and claim links."""

import django_filters
from django.db.models import Count, F, Prefetch
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims import exports
from claims.models import Claim, ClaimLink, Speaker, SpeakerAlias, Statement, Tag
from config.api import CSVRenderer, DateTimeFilter, IdFilter, JSONLDRenderer
from sources.api import OutletRefSerializer
from sources.models import Source

# JSON-LD by default; plain JSON (the same document) for clients that ask for it.
JSON_LD_RESPONSES = {
    (200, "application/ld+json"): OpenApiTypes.OBJECT,
    (200, "application/json"): OpenApiTypes.OBJECT,
}


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "slug"]


class SourceRefSerializer(serializers.ModelSerializer):
    outlet = OutletRefSerializer(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "title", "published_at", "outlet"]


class SpeakerSerializer(serializers.ModelSerializer):
    aliases = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Other ways the name is written."
    )
    statement_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Speaker
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "role",
            "description",
            "aliases",
            "statement_count",
            "created_at",
        ]
        read_only_fields = ["slug", "created_at"]


class ClaimLinkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimLink
        fields = ["id", "claim", "stance", "state", "score"]


class StatementSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)
    speaker = SpeakerRefSerializer(read_only=True)
    claim_links = ClaimLinkRefSerializer(many=True, read_only=True)
    created_by = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True
    )

    class Meta:
        model = Statement
        fields = [
            "id",
            "source",
            "start",
            "end",
            "text",
            "prefix",
            "suffix",
            "kind",
            "cue",
            "cue_start",
            "cue_end",
            "speaker",
            "speaker_mention",
            "mention_start",
            "mention_end",
            "cited",
            "cited_outlet",
            "said_on",
            "confidence",
            "state",
            "version",
            "claim_links",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    statement_count = serializers.IntegerField(read_only=True)
    created_by = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "slug",
            "text",
            "description",
            "tags",
            "state",
            "version",
            "statement_count",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimLinkSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True
    )

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "statement",
            "claim",
            "stance",
            "score",
            "state",
            "version",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SpeakerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or alias contains")

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
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label="Text contains")
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
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label="Text contains")

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


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    """People and organisations who say things, with the other spellings of their names."""

    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilter
    ordering_fields = ["id", "name"]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return Speaker.objects.annotate(statement_count=Count("statements")).prefetch_related(
            "aliases"
        )


class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    """Attributions anchored in sources: ``source.text[start:end] == text``, always."""

    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    ordering_fields = ["id", "start", "created_at", "updated_at", "confidence"]

    def get_queryset(self):
        return Statement.objects.select_related(
            "source__outlet", "speaker", "created_by"
        ).prefetch_related(
            Prefetch("claim_links", queryset=ClaimLink.objects.select_related("claim"))
        )

    @extend_schema(
        summary="Statements as CSV",
        description="The filtered statements as CSV, streamed. Takes the list's filters.",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=False, url_path="csv", renderer_classes=[renderers.JSONRenderer, CSVRenderer])
    def csv(self, request):
        statements = self.filter_queryset(self.get_queryset()).order_by("id")
        return _csv_response(
            "statements.csv",
            exports.csv_lines(exports.STATEMENT_CSV_COLUMNS, exports.statement_rows(statements)),
        )

    @extend_schema(
        summary="A statement as a W3C Web Annotation",
        description="JSON-LD with a TextQuoteSelector and a TextPositionSelector on its source.",
        responses=JSON_LD_RESPONSES,
    )
    @action(detail=True, renderer_classes=[JSONLDRenderer, renderers.JSONRenderer])
    def annotation(self, request, pk=None):
        return Response(exports.web_annotation(self.get_object(), request.build_absolute_uri))


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Normalized assertions, each with the statements that assert, deny or report it."""

    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    ordering_fields = ["id", "created_at", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return (
            Claim.objects.select_related("created_by")
            .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
            .annotate(statement_count=Count("links"))
        )

    @extend_schema(
        summary="Claims as CSV",
        description="The filtered claims as CSV, streamed. Takes the list's filters.",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=False, url_path="csv", renderer_classes=[renderers.JSONRenderer, CSVRenderer])
    def csv(self, request):
        claims = self.filter_queryset(self.get_queryset()).order_by("id")
        return _csv_response(
            "claims.csv", exports.csv_lines(exports.CLAIM_CSV_COLUMNS, exports.claim_rows(claims))
        )

    @extend_schema(
        summary="A claim as schema.org ClaimReview",
        description="JSON-LD listing every appearance of the claim, earliest first.",
        responses=JSON_LD_RESPONSES,
    )
    @action(detail=True, renderer_classes=[JSONLDRenderer, renderers.JSONRenderer])
    def claimreview(self, request, slug=None):
        claim = self.get_object()
        statements = (
            Statement.objects.filter(claim_links__claim=claim)
            .exclude(claim_links__state="rejected")
            .select_related("source__outlet", "speaker")
            .order_by(F("source__published_at").asc(nulls_last=True), "said_on", "id")
        )
        return Response(exports.claim_review(claim, list(statements), request.build_absolute_uri))


def _csv_response(filename, lines):
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ClaimLinkViewSet(viewsets.ReadOnlyModelViewSet):
    """Which statement asserts, denies, questions or reports which claim."""

    serializer_class = ClaimLinkSerializer
    filterset_class = ClaimLinkFilter
    ordering_fields = ["id", "score", "created_at"]

    def get_queryset(self):
        return ClaimLink.objects.select_related("created_by")
