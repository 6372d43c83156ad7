from django.contrib import admin

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "state", "done", "total", "attempts", "created_by", "created_at"]
    list_filter = ["state", "kind"]
    readonly_fields = [field.name for field in Job._meta.fields]
