"""The case pages: customers' portal (file, my cases, reply, close, rate), agents' workspace
(queues, the case page, replies and notes, macros, merging, publishing), and the admins' list of
inbound mail. Thin: every rule is in `actions` and `access`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crowdservice.accounts.roles import Role
from crowdservice.cases import actions
from crowdservice.cases.access import (
    access_case,
    is_agent,
    require_agent,
    require_user,
)
from crowdservice.cases.forms import AgentReplyForm, CaseForm, PublishForm, RateForm, ReplyForm
from crowdservice.cases.mail.inbound import process
from crowdservice.cases.models import (
    Attachment,
    Case,
    InboundEmail,
    InboundStatus,
    Macro,
    Priority,
    Queue,
    Status,
    WorkSource,
)
from crowdservice.cases.queries import (
    QUEUE_VIEWS,
    QueueFilters,
    case_page,
    customers_questions,
    hot_unanswered,
    knowledge_links,
    my_cases,
    queue_cases,
)
from crowdservice.community.access import access_question
from crowdservice.community.queries import all_spaces
from crowdservice.core.errors import ActionError, Forbidden, NotFound
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required
from crowdservice.deflection.actions import do_record_filed, do_start_session
from crowdservice.deflection.models import Surface
from crowdservice.deflection.views import SESSION_FIELD
from crowdservice.search.service import suggest
from crowdservice.search.tiers import TIER_CLASSES, tier_label

PAGE_SIZE = 25


def _reply_form(request: HttpRequest, data: Any = None, files: Any = None) -> ReplyForm:
    return AgentReplyForm(data, files) if is_agent(request.user) else ReplyForm(data, files)


def _case_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    return {
        "case": case,
        "page": case_page(request.user, case),
        "reply_form": extra.pop("reply_form", None) or _reply_form(request),
        "rate_form": extra.pop("rate_form", None) or RateForm(),
        "statuses": Status.choices,
        "priorities": Priority.choices,
        "is_requester": case.requester_id == request.user.pk,
        **extra,
    }


@require_GET
@action_errors
@signin_required
def my_case_list(request: HttpRequest) -> HttpResponse:
    me = require_user(request.user)
    page = Paginator(my_cases(me), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/my_cases.html", {"cases": page, "page_obj": page})


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def new_case(request: HttpRequest) -> HttpResponse:
    me = require_user(request.user)
    spaces = list(all_spaces())
    status = 200
    if request.method == "POST":
        token = request.POST.get(SESSION_FIELD, "")[:64]
        form = CaseForm(request.POST, request.FILES, spaces=spaces)
        status = 422
        if form.is_valid():
            try:
                case = actions.do_open_case(requester=me, **form.action_kwargs())
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                do_record_filed(token, me, "case", case.pk, title=case.subject)
                messages.success(request, f"Case #{case.pk} is open. We'll answer by email too.")
                return redirect(case)
    else:
        form = CaseForm(spaces=spaces)
        token = do_start_session(user=me, surface=Surface.CASE).token
    context = {"form": form, "deflection_token": token}
    return render(request, "cases/new_case.html", context, status=status)


@require_GET
@action_errors
@signin_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    return render(request, "cases/case.html", _case_context(request, case))


def _conversation(
    request: HttpRequest, case: Case, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _case_context(request, case, **extra)
    if is_htmx(request):
        return render(request, "cases/partials/conversation.html", context, status=status)
    return render(request, "cases/case.html", context, status=status)


@require_POST
@action_errors
@signin_required
def reply(request: HttpRequest, case_id: int) -> HttpResponse:
    me = require_user(request.user)
    case = access_case(me, case_id)
    form = _reply_form(request, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_reply(
                actor=me,
                case=case,
                body=data["body"],
                internal=bool(data.get("internal")),
                status=data.get("status") or None,
                attachments=[*_files(data)],
                # The case page's timer (agents): seconds worked since the last record.
                work_seconds=request.POST.get("work_seconds", "") if is_agent(me) else 0,
            )
        except ActionError as exc:
            form.add_action_error(exc)
            return _conversation(request, case, exc.status_code, reply_form=form)
        case = access_case(me, case_id)
        if not is_htmx(request):
            messages.success(request, "Your reply is added.")
            return redirect(case)
        # The reply can change the status, SLA and timeline too: htmx reloads the whole page.
        response = _conversation(request, case)
        response["HX-Refresh"] = "true"
        return response
    return _conversation(request, case, 422, reply_form=form)


def _files(data: dict[str, Any]) -> list[actions.AttachmentIn]:
    from crowdservice.cases.forms import attachments_in

    return attachments_in(data.get("attachments") or [])


@require_POST
@action_errors
@signin_required
def close_case(request: HttpRequest, case_id: int) -> HttpResponse:
    me = require_user(request.user)
    case = access_case(me, case_id)
    actions.do_change_status(actor=me, case=case, status=Status.CLOSED)
    messages.success(request, f"Case #{case.pk} is closed.")
    return redirect(case)


@require_POST
@action_errors
@signin_required
def update_case(request: HttpRequest, case_id: int) -> HttpResponse:
    me = require_agent(request.user)
    case = access_case(me, case_id)
    post = request.POST
    assignee: int | str | None = ""
    if "assignee" in post:
        raw = post["assignee"]
        assignee = me.pk if raw == "me" else int(raw) if raw.isdigit() else None
    queue: int | str | None = ""
    if "queue" in post:
        queue = int(post["queue"]) if post["queue"].isdigit() else None
    actions.do_update_case(
        actor=me,
        case=case,
        priority=post.get("priority") or None,
        status=post.get("status") or None,
        assignee_id=assignee,
        queue_id=queue,
        tags=post.get("tags", None),
        work_seconds=post.get("work_seconds", ""),
    )
    messages.success(request, "The case is updated.")
    return redirect(case)


@require_POST
@action_errors
@signin_required
def record_work_time(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case page's beacon (`navigator.sendBeacon`) on leaving: the agent's work time not yet
    saved with a reply or a change. A form post, so the CSRF token travels in the body."""
    me = require_user(request.user)
    case = access_case(me, case_id)
    actions.do_record_work_time(
        actor=me, case=case, seconds=request.POST.get("seconds", ""), source=WorkSource.PAGE
    )
    return HttpResponse(status=204)


