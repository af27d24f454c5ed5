"""The pieces every API router shares: the error format, the page envelope and input types.

`ErrorOut` and `error_responses` document the error format, `PageIn`/`PageOut`/`paginate` are the
page envelope of every list, and `Text` is a string that may not contain NUL characters (which
PostgreSQL refuses to store).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from pydantic import AfterValidator

M = TypeVar("M", bound=Model)
MAX_PAGE_SIZE = 100
# The largest id any database here can store; larger ids in a URL are simply unknown.
MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text may not contain NUL (\\x00) characters.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
"""Any text a person types: every character but NUL."""

Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60)]
Username = Annotated[str, Field(pattern=r"^[\w.@+-]+$", max_length=150)]
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    """Every error: a sentence for people, a code for programs, and per-field messages."""

    detail: str = Field(description="What went wrong, as a sentence a person understands.")
    code: str = Field(description="A stable machine-readable code, e.g. `not_found`.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per input field (validation errors)."
    )


_ERROR_MEANINGS = {
    400: "The request body is not valid JSON, or the request cannot be carried out.",
    401: "No valid credentials: sign in or send a valid API token.",
    403: "Signed in, but not allowed to do this (or the CSRF token is missing on a session write).",
    404: "The object does not exist or was deleted.",
    409: "The request conflicts with the current state (e.g. a repeated vote).",
    413: "The request body is too large.",
    422: "Some input fields are invalid; see `fields`.",
    429: (
        "Too many requests of this kind for now (new members' posting limits, flag limits); "
        "`detail` says when to try again."
    ),
}


def error_responses(*codes: int) -> dict[int, Any]:
    """The documented error statuses of an operation, all in the `ErrorOut` format."""
    return dict.fromkeys(codes, ErrorOut)


def describe_errors(*codes: int) -> str:
    return "\n".join(f"- **{code}**: {_ERROR_MEANINGS[code]}" for code in codes)


class PageIn(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="Items per page, at most 100.")


class PageOut(Schema):
    """The envelope of every list: `items` plus where this page sits in the whole."""

    count: int = Field(description="How many items there are in all pages.")
    page: int
    page_size: int
    pages: int = Field(description="How many pages there are (at least 1).")


def paginate(rows: QuerySet[M] | Sequence[M], params: PageIn) -> tuple[list[M], dict[str, int]]:
    """One page of `rows` and the envelope fields: a count query and a slice query."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (params.page - 1) * params.page_size
    items = list(rows[start : start + params.page_size])
    meta = {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": max(1, math.ceil(count / params.page_size)),
    }
    return items, meta
