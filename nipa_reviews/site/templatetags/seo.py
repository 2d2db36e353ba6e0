"""The head's metadata (templates/base.html): thin tags over nipa_reviews.site.seo."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.safestring import SafeString, mark_safe

from nipa_reviews.site import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context, name: str) -> SafeString:
    """The page's block `name` rendered again, on one line: og:title repeats the <title>
    and og:description the meta description, each written once per page. The block's
    output is escaped as it renders."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks is not None else None
    if block is None:
        return mark_safe("")
    return mark_safe(" ".join(block.render(context).split()))


@register.simple_tag(takes_context=True)
def include_text(context, template_name: str) -> SafeString:
    """A template rendered with the page's context, on one line, to be stored with `as`:
    the printable report, which has no base.html blocks, states its description once."""
    text = render_to_string(template_name, context.flatten())
    return mark_safe(" ".join(text.split()))


@register.simple_tag
def employer_rating(company) -> SafeString:
    """The company page's JSON-LD EmployerAggregateRating, nothing below the score threshold."""
    data = seo.employer_aggregate_rating(company)
    return seo.json_ld(data) if data is not None else mark_safe("")


@register.simple_tag(takes_context=True)
def og_image_url(context, company) -> str:
    return seo.absolute_url(context.get("request"), seo.og_image_path(company))
