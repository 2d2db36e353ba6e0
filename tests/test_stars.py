"""Stars: a 100-point score as five stars to one decimal, a review's own overall."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template

from nipa_reviews.arithmetic import out_of_five
from tests.factories import CompanyFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("points", "stars"),
    [(83, "4.2"), (Fraction(416, 5), "4.2"), (81, "4.1"), (100, "5.0"), (20, "1.0"), (89, "4.5")],
)
def test_a_score_becomes_stars_to_one_decimal_rounded_half_up(points, stars):
    assert out_of_five(Fraction(points)) == Decimal(stars)


def test_the_partial_fills_that_share_and_says_it_in_words():
    html = Template("{% load stars %}{% stars value %}").render(Context({"value": Decimal("4.2")}))
    assert '<svg width="84.0" height="20" viewBox="0 0 84.0 20" class="stars-filled">' in html
    assert '<span class="visually-hidden">5점 만점에 4.2점</span>' in html
    assert '<span class="stars-value" aria-hidden="true">4.2</span>' in html
    assert 'class="stars-svg" viewBox="0 0 100 20" aria-hidden="true"' in html


def test_each_review_card_shows_its_own_overall(client, publish):
    company = CompanyFactory(slug="acme")
    ratings = {"culture": 5, "pay_benefits": 4, "career": 3, "work_life": 5, "leadership": 2}
    publish(ReviewFactory(company=company, **ratings))
    html = client.get("/companies/acme/reviews/").content.decode()
    card = html[html.index('class="card mb-3 review-card"') :]
    assert "5점 만점에 3.8점" in card  # (5 + 4 + 3 + 5 + 2) / 5
    assert "조직문화/분위기 <strong>5</strong>점" in card


def test_lists_show_stars_beside_the_score(client, publish):
    company = CompanyFactory(slug="acme")
    ratings = {"culture": 5, "pay_benefits": 5, "career": 5, "work_life": 5, "leadership": 4}
    publish(*ReviewFactory.create_batch(3, company=company, **ratings))
    assert "5점 만점에 4.8점" in client.get("/").content.decode()  # 96점
    assert "5점 만점에 4.8점" in client.get("/companies/acme/reviews/").content.decode()
