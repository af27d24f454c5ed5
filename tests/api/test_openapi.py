"""The committed OpenAPI document matches the code, and the live schema and docs answer."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from django.test import Client

from crowdservice.core.management.commands.export_openapi import openapi_document

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_matches_the_code() -> None:
    assert COMMITTED.exists(), "docs/openapi.json is missing: run `make openapi` and commit it."
    committed = COMMITTED.read_text()
    current = openapi_document()
    if committed != current:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    "docs/openapi.json (committed)",
                    "openapi_document() (code)",
                )
            )[:60]
        )
        raise AssertionError(
            "The API changed but docs/openapi.json did not: run `make openapi` and commit the "
            f"result.\n{diff}"
        )


def test_every_operation_is_documented() -> None:
    document = json.loads(openapi_document())
    for path, item in document["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), f"{where} has no summary"
            assert operation.get("description"), f"{where} has no description"
            assert operation.get("tags"), f"{where} has no tag"
            errors = [code for code in operation["responses"] if code.startswith("4")]
            assert errors, f"{where} documents no error response"
            for code in errors:
                schema = operation["responses"][code]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, where


def test_live_schema_and_docs_answer(db: None) -> None:
    client = Client()

    schema = client.get("/api/v1/openapi.json")
    docs = client.get("/api/v1/docs")

    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "CrowdService API"
    assert "/api/v1/questions" in schema.json()["paths"]
    assert docs.status_code == 200
    assert b"/api/v1/openapi.json" in docs.content


def test_interactive_docs_load_nothing_from_other_origins(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in url for url in assets)
    assert [url for url in assets if "://" in url or url.startswith("//")] == []
