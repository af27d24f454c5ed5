"""A typical minimal Django page: one small query rendered as a 20-row table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crowdservice.community.models import Tag


def trivial(request: HttpRequest) -> HttpResponse:
    tags = Tag.objects.order_by("name").only("name", "question_count", "created_at")[:20]
    return render(request, "bench/trivial.html", {"tags": tags})
