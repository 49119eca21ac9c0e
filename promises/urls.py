from django.urls import path

from . import feeds, views

app_name = "promises"

urlpatterns = [
    path("promises/", views.PromiseListView.as_view(), name="promise-list"),
    path("promises/<slug:slug>/", views.PromiseDetailView.as_view(), name="promise-detail"),
    path("feeds/promises/", feeds.PromiseFeed(), name="feed"),
]
