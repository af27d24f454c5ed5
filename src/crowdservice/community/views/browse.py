"""Browsing: the question list (all, per space, per tag), and the spaces and tags directories."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from crowdservice.community.access import access_space, access_tag
from crowdservice.community.models import Space, Tag, TagFollow
from crowdservice.community.queries import (
    SORT_LABELS,
    Sort,
    all_spaces,
    popular_tags,
    tag_directory,
)
from crowdservice.community.queries import (
    question_list as list_questions,
)
from crowdservice.community.views.common import cached_fragment
from crowdservice.core.web import action_errors

TAGS_PER_PAGE = 60
# Anonymous readers share list pages rendered up to this many seconds ago (as Stack Overflow
# does); signed-in people, who may just have posted, always get a fresh list.
ANONYMOUS_LIST_TTL = 30


def _sort(request: HttpRequest) -> Sort:
    raw = request.GET.get("sort", "")
    return Sort(raw) if raw in Sort._value2member_map_ else Sort.NEWEST


def _list_page(
    request: HttpRequest, *, space: Space | None = None, tag: Tag | None = None
) -> HttpResponse:
    # A space page may narrow by tag and a tag page by space, through the query string.
    if space is None and request.GET.get("space"):
        space = access_space(request.GET["space"])
    if tag is None and request.GET.get("tag"):
        tag = access_tag(request.GET["tag"])
    sort = _sort(request)
    page_number = request.GET.get("page", "1")[:8]
    if not request.user.is_authenticated:
        key = f"list-html:{sort}:{space.pk if space else ''}:{tag.pk if tag else ''}:{page_number}"
        main = cached_fragment(key, ANONYMOUS_LIST_TTL, lambda: render_to_string(
            "community/partials/question_list_main.html",
            _list_context(request, sort, space, tag, page_number), request=request,
        ))  # fmt: skip
        context = {"space": space, "tag": tag, "cached_main": main}
        return render(request, "community/question_list.html", context)
    context = _list_context(request, sort, space, tag, page_number)
    return render(request, "community/question_list.html", context)


def _list_context(
    request: HttpRequest, sort: Sort, space: Space | None, tag: Tag | None, page_number: str
) -> dict[str, Any]:
    questions = list_questions(request.user, sort=sort, space=space, tag=tag)
    page = Paginator(questions, settings.CROWDSERVICE_PAGE_SIZE).get_page(page_number)
    return {
        "page_obj": page,
        "questions": page.object_list,
        "sort": sort,
        "sorts": list(SORT_LABELS.items()),
        "space": space,
        "tag": tag,
        "spaces": all_spaces(),
        "popular_tags": popular_tags(),
        # Signed-in people only (anonymous list pages are shared): do they follow this tag?
        "follows_tag": tag is not None
        and request.user.is_authenticated
        and TagFollow.objects.filter(user_id=request.user.pk, tag=tag).exists(),
    }


@require_GET
@action_errors
def question_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@require_GET
@action_errors
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _list_page(request, space=access_space(slug))


@require_GET
@action_errors
def tag_detail(request: HttpRequest, name: str) -> HttpResponse:
    return _list_page(request, tag=access_tag(name))


@require_GET
def space_list(request: HttpRequest) -> HttpResponse:
    return render(request, "community/space_list.html", {"spaces": all_spaces()})


@require_GET
def tag_list(request: HttpRequest) -> HttpResponse:
    prefix = request.GET.get("q", "").strip()[:35]
    page = Paginator(tag_directory(prefix), TAGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/tag_list.html",
        {"page_obj": page, "tags": page.object_list, "tag_query": prefix},
    )
