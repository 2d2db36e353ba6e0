"""Defects found by a maintainer's reading, each with the test that failed before its fix."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.urls import reverse

from nipa_reviews.middleware import DatabaseUnavailableMiddleware
from nipa_reviews.submissions import services as submissions
from reviews import services
from reviews.models import CompanyScore, HelpfulVote, Review, SiteScore
from tests.concurrency import run_at_once
from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory, UserFactory
from tests.test_interviews import form_data

pytestmark = pytest.mark.django_db


def test_editing_an_interview_into_a_period_already_used_says_so_instead_of_a_500(client, user):
    company = CompanyFactory()
    InterviewFactory(company=company, author=user, year=2024, half="first")
    second = InterviewFactory(company=company, author=user, year=2024, half="second")
    client.force_login(user)
    response = client.post(
        reverse("interviews:edit", args=[second.public_id]), form_data(year="2024", half="first")
    )
    assert response.status_code == 409
    assert "같은 시기의 면접 후기는 하나만 쓸 수 있습니다." in response.content.decode()
    second.refresh_from_db()
    assert second.half == "second"  # nothing half-saved


def test_a_helpful_vote_that_says_what_it_wants_can_be_repeated(client, user, publish):
    review = publish(ReviewFactory())
    client.force_login(user)
    url = reverse("reviews:helpful", args=[review.public_id])
    for _ in range(2):
        client.post(url, {"on": "1"})
    assert Review.objects.get(pk=review.pk).helpful_count == 1
    for _ in range(2):
        client.post(url, {"on": "0"})
    assert Review.objects.get(pk=review.pk).helpful_count == 0
    assert not HelpfulVote.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_helpful_never_raises_and_keeps_the_count_right():
    review = ReviewFactory()
    submissions.publish(item=review, moderator=None)
    voters = UserFactory.create_batch(4)
    clicks = [voter for voter in voters for _ in range(2)]  # each clicks twice at once

    errors = run_at_once(
        lambda voter: services.review_set_helpful(review=review, user=voter, on=True), clicks
    )
    assert errors == []
    assert Review.objects.get(pk=review.pk).helpful_count == 4 == HelpfulVote.objects.count()


def test_the_api_rounds_half_up_like_the_pages(client, publish):
    """16 reviews, 15 rating culture 4 and one 5: 81.25 points, shown as 81.3 (not 81.2)."""
    company = CompanyFactory(slug="acme")
    publish(*ReviewFactory.create_batch(15, company=company, culture=4))
    publish(ReviewFactory(company=company, culture=5))
    assert CompanyScore.objects.get(company=company).culture == pytest.approx(81.25)
    satisfaction = client.get("/api/companies/acme/").json()["satisfaction"]
    assert satisfaction["categories"]["culture"] == 81.3
    listed = client.get("/api/companies/").json()["items"][0]["satisfaction"]
    assert listed["categories"]["culture"] == 81.3


@pytest.mark.parametrize("votes", [1, 6])
def test_a_leaver_s_votes_are_withdrawn_in_the_same_queries_however_many(
    votes, publish, django_assert_num_queries
):
    leaver = UserFactory()
    for review in publish(*ReviewFactory.create_batch(votes + 1))[:votes]:
        services.review_set_helpful(review=review, user=leaver, on=True)
    # a savepoint; the voted reviews' companies (their cached pages); decrement the voted
    # reviews' counts; collect the votes, delete them; release the savepoint
    with django_assert_num_queries(6):
        services.withdraw_helpful_votes(user=leaver)
    assert sum(Review.objects.values_list("helpful_count", flat=True)) == 0


@pytest.mark.parametrize("companies", [1, 30])
def test_publishing_reads_the_site_mean_from_one_row_however_many_companies(
    companies, publish, django_assert_num_queries
):
    first = publish(ReviewFactory())
    for _ in range(companies - 1):
        publish(ReviewFactory())
    review = ReviewFactory(company=first.company)
    # as in tests/test_page_cache.py: the review, its score row, the site's one row and
    # the two transparency rows it moves between, and its month's score row
    with django_assert_num_queries(15):
        submissions.publish(item=review, moderator=None)
    site = SiteScore.current()
    assert site.review_count == companies + 1 == Review.objects.published().count()


def test_drift_in_the_site_totals_is_reported_and_fixed(publish):
    publish(*ReviewFactory.create_batch(3))
    SiteScore.objects.update(review_count=99)
    assert "site: review_count stored 99, recomputed 3" in submissions.drift()
    submissions.rebuild()
    assert submissions.drift() == [] and SiteScore.current().review_count == 3


class _PsycopgLikeError(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def _outcome(cause) -> int | None:
    error = OperationalError(str(cause))
    error.__cause__ = cause
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/"), error)
    return response.status_code if response else None


@pytest.mark.parametrize(
    ("cause", "status"),
    [
        (_PsycopgLikeError("08006"), 503),  # connection failure
        (_PsycopgLikeError("57P01"), 503),  # the server is shutting down
        (_PsycopgLikeError(None), 503),  # refused before reaching the server
        (_PsycopgLikeError("40P01"), None),  # a deadlock: a bug to see, a 500 with a traceback
        (sqlite3.OperationalError("no such table: reviews_review"), None),
        (sqlite3.OperationalError("unable to open database file"), 503),
    ],
)
def test_only_a_lost_database_gives_the_503_page(cause, status):
    assert _outcome(cause) == status


def test_a_database_outage_answers_the_api_in_korean_json(client, db):
    from unittest import mock

    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get("/api/companies/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert "잠시 서비스를 이용할 수 없습니다" in response.json()["detail"]


def test_a_slug_no_company_can_have_leaves_the_cache_alone(client, db):
    assert client.get("/companies/" + "a" * 200 + "/").status_code == 404
