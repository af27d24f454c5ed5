"""Browsing: the question list (all, per space, per tag), and the spaces and tags directories."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crowdservice.community.access import access_space, access_tag
from crowdservice.community.models import Space, Tag
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
from crowdservice.core.web import action_errors

TAGS_PER_PAGE = 60


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
    questions = list_questions(request.user, sort=sort, space=space, tag=tag)
    page = Paginator(questions, settings.CROWDSERVICE_PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page_obj": page,
        "questions": page.object_list,
        "sort": sort,
        "sorts": list(SORT_LABELS.items()),
        "space": space,
        "tag": tag,
        "spaces": all_spaces(),
        "popular_tags": popular_tags(),
    }
    return render(request, "community/question_list.html", context)


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
