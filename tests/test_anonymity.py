"""Anonymity (PRODUCT.md): no public page or API response carries an author's identity."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

IDENTITY_KEYS = {"author", "author_id", "user", "user_id", "email", "username", "reporter"}


def public_urls(company, interviews) -> list[str]:
    slug = company.slug
    return [
        reverse("home"),
        reverse("companies:list"),
        reverse("companies:list") + "?sort=reviews",
        reverse("companies:detail", args=[slug]),
        reverse("companies:report", args=[slug]),
        reverse("reviews:list", args=[slug]),
        reverse("reviews:list", args=[slug]) + "?sort=helpful",
        reverse("reviews:list", args=[slug]) + "?page=2",
        reverse("interviews:list", args=[slug]),
        reverse("interviews:questions", args=[slug]),
        *[reverse("interviews:detail", args=[slug, pk]) for pk in interviews],
        "/api/companies/",
        f"/api/companies/{slug}/",
        "/api/openapi.json",
        # What search engines and feed readers read (nipa_reviews/site/feeds.py, sitemaps.py).
        reverse("companies:feed", args=[slug]),
        reverse("sitemap_index"),
        reverse("sitemap", args=["companies"]),
        reverse("robots_txt"),
    ]


def json_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in json_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in json_keys(v)}
    return set()


@pytest.mark.parametrize("viewer", ["anonymous", "another user"])
def test_no_public_page_or_api_response_carries_an_author(
    client, publish, publish_interview, viewer
):
    company = CompanyFactory(slug="acme")
    authors = [
        UserFactory(email=f"secret.person{i}@corp-mail.example", first_name=f"실명{i}")
        for i in range(5)
    ]
    for author in authors:
        publish(ReviewFactory(company=company, author=author))
    interviews = [
        publish_interview(InterviewFactory(company=company, author=author)).public_id
        for author in authors
    ]
    for i in range(20):  # a second page of reviews
        publish(
            ReviewFactory(company=company, author=UserFactory(email=f"filler{i}@corp-mail.example"))
        )
    if viewer == "another user":
        client.force_login(UserFactory(email="viewer@example.com"))

    for url in public_urls(company, interviews):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "corp-mail.example" not in content, url
        assert "secret.person" not in content, url
        assert "실명" not in content, url
        for author in authors:
            assert author.moderation_token not in content, url  # the moderators' pseudonym
            assert f"user{author.pk}" not in content
            assert re.search(rf"author[^a-z]{{0,4}}{author.pk}\b", content) is None, url
        if response["Content-Type"].startswith("application/json"):
            keys = json_keys(json.loads(content))
            assert not keys & IDENTITY_KEYS, url


def test_review_cards_show_only_status_job_and_year_month(client, publish):
    company = CompanyFactory(slug="acme")
    review = publish(ReviewFactory(company=company))
    content = client.get(reverse("reviews:list", args=["acme"])).content.decode()
    card = content[content.index(f'id="review-{review.public_id}"') :]
    meta = re.search(r'<p class="review-meta">(.*?)</p>', card).group(1)
    meta = " ".join(re.sub(r"<[^>]+>", " ", meta).split())
    assert meta == f"현직자 · 개발 · {timezone.localtime(review.created_at):%Y.%m}"
    assert ":" not in meta  # no exact time next to a review


UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def test_pages_address_submissions_only_by_random_ids(client, user, publish, publish_interview):
    """One author's reviews at two companies: nothing on a public page counts up with
    them (sequential primary keys would link them), and the old integer URLs are gone."""
    author = UserFactory()
    firsts = []
    for slug in ("acme", "globex"):
        company = CompanyFactory(slug=slug)
        firsts.append(publish(ReviewFactory(company=company, author=author)))
        publish_interview(InterviewFactory(company=company, author=author))
    client.force_login(user)
    for slug in ("acme", "globex"):
        for url in (
            reverse("reviews:list", args=[slug]),
            reverse("interviews:list", args=[slug]),
            reverse("interviews:questions", args=[slug]),
            reverse("companies:detail", args=[slug]),
        ):
            content = client.get(url).content.decode()
            pattern = r'(?:id="|/)(?:review|interview|question)s?[-/]([^"/#?]+)'
            # Every id and URL segment that names one (a number in it), not a section's name.
            for found in set(re.findall(pattern, content)):
                assert re.fullmatch(UUID, found) or not re.search(r"\d", found), (url, found)
    for pk in {review.pk for review in firsts}:
        for path in (f"/reviews/{pk}/helpful/", f"/reviews/{pk}/report/", f"/reviews/{pk}/edit/"):
            assert client.get(path).status_code in (404, 405)
        assert client.get(f"/companies/acme/interviews/{pk}/").status_code == 404
