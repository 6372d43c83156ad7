from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims import api as claims_api
from jobs import api as jobs_api
from monitoring import api as monitoring_api
from pipeline import api as pipeline_api
from sources import api as sources_api

router = DefaultRouter()
router.register("outlets", sources_api.OutletViewSet, basename="outlet")
router.register("sources", pipeline_api.SourceViewSet, basename="source")
router.register("speakers", claims_api.SpeakerViewSet, basename="speaker")
router.register("statements", claims_api.StatementViewSet, basename="statement")
router.register("claims", claims_api.ClaimViewSet, basename="claim")
router.register("claim-links", claims_api.ClaimLinkViewSet, basename="claimlink")
router.register("assessments", claims_api.AssessmentViewSet, basename="assessment")
router.register("ratings", claims_api.RatingViewSet, basename="rating")
router.register("jobs", jobs_api.JobViewSet, basename="job")
router.register("feeds", monitoring_api.FeedViewSet, basename="feed")
router.register("watches", monitoring_api.WatchViewSet, basename="watch")
router.register("notifications", monitoring_api.NotificationViewSet, basename="notification")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
