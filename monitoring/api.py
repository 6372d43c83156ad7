"""REST API: feeds (as sources are: readers read, annotators add, reviewers change),
and each user's own watches and notifications."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.models import Claim, Speaker
from monitoring import notify
from monitoring.models import Feed, Notification, Watch


class FeedPermissions(permissions.BasePermission):
    """A feed is a way sources come in: the sources permissions decide."""

    needed = {"GET": "sources.view_source", "HEAD": "sources.view_source",
              "OPTIONS": "sources.view_source", "POST": "sources.add_source"}  # fmt: skip

    def has_permission(self, request, view):
        perm = self.needed.get(request.method, "sources.change_source")
        return request.user.is_authenticated and request.user.has_perm(perm)


class CanReadClaims(permissions.BasePermission):
    """Watching needs no more than reading what is watched."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_perm("claims.view_claim")


class FeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feed
        fields = [
            "id", "url", "outlet", "every_minutes", "active", "kind", "title", "last_polled_at",
            "next_poll_at", "last_status", "last_error", "errors_in_a_row", "created_at",
        ]  # fmt: skip
        read_only_fields = [
            "kind", "title", "last_polled_at", "next_poll_at", "last_status", "last_error",
            "errors_in_a_row", "created_at",
        ]  # fmt: skip


class FeedViewSet(viewsets.ModelViewSet):
    """Feeds polled on a schedule (RSS, Atom, JSON Feed, sitemaps) and how each last went."""

    serializer_class = FeedSerializer
    permission_classes = [FeedPermissions]
    queryset = Feed.objects.order_by("-id")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


class WatchSerializer(serializers.ModelSerializer):
    claim = serializers.SlugRelatedField(
        slug_field="slug", queryset=Claim.objects.all(), required=False, allow_null=True
    )
    speaker = serializers.SlugRelatedField(
        slug_field="slug", queryset=Speaker.objects.all(), required=False, allow_null=True
    )
    atom_url = serializers.SerializerMethodField(help_text="The watch's Atom feed (secret).")

    class Meta:
        model = Watch
        fields = ["id", "kind", "claim", "speaker", "query", "email", "webhook_url",
                  "webhook_secret", "atom_url", "created_at"]  # fmt: skip
        read_only_fields = ["webhook_secret", "created_at"]
        extra_kwargs = {"webhook_url": {"validators": [notify.validate_webhook_url]}}

    def get_atom_url(self, watch) -> str:
        return self.context["request"].build_absolute_uri(watch.atom_url())

    def validate(self, data):
        kind = data.get("kind", getattr(self.instance, "kind", None))
        needed = {"claim": "claim", "speaker": "speaker", "search": "query"}.get(kind)
        if needed and not data.get(needed, getattr(self.instance, needed, None)):
            raise serializers.ValidationError({needed: f"A {kind} watch needs its {needed}."})
        return data


class WatchViewSet(viewsets.ModelViewSet):
    """Your watches: a claim, a speaker or a search; new statements for it notify you."""

    serializer_class = WatchSerializer
    permission_classes = [CanReadClaims]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Watch.objects.none()
        return Watch.objects.for_user(self.request.user).select_related("claim", "speaker")

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)


class NotificationSerializer(serializers.ModelSerializer):
    watch = serializers.PrimaryKeyRelatedField(read_only=True)
    text = serializers.CharField(source="statement.text", read_only=True)
    speaker = serializers.CharField(source="statement.speaker", read_only=True, default=None)

    class Meta:
        model = Notification
        fields = ["id", "watch", "statement", "text", "speaker", "created_at", "read_at"]
        read_only_fields = fields


class MarkedReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(help_text="How many were unread.")


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):  # fmt: skip
    """Your inbox: new statements for your watches, newest first."""

    serializer_class = NotificationSerializer
    permission_classes = [CanReadClaims]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        found = Notification.objects.for_user(self.request.user).select_related(
            "statement__speaker"
        )
        if self.request.query_params.get("unread") in ("1", "true"):
            found = found.unread()
        return found

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"])
    def read(self, request, format=None):
        """Mark every notification read; answers how many were unread."""
        count = Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
        return Response({"marked_read": count})
