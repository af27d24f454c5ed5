"""Settings for the page benchmark: the product's settings plus a trivial baseline page.

Only bench/pages.py uses this module (DJANGO_SETTINGS_MODULE=benchsite.settings, with bench/ on
the Python path); everything else, including the environment it reads, is the product's.
"""

from __future__ import annotations

from pathlib import Path

from crowdservice.settings import *  # noqa: F403
from crowdservice.settings import TEMPLATES

ROOT_URLCONF = "benchsite.urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]}
]
