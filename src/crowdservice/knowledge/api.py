"""API v1 of the knowledge base, under /api/v1/kb: categories, articles, revisions, feedback,
suggestions, promotion from the community and case links.

Thin like every router: fetch through `knowledge.access` (a 404 for what the caller may not see),
call a `do_*` action (which enforces every rule), render.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from crowdservice.accounts.api_auth import (
    AUTH_OPTIONAL,
    AUTH_REQUIRED,
    api_signed_in_user,
    api_user,
)
from crowdservice.core.errors import NotFound, ValidationFailed
from crowdservice.core.schemas import ObjectId, describe_errors, error_responses, paginate
from crowdservice.knowledge import actions, queries
from crowdservice.knowledge.access import (
    AnyUser,
    access_article,
    access_article_for_edit,
    is_writer,
    live_articles,
    require_publisher,
)
from crowdservice.knowledge.actions.articles import UNSET
from crowdservice.knowledge.content import unified_diff
from crowdservice.knowledge.models import Article, Category, EditSuggestion
from crowdservice.knowledge.schemas import (
    KbArticleFilters,
    KbArticleIn,
    KbArticleOut,
    KbArticlePage,
    KbArticlePatch,
    KbCaseLinkIn,
    KbCaseLinkOut,
    KbCategoryIn,
    KbCategoryOut,
    KbDiffFilters,
    KbDiffOut,
    KbFeedbackIn,
    KbFeedbackOut,
    KbPromoteIn,
    KbResolveIn,
    KbRevisionOut,
    KbScheduleIn,
    KbSectionIn,
    KbSectionOut,
    KbSuggestionIn,
    KbSuggestionOut,
)

router = Router(tags=["knowledge base"])

READ = (401, 404, 422)
WRITE = (400, 401, 403, 404, 409, 413, 422)


def _doc(text: str, codes: tuple[int, ...]) -> str:
    return f"{text}\n\n{describe_errors(*codes)}"


def _out(user: AnyUser, article: Article) -> KbArticleOut:
    related = list(
        live_articles(user).filter(pk__in=article.related.values("pk")).values_list("pk", flat=True)
    )
    return KbArticleOut.of(article, staff=is_writer(user), related_ids=sorted(related))


def _fresh(user: AnyUser, article_id: int) -> Article:
    return access_article(user, article_id)


# --- Categories and sections -------------------------------------------------------------------


@router.get(
    "/categories",
    auth=AUTH_OPTIONAL,
    response={200: list[KbCategoryOut], **error_responses(401)},
    summary="List help-center categories with their sections",
    description=_doc("Categories in display order, each with its sections.", (401,)),
)
def list_categories(request: HttpRequest) -> list[KbCategoryOut]:
    return [KbCategoryOut.of(c) for c in Category.objects.prefetch_related("sections")]


@router.post(
    "/categories",
    auth=AUTH_REQUIRED,
    response={201: KbCategoryOut, **error_responses(*WRITE)},
    summary="Create a category",
    description=_doc("Editors and admins.", WRITE),
)
def create_category(request: HttpRequest, payload: KbCategoryIn) -> Status[KbCategoryOut]:
    category = actions.do_create_category(actor=api_signed_in_user(request), **payload.dict())
    return Status(201, KbCategoryOut.of(category))


@router.post(
    "/sections",
    auth=AUTH_REQUIRED,
    response={201: KbSectionOut, **error_responses(*WRITE)},
    summary="Create a section in a category",
    description=_doc("Editors and admins.", WRITE),
)
def create_section(request: HttpRequest, payload: KbSectionIn) -> Status[KbSectionOut]:
    section = actions.do_create_section(actor=api_signed_in_user(request), **payload.dict())
    return Status(201, KbSectionOut.of(section))


# --- Articles ----------------------------------------------------------------------------------


@router.get(
    "/articles",
    auth=AUTH_OPTIONAL,
    response={200: KbArticlePage, **error_responses(*READ)},
    summary="List articles",
    description=_doc(
        "Published articles the caller may read; staff see drafts, reviews and archived ones "
        "too and may filter by `status` or `stale` (past the review-by date).",
        READ,
    ),
)
def list_articles(request: HttpRequest, filters: Query[KbArticleFilters]) -> KbArticlePage:
    user = api_user(request)
    rows = queries.articles_for_api(user)
    if not is_writer(user):
        rows = rows.filter(pk__in=live_articles(user).values("pk"))
    elif filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.stale and is_writer(user):
        rows = rows.filter(pk__in=[a.pk for a in queries.stale_articles()])
    if filters.section is not None:
        rows = rows.filter(section_id=filters.section)
    if filters.label:
        rows = rows.filter(labels__name=filters.label.lower())
    items, meta = paginate(rows, filters)
    staff = is_writer(user)
    return KbArticlePage(items=[KbArticleOut.of(a, staff=staff) for a in items], **meta)


@router.post(
    "/articles",
    auth=AUTH_REQUIRED,
    response={201: KbArticleOut, **error_responses(*WRITE)},
    summary="Write a new draft",
    description=_doc("Staff (agents, moderators, editors, admins). Editors publish it.", WRITE),
)
def create_article(request: HttpRequest, payload: KbArticleIn) -> Status[KbArticleOut]:
    user = api_signed_in_user(request)
    article = actions.do_create_article(author=user, **payload.dict())
    return Status(201, _out(user, _fresh(user, article.pk)))


@router.get(
    "/articles/{article_id}",
    auth=AUTH_OPTIONAL,
    response={200: KbArticleOut, **error_responses(*READ)},
    summary="Get an article",
    description=_doc(
        "A 404 for drafts (except for staff) and for articles not shared with the caller.", READ
    ),
)
def get_article(request: HttpRequest, article_id: ObjectId) -> KbArticleOut:
    user = api_user(request)
    return _out(user, access_article(user, article_id))


@router.patch(
    "/articles/{article_id}",
    auth=AUTH_REQUIRED,
    response={200: KbArticleOut, **error_responses(*WRITE)},
    summary="Save the working copy",
    description=_doc(
        "Send `base_version` (the `version` you loaded). If someone saved since, nothing is "
        "written and you get a 409 `edit_conflict`: reload and apply your changes again.",
        WRITE,
    ),
)
def patch_article(
    request: HttpRequest, article_id: ObjectId, payload: KbArticlePatch
) -> KbArticleOut:
    user = api_signed_in_user(request)
    article = access_article_for_edit(user, article_id)
    data = payload.dict(exclude_unset=True)
    review_by = data.pop("review_by") if "review_by" in data else UNSET
    actions.do_save_article(actor=user, article=article, review_by=review_by, **data)
    return _out(user, _fresh(user, article_id))


def _step(name: str, summary: str, text: str) -> None:
    action = {
        "submit": actions.do_submit_for_review,
        "publish": actions.do_publish,
        "archive": actions.do_archive,
        "return": actions.do_return_to_draft,
    }[name]

    def endpoint(request: HttpRequest, article_id: ObjectId) -> KbArticleOut:
        user = api_signed_in_user(request)
        action(actor=user, article=access_article_for_edit(user, article_id))
        return _out(user, _fresh(user, article_id))

    endpoint.__name__ = f"{name}_article"
    router.post(
        f"/articles/{{article_id}}/{name}",
        auth=AUTH_REQUIRED,
        response={200: KbArticleOut, **error_responses(*WRITE)},
        summary=summary,
        description=_doc(text, WRITE),
    )(endpoint)


_step("submit", "Send a draft for review", "Staff. Only drafts can be sent for review.")
_step("return", "Send an article in review back to draft", "Editors and admins.")
_step(
    "publish",
    "Publish the working copy",
    "Editors and admins. Readers and search see the latest revision from now on; an article "
    "promoted from a community thread makes the thread show its knowledge-base answer.",
)
_step("archive", "Archive an article", "Editors and admins. Publishing again restores it.")


@router.post(
    "/articles/{article_id}/schedule",
    auth=AUTH_REQUIRED,
    response={200: KbArticleOut, **error_responses(*WRITE)},
    summary="Schedule (or cancel) a publish",
    description=_doc("Editors and admins; a background job publishes within a minute.", WRITE),
)
def schedule_article(
    request: HttpRequest, article_id: ObjectId, payload: KbScheduleIn
) -> KbArticleOut:
    user = api_signed_in_user(request)
    article = access_article_for_edit(user, article_id)
    actions.do_schedule_publish(actor=user, article=article, when=payload.publish_at)
    return _out(user, _fresh(user, article_id))


# --- Revisions ---------------------------------------------------------------------------------


@router.get(
    "/articles/{article_id}/revisions",
    auth=AUTH_REQUIRED,
    response={200: list[KbRevisionOut], **error_responses(401, 403, 404, 422)},
    summary="List an article's revisions",
    description=_doc("Staff. Newest first.", (401, 403, 404, 422)),
)
def list_revisions(request: HttpRequest, article_id: ObjectId) -> list[KbRevisionOut]:
    article = access_article_for_edit(api_signed_in_user(request), article_id)
    rows = article.revisions.select_related("author").order_by("-number")
    return [KbRevisionOut.of(r, article.published_revision_id) for r in rows]


@router.get(
    "/articles/{article_id}/diff",
    auth=AUTH_REQUIRED,
    response={200: KbDiffOut, **error_responses(401, 403, 404, 422)},
    summary="Compare two revisions",
    description=_doc("Staff. `from` and `to` are revision numbers.", (401, 403, 404, 422)),
)
def diff_revisions(
    request: HttpRequest, article_id: ObjectId, filters: Query[KbDiffFilters]
) -> KbDiffOut:
    article = access_article_for_edit(api_signed_in_user(request), article_id)
    wanted = [filters.from_revision, filters.to_revision]
    found = {r.number: r for r in article.revisions.filter(number__in=wanted)}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise NotFound(f"Article {article_id} has no revision {missing[0]}.")
    old, new = found[filters.from_revision], found[filters.to_revision]
    return KbDiffOut(
        from_revision=old.number,
        to_revision=new.number,
        title_changed=old.title != new.title,
        unified_diff=unified_diff(
            old.body, new.body, f"revision {old.number}", f"revision {new.number}"
        ),
    )


@router.post(
    "/articles/{article_id}/revisions/{number}/restore",
    auth=AUTH_REQUIRED,
    response={200: KbArticleOut, **error_responses(*WRITE)},
    summary="Restore an old revision",
    description=_doc(
        "Staff. The revision's text becomes the working copy (a new revision); publish it to "
        "show readers.",
        WRITE,
    ),
)
def restore_revision(request: HttpRequest, article_id: ObjectId, number: ObjectId) -> KbArticleOut:
    user = api_signed_in_user(request)
    article = access_article_for_edit(user, article_id)
    actions.do_restore_revision(actor=user, article=article, number=number)
    return _out(user, _fresh(user, article_id))


# --- Feedback and suggestions ------------------------------------------------------------------


@router.post(
    "/articles/{article_id}/feedback",
    auth=AUTH_REQUIRED,
    response={200: KbFeedbackOut, **error_responses(*WRITE)},
    summary="Was this helpful?",
    description=_doc("Anyone signed in who may read the article; answering again replaces.", WRITE),
)
def give_feedback(
    request: HttpRequest, article_id: ObjectId, payload: KbFeedbackIn
) -> KbFeedbackOut:
    user = api_signed_in_user(request)
    article = access_article(user, article_id)
    feedback = actions.do_give_feedback(
        user=user, article=article, helpful=payload.helpful, comment=payload.comment
    )
    return KbFeedbackOut.of(feedback)


@router.get(
    "/feedback",
    auth=AUTH_REQUIRED,
    response={200: list[KbFeedbackOut], **error_responses(401, 403)},
    summary="The editors' feedback queue",
    description=_doc("Editors and admins: unresolved comments and 'no' answers.", (401, 403)),
)
def feedback_queue(request: HttpRequest) -> list[KbFeedbackOut]:
    require_publisher(api_signed_in_user(request), "see the feedback queue")
    return [KbFeedbackOut.of(f) for f in queries.feedback_queue()]


@router.post(
    "/feedback/{feedback_id}/resolve",
    auth=AUTH_REQUIRED,
    response={200: KbFeedbackOut, **error_responses(*WRITE)},
    summary="Mark feedback as dealt with",
    description=_doc("Editors and admins.", WRITE),
)
def resolve_feedback(request: HttpRequest, feedback_id: ObjectId) -> KbFeedbackOut:
    from crowdservice.knowledge.models import Feedback

    user = require_publisher(api_signed_in_user(request), "work the feedback queue")
    feedback = Feedback.objects.select_related("user").filter(pk=feedback_id).first()
    if feedback is None:
        raise NotFound(f"Feedback {feedback_id} does not exist.")
    return KbFeedbackOut.of(actions.do_resolve_feedback(actor=user, feedback=feedback))


@router.post(
    "/articles/{article_id}/suggestions",
    auth=AUTH_REQUIRED,
    response={201: KbSuggestionOut, **error_responses(*WRITE)},
    summary="Suggest an edit",
    description=_doc("Anyone signed in who may read the article; goes to the editors.", WRITE),
)
def suggest_edit(
    request: HttpRequest, article_id: ObjectId, payload: KbSuggestionIn
) -> Status[KbSuggestionOut]:
    user = api_signed_in_user(request)
    article = access_article(user, article_id)
    return Status(
        201,
        KbSuggestionOut.of(actions.do_suggest_edit(user=user, article=article, text=payload.text)),
    )


@router.get(
    "/suggestions",
    auth=AUTH_REQUIRED,
    response={200: list[KbSuggestionOut], **error_responses(401, 403)},
    summary="Open edit suggestions",
    description=_doc("Editors and admins.", (401, 403)),
)
def suggestion_queue(request: HttpRequest) -> list[KbSuggestionOut]:
    require_publisher(api_signed_in_user(request), "see the suggestion queue")
    return [KbSuggestionOut.of(s) for s in queries.suggestion_queue()]


@router.post(
    "/suggestions/{suggestion_id}/resolve",
    auth=AUTH_REQUIRED,
    response={200: KbSuggestionOut, **error_responses(*WRITE)},
    summary="Accept or dismiss a suggestion",
    description=_doc("Editors and admins.", WRITE),
)
def resolve_suggestion(
    request: HttpRequest, suggestion_id: ObjectId, payload: KbResolveIn
) -> KbSuggestionOut:
    user = require_publisher(api_signed_in_user(request), "work the suggestion queue")
    suggestion = EditSuggestion.objects.select_related("author").filter(pk=suggestion_id).first()
    if suggestion is None:
        raise NotFound(f"Suggestion {suggestion_id} does not exist.")
    resolved = actions.do_resolve_suggestion(
        actor=user, suggestion=suggestion, accept=payload.accept
    )
    return KbSuggestionOut.of(resolved)


# --- The community loop and cases --------------------------------------------------------------


@router.post(
    "/promote",
    auth=AUTH_REQUIRED,
    response={201: KbArticleOut, **error_responses(*WRITE)},
    summary="Promote a community answer or thread to a draft",
    description=_doc(
        "Staff. Give `answer_id` or `question_id`. The draft credits the authors and links "
        "back; once published, the thread shows that its answer lives in the knowledge base.",
        WRITE,
    ),
)
def promote(request: HttpRequest, payload: KbPromoteIn) -> Status[KbArticleOut]:
    user = api_signed_in_user(request)
    section_id = payload.section_id
    if section_id is None:
        from crowdservice.knowledge.actions.cases import default_section_id

        section_id = default_section_id()
    if payload.answer_id is not None:
        article = actions.do_promote_answer(
            actor=user, answer_id=payload.answer_id, section_id=section_id
        )
    elif payload.question_id is not None:
        article = actions.do_promote_thread(
            actor=user, question_id=payload.question_id, section_id=section_id
        )
    else:
        raise ValidationFailed({"answer_id": ["Give answer_id or question_id."]})
    return Status(201, _out(user, _fresh(user, article.pk)))


@router.post(
    "/articles/{article_id}/case-links",
    auth=AUTH_REQUIRED,
    response={200: KbCaseLinkOut, **error_responses(*WRITE)},
    summary="Record that an article solved (or came from) a case",
    description=_doc("Staff. Idempotent.", WRITE),
)
def link_case(request: HttpRequest, article_id: ObjectId, payload: KbCaseLinkIn) -> KbCaseLinkOut:
    user = api_signed_in_user(request)
    article = access_article_for_edit(user, article_id)
    link = actions.do_record_case_link(
        actor=user, article=article, case_id=payload.case_id, kind=payload.kind
    )
    return KbCaseLinkOut(article_id=link.article_id, case_id=link.case_id, kind=link.kind)
