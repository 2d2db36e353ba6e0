from django import template
from django.db.models import Model

from nipa_reviews.moderation.models import Report
from nipa_reviews.moderation.services import queue_counts
from nipa_reviews.submissions.kinds import kind_of

register = template.Library()


@register.simple_tag
def moderation_queue() -> list[tuple[str, str, int]]:
    return queue_counts()


@register.simple_tag(takes_context=True)
def reported_by_me(context, items) -> set[int]:
    """Which of a page's submissions (of one kind), or of one submission, the signed-in reader
    has reported: one query, so their cards say so instead of offering a button the reader
    would be refused."""
    user = context.get("user")
    items = [items] if isinstance(items, Model) else list(items)
    if not items or user is None or not user.is_authenticated:
        return set()
    return set(
        Report.objects.filter(
            reporter=user, item_type=kind_of(items[0]).name, item_id__in=[i.pk for i in items]
        ).values_list("item_id", flat=True)
    )
