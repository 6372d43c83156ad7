from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Outlet, Section, Source


class RecordedAdmin(SimpleHistoryAdmin):
    """Every save and delete is in the history with who did it (the request's user) and why,
    so a deleted outlet or source keeps a record, shown on its history page."""

    def save_model(self, request, obj, form, change):
        obj._change_reason = "Changed in the admin." if change else "Added in the admin."
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = "Deleted in the admin."
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Outlet)
class OutletAdmin(RecordedAdmin):
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
class SourceAdmin(RecordedAdmin):
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
