"""The review queue of suggested edits: approve or reject others' edits."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from crowdservice.accounts.access import require_user
from crowdservice.community.actions import access_suggested_edit, do_review_edit, pending_edits
from crowdservice.core.markdown import render_markdown
from crowdservice.core.web import action_errors, signin_required

QUEUE_SIZE = 50


@require_GET
@action_errors
@signin_required
def review_edits(request: HttpRequest) -> HttpResponse:
    me = require_user(request.user)
    suggestions = list(pending_edits(me)[:QUEUE_SIZE])
    items = [(s, render_markdown(s.post.body), render_markdown(s.body)) for s in suggestions]
    return render(request, "community/review_edits.html", {"items": items})


@require_POST
@action_errors
@signin_required
def review_edit(request: HttpRequest, suggestion_id: int, verdict: str) -> HttpResponse:
    me = require_user(request.user)
    suggestion = access_suggested_edit(me, suggestion_id)
    do_review_edit(actor=me, suggestion=suggestion, approve=verdict == "approve")
    messages.success(
        request, "The edit is applied." if verdict == "approve" else "The edit is rejected."
    )
    return redirect(reverse("community:review_edits"))
