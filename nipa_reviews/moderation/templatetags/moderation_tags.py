from django import template

from nipa_reviews.moderation.services import queue_counts

register = template.Library()


@register.simple_tag
def moderation_queue() -> list[tuple[str, str, int]]:
    return queue_counts()
