"""The JSON shapes of speakers, statements, claims and claim links, read and written."""

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import F, Func, JSONField, OuterRef, Subquery
from rest_framework import serializers

from claims.models import (
    MAX_ASSESSMENT_SOURCES,
    Assessment,
    Claim,
    ClaimLink,
    Rating,
    ReviewState,
    Speaker,
    Statement,
)
from config.api import moment_writer
from sources.api import OutletRefSerializer
from sources.models import Source


class ClaimSlugField(serializers.SlugRelatedField):
    """A claim by slug; a NUL character (no slug has one, and PostgreSQL refuses it in a
    query) is an unknown claim, not a database error."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "slug"]


class SourceRefSerializer(serializers.ModelSerializer):
    outlet = OutletRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = ["id", "title", "published_at", "language", "outlet"]


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
            "version",
            "created_at",
        ]
        read_only_fields = ["slug", "version", "created_at"]


class ClaimLinkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimLink
        fields = ["id", "claim", "stance", "state", "score"]


class StatementSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)
    speaker = SpeakerRefSerializer(read_only=True, allow_null=True)
    claim_links = ClaimLinkRefSerializer(many=True, read_only=True)
    created_by = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True
    )
    fragments = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        read_only=True,
        allow_null=True,
        help_text="An utterance interrupted by its attribution: its [start, end] pieces, the "
        "first starting at start and the last ending at end; null for one piece.",
    )

    class Meta:
        model = Statement
        fields = [
            "id",
            "source",
            "start",
            "end",
            "text",
            "fragments",
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


# The statement list and detail read rows as values, not model instances (the instances and
# DRF's field-by-field serializing were most of the time a page took): these columns, and
# ``statements_as_data`` gives what ``StatementSerializer`` gives for the same statements.
STATEMENT_VALUES = [
    "id", "source_id", "source__title", "source__published_at", "source__language",
    "source__outlet_id", "source__outlet__name", "source__outlet__slug", "start", "end", "text",
    "fragments", "prefix", "suffix", "kind", "cue", "cue_start", "cue_end", "speaker_id", "speaker__name",
    "speaker__slug", "speaker_mention", "mention_start", "mention_end", "cited",
    "cited_outlet_id", "said_on", "confidence", "state", "version", "created_at", "updated_at",
]  # fmt: skip


class ClaimLinksOf(Func):
    """A statement's claim links as a JSON array of ``[id, claim_id, stance, state, score]``,
    in no order (SQLite cannot order inside its aggregate); NULL or ``[]`` without links.
    Read in the statement's own row: a query of its own cost a page a round trip and its
    planning, more than the links took to find."""

    output_field = JSONField()
    columns = "link.id, link.claim_id, link.stance, link.state, link.score"
    template = (
        f"(SELECT jsonb_agg(jsonb_build_array({columns})) FROM claims_claimlink link "
        "WHERE link.statement_id = %(expressions)s)"
    )

    def as_sqlite(self, compiler, connection, **extra):
        template = (
            f"(SELECT json_group_array(json_array({self.columns})) FROM claims_claimlink link "
            "WHERE link.statement_id = %(expressions)s)"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


# Their query, built once: resolving the joins of 33 columns took ~0.4 ms of every request.
# Each request reads a copy (``STATEMENT_ROWS.all()``), as DRF does with a view's queryset.
# The author's username by a subquery rather than a join: a fifth joined table made every
# page's query take 0.5-0.9 ms longer to plan, more than the subquery takes to run.
AUTHOR_NAME = Subquery(
    get_user_model().objects.filter(pk=OuterRef("created_by_id")).values("username")[:1]
)
STATEMENT_ROWS = Statement.objects.values(
    *STATEMENT_VALUES, link_rows=ClaimLinksOf(F("id")), created_by_name=AUTHOR_NAME
)


def _read_for_page(sql: str, rows, model) -> list[tuple]:
    """What ``sql`` reads for the ids of a page's ``rows`` (its ``{ids}``), from the database
    ``model`` is read from (the replica, with config.replica)."""
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql.format(ids=", ".join(["%s"] * len(ids))), ids)
        return cursor.fetchall()


def claim_links_data(links) -> list[dict]:
    """A ``ClaimLinksOf`` array as ``StatementSerializer`` gives it, in ClaimLink's ordering
    (by claim: a statement is linked to a claim once)."""
    return [
        {
            "id": link_id,
            "claim": claim_id,
            "stance": stance,
            "state": state,
            "score": None if score is None else float(score),
        }
        for link_id, claim_id, stance, state, score in sorted(links or (), key=lambda link: link[1])
    ]


def statements_as_data(rows) -> list[dict]:
    """``StatementSerializer(statements, many=True).data`` for ``STATEMENT_ROWS`` rows
    (tests/api/test_reading.py compares the two for statements with and without every
    optional field)."""
    moment, day = moment_writer(), serializers.DateField().to_representation
    return [
        {
            "id": row["id"],
            "source": {
                "id": row["source_id"],
                "title": row["source__title"],
                "published_at": row["source__published_at"] and moment(row["source__published_at"]),
                "language": row["source__language"],
                "outlet": None
                if row["source__outlet_id"] is None
                else {
                    "id": row["source__outlet_id"],
                    "name": row["source__outlet__name"],
                    "slug": row["source__outlet__slug"],
                },
            },
            "start": row["start"],
            "end": row["end"],
            "text": row["text"],
            "fragments": row["fragments"],
            "prefix": row["prefix"],
            "suffix": row["suffix"],
            "kind": row["kind"],
            "cue": row["cue"],
            "cue_start": row["cue_start"],
            "cue_end": row["cue_end"],
            "speaker": None
            if row["speaker_id"] is None
            else {
                "id": row["speaker_id"],
                "name": row["speaker__name"],
                "slug": row["speaker__slug"],
            },
            "speaker_mention": row["speaker_mention"],
            "mention_start": row["mention_start"],
            "mention_end": row["mention_end"],
            "cited": row["cited"],
            "cited_outlet": row["cited_outlet_id"],
            "said_on": row["said_on"] and day(row["said_on"]),
            "confidence": None if row["confidence"] is None else float(row["confidence"]),
            "state": row["state"],
            "version": row["version"],
            "claim_links": claim_links_data(row["link_rows"]),
            "created_by": row["created_by_name"],
            "created_at": moment(row["created_at"]),
            "updated_at": moment(row["updated_at"]),
        }
        for row in rows
    ]


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


# The claim list reads rows as values too: these columns, and ``claims_as_data`` gives what
# ``ClaimSerializer`` gives for the same claims (annotated ``with_statement_count``).
CLAIM_VALUES = [
    "id", "slug", "text", "description", "state", "version", "statement_count",
    "created_by__username", "created_at", "updated_at",
]  # fmt: skip

# The tags of a page of claims, by name (Tag's ordering). Plain SQL: the ORM spent four times
# as long building this query (an IN of 50 ids, each prepared as a model value) as the
# database took to answer it.
CLAIM_TAGS_SQL = """
    SELECT claim_tag.claim_id, tag.name FROM claims_claim_tags claim_tag
    JOIN claims_tag tag ON tag.id = claim_tag.tag_id
    WHERE claim_tag.claim_id IN ({ids}) ORDER BY tag.name
