"""API v1: one search box over everything the caller may see."""

from __future__ import annotations

import math

from django.http import HttpRequest
from ninja import Query, Router

from crowdservice.accounts.api_auth import AUTH_OPTIONAL, api_user
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.schemas import describe_errors, error_responses
from crowdservice.search.schemas import MAX_Q_LENGTH, SearchHitOut, SearchIn, SearchOut
from crowdservice.search.service import search
from crowdservice.search.types import MAX_QUERY_CHARS

router = Router(tags=["search"])


@router.get(
    "",
    auth=AUTH_OPTIONAL,
    response={200: SearchOut, **error_responses(401, 422)},
    summary="Search",
    description=(
        "Search questions and answers you may see (deleted posts never appear, except to "
        "moderators). Any text is accepted: words are matched, punctuation, quotes and stop "
        f"words are ignored, and text with no searchable word gives no hits. `q` longer than "
        f"{MAX_Q_LENGTH:,} characters is refused with a 422; of a shorter one only the first "
        f"{MAX_QUERY_CHARS} characters are searched (`query` in the answer shows what was).\n\n"
        + describe_errors(401, 422)
    ),
)
def search_endpoint(request: HttpRequest, params: Query[SearchIn]) -> SearchOut:
    if len(params.q) > MAX_Q_LENGTH:
        raise ValidationFailed(
            {
                "q": [
                    f"The search text can be at most {MAX_Q_LENGTH:,} characters "
                    f"(it has {len(params.q):,}); shorten it to its key words."
                ]
            }
        )
    offset = (params.page - 1) * params.page_size
    results = search(api_user(request), params.q, limit=params.page_size, offset=offset)
    return SearchOut(
        query=results.query.text,
        terms=list(results.query.terms),
        count=results.total,
        page=params.page,
        page_size=params.page_size,
        pages=max(1, math.ceil(results.total / params.page_size)),
        hits=[SearchHitOut.of(hit) for hit in results.hits],
    )
