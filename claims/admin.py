from django.contrib import admin
from django.db.models import Count

from claims.models import Claim, ClaimLink, Speaker, SpeakerAlias, Statement, Tag


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["name"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "statement_count"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_count=Count("statements"))

    @admin.display(ordering="statement_count", description="Statements")
    def statement_count(self, speaker):
        return speaker.statement_count


class ClaimLinkInline(admin.TabularInline):
    model = ClaimLink
    extra = 0
    fields = ["statement", "claim", "stance", "state", "score"]
    raw_id_fields = ["statement", "claim"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["short_text", "speaker", "kind", "cue", "state", "source", "confidence"]
    list_filter = ["state", "kind", "source__outlet"]
    search_fields = ["text", "speaker__name", "speaker_mention", "cue", "cited"]
    list_select_related = ["speaker", "source"]
    raw_id_fields = ["source", "speaker", "cited_outlet", "created_by"]
    readonly_fields = ["prefix", "suffix", "version", "created_at", "updated_at"]
    inlines = [ClaimLinkInline]
    fieldsets = [
        (None, {"fields": ["source", "start", "end", "text", "prefix", "suffix", "kind"]}),
        (
            "Attribution",
            {
                "fields": [
                    "speaker",
                    "speaker_mention",
                    "mention_start",
                    "mention_end",
                    "cue",
                    "cue_start",
                    "cue_end",
                    "cited",
                    "cited_outlet",
                    "said_on",
                ]
            },
        ),
        (
            "Review",
            {
                "fields": [
                    "state",
                    "confidence",
                    "created_by",
                    "version",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description="Text")
    def short_text(self, statement):
        return statement.text[:90] + ("…" if len(statement.text) > 90 else "")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text", "state", "statement_count", "created_at"]
    list_filter = ["state", "tags"]
    search_fields = ["text", "description", "slug"]
    filter_horizontal = ["tags"]
    raw_id_fields = ["created_by"]
    inlines = [ClaimLinkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_count=Count("links"))

    @admin.display(ordering="statement_count", description="Statements")
    def statement_count(self, claim):
        return claim.statement_count


@admin.register(ClaimLink)
class ClaimLinkAdmin(admin.ModelAdmin):
    list_display = ["claim", "statement", "stance", "state", "score"]
    list_filter = ["state", "stance"]
    list_select_related = ["claim", "statement"]
    raw_id_fields = ["statement", "claim", "created_by"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
