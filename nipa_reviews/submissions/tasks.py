"""The worker's side of the submission mechanism (registered through nipa_reviews.tasks)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from . import services
from .kinds import kind_named


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def analyse_submission(kind_name: str, pk: int) -> bool:
    """Stores a published submission's lemmas and keywords (services.analyse)."""
    return services.analyse(kind=kind_named(kind_name), pk=pk)
