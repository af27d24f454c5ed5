"""Background jobs of search: the worker loads the model before the first event needs it, and
saves the nearest-neighbour graph of the vectors every minute when rows changed."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_startup

from crowdservice.search.engine.embedder import ModelUnavailable, get_embedder
from crowdservice.search.index.indexing import save_vector_index

logger = logging.getLogger(__name__)


@on_startup()
def load_embedder() -> None:
    """Without this, the first new post after a restart waits ~4 s for the model to load."""
    try:
        get_embedder()
    except ModelUnavailable:
        logger.exception("The search model cannot be loaded; new posts will not be indexed")


@db_periodic_task(crontab(minute="*"))
def update_vector_index() -> None:
    """Every minute: a new generation of the graph if rows changed (web processes search the
    rows indexed since the last one exactly, so this bounds that work, not freshness)."""
    if not settings.CROWDSERVICE_SEARCH_VECTOR_JOB:
        return
    report = save_vector_index()
    if report is not None:
        logger.info(
            "Vector index generation %d saved: %d vectors (%d changed, %s) in %.1f s, %.0f MB",
            report.generation, report.rows, report.changed,
            "built afresh" if report.full else "patched", report.seconds, report.bytes / 1e6,
        )  # fmt: skip
