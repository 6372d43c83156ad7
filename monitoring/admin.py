from django.contrib import admin

from monitoring.models import Feed, FeedItem, Notification, Watch, WebhookDelivery


class SourcePermissionsAdmin(admin.ModelAdmin):
    """Feeds are a way sources come in: who may add sources may add feeds, as in the API."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("sources.view_source")

    def has_add_permission(self, request):
        return request.user.has_perm("sources.add_source")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("sources.change_source")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("sources.change_source")


class FeedItemInline(admin.TabularInline):
    model = FeedItem
    fields = ["url", "status", "message", "updated", "seen_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    ordering = ["-id"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("sources.view_source")


@admin.register(Feed)
class FeedAdmin(SourcePermissionsAdmin):
    list_display = ["url", "outlet", "kind", "every_minutes", "active", "last_polled_at",
                    "last_status", "last_error"]  # fmt: skip
    list_filter = ["active", "kind"]
    search_fields = ["url", "outlet", "title"]
    readonly_fields = ["kind", "title", "etag", "last_modified", "last_polled_at", "last_status",
                       "last_error", "errors_in_a_row", "created_by", "created_at"]  # fmt: skip
    inlines = [FeedItemInline]


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "claim", "speaker", "query", "email", "webhook_url"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "claim", "speaker"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["watch", "statement", "created_at", "read_at", "emailed_at"]
    raw_id_fields = ["watch", "statement"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["url", "state", "attempts", "response_status", "next_attempt_at"]
    list_filter = ["state"]
    readonly_fields = ["notification", "url", "body", "attempts", "response_status", "log",
                       "delivered_at"]  # fmt: skip
