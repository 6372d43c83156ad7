from django.contrib import admin
from django.db.models import Count

from sources.models import Outlet, Section, Source


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "country", "source_count"]
    search_fields = ["name", "domain"]
    list_filter = ["country"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_count=Count("sources"))

    @admin.display(ordering="source_count", description="Sources")
    def source_count(self, outlet):
        return outlet.source_count


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["kind", "start", "end", "heading"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_at", "kind", "language", "ingested_at"]
    list_filter = ["kind", "language", "outlet", ("published_at", admin.DateFieldListFilter)]
    search_fields = ["title", "url", "byline", "content_hash"]
    date_hierarchy = "published_at"
    list_select_related = ["outlet"]
    raw_id_fields = ["supersedes", "ingested_by"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["content_hash", "ingested_at"]
    inlines = [SectionInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "outlet", "url", "byline", "published_at", "language", "kind"]},
        ),
        ("Text", {"fields": ["text", "raw_content_type", "raw"], "classes": ["collapse"]}),
        ("Provenance", {"fields": ["content_hash", "supersedes", "ingested_by", "ingested_at"]}),
    ]