@require_POST
@action_errors
@signin_required
def rate_case(request: HttpRequest, case_id: int) -> HttpResponse:
    me = require_user(request.user)
    case = access_case(me, case_id)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            actions.do_rate(
                actor=me,
                case=case,
                score=form.cleaned_data["score"] or 0,
                comment=form.cleaned_data["comment"],
            )
        except ActionError as exc:
            form.add_action_error(exc)
            context = _case_context(request, case, rate_form=form)
            return render(request, "cases/case.html", context, status=exc.status_code)
        messages.success(request, "Thank you for rating our help.")
        return redirect(case)
    context = _case_context(request, case, rate_form=form)
    return render(request, "cases/case.html", context, status=422)


@require_POST
@action_errors
@signin_required
def merge_case(request: HttpRequest, case_id: int) -> HttpResponse:
    me = require_agent(request.user)
    case = access_case(me, case_id)
    raw = request.POST.get("target", "").strip().lstrip("#")
    if not raw.isdigit() or len(raw) > 15:
        raise NotFound("Enter the number of the case to merge into, like 123.")
    target = access_case(me, int(raw))
    actions.do_merge(actor=me, source=case, target=target)
    messages.success(request, f"Case #{case.pk} is merged into #{target.pk}.")
    return redirect(target)


@require_GET
@action_errors
@signin_required
def macro_text(request: HttpRequest, case_id: int) -> HttpResponse:
    """The reply box filled with a macro's text (an htmx fragment)."""
    me = require_agent(request.user)
    case = access_case(me, case_id)
    raw = request.GET.get("macro", "")
    macro = Macro.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 15 else None
    if macro is None:
        raise NotFound("There is no such macro.")
    form = AgentReplyForm(
        initial={"body": actions.render_macro(macro, case, me), "status": macro.set_status}
    )
    return render(request, "cases/partials/reply_fields.html", {"case": case, "reply_form": form})


