from django.urls import path

from nipa_reviews.submissions.kinds import kinds

from . import views

app_name = "moderation"

# 신고 for every kind of submission: moderation:report_<kind>.
urlpatterns = [
    path(
        f"{kind.url_prefix}/<uuid:public_id>/report/",
        views.report,
        {"kind": kind.name},
        name=f"report_{kind.name}",
    )
    for kind in kinds()
]
