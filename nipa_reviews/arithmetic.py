"""Exact arithmetic for displayed scores: fractions in, half-up rounding out, no floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def round_half_up(value: Fraction) -> int:
    """82.5 → 83, exactly (Python's round() would give 82; floats would drift)."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def decimal_of(value: Fraction, places: str) -> Decimal:
    """`value` rounded half up to `places` ("0.1", "0.01"): 81.25 → 81.3 at "0.1"."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def out_of_five(value: Fraction) -> Decimal:
    """A 100-point score on the 5-point scale of stars, to one decimal, half up: 83 → 4.2."""
    return decimal_of(value / 20, "0.1")
