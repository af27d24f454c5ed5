"""`crowdservice export_openapi`: write the OpenAPI document (committed as docs/openapi.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def openapi_document() -> str:
    from crowdservice.api import api

    return (
        json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), indent=2, sort_keys=True) + "\n"
    )


class Command(BaseCommand):
    help = "Write the OpenAPI document of API v1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="-", help="file to write, or - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        document = openapi_document()
        if options["output"] == "-":
            self.stdout.write(document, ending="")
        else:
            Path(options["output"]).write_text(document)
            self.stdout.write(f"Wrote {options['output']}")
