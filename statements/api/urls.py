"""/api/: the versioned API, the Fact Check Tools–compatible search, the schema and its docs."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from promises.api import PromiseViewSet

from . import schema, views  # noqa: F401 (schema registers the API key scheme)
from .docs import ApiDocsView
from .errors import not_found
from .factchecktools import ClaimsSearchView

router = DefaultRouter()
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("sources", views.SourceViewSet, basename="source")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("ratings", views.RatingViewSet, basename="rating")
router.register("corrections", views.CorrectionViewSet, basename="correction")
router.register("promises", PromiseViewSet, basename="promise")

v1 = [
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("claimreview/", views.ClaimReviewFeedView.as_view(), name="claimreview-feed"),
    *router.urls,
]

json_not_found = extend_schema(exclude=True)(
    api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])(
        permission_classes([AllowAny])(not_found)
    )
)

urlpatterns = [
    path("v1/", include((v1, "api-v1"))),
    path(
        "factchecktools/v1alpha1/claims:search",
        ClaimsSearchView.as_view(),
        name="factchecktools-claims-search",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^.*$", json_not_found),
]
