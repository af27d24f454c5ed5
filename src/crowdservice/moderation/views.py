"""Moderation pages: the review queue, flagging, post actions, people, watched words, the audit
log, and a person's own standing. Thin: every rule lives in `actions` and `access`."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crowdservice.accounts.models import User
from crowdservice.core.errors import ActionError, NotAuthenticated, NotFound, ValidationFailed
from crowdservice.core.web import action_errors, back_url, signin_required
from crowdservice.moderation import actions
from crowdservice.moderation.access import (
    access_review_item,
    access_user_by_name,
    check_can_flag,
    require_moderator,
)
from crowdservice.moderation.forms import FlagForm, SanctionForm, WatchedWordForm
from crowdservice.moderation.models import ReviewItem, ReviewStatus, WatchedWord
from crowdservice.moderation.queries import (
    audit_log,
    queue_entries,
    queue_findings,
    review_items,
    warnings_and_sanctions,
)
from crowdservice.moderation.registry import describe_one, handler_for
from crowdservice.reputation.access import access_finding
from crowdservice.reputation.actions import do_confirm_finding, do_dismiss_finding

PER_PAGE = 25
POST_ACTIONS = {
    "hide": "Post hidden.",
    "unhide": "Post visible again.",
    "lock": "Question locked.",
    "unlock": "Question unlocked.",
}


def _me(request: HttpRequest) -> User:
    if not isinstance(request.user, User) or not request.user.is_authenticated:
        raise NotAuthenticated("Sign in first.")
    return request.user


@require_GET
@action_errors
@signin_required
def queue(request: HttpRequest) -> HttpResponse:
    me = require_moderator(request.user)
    status = (
        ReviewStatus.RESOLVED if request.GET.get("status") == "resolved" else ReviewStatus.PENDING
    )
    page = Paginator(review_items(status), PER_PAGE).get_page(request.GET.get("page"))
    # Open voting findings wait for a decision too: on the first page of what waits.
    waiting_first_page = status == ReviewStatus.PENDING and page.number == 1
    findings, more_findings = queue_findings(me) if waiting_first_page else ([], False)
    context = {
        "page_obj": page,
        "entries": queue_entries(list(page.object_list)),
        "status": status,
        "pending_count": ReviewItem.objects.filter(status=ReviewStatus.PENDING).count(),
        "findings": findings,
        "more_findings": more_findings,
    }
    return render(request, "moderation/queue.html", context)


FINDING_DECISIONS = {
    "confirm": "Finding confirmed: the votes between the accounts no longer count.",
    "dismiss": "Finding dismissed: the votes stand.",
}


@require_POST
@action_errors
@signin_required
def resolve_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Confirm or dismiss a voting finding from the queue, with reputation's own actions."""
    me = _me(request)
    finding = access_finding(me, finding_id)
    decision = request.POST.get("decision", "")
    if decision == "confirm":
        do_confirm_finding(actor=me, finding=finding)
    elif decision == "dismiss":
        do_dismiss_finding(actor=me, finding=finding)
    else:
        raise ValidationFailed({"decision": ["Choose confirm or dismiss."]})
    messages.success(request, FINDING_DECISIONS[decision])
    return redirect(back_url(request, reverse("moderation:queue")))


