"""The help center (readers) and the knowledge-base editor pages (staff). Thin: access, act, render.

Anonymous readers of an article share one rendering per article version and language (cached
like the question page), so the help center serves as fast as the community.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crowdservice.community.views.common import cached_fragment
from crowdservice.core.errors import ActionError, NotFound, ValidationFailed
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, back_url, signin_required
from crowdservice.knowledge import actions, queries
from crowdservice.knowledge.access import (
    access_article,
    access_article_for_edit,
    access_category,
    access_section,
    can_publish,
    is_writer,
    require_publisher,
    require_user,
    require_writer,
)
from crowdservice.knowledge.actions.translations import translation_languages
from crowdservice.knowledge.content import diff_lines
from crowdservice.knowledge.forms import (
    ArticleForm,
    FeedbackForm,
    ScheduleForm,
    SuggestionForm,
    TranslationForm,
    UploadForm,
)
from crowdservice.knowledge.models import (
    Article,
    Attachment,
    EditSuggestion,
    Feedback,
    Section,
)

ANONYMOUS_ARTICLE_TTL = 60


def _sections() -> list[Section]:
    return list(
        Section.objects.select_related("category").order_by("category__position", "position")
    )


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


# Readers -------------------------------------------------------------------------------------


@require_GET
@action_errors
def home(request: HttpRequest) -> HttpResponse:
    context = {"categories": queries.help_center(request.user)}
    return render(request, "knowledge/home.html", context)


@require_GET
@action_errors
def category(request: HttpRequest, slug: str) -> HttpResponse:
    found = access_category(slug)
    views = queries.help_center(request.user, categories=type(found).objects.filter(pk=found.pk))
    context = {"category": found, "sections": views[0].sections if views else []}
    return render(request, "knowledge/category.html", context)


@require_GET
@action_errors
def section(request: HttpRequest, slug: str) -> HttpResponse:
    found = access_section(slug)
    context = {"section": found, "articles": queries.section_articles(request.user, found)}
    return render(request, "knowledge/section.html", context)


@require_GET
@action_errors
def label(request: HttpRequest, name: str) -> HttpResponse:
    context = {"label": name, "articles": queries.label_articles(request.user, name)}
    return render(request, "knowledge/label.html", context)


def _article_context(request: HttpRequest, article: Article, **extra: Any) -> dict[str, Any]:
    preview = is_writer(request.user) and request.GET.get("preview") == "draft"
    page = queries.article_page(
        request.user,
        article,
        language=_language(),
        default_language=settings.LANGUAGE_CODE,
        preview=preview,
    )
    return {
        "page": page,
        "article": article,
        "is_writer": is_writer(request.user),
        "can_publish": can_publish(request.user),
        "feedback_form": FeedbackForm(),
        "suggestion_form": SuggestionForm(),
        "translation_languages": translation_languages(),
        **extra,
    }


@require_GET
@action_errors
def article(request: HttpRequest, article_id: int, slug: str | None = None) -> HttpResponse:
    found = access_article(request.user, article_id)
    if slug != found.slug:
        return redirect(found.get_absolute_url(), permanent=found.is_live)
    if not request.user.is_authenticated:
        # Saves and publishes bump the version, translations the update time; helpfulness counts
        # and related articles may lag by the TTL.
        stamp = found.updated_at.timestamp()
        key = f"kb-article:{found.pk}:{found.version}:{stamp}:{_language()}"
        main = cached_fragment(
            key,
            ANONYMOUS_ARTICLE_TTL,
            lambda: render_to_string(
                "knowledge/partials/article_main.html",
                _article_context(request, found),
                request=request,
            ),
        )
        return render(request, "knowledge/article.html", {"article": found, "cached_main": main})
    return render(request, "knowledge/article.html", _article_context(request, found))


@require_GET
@action_errors
def attachment(request: HttpRequest, attachment_id: int, name: str) -> HttpResponse:
    found = Attachment.objects.filter(pk=attachment_id, name=name).first()
    if found is None:
        raise NotFound("This file does not exist.")
    access_article(request.user, found.article_id)  # the article's readers only
    with found.file.open("rb") as stored:  # at most CROWDSERVICE_KB_MAX_UPLOAD_BYTES
        response = HttpResponse(stored.read(), content_type=found.content_type)
    disposition = content_disposition_header(not found.is_image, found.name)
    if disposition:
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@signin_required
@action_errors
def feedback(request: HttpRequest, article_id: int) -> HttpResponse:
    me = require_user(request.user)
    found = access_article(me, article_id)
    form = FeedbackForm(request.POST)
    status = 200
    if not form.is_valid():
        raise ValidationFailed({"helpful": [_("Say whether the article helped: yes or no.")]})
    actions.do_give_feedback(
        user=me,
        article=found,
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data.get("comment") or "",
    )
    if is_htmx(request):
        found.refresh_from_db()
        context = _article_context(request, found, feedback_sent=True)
        return render(request, "knowledge/partials/feedback.html", context, status=status)
    messages.success(request, _("Thank you for your feedback."))
    return redirect(found)


@require_POST
@signin_required
@action_errors
def suggest_edit(request: HttpRequest, article_id: int) -> HttpResponse:
    me = require_user(request.user)
    found = access_article(me, article_id)
    form = SuggestionForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            actions.do_suggest_edit(user=me, article=found, text=form.cleaned_data["text"])
        except ActionError as exc:
            form.add_action_error(exc)
            status = exc.status_code
        else:
            if is_htmx(request):
                return render(request, "knowledge/partials/suggestion_sent.html", {})
            messages.success(request, _("Thank you: an editor will look at your suggestion."))
            return redirect(found)
    context = _article_context(request, found, suggestion_form=form)
    template = (
        "knowledge/partials/suggest_form.html" if is_htmx(request) else "knowledge/article.html"
    )
    return render(request, template, context, status=status)


# Editors -------------------------------------------------------------------------------------


@require_GET
@signin_required
@action_errors
def manage(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    context = {
        "lists": queries.manage_lists(request.user),
        "counts": queries.queue_counts(),
        "can_publish": can_publish(request.user),
    }
    return render(request, "knowledge/manage.html", context)


@require_GET
@signin_required
@action_errors
def stale_report(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    context = {
        "articles": queries.stale_articles(),
        "broken": queries.broken_links(),
        "today": timezone.localdate(),
    }
    return render(request, "knowledge/stale.html", context)


@require_http_methods(["GET", "POST"])
@signin_required
@action_errors
def queue(request: HttpRequest) -> HttpResponse:
    me = require_publisher(request.user, "work the feedback queue")
    if request.method == "POST":
        kind, item_id = request.POST.get("kind"), request.POST.get("id", "")
        if not item_id.isdigit():
            raise ValidationFailed({"id": [_("Choose an item of the queue.")]})
        if kind == "feedback":
            item = Feedback.objects.filter(pk=int(item_id)).first()
            if item is None:
                raise NotFound(_("This feedback does not exist."))
            actions.do_resolve_feedback(actor=me, feedback=item)
        elif kind == "suggestion":
            suggestion = EditSuggestion.objects.filter(pk=int(item_id)).first()
            if suggestion is None:
                raise NotFound(_("This suggestion does not exist."))
            accept = request.POST.get("decision") == "accept"
            actions.do_resolve_suggestion(actor=me, suggestion=suggestion, accept=accept)
        else:
            raise ValidationFailed({"kind": [_("Choose feedback or a suggestion.")]})
        messages.success(request, _("Done."))
        return redirect("knowledge:queue")
    context = {"feedback": queries.feedback_queue(), "suggestions": queries.suggestion_queue()}
    return render(request, "knowledge/queue.html", context)


def _form_kwargs(form: ArticleForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data.get("title") or "",
        "body": data.get("body") or "",
        "section_id": data.get("section"),
        "visibility": data.get("visibility") or "public",
        "labels": data.get("labels") or "",
        "related_ids": form.related_ids(),
        "review_by": data.get("review_by"),
        "summary": data.get("summary") or "",
    }


@require_http_methods(["GET", "POST"])
@signin_required
@action_errors
def new_article(request: HttpRequest) -> HttpResponse:
    me = require_writer(request.user)
    sections = _sections()
    status = 200
    if request.method == "POST":
        form = ArticleForm(request.POST, sections=sections)
        status = 422
        if form.is_valid():
            kwargs = _form_kwargs(form)
            if not form.errors:
                try:
                    created = actions.do_create_article(author=me, **kwargs)
                except ActionError as exc:
                    form.add_action_error(exc)
                    status = exc.status_code
                else:
                    messages.success(request, _("Draft saved."))
                    return redirect(created)
    else:
        initial = {}
        if request.GET.get("section", "").isdigit():
            initial["section"] = int(request.GET["section"])
        form = ArticleForm(initial=initial, sections=sections)
    return render(request, "knowledge/edit.html", {"form": form, "article": None}, status=status)


@require_http_methods(["GET", "POST"])
@signin_required
@action_errors
def edit_article(request: HttpRequest, article_id: int) -> HttpResponse:
    me = require_writer(request.user)
    found = access_article_for_edit(me, article_id)
    sections = _sections()
    status = 200
    conflict = None
    if request.method == "POST":
        form = ArticleForm(request.POST, sections=sections)
        status = 422
        if form.is_valid():
            kwargs = _form_kwargs(form)
            base = form.cleaned_data.get("base_version") or 0
            if not form.errors:
                try:
                    actions.do_save_article(actor=me, article=found, base_version=base, **kwargs)
                except ActionError as exc:
                    form.add_action_error(exc)
                    status = exc.status_code
                    if exc.code == "edit_conflict":
                        found.refresh_from_db()
                        conflict = found
                else:
                    messages.success(request, _("Saved."))
                    return redirect(f"{found.get_absolute_url()}?preview=draft")
    else:
        form = ArticleForm(
            initial={
                "title": found.title,
                "body": found.body,
                "section": found.section_id,
                "visibility": found.visibility,
                "labels": ", ".join(found.labels.values_list("name", flat=True)),
                "related": ", ".join(str(pk) for pk in found.related.values_list("pk", flat=True)),
                "review_by": found.review_by,
                "base_version": found.version,
            },
            sections=sections,
        )
    context = {
        "form": form,
        "article": found,
        "conflict": conflict,
        "attachments": list(found.attachments.all()),
        "upload_form": UploadForm(),
        "can_publish": can_publish(me),
    }
    return render(request, "knowledge/edit.html", context, status=status)


@require_POST
@signin_required
@action_errors
def upload(request: HttpRequest, article_id: int) -> HttpResponse:
    me = require_writer(request.user)
    found = access_article_for_edit(me, article_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationFailed({"file": [_("Choose a file to upload.")]})
    added = actions.do_add_attachment(actor=me, article=found, upload=form.cleaned_data["file"])
    markdown = (
        f"![{added.name}]({added.get_absolute_url()})"
        if added.is_image
        else (f"[{added.name}]({added.get_absolute_url()})")
    )
    messages.success(request, _("Uploaded. Paste this into the body: %(md)s") % {"md": markdown})
    return redirect("knowledge:edit", article_id=found.pk)


@require_POST
@signin_required
@action_errors
def delete_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    me = require_publisher(request.user, "delete attachments")
    found = Attachment.objects.select_related("article").filter(pk=attachment_id).first()
    if found is None:
        raise NotFound(_("This file does not exist."))
    access_article_for_edit(me, found.article_id)
    actions.do_delete_attachment(actor=me, attachment=found)
    messages.success(request, _("File deleted."))
    return redirect("knowledge:edit", article_id=found.article_id)


TRANSITIONS = {
    "submit": (actions.do_submit_for_review, gettext_lazy("Sent for review.")),
    "return": (actions.do_return_to_draft, gettext_lazy("Sent back to draft.")),
    "publish": (actions.do_publish, gettext_lazy("Published.")),
    "archive": (actions.do_archive, gettext_lazy("Archived: readers no longer see it.")),
}


@require_POST
@signin_required
@action_errors
def transition(request: HttpRequest, article_id: int, step: str) -> HttpResponse:
    me = require_user(request.user)
    found = access_article(me, article_id)
    if step not in TRANSITIONS:
        raise NotFound(_("There is no such step."))
    action, message = TRANSITIONS[step]
    action(actor=me, article=found)
    messages.success(request, str(message))
    return redirect(found)


@require_POST
@signin_required
@action_errors
def schedule(request: HttpRequest, article_id: int) -> HttpResponse:
    me = require_user(request.user)
    found = access_article(me, article_id)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed({"publish_at": [_("Give a date and time, like 2026-12-24 09:00.")]})
    when = form.cleaned_data.get("publish_at")
    actions.do_schedule_publish(actor=me, article=found, when=when)
    messages.success(request, _("Scheduled.") if when else _("Schedule cancelled."))
    return redirect(found)


@require_GET
@signin_required
@action_errors
def revisions(request: HttpRequest, article_id: int) -> HttpResponse:
    found = access_article_for_edit(request.user, article_id)
    rows = list(found.revisions.select_related("author", "published_by").order_by("-number"))
    context = {"article": found, "revisions": rows}
    return render(request, "knowledge/revisions.html", context)


@require_GET
@signin_required
@action_errors
def diff(request: HttpRequest, article_id: int) -> HttpResponse:
    found = access_article_for_edit(request.user, article_id)
    numbers = [request.GET.get("from", ""), request.GET.get("to", "")]
    if not all(n.isdigit() for n in numbers):
        raise ValidationFailed({"from": [_("Choose two revisions to compare.")]})
    old_n, new_n = int(numbers[0]), int(numbers[1])
    by_number = {r.number: r for r in found.revisions.filter(number__in=[old_n, new_n])}
    if old_n not in by_number or new_n not in by_number:
        raise NotFound(_("This article has no such revision."))
    old, new = by_number[old_n], by_number[new_n]
    context = {
        "article": found,
        "old": old,
        "new": new,
        "title_changed": old.title != new.title,
        "lines": diff_lines(old.body, new.body),
    }
    return render(request, "knowledge/diff.html", context)


@require_POST
@signin_required
@action_errors
def restore(request: HttpRequest, article_id: int, number: int) -> HttpResponse:
    me = require_writer(request.user)
    found = access_article_for_edit(me, article_id)
    actions.do_restore_revision(actor=me, article=found, number=number)
    messages.success(
        request,
        _("Revision %(n)s restored as a draft; publish it to show readers.") % {"n": number},
    )
    return redirect(f"{found.get_absolute_url()}?preview=draft")


@require_http_methods(["GET", "POST"])
@signin_required
@action_errors
def translate(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    me = require_publisher(request.user, "publish translations")
    found = access_article_for_edit(me, article_id)
    languages = translation_languages()
    if language not in languages:
        raise NotFound(_("Articles can't be translated into this language."))
    existing = found.translations.filter(language=language).first()
    status = 200
    if request.method == "POST":
        form = TranslationForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                actions.do_save_translation(
                    actor=me,
                    article=found,
                    language=language,
                    title=form.cleaned_data.get("title") or "",
                    body=form.cleaned_data.get("body") or "",
                )
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                messages.success(request, _("Translation saved."))
                return redirect(found)
    else:
        initial = (
            {"title": existing.title, "body": existing.body}
            if existing
            else {"title": found.title, "body": found.body}
        )
        form = TranslationForm(initial=initial)
    context = {
        "article": found,
        "form": form,
        "language": language,
        "language_name": languages[language],
    }
    return render(request, "knowledge/translate.html", context, status=status)


@require_POST
@signin_required
@action_errors
def promote(request: HttpRequest) -> HttpResponse:
    """From a community thread: an answer (answer_id) or the whole thread (question_id)."""
    me = require_writer(request.user)
    section_raw = request.POST.get("section", "")
    section_id = int(section_raw) if section_raw.isdigit() else None
    if section_id is None:
        from crowdservice.knowledge.actions.cases import default_section_id

        section_id = default_section_id()
    answer_id, question_id = request.POST.get("answer_id", ""), request.POST.get("question_id", "")
    try:
        if answer_id.isdigit():
            created = actions.do_promote_answer(
                actor=me, answer_id=int(answer_id), section_id=section_id
            )
        elif question_id.isdigit():
            created = actions.do_promote_thread(
                actor=me, question_id=int(question_id), section_id=section_id
            )
        else:
            raise ValidationFailed({"answer_id": [_("Choose an answer or a thread to promote.")]})
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect(back_url(request, reverse("knowledge:manage")))
    messages.success(
        request, _("Draft created from the community. Edit it, then send it for review.")
    )
    return redirect("knowledge:edit", article_id=created.pk)
