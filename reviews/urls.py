from django.urls import path

from nipa_reviews.submissions.views import submission_delete

from . import views

app_name = "reviews"

urlpatterns = [
    path("companies/<slug:slug>/reviews/", views.review_list, name="list"),
    path("companies/<slug:slug>/reviews/new/", views.ReviewCreateView.as_view(), name="create"),
    path("reviews/<uuid:public_id>/edit/", views.ReviewUpdateView.as_view(), name="edit"),
    path("reviews/<uuid:public_id>/delete/", submission_delete, {"kind": "review"}, name="delete"),
    path("reviews/<uuid:public_id>/helpful/", views.review_helpful, name="helpful"),
    path("reviews/<uuid:public_id>/reply/", views.reply_create, name="reply"),
    path("replies/<uuid:public_id>/edit/", views.ReplyUpdateView.as_view(), name="reply_edit"),
    path(
        "replies/<uuid:public_id>/delete/",
        submission_delete,
        {"kind": "reply"},
        name="reply_delete",
    ),
]
