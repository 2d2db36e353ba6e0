from django.urls import path

from nipa_reviews.submissions.views import submission_delete

from . import views

app_name = "interviews"

urlpatterns = [
    path("companies/<slug:slug>/interviews/", views.interview_list, name="list"),
    path("companies/<slug:slug>/interviews/new/", views.InterviewFormView.as_view(), name="create"),
    path("companies/<slug:slug>/interviews/questions/", views.question_list, name="questions"),
    path(
        "companies/<slug:slug>/interviews/<uuid:public_id>/",
        views.interview_detail,
        name="detail",
    ),
    path("interviews/<uuid:public_id>/edit/", views.InterviewFormView.as_view(), name="edit"),
    path(
        "interviews/<uuid:public_id>/delete/",
        submission_delete,
        {"kind": "interview"},
        name="delete",
    ),
]
