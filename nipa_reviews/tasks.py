"""Background jobs, run by the worker (`make worker`); beat's schedule is in settings."""

from __future__ import annotations

import io
import logging

from celery import shared_task
from django.core.management import call_command

# The worker registers the tasks of every app's tasks module; the email task lives with
# the email backend that queues it.
from nipa_reviews.mail import deliver_email
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.tasks import analyse_submission

__all__ = [
    "analyse_missing_nightly",
    "analyse_submission",
    "deliver_email",
    "verify_scores_nightly",
]

logger = logging.getLogger(__name__)


@shared_task
def verify_scores_nightly() -> None:
    """`verify_scores --fix`: every score and ranking recomputed, any drift logged as an error.

    The Bayesian rankings need the site-wide mean, which moves a little with every review,
    so this refreshes them all each night. A drift means some write skipped the services
    that keep the stored scores: a bug to look for, so it is logged at ERROR.
    """
    out = io.StringIO()
    # By name: the command's module may move, its name stays.
    call_command("verify_scores", "--fix", stdout=out)
    for line in out.getvalue().splitlines():
        if line.startswith("drift:"):
            logger.error("verify_scores: %s", line)
        else:
            logger.info("verify_scores: %s", line)


@shared_task
def analyse_missing_nightly() -> int:
    """Queues the analysis of published submissions that have none. Each publish and edit
    queues its own; one found here was lost (a broker flushed, a worker killed mid-task),
    so it is logged as a warning."""
    queued = submissions.queue_missing_analyses()
    if queued:
        logger.warning("search: %d published submissions had no analysis; queued", queued)
    return queued
