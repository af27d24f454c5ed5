"""The search results page, over whatever backend `search.service` is configured with."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crowdservice.search.service import search
from crowdservice.search.tiers import tier_label
from crowdservice.search.types import MAX_QUERY_CHARS

BADGE_LABELS = {"accepted": "Accepted", "answered": "Answered", "endorsed": "Endorsed"}


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[: MAX_QUERY_CHARS * 2]
    size = settings.CROWDSERVICE_PAGE_SIZE
    raw_page = request.GET.get("page", "1")
    number = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
    results = search(request.user, text, limit=size, offset=(number - 1) * size)
    # A paginator over the total count numbers the pages; the backend returned this page's hits.
    page = Paginator(range(results.total), size).get_page(number)
    hits = [
        (
            hit,
            [BADGE_LABELS.get(b, b.title()) for b in hit.badges if b != hit.tier],
            tier_label(hit.tier),
        )
        for hit in results.hits
    ]
    context = {
        "search_query": results.query.text,
        "results": results,
        "hits": hits,
        "page_obj": page,
    }
    return render(request, "search/results.html", context)
