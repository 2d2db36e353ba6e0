"""Moderation's background jobs (beat's schedule is in settings)."""

from __future__ import annotations

import logging

from celery import shared_task

from .services import takedowns_expire

logger = logging.getLogger(__name__)


@shared_task
def expire_takedowns_daily() -> int:
    """Every 임시조치 past its decision date without a decision returns, audited."""
    returned = takedowns_expire()
    logger.info("임시조치 기한 만료로 복원: %s건", returned)
    return returned