"""


def claims_as_data(rows) -> list[dict]:
    """``ClaimSerializer(claims, many=True).data`` for ``.values(*CLAIM_VALUES)`` rows, with
    their tags read in one query (tests/api/test_reading.py compares the two)."""
    moment = moment_writer()
    tags = {}
    for claim_id, name in _read_for_page(CLAIM_TAGS_SQL, rows, Claim.tags.through):
        tags.setdefault(claim_id, []).append(name)
    return [
        {
            "id": row["id"],
            "slug": row["slug"],
            "text": row["text"],
            "description": row["description"],
            "tags": tags.get(row["id"], []),
            "state": row["state"],
            "version": row["version"],
            "statement_count": row["statement_count"],
            "created_by": row["created_by__username"],
            "created_at": moment(row["created_at"]),
            "updated_at": moment(row["updated_at"]),
        }
        for row in rows
    ]


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
            "reason",
            "state",
            "version",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RejectSuggestionsSerializer(serializers.Serializer):
    claim = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Claim.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Reject the machine's waiting suggestions for this claim (slug).",
    )
    below = serializers.FloatField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        help_text="Reject those scoring below this (with claim: that claim's only).",
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate(self, data):
        if data["claim"] is None and data["below"] is None:
            raise serializers.ValidationError("Give a claim, a score (below), or both.")
        return data


class RejectedSuggestionsSerializer(serializers.Serializer):
    rejected = serializers.IntegerField(help_text="How many suggested links were rejected.")


class HistoryEntrySerializer(serializers.Serializer):
    version = serializers.IntegerField()
    at = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True, help_text="Null for the machine.")
    action = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    from_state = serializers.CharField(allow_null=True)
    to_state = serializers.CharField(allow_null=True)
    changes = serializers.DictField(
        child=serializers.DictField(), help_text='{field: {"old": …, "new": …}}'
    )
    comment = serializers.CharField(allow_blank=True)


class TransitionSerializer(serializers.Serializer):
    to_state = serializers.ChoiceField(choices=ReviewState.choices)
    version = serializers.IntegerField(
        min_value=1, help_text="The version you saw: a stale one is refused with 409."
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Required when sending back (changes_requested).",
    )


class EditSerializer(serializers.Serializer):
    """What every edit carries besides its fields: the version it was based on."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version you saw: a stale one is refused with 409."
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class StatementEditSerializer(EditSerializer):
    start = serializers.IntegerField(min_value=0, required=False)
    end = serializers.IntegerField(min_value=1, required=False)
    kind = serializers.ChoiceField(choices=Statement.Kind.choices, required=False)
    cue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    speaker = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(), required=False, allow_null=True
    )
    speaker_mention = serializers.CharField(max_length=500, required=False, allow_blank=True)
    cited = serializers.CharField(max_length=300, required=False, allow_blank=True)
    said_on = serializers.DateField(required=False, allow_null=True)


