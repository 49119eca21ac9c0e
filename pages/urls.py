from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("about/", views.PageView.as_view(), name="about"),
    path("about/<slug:slug>/", views.PageView.as_view(), name="page"),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
    path("submit/", views.SubmitClaimView.as_view(), name="submit"),
    path("submit/thanks/", views.SubmitThanksView.as_view(), name="submit-thanks"),
]
