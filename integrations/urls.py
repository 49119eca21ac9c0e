from django.urls import path

from . import views

app_name = "integrations"

urlpatterns = [
    path("embed/claims/<slug:slug>/", views.EmbedClaimView.as_view(), name="embed-claim"),
    path("oembed", views.oembed, name="oembed"),
    path("share/claims/<slug:slug>.png", views.share_image, name="share-image"),
]