class StatementCreateSerializer(serializers.Serializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=1)
    text = serializers.CharField(
        required=False,
        trim_whitespace=False,
        help_text="Optional: if given, must equal the source's text at [start, end).",
    )
    kind = serializers.ChoiceField(choices=Statement.Kind.choices)
    cue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    speaker = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(), required=False, allow_null=True, default=None
    )
    speaker_mention = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    cited = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    said_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, data):
        source, start, end = data["source"], data["start"], data["end"]
        if not start < end <= len(source.text):
            raise serializers.ValidationError(
                {"end": [f"The span must lie inside the source (0 to {len(source.text)})."]}
            )
        if "text" in data and data["text"] != source.text[start:end]:
            raise serializers.ValidationError(
                {"text": ["Does not match the source's text at [start, end)."]}
            )
        return data


class SpeakerWriteSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, write_only=True
    )

    class Meta:
        model = Speaker
        fields = ["name", "kind", "role", "description", "aliases"]


class SpeakerEditSerializer(EditSerializer):
    name = serializers.CharField(max_length=300, required=False)
    kind = serializers.ChoiceField(choices=Speaker.Kind.choices, required=False)
    role = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class AliasSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)


class SpeakerMergeSerializer(serializers.Serializer):
    speaker = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Speaker.objects.all(),
        help_text="The slug of the speaker to merge into this one; it is deleted.",
    )
    comment = serializers.CharField(required=False, default="", allow_blank=True, max_length=1000)


class ClaimCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )


class ClaimEditSerializer(EditSerializer):
    text = serializers.CharField(max_length=500, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class ClaimLinkCreateSerializer(serializers.Serializer):
    statement = serializers.PrimaryKeyRelatedField(queryset=Statement.objects.all())
    claim = ClaimSlugField(queryset=Claim.objects.all(), slug_field="slug")
    stance = serializers.ChoiceField(
        choices=ClaimLink.Stance.choices, default=ClaimLink.Stance.ASSERTS
    )

    def validate(self, data):
        if ClaimLink.objects.filter(statement=data["statement"], claim=data["claim"]).exists():
            raise serializers.ValidationError(
                {"claim": ["This statement is already linked to this claim."]}
            )
        return data


class ClaimLinkEditSerializer(EditSerializer):
    stance = serializers.ChoiceField(choices=ClaimLink.Stance.choices, required=False)


# --- assessments: a claim's summary, disproof or context, and verdict ------------------------


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "label", "value", "description"]
        read_only_fields = fields


class AssessmentSourceSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000, help_text="An http(s) address.")
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate_url(self, value):
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Give an http(s) address.")
        return value


class AssessmentSerializer(serializers.ModelSerializer):
    claim = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    rating = RatingSerializer(read_only=True, allow_null=True, help_text="The verdict, if any.")
    sources = AssessmentSourceSerializer(many=True, read_only=True)
    created_by = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True, help_text="Who proposed it."
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "claim",
            "summary",
            "note",
            "rating",
            "sources",
            "state",
            "version",
            "created_by",
            "created_at",
            "updated_at",
            "published_at",
        ]
        read_only_fields = fields


def _sources_field():
    return AssessmentSourceSerializer(
        many=True,
        required=False,
        max_length=MAX_ASSESSMENT_SOURCES,
        help_text="The note's sources.",
    )


class AssessmentCreateSerializer(serializers.Serializer):
    claim = ClaimSlugField(queryset=Claim.objects.all(), slug_field="slug")
    summary = serializers.CharField(max_length=5000)
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    rating = serializers.PrimaryKeyRelatedField(
        queryset=Rating.objects.all(), required=False, allow_null=True, default=None,
        help_text="A rating's id (GET /api/ratings/); null: no verdict yet.",
    )  # fmt: skip
    sources = _sources_field()


class AssessmentEditSerializer(EditSerializer):
    summary = serializers.CharField(max_length=5000, required=False)
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    rating = serializers.PrimaryKeyRelatedField(
        queryset=Rating.objects.all(), required=False, allow_null=True
    )
    sources = _sources_field()