@require_GET
@action_errors
@signin_required
def case_suggestions(request: HttpRequest, case_id: int) -> HttpResponse:
    """Answers from the community and help-center articles (the deflection engine) that may
    solve the case, for agents, each with its trust tier."""
    me = require_agent(request.user)
    case = access_case(me, case_id)
    hits = suggest(me, case.subject, space_id=case.space_id)
    rows = [(hit, tier_label(hit.tier), TIER_CLASSES.get(hit.tier, "")) for hit in hits]
    context = {"hits": hits, "rows": rows, "case": case}
    return render(request, "cases/partials/suggestions.html", context)


@require_GET
@action_errors
@signin_required
def knowledge_search(request: HttpRequest, case_id: int) -> HttpResponse:
    """Help-center articles for the reply box (an htmx fragment), each with a link to insert."""
    me = require_agent(request.user)
    case = access_case(me, case_id)
    query = " ".join(request.GET.get("q", "").split())[:200]
    links = knowledge_links(me, query, request.build_absolute_uri) if query else []
    context = {"case": case, "query": query, "links": links}
    return render(request, "cases/partials/knowledge_links.html", context)


@require_GET
@action_errors
@signin_required
def attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """A file, to those who may see its message (never one on an internal note to customers)."""
    me = require_user(request.user)
    found = Attachment.objects.select_related("message", "case").filter(pk=attachment_id).first()
    if found is None:
        raise NotFound("There is no such attachment.")
    access_case(me, found.case_id)
    if found.message.is_internal and not is_agent(me):
        raise NotFound("There is no such attachment.")
    # Files are at most CROWDSERVICE_CASE_ATTACHMENT_MAX_BYTES; always a download, never rendered.
    with found.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, found.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def publish(request: HttpRequest, case_id: int) -> HttpResponse:
    """Publish the resolution (to the community, or as a knowledge-base draft): first a review
    of exactly what is sent, private details removed, then publish."""
    me = require_agent(request.user)
    case = access_case(me, case_id)
    preview = None
    status = 200
    if request.method == "POST":
        form = PublishForm(request.POST)
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            kwargs = {
                "actor": me, "case": case, "mode": data["mode"], "answer": data["answer"],
                "title": data["title"], "question_body": data["question_body"],
            }  # fmt: skip
            try:
                if request.POST.get("step") == "publish" and data["mode"] == "kb":
                    draft = actions.publish_to_knowledge_base_draft(
                        actor=me, case=case, answer=data["answer"], title=data["title"],
                        question_body=data["question_body"],
                    )  # fmt: skip
                    messages.success(
                        request, "The resolution is a knowledge-base draft now; editors review it."
                    )
                    return redirect(draft.get_absolute_url())
                if request.POST.get("step") == "publish":
                    posted = actions.do_publish_resolution(**kwargs)
                    messages.success(request, "The resolution is published to the community.")
                    return redirect(posted.get_absolute_url())
                preview = actions.preview_publication(**kwargs)
                status = 200
                form = PublishForm(
                    initial={
                        "mode": preview.mode, "title": preview.title,
                        "question_body": preview.question_body, "answer": preview.answer_body,
                    }
                )  # fmt: skip
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
    else:
        last_reply = next(
            (
                m.body
                for m in reversed(case_page(me, case).messages)
                if not m.is_internal and m.author_id != case.requester_id
            ),
            "",
        )
        mode = "answer" if actions.community_linked(case) else "question"
        if request.GET.get("mode") == actions.PublishMode.KNOWLEDGE_BASE:
            mode = actions.PublishMode.KNOWLEDGE_BASE
        form = PublishForm(
            initial={
                "mode": mode,
                "title": case.subject, "question_body": case.description, "answer": last_reply,
            }
        )  # fmt: skip
    context = {"case": case, "form": form, "preview": preview}
    return render(request, "cases/publish.html", context, status=status)


