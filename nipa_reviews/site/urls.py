"""The `companies` URL namespace: the company list is the companies app's own page; a
company's page and report compose several apps, so they are this layer's."""

from django.urls import path

from companies.views import company_list

from . import feeds, og_image, views

app_name = "companies"

urlpatterns = [
    path("", company_list, name="list"),
    path("<slug:slug>/", views.company_detail, name="detail"),
    path("<slug:slug>/report/", views.company_report, name="report"),
    path("<slug:slug>/report/print.css", views.company_report_css, name="report_css"),
    path("<slug:slug>/feed/", feeds.company_feed, name="feed"),
    path("<slug:slug>/og.png", og_image.company_og_image, name="og_image"),
]
