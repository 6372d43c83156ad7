"""REST API for speakers, statements, claims and claim links.

Reads need the model's view permission. Creating needs ``add_*``; every other write goes
through ``claims.review`` (``edit`` for fields, ``transition`` for review states), which
checks the role, refuses stale versions with 409 and records who did what in the history.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims import exports, provenance, review
from claims.filters import (
    AssessmentFilter,
    ClaimFilter,
    ClaimLinkFilter,
    SpeakerFilter,
    StatementFilter,
)
from claims.models import Assessment, Claim, ClaimLink, Rating, Speaker, Statement, Tag
from claims.serializers import (
    CLAIM_VALUES,
    STATEMENT_ROWS,
    AliasSerializer,
    AssessmentCreateSerializer,
    AssessmentEditSerializer,
    AssessmentSerializer,
    ClaimCreateSerializer,
    ClaimEditSerializer,
    ClaimLinkCreateSerializer,
    ClaimLinkEditSerializer,
    ClaimLinkSerializer,
    ClaimSerializer,
    HistoryEntrySerializer,
    RatingSerializer,
    RejectedSuggestionsSerializer,
    RejectSuggestionsSerializer,
    SpeakerEditSerializer,
    SpeakerMergeSerializer,
    SpeakerSerializer,
    SpeakerWriteSerializer,
    StatementCreateSerializer,
    StatementEditSerializer,
    StatementSerializer,
    TransitionSerializer,
    claims_as_data,
    statements_as_data,
)
from config.api import CSVRenderer, JSONLDRenderer, JSONRenderer, RoleCanRead, count_of

# JSON-LD by default; plain JSON (the same document) for clients that ask for it.
JSON_LD_RESPONSES = {
    (200, "application/ld+json"): OpenApiTypes.OBJECT,
    (200, "application/json"): OpenApiTypes.OBJECT,
}


ACCEPTED_PARAMETER = OpenApiParameter(
    "accepted",
    OpenApiTypes.BOOL,
    description="Only statements a person accepted, with their link to the claim.",
)


def accepted_only(request) -> bool:
    """``?accepted=true``: a claim's provenance from accepted statements and links only."""
    value = request.query_params.get("accepted")
    if value is None:
        return False
    try:
        return serializers.BooleanField().to_internal_value(value)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({"accepted": error.detail}) from None


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ReviewedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read, edit with a version (PATCH), move through review states, show the history."""

    edit_serializer_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def partial_update(self, request, *args, **kwargs):
        data = validated(self.edit_serializer_class, request.data)
        version, comment = data.pop("version"), data.pop("comment")
        review.edit(
            self.get_object(), data, user=request.user, base_version=version, comment=comment
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Move through the review workflow",
        request=TransitionSerializer,
        description="Accept, reject, send back (with a comment), propose or reopen, as the "
        "role allows. Carries the version it is based on; a stale one is refused with 409.",
    )
    @action(detail=True, methods=["post"], permission_classes=[RoleCanRead])
    def transition(self, request, *args, **kwargs):
        data = validated(TransitionSerializer, request.data)
        review.transition(
            self.get_object(), data["to_state"], user=request.user,
            base_version=data["version"], comment=data["comment"],
        )  # fmt: skip
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Every recorded change, oldest first",
        responses=HistoryEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, *args, **kwargs):
        try:
            entries = review.history_for(self.get_object())
        except Http404:  # a deleted item: its history ends with who deleted it
            lookup = {self.lookup_field: self.kwargs[self.lookup_field]}
            if self.lookup_field == "pk":
                lookup = {"id": self.kwargs["pk"]}
            entries = review.history_of_deleted(self.get_queryset().model, **lookup)
            if not entries:
                raise
        return Response(HistoryEntrySerializer(entries, many=True).data)


class DeleteThroughReview(mixins.DestroyModelMixin):
    """DELETE through ``review.delete``: the role is checked and the history keeps the item."""

    def perform_destroy(self, instance):
        review.delete(instance, user=self.request.user, comment="Deleted through the API.")


class SpeakerViewSet(mixins.CreateModelMixin, ReviewedViewSet):
    """People and organisations who say things, with the other spellings of their names."""

    serializer_class = SpeakerSerializer
    edit_serializer_class = SpeakerEditSerializer
    filterset_class = SpeakerFilter
    ordering_fields = ["id", "name"]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Speaker.objects.annotate(
            statement_count=count_of(Speaker.statements)
        ).prefetch_related("aliases")

    @extend_schema(request=SpeakerWriteSerializer, responses={201: SpeakerSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(SpeakerWriteSerializer, request.data)
        aliases = data.pop("aliases", [])
        with transaction.atomic():
            speaker = Speaker(**data)
            speaker._history_user = request.user
            if aliases:
                speaker._change_reason = "Created with the aliases " + ", ".join(aliases) + "."
            speaker.save()
            for alias in aliases:
                speaker.add_alias(alias)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=speaker.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=SpeakerEditSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Record another way of writing the name",
        request=AliasSerializer,
        responses={201: SpeakerSerializer},
    )
    @action(detail=True, methods=["post"])
    def aliases(self, request, *args, **kwargs):
        speaker = self.get_object()
        review.add_alias(
            speaker, validated(AliasSerializer, request.data)["name"], user=request.user
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=speaker.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Merge another speaker into this one",
        description="Every statement of the other speaker becomes this one's (each saved with "
        "a new version and a history entry), its name and aliases become aliases here, and "
        "it is deleted. Needs the right to change and delete speakers and change statements.",
        request=SpeakerMergeSerializer,
        responses={200: SpeakerSerializer},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        speaker = self.get_object()
        data = validated(SpeakerMergeSerializer, request.data)
        review.merge_speakers(speaker, data["speaker"], user=request.user, comment=data["comment"])
        return Response(self.get_serializer(self.get_queryset().get(pk=speaker.pk)).data)


class StatementViewSet(mixins.CreateModelMixin, DeleteThroughReview, ReviewedViewSet):
    """Attributions anchored in sources: ``source.text[start:end] == text``, always."""

    serializer_class = StatementSerializer
    edit_serializer_class = StatementEditSerializer
    filterset_class = StatementFilter
    ordering_fields = ["id", "start", "created_at", "updated_at", "confidence"]

    def get_queryset(self):
        if self.action in ("list", "retrieve"):  # read as values: see list()
            return STATEMENT_ROWS.all()
        return Statement.objects.select_related(
            "source__outlet", "speaker", "created_by"
        ).prefetch_related(
            Prefetch("claim_links", queryset=ClaimLink.objects.select_related("claim"))
        )

    def list(self, request, *args, **kwargs):
        # StatementSerializer's JSON, from rows read as values (statements_as_data): model
        # instances and DRF's serializing field by field were most of a page's time. (A
        # comment, not a docstring: drf-spectacular would put a docstring in the schema.)
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(statements_as_data(list(rows)))
        return self.get_paginated_response(statements_as_data(page))

    def retrieve(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        row = generics.get_object_or_404(rows, pk=self.kwargs["pk"])
        self.check_object_permissions(request, row)
        return Response(statements_as_data([row])[0])

    @extend_schema(
        request=StatementCreateSerializer,
        responses={201: StatementSerializer},
        description="An annotator marks a statement the machine missed: it starts as "
        "proposed. The text is read from the source at [start, end).",
    )
    def create(self, request, *args, **kwargs):
        data = validated(StatementCreateSerializer, request.data)
        data.pop("text", None)
        source, start, end = data.pop("source"), data.pop("start"), data.pop("end")
        statement = review.create(Statement.at_span(source, start, end, **data), user=request.user)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=statement.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=StatementEditSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Statements as CSV",
        description="The filtered statements as CSV, streamed. Takes the list's filters.",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=False, url_path="csv", renderer_classes=[JSONRenderer, CSVRenderer])
    def csv(self, request, *args, **kwargs):
        statements = self.filter_queryset(self.get_queryset())
        dated = None
        slug = request.query_params.get("claim")
        if slug:  # one claim's statements: in its provenance's order, with its dates
            claim = get_object_or_404(Claim, slug=slug)
            found = provenance.for_claim(claim, accepted_only=accepted_only(request))
            dated = {entry.statement.id: entry for entry in found.timeline}
            by_id = statements.in_bulk(list(dated))
            statements = [by_id[pk] for pk in dated if pk in by_id]
        else:
            statements = statements.order_by("id")
        rows = exports.statement_rows(statements, dated)
        return _csv_response(
            "statements.csv", exports.csv_lines(exports.STATEMENT_CSV_COLUMNS, rows)
        )

    @extend_schema(
        summary="A statement as a W3C Web Annotation",
        description="JSON-LD with a TextQuoteSelector and a TextPositionSelector on its source.",
        responses=JSON_LD_RESPONSES,
    )
    @action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer])
    def annotation(self, request, *args, **kwargs):
        return Response(exports.web_annotation(self.get_object(), request.build_absolute_uri))


class ClaimViewSet(mixins.CreateModelMixin, ReviewedViewSet):
    """Normalized assertions, each with the statements that assert, deny or report it."""

    serializer_class = ClaimSerializer
    edit_serializer_class = ClaimEditSerializer
    filterset_class = ClaimFilter
    ordering_fields = ["id", "created_at", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":  # read as values: see list()
            return Claim.objects.with_statement_count()
        return (
            Claim.objects.select_related("created_by")
            .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
            .with_statement_count()
        )

    def list(self, request, *args, **kwargs):
        # ClaimSerializer's JSON from rows read as values (claims_as_data), as the statement
        # list does. (A comment, not a docstring: drf-spectacular would put it in the schema.)
        rows = self.filter_queryset(self.get_queryset()).values(*CLAIM_VALUES)
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(claims_as_data(list(rows)))
        return self.get_paginated_response(claims_as_data(page))

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(ClaimCreateSerializer, request.data)
        tag_names = data.pop("tags")
        with transaction.atomic():
            claim = review.create(Claim(**data), user=request.user)
            claim.tags.set(Tag.objects.get_or_create(name=name)[0] for name in tag_names)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=claim.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ClaimEditSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Claims as CSV",
        description="The filtered claims as CSV, streamed. Takes the list's filters.",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=False, url_path="csv", renderer_classes=[JSONRenderer, CSVRenderer])
    def csv(self, request, *args, **kwargs):
        claims = self.filter_queryset(self.get_queryset()).order_by("id")
        return _csv_response(
            "claims.csv", exports.csv_lines(exports.CLAIM_CSV_COLUMNS, exports.claim_rows(claims))
        )

    @extend_schema(
        summary="A claim as schema.org ClaimReview (with a verdict) or Claim",
        description="With an accepted assessment that gives a verdict: a `ClaimReview` "
        "(`claimReviewed`, `reviewRating` on the instance's scale, `author`, `datePublished`, "
        "`url`, the assessment's summary, note and sources) whose `itemReviewed` is the "
        "`Claim`. Without one: the `Claim` itself. The `Claim` lists every appearance in "
        "provenance order (the claim page's), the earliest as `firstAppearance`, with its "
        "author and date.",
        parameters=[ACCEPTED_PARAMETER],
        responses=JSON_LD_RESPONSES,
    )
    @action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer])
    def claimreview(self, request, *args, **kwargs):
        claim = self.get_object()
        found = provenance.for_claim(claim, accepted_only=accepted_only(request))
        statements = exports.provenance_statements(found)
        assessment = claim.assessments.published().select_related("rating").first()
        author = {
            "name": settings.CLAIMREVIEW_AUTHOR_NAME,
            "url": settings.CLAIMREVIEW_AUTHOR_URL or request.build_absolute_uri("/"),
        }
        return Response(
            exports.claim_review(
                claim, found, statements, request.build_absolute_uri, assessment, author
            )
        )

    @extend_schema(
        summary="Who said the claim, when: its provenance",
        description="The claim's statements in timeline order (the claim page's), each with "
        "its said and published dates, what its date rests on and whether it was inferred; "
        "the earliest and the caveats. Rejected statements and links are left out; "
        "`accepted=true` keeps only statements whose statement and link were accepted.",
        parameters=[ACCEPTED_PARAMETER],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, filter_backends=[], pagination_class=None)
    def provenance(self, request, *args, **kwargs):
        claim = self.get_object()
        only = accepted_only(request)
        found = provenance.for_claim(claim, accepted_only=only)
        return Response(exports.provenance_json(claim, found, only))

    @extend_schema(
        summary="The claim's statements as W3C Web Annotations",
        description="An AnnotationPage, in the claim's provenance order, each annotation "
        "with its dates (`saidOn`, `saidOnInferred`, `publishedOn`, `dateBasis`).",
        parameters=[ACCEPTED_PARAMETER],
        responses=JSON_LD_RESPONSES,
    )
    @action(
        detail=True,
        renderer_classes=[JSONLDRenderer, JSONRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def annotations(self, request, *args, **kwargs):
        claim = self.get_object()
        found = provenance.for_claim(claim, accepted_only=accepted_only(request))
        statements = exports.provenance_statements(found)
        return Response(exports.claim_annotations(claim, statements, request.build_absolute_uri))


class ClaimLinkViewSet(mixins.CreateModelMixin, DeleteThroughReview, ReviewedViewSet):
    """Which statement asserts, denies, questions or reports which claim."""

    serializer_class = ClaimLinkSerializer
    edit_serializer_class = ClaimLinkEditSerializer
    filterset_class = ClaimLinkFilter
    ordering_fields = ["id", "score", "created_at"]

    def get_queryset(self):
        return ClaimLink.objects.select_related("created_by")

    @extend_schema(
        request=ClaimLinkCreateSerializer,
        responses={201: ClaimLinkSerializer},
        description="An annotator links a statement to a claim: the link starts as proposed.",
    )
    def create(self, request, *args, **kwargs):
        data = validated(ClaimLinkCreateSerializer, request.data)
        link = review.create(ClaimLink(**data), user=request.user)
        return Response(self.get_serializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClaimLinkEditSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Reject the machine's waiting suggestions in bulk",
        request=RejectSuggestionsSerializer,
        responses={200: RejectedSuggestionsSerializer},
        description="Reviewers only. Rejects the links still `suggested` for a claim, or "
        "scoring below a threshold, or both; each gets a new version and a history record. "
        "Links a person proposed or decided are left as they are.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="reject-suggestions",
        permission_classes=[RoleCanRead],
        filter_backends=[],
        pagination_class=None,
    )
    def reject_suggestions(self, request, *args, **kwargs):
        data = validated(RejectSuggestionsSerializer, request.data)
        rejected = review.reject_suggestions(user=request.user, **data)
        return Response({"rejected": rejected})


class AssessmentViewSet(mixins.CreateModelMixin, ReviewedViewSet):
    """Claims' assessments: summary, disproof or context with sources, and a verdict.

    Each is one version of a claim's assessment; an annotator proposes (POST) and corrects
    (PATCH) it, a reviewer accepts, rejects or sends it back (transition). A claim's
    published assessment is its last accepted one (``?published=true``); only that one is
    in the claim's ClaimReview.
    """

    serializer_class = AssessmentSerializer
    edit_serializer_class = AssessmentEditSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["id", "created_at", "published_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Assessment.objects.select_related("claim", "rating", "created_by")

    @extend_schema(
        request=AssessmentCreateSerializer,
        responses={201: AssessmentSerializer},
        description="An annotator proposes an assessment of a claim (or a new version of its "
        "published one): it starts as proposed. A claim has one assessment under review at a "
        "time; while it has one, change that one (PATCH) instead (400 otherwise).",
    )
    def create(self, request, *args, **kwargs):
        data = validated(AssessmentCreateSerializer, request.data)
        data["sources"] = [dict(source) for source in data.get("sources", [])]
        assessment = review.create(Assessment(**data), user=request.user)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=AssessmentEditSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """The instance's rating scale, worst verdict first; admins set it in the admin."""

    serializer_class = RatingSerializer
    queryset = Rating.objects.all()
    pagination_class = None
    filter_backends = []


def _csv_response(filename, lines):
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
