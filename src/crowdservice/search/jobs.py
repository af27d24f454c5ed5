"""Background jobs of search: the worker loads the model before the first event needs it."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import on_startup

from crowdservice.search.engine.embedder import ModelUnavailable, get_embedder

logger = logging.getLogger(__name__)


@on_startup()
def load_embedder() -> None:
    """Without this, the first new post after a restart waits ~4 s for the model to load."""
    try:
        get_embedder()
    except ModelUnavailable:
        logger.exception("The search model cannot be loaded; new posts will not be indexed")
