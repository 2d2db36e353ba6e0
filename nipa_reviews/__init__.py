# The Celery app loads with Django, so tasks queued from views and commands use its settings.
from .celery import app as celery_app

__all__ = ("celery_app",)