@require_POST
@action_errors
@signin_required
def escalate(request: HttpRequest, question_id: int) -> HttpResponse:
    """'I still need help' (the asker) or 'Open a support case' (an agent) on a thread."""
    me = require_user(request.user)
    question = access_question(me, question_id)
    case = actions.do_escalate_question(actor=me, question=question)
    messages.success(request, f"Our support team is on it: case #{case.pk}.")
    return redirect(case)


@require_GET
@action_errors
@signin_required
def agent_queue(request: HttpRequest) -> HttpResponse:
    me = require_agent(request.user)
    filters = QueueFilters(
        view=request.GET.get("view", "open")[:20],
        status=request.GET.get("status", "")[:10],
        priority=request.GET.get("priority", "")[:10],
        queue=request.GET.get("queue", "")[:60],
        q=request.GET.get("q", "")[:200],
        sort=request.GET.get("sort", "updated")[:10],
    )
    paginator = Paginator(queue_cases(me, filters), PAGE_SIZE)
    # Counted with the filter the status index answers fastest (the same rows).
    paginator.__dict__["count"] = queue_cases(me, filters, for_count=True).count()
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "cases": page,
        "page_obj": page,
        "filters": filters,
        "views": QUEUE_VIEWS,
        "statuses": Status.choices,
        "priorities": Priority.choices,
        "queues": list(Queue.objects.all()),
    }
    if is_htmx(request):
        return render(request, "cases/partials/queue_rows.html", context)
    context["hot_questions"] = hot_unanswered()
    context["customer_questions"] = customers_questions(me)
    return render(request, "cases/queue.html", context)


@require_POST
@action_errors
@signin_required
def bulk_update(request: HttpRequest) -> HttpResponse:
    me = require_agent(request.user)
    ids = [int(v) for v in request.POST.getlist("cases") if v.isdigit() and len(v) < 15]
    assignee: int | str | None = ""
    raw = request.POST.get("assignee", "")
    if raw == "me":
        assignee = me.pk
    elif raw == "none":
        assignee = None
    changed = actions.do_bulk_update(
        actor=me,
        case_ids=ids,
        status=request.POST.get("status") or None,
        priority=request.POST.get("priority") or None,
        assignee_id=assignee,
    )
    messages.success(request, f"{changed} case{'s' if changed != 1 else ''} updated.")
    return redirect(
        (
            request.POST.get("next_view")
            and f"{reverse('cases:queue')}?view={request.POST['next_view'][:20]}"
        )
        or reverse("cases:queue")
    )


@require_GET
@action_errors
@signin_required
def inbound_mail(request: HttpRequest) -> HttpResponse:
    """Admins: received mail that failed or waits, with the error, and a retry button."""
    me = require_user(request.user)
    if me.role != Role.ADMIN:
        raise Forbidden("Only admins can see the inbound mail log.")
    status = request.GET.get("status", "failed")
    mails = InboundEmail.objects.defer("raw").order_by("-received_at")
    if status in InboundStatus.values:
        mails = mails.filter(status=status)
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    context = {"mails": page, "page_obj": page, "status": status, "statuses": InboundStatus.choices}
    return render(request, "cases/inbound_mail.html", context)


@require_POST
@action_errors
@signin_required
def retry_mail(request: HttpRequest, inbound_id: int) -> HttpResponse:
    me = require_user(request.user)
    if me.role != Role.ADMIN:
        raise Forbidden("Only admins can retry inbound mail.")
    inbound = InboundEmail.objects.filter(pk=inbound_id).first()
    if inbound is None:
        raise NotFound("There is no such mail.")
    result = process(inbound)
    messages.info(request, f"Mail {inbound.pk}: {result.get_status_display()}. {result.outcome}")
    return redirect(reverse("cases:inbound_mail"))
