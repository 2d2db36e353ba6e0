from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def headcount(value: Decimal) -> str:
    """7.0 → "7", 2.5 → "2.5": a fraction means part-time hires, so it is kept."""
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)
