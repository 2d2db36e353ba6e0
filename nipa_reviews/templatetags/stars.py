"""Stars: a 100-point score or a review's five ratings as 5-point stars (includes/stars.html)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from nipa_reviews.arithmetic import decimal_of, out_of_five

register = template.Library()


@register.filter
def score_stars(score) -> Decimal:
    """A company's total (stored scores) on the 5-point scale, from the exact fraction."""
    return out_of_five(score.total_fraction())


@register.filter
def review_stars(review) -> Decimal:
    """A review's own overall: the mean of its five ratings, to one decimal."""
    return decimal_of(Fraction(review.rating_sum, 5), "0.1")


@register.inclusion_tag("includes/stars.html")
def stars(value: Decimal, size: str = "") -> dict:
    """`value` from 0 to 5: amber fills that share of the five stars (an SVG width, so no
    inline style), the number stands beside them, and screen readers hear
    "5점 만점에 4.2점"."""
    value = Decimal(value)
    return {"value": value, "fill": value * 20, "size": size}
