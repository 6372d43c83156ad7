"""REST API for jobs: read-only; each user sees their own jobs, admins see all."""

import django_filters
from rest_framework import permissions, serializers, viewsets

from jobs.models import Job


class JobSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    parameters = serializers.SerializerMethodField(
        help_text="What the job was asked to do; an uploaded payload is shown by its size."
    )

    class Meta:
        model = Job
        fields = [
            "id", "kind", "parameters", "state", "done", "total", "message", "attempts",
            "created_by", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_parameters(self, job) -> dict:
        shown = dict(job.parameters)
        if "payload" in shown:
            shown["payload"] = f"{len(shown['payload'].encode('utf-8')):,} bytes"
        return shown


class JobFilter(django_filters.FilterSet):
    class Meta:
        model = Job
        fields = ["state", "kind"]


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Background jobs (ingest, extract, match, cluster, export) and their progress."""

    serializer_class = JobSerializer
    filterset_class = JobFilter
    ordering_fields = ["id"]
    # Visibility is by creator, not by role: any signed-in user may poll their own jobs.
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Job.objects.none()
        return Job.objects.visible_to(self.request.user).select_related("created_by")
