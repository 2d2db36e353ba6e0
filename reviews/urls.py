from django.urls import path

from nipa_reviews.submissions.views import submission_delete

from . import views

app_name = "reviews"

urlpatterns = [
    path("companies/<slug:slug>/reviews/", views.review_list, name="list"),
    path("companies/<slug:slug>/reviews/new/", views.ReviewCreateView.as_view(), name="create"),
    path("reviews/<int:pk>/edit/", views.ReviewUpdateView.as_view(), name="edit"),
    path("reviews/<int:pk>/delete/", submission_delete, {"kind": "review"}, name="delete"),
    path("reviews/<int:pk>/helpful/", views.review_helpful, name="helpful"),
]
