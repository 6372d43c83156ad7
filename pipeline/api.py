"""POST /api/sources/: ingest a document through the pipeline, now or as a job."""

import json

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse

import jobs
from claims.serializers import StatementSerializer
from config.api import error_response
from config.api_schema import ErrorSerializer
from config.limits import fetch_wait
from jobs.api import JobSerializer
from pipeline.ingest import Status, ingest_bytes, ingest_url, limit
from sources import api as sources_api
from sources.api import SourceDetailSerializer
from sources.language import normalize_language


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


class SourceViewSet(mixins.CreateModelMixin, sources_api.SourceViewSet):
    """Documents: read as sources.api reads them, and ingested."""

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
