from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, views
from .sitemaps import SITEMAPS, sitemap_index

app_name = "statements"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("claims/", views.ClaimListView.as_view(), name="claim-list"),
    path("claims/<slug:slug>/", views.ClaimDetailView.as_view(), name="claim-detail"),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker-detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/claims/", feeds.ClaimFeed(), name="feed-claims"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="feed-corrections"),
    path("feeds/speakers/<slug:slug>/", feeds.SpeakerFeed(), name="feed-speaker"),
    path("feeds/topics/<slug:slug>/", feeds.TopicFeed(), name="feed-topic"),
    path("ratings.css", views.RatingStylesheetView.as_view(), name="ratings-css"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("site.webmanifest", views.WebManifestView.as_view(), name="webmanifest"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
