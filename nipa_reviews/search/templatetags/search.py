from django import template
from django.utils.translation import gettext as _

from nipa_reviews.search.highlight import highlight as mark_words
from nipa_reviews.search.highlight import snippet as excerpt

register = template.Library()


@register.filter
def highlight(text, query):
    """{{ review.pros|highlight:query|linebreaksbr }}: escaped, the query's words marked."""
    return mark_words(str(text), query)


@register.filter
def snippet(text, query):
    """A short excerpt around the first of the query's words, marked like `highlight`."""
    return excerpt(str(text), query)


@register.filter
def keyword_groups(keywords):
    """(side, title, [(word, count, bar width 1–100)]) for 장점 키워드 and 단점 키워드: the
    bars are relative to the side's most frequent word."""
    groups = []
    for side, title in (("pros", _("장점 키워드")), ("cons", _("단점 키워드"))):
        words = list(getattr(keywords, side, None) or [])
        top = max((count for _word, count in words), default=0)
        bars = [(word, count, max(1, round(100 * count / top))) for word, count in words]
        groups.append((side, title, bars))
    return groups
