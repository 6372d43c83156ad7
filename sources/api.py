"""REST API for outlets and sources."""

import json

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

import jobs
from config.api import DateTimeFilter, SearchFilter, count_of, error_response
from config.api_schema import ErrorSerializer
from config.limits import fetch_wait
from jobs.api import JobSerializer
from sources.ingest import Status, ingest_bytes, ingest_url, limit
from sources.language import normalize_language
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


class SourceDetailSerializer(SourceSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text", "sections"]
        read_only_fields = fields


class SourceIngestSerializer(serializers.Serializer):
    """One document to ingest: exactly one of ``text``, ``html`` or ``url``."""

    text = serializers.CharField(required=False, trim_whitespace=False)
    html = serializers.CharField(required=False, trim_whitespace=False)
    url = serializers.URLField(
        required=False, max_length=2000,
        help_text="With text or html: where it was published. Alone: fetched and ingested.",
    )  # fmt: skip
    title = serializers.CharField(required=False, max_length=1000)
    author = serializers.CharField(required=False, max_length=500)
    published = serializers.CharField(
        required=False, max_length=64, help_text="ISO 8601 date or date-time."
    )
    outlet = serializers.CharField(required=False, max_length=200, help_text="Outlet name.")
    language = serializers.CharField(
        required=False, max_length=16,
        help_text="ISO 639-1 code (en, ru, kk). Left out, it is read from the page or detected.",
    )  # fmt: skip
    background = serializers.BooleanField(
        required=False, default=False,
        help_text="Ingest as a background job: 202 with the job to poll at /api/jobs/{id}/.",
    )  # fmt: skip

    def validate_text(self, value):
        return _within_document_limit(value)

    def validate_html(self, value):
        return _within_document_limit(value)

    def validate_language(self, value):
        try:
            return normalize_language(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def validate(self, data):
        given = [key for key in ("text", "html") if key in data]
        if len(given) > 1 or (not given and "url" not in data):
            raise serializers.ValidationError(
                {"non_field_errors": ["Give exactly one of text, html, or a url to fetch."]}
            )
        return data


def _within_document_limit(value: str) -> str:
    size, most = len(value.encode("utf-8")), limit("INGEST_MAX_BYTES")
    if size > most:
        raise serializers.ValidationError(
            f"The document is {size:,} bytes, over the limit of {most:,} bytes."
        )
    return value


class IngestResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["added", "unchanged", "superseded"])
    message = serializers.CharField()
    source = SourceDetailSerializer()
    statements = serializers.ListField(
        child=serializers.DictField(), help_text="The statements extracted from it."
    )


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


class SourceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Documents, with the text every statement's span indexes into (on the detail)."""

    filterset_class = SourceFilter
    ordering_fields = ["id", "published_at", "ingested_at"]

    def get_queryset(self):
        queryset = Source.objects.select_related("outlet", "superseded_by").annotate(
            statement_count=count_of(Source.statements)
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("sections")
        return queryset

    def get_serializer_class(self):
        return SourceDetailSerializer if self.action == "retrieve" else SourceSerializer

    @extend_schema(
        request=SourceIngestSerializer,
        responses={
            201: IngestResultSerializer,
            200: IngestResultSerializer,
            202: OpenApiResponse(JobSerializer, description="background=true: the job to poll."),
            422: OpenApiResponse(ErrorSerializer, description="Cannot be ingested: see message."),
        },
        description="Ingest one document from text, HTML or a URL, as the upload page and "
        "`manage.py ingest` do: 201 with the new source (and the statements extracted from "
        "it), 200 if the same text was ingested before, 422 if it cannot be ingested. With "
        "`background: true`, 202 with the ingest job; poll `/api/jobs/{id}/` for its outcome.",
    )
    def create(self, request, *args, **kwargs):
        data = SourceIngestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if fetches_url(data.validated_data) and (wait := fetch_wait(request)):
            self.throttled(request, wait)
        if data.validated_data.pop("background"):
            job = jobs.enqueue(
                "ingest", user=request.user, **ingest_job_parameters(data.validated_data)
            )
            location = reverse("api:job-detail", args=[job.pk], request=request)
            return Response(JobSerializer(job).data, status=202, headers={"Location": location})
        result = ingest_api_request(data.validated_data, user=request.user)
        if result.failed:
            return error_response(422, "ingest_failed", f"{result.name}: {result.message}")
        return Response(
            self._ingested(result), status=200 if result.status == Status.UNCHANGED else 201
        )

    def _ingested(self, result) -> dict:
        # claims depends on sources, not the reverse: its serializer is imported when needed.
        from claims.serializers import StatementSerializer

        source = self.get_queryset().prefetch_related("sections").get(pk=result.source.pk)
        statements = result.source.statements.select_related(
            "source__outlet", "speaker", "created_by"
        ).prefetch_related("claim_links")
        return {
            "status": result.status,
            "message": result.message,
            "source": SourceDetailSerializer(source).data,
            "statements": StatementSerializer(statements, many=True).data,
        }


def fetches_url(data: dict) -> bool:
    """A URL alone is fetched; with text or html it only says where they were published."""
    return "text" not in data and "html" not in data


def ingest_job_parameters(data: dict) -> dict:
    """What an ingest job needs to do what ``ingest_api_request`` does."""
    outlet = data.get("outlet", "")
    if fetches_url(data):
        return {"urls": [data["url"]], "outlet": outlet, "language": data.get("language", "")}
    payload = json.dumps(data, ensure_ascii=False)
    return {"payload": payload, "name": "API request", "format": "jsonl", "outlet": outlet}


def ingest_api_request(data: dict, *, user):
    """Ingest what an API client sent; a URL alone is fetched (through the SSRF guard)."""
    if fetches_url(data):
        return ingest_url(
            data["url"], outlet=data.get("outlet", ""), language=data.get("language", ""), user=user
        )[0]
    record = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return ingest_bytes(
        record, name="API request", format="jsonl", outlet=data.get("outlet", ""), user=user
    )[0]