@require_POST
@action_errors
@signin_required
def resolve(request: HttpRequest, item_id: int) -> HttpResponse:
    me = _me(request)
    item = access_review_item(me, item_id)
    decision = request.POST.get("decision", "")
    done = actions.do_resolve(
        moderator=me, item=item, decision=decision, note=request.POST.get("note", "")[:2000]
    )
    messages.success(request, f"Done: {actions.DECISIONS[decision].lower()} ({done.info.title}).")
    return redirect(back_url(request, "/moderation/"))


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def flag(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    me = check_can_flag(request.user)
    handler = handler_for(kind)
    info = describe_one(kind, object_id)
    if not handler.visible_to(me, object_id):
        raise NotFound(f"That {kind} does not exist.")  # the same words as for no such post
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.do_flag(
                    flagger=me,
                    kind=kind,
                    object_id=object_id,
                    reason=form.cleaned_data["reason"],
                    message=form.cleaned_data["message"],
                )
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                if handler.visible_to(me, object_id):
                    messages.success(request, "Thanks: moderators will review the post.")
                    return redirect(info.url)
                # Enough flags hid it: its page is gone for the flagger too.
                messages.success(
                    request, "Thanks: the post is now hidden until a moderator reviews it."
                )
                return redirect("/")
    context = {"form": form, "info": info, "label": handler.label}
    return render(request, "moderation/flag.html", context, status=status)


@require_POST
@action_errors
@signin_required
def post_action(request: HttpRequest, kind: str, object_id: int, action: str) -> HttpResponse:
    me = _me(request)
    reason = request.POST.get("reason", "")[:2000]
    if action in ("hide", "unhide"):
        info = actions.do_set_post_visibility(
            moderator=me,
            kind=kind,
            object_id=object_id,
            visibility="hidden" if action == "hide" else "visible",
            reason=reason,
        )
    elif action in ("lock", "unlock"):
        info = actions.do_set_locked(
            moderator=me, kind=kind, object_id=object_id, locked=action == "lock", reason=reason
        )
    else:
        raise ValidationFailed({"action": ["Choose hide, unhide, lock or unlock."]})
    messages.success(request, POST_ACTIONS[action])
    return redirect(back_url(request, info.url))


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def person(request: HttpRequest, username: str) -> HttpResponse:
    me = _me(request)
    target = access_user_by_name(me, username)
    form = SanctionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.do_sanction(
                    moderator=me,
                    user=target,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"] or "",
                    days=form.cleaned_data["days"],
                )
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                messages.success(request, f"Recorded for {target.public_name}.")
                return redirect("moderation:person", username=target.username)
    sanctions, active = warnings_and_sanctions(target)
    context = {
        "person": target,
        "form": form,
        "sanctions": sanctions,
        "active": active,
        "entries": list(audit_log(username=target.username)[:50]),
    }
    return render(request, "moderation/person.html", context, status=status)


@require_POST
@action_errors
@signin_required
def lift(request: HttpRequest, sanction_id: int) -> HttpResponse:
    me = _me(request)
    sanction = actions.access_sanction(me, sanction_id)
    actions.do_lift_sanction(moderator=me, sanction=sanction, reason=request.POST.get("reason", ""))
    messages.success(request, "Lifted.")
    return redirect("moderation:person", username=sanction.user.username)


@require_GET
@action_errors
@signin_required
def audit(request: HttpRequest) -> HttpResponse:
    require_moderator(request.user)
    rows = audit_log(
        action=request.GET.get("action", "")[:40], username=request.GET.get("user", "")[:150]
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filter_action": request.GET.get("action", ""),
        "filter_user": request.GET.get("user", ""),
    }
    return render(request, "moderation/audit.html", context)


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def watched_words(request: HttpRequest) -> HttpResponse:
    me = require_moderator(request.user)
    form = WatchedWordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.do_add_watched_word(
                    moderator=me, word=form.cleaned_data["word"], action=form.cleaned_data["action"]
                )
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                messages.success(request, "Watched word added.")
                return redirect("moderation:watched_words")
    context = {"form": form, "words": WatchedWord.objects.select_related("created_by")}
    return render(request, "moderation/watched_words.html", context, status=status)


@require_POST
@action_errors
@signin_required
def remove_watched_word(request: HttpRequest, word_id: int) -> HttpResponse:
    actions.do_remove_watched_word(moderator=_me(request), word_id=word_id)
    messages.success(request, "Watched word removed.")
    return redirect("moderation:watched_words")


@require_GET
@action_errors
@signin_required
def standing(request: HttpRequest) -> HttpResponse:
    """A person's own record: warnings, sanctions in force, posts waiting or hidden. Never who
    flagged them."""
    me = _me(request)
    sanctions, active = warnings_and_sanctions(me)
    waiting = ReviewItem.objects.filter(content_author=me, status=ReviewStatus.PENDING).filter(
        reason="approval"
    ) | ReviewItem.objects.filter(content_author=me, status=ReviewStatus.PENDING, auto_hidden=True)
    context = {"sanctions": sanctions, "active": active, "waiting": list(waiting.order_by("-id"))}
    return render(request, "moderation/standing.html", context)
