from django import template

from nipa_reviews.search.highlight import highlight as mark_words

register = template.Library()


@register.filter
def highlight(text, query):
    """{{ review.pros|highlight:query|linebreaksbr }}: escaped, the query's words marked."""
    return mark_words(str(text), query)
