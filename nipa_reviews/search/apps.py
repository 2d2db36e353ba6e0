from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "nipa_reviews.search"
    label = "search"
    verbose_name = "검색"
