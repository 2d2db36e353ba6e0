"""The Celery app: background jobs on the broker named in settings (Redis), beat's schedule.

`celery -A nipa_reviews worker -B` finds this module through `nipa_reviews/__init__.py`.
With no broker configured (`make run` with nothing installed, the tests), every task runs
in-process when it is queued (`CELERY_TASK_ALWAYS_EAGER`).
"""

from __future__ import annotations

import logging
import os

from celery import Celery, Task
from celery.result import AsyncResult, EagerResult
from celery.signals import beat_init, celeryd_init, worker_init
from django.conf import settings
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nipa_reviews.settings")

app = Celery("nipa_reviews")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each installed app's tasks.py: nipa_reviews.tasks now, the moderation app's later.
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args, **kwargs) -> AsyncResult | EagerResult:
    """Queues `task` for the worker, or runs it here and now when the broker is unreachable.

    Requests queue tasks (a sign-up's verification email), so a broker that is down must
    cost a warning and a moment, never the request: settings make the publish a single
    attempt with short timeouts, and the task then runs in this process instead.
    """
    try:
        return task.apply_async(args, kwargs)
    except OperationalError as error:
        logger.warning("Celery broker unreachable (%s): running %s in-process", error, task.name)
        return task.apply(args, kwargs)


@celeryd_init.connect
@beat_init.connect
def _refuse_to_start_without_a_broker(**kwargs) -> None:
    # Celery's own default broker is RabbitMQ on localhost, which this project never uses:
    # without this a worker started with no broker configured would wait for one forever.
    # SystemExit, because Celery logs and ignores other exceptions from signal handlers.
    if not settings.CELERY_BROKER_URL:
        raise SystemExit(
            "No broker for the worker: set REDIS_URL (or CELERY_BROKER_URL), e.g. in .env."
        )


@worker_init.connect
def _preload_the_analyser(**kwargs) -> None:
    # The worker analyses what people write (nipa_reviews.search): Kiwi's model, about
    # 500 MB, is loaded and warmed once here, in the main process, so the pool's children
    # forked after share it instead of each reading its own.
    from nipa_reviews.search.analysis import preload

    preload()
