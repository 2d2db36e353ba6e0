from django.urls import path

from interviews.models import InterviewExperience
from reviews.models import Review

from . import views

app_name = "moderation"

urlpatterns = [
    path("reviews/<int:pk>/report/", views.report, {"model": Review}, name="report_review"),
    path(
        "interviews/<int:pk>/report/",
        views.report,
        {"model": InterviewExperience},
        name="report_interview",
    ),
]
