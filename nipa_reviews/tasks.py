"""Background jobs, run by the worker."""

from __future__ import annotations

# The worker registers the tasks of every app's tasks module; the email task lives with
# the email backend that queues it.
from nipa_reviews.mail import deliver_email

__all__ = ["deliver_email"]
