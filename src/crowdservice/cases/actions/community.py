"""The hand-offs between the community and cases: escalate a question to a case (by its asker,
an agent or the auto-escalation job), and publish a case's resolution back to the community or,
as a draft, to the knowledge base (the same review step removes private details for both).

A thread shows that support is on it (`community_hooks.support_notice`) and nothing private; each
change to what the thread shows bumps the question's version (`lock_question`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases.access import is_agent
from crowdservice.cases.actions.cases import do_open_case, lock_case
from crowdservice.cases.models import Case, Channel, CommunityLink, LinkKind, Status
from crowdservice.cases.redaction import Redacted, redact
from crowdservice.community.actions import do_ask_question, do_endorse_answer, do_post_answer
from crowdservice.community.actions.common import lock_question
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.knowledge.actions import do_create_draft_from_text
from crowdservice.knowledge.actions.cases import default_section_id
from crowdservice.knowledge.models import Article
from crowdservice.knowledge.models import Status as ArticleStatus


def escalation_of(question: Question) -> CommunityLink | None:
    return (
        CommunityLink.objects.filter(question=question, kind=LinkKind.ESCALATION)
        .select_related("case")
        .first()
    )


def can_escalate(user: User | None, question: Question) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return question.author_id == user.pk or is_agent(user)


@transaction.atomic
def do_escalate_question(
    *, actor: User | None, question: Question, automatic: bool = False
) -> Case:
    """Open a case linked to the question for its asker, once per question: a repeated request
    (a second click, the job running twice) returns the case already opened."""
    if not automatic and (actor is None or not can_escalate(actor, question)):
        raise Forbidden("Only the person who asked, or a support agent, can ask support for help.")
    question = lock_question(question.pk)
    if question.is_deleted:
        raise NotFound(f"Question {question.pk} does not exist or was deleted.")
    existing = escalation_of(question)
    if existing is not None:
        return existing.case
    asker = User.objects.get(pk=question.author_id)
    url = question.get_absolute_url()
    description = (
        f"Escalated from the community question [{question.title}]({url}).\n\n{question.body}"
    )
    how = "automatic" if automatic else ("asker" if actor and actor.pk == asker.pk else "agent")
    case = do_open_case(
        requester=asker,
        subject=question.title[:200],
        description=description,
        space_id=question.space_id,
        channel=Channel.COMMUNITY,
        actor=actor,
        payload={"question_id": question.pk, "escalated_by": how},
    )
    try:
        with transaction.atomic():
            CommunityLink.objects.create(
                case=case, question=question, kind=LinkKind.ESCALATION, automatic=automatic,
                created_by=actor,
            )  # fmt: skip
    except IntegrityError as exc:  # another process escalated it first: keep theirs
        raise Conflict("This question was just escalated; reload the page.") from exc
    record_event(
        actor=actor,
        verb="case.escalated",
        target=case,
        payload={"question_id": question.pk, "automatic": automatic, "by": how},
    )
    return case


def questions_due_for_escalation(now: datetime) -> list[Question]:
    """Questions older than the configured hours with no answer from anyone but the asker, or
    (in spaces listed in CROWDSERVICE_AUTO_ESCALATE_UNRESOLVED_SPACES) no accepted or endorsed
    answer, and not escalated yet."""
    hours = settings.CROWDSERVICE_AUTO_ESCALATE_HOURS
    if not hours:
        return []
    cutoff = now - timedelta(hours=hours)
    others = Answer.objects.filter(question=OuterRef("pk"), deleted_at__isnull=True).exclude(
        author=OuterRef("author")
    )
    escalated = CommunityLink.objects.filter(question=OuterRef("pk"), kind=LinkKind.ESCALATION)
    strict_spaces = list(getattr(settings, "CROWDSERVICE_AUTO_ESCALATE_UNRESOLVED_SPACES", []))
    unanswered = ~Exists(others)
    unresolved = Q(accepted_answer__isnull=True, has_endorsed_answer=False)
    rule = (
        unanswered | (Q(space__slug__in=strict_spaces) & unresolved)
        if strict_spaces
        else unanswered
    )
    return list(
        Question.objects.filter(
            deleted_at__isnull=True, duplicate_of__isnull=True, created_at__lte=cutoff
        )
        .filter(rule)
        .filter(~Exists(escalated))
        .order_by("created_at")[:200]
    )


def do_auto_escalate(*, now: datetime | None = None) -> int:
    """The periodic job's work: escalate every due question once; returns how many."""
    opened = 0
    for question in questions_due_for_escalation(now or timezone.now()):
        try:
            do_escalate_question(actor=None, question=question, automatic=True)
        except (Conflict, NotFound):
            continue  # escalated or deleted meanwhile
        opened += 1
    return opened


# --- Publishing a resolution ----------------------------------------------------------------


class PublishMode:
    ANSWER = "answer"  # an answer in the linked thread
    QUESTION = "question"  # a new public question with the answer
    KNOWLEDGE_BASE = "kb"  # a knowledge-base draft, for editors to review and publish


@dataclass(frozen=True)
class PublicationPreview:
    mode: str
    title: str
    question_body: str
    answer_body: str
    removed: list[str]
    question: Question | None

    @property
    def knowledge_base_body(self) -> str:
        """The draft article: the problem (the question) and its solution (the answer)."""
        problem, solution = self.question_body.strip(), self.answer_body.strip()
        if not problem:
            return solution
        return f"## The problem\n\n{problem}\n\n## The solution\n\n{solution}"


def private_names(case: Case) -> list[str]:
    requester = case.requester
    names = [requester.username, requester.email, requester.display_name]
    names += [requester.first_name, requester.last_name]
    return [n for n in names if n]


def _redact(case: Case, text: str) -> Redacted:
    return redact(text, private_names(case))


def linked_question(case: Case) -> Question | None:
    link = (
        CommunityLink.objects.filter(case=case, kind=LinkKind.ESCALATION)
        .select_related("question")
        .first()
    )
    return link.question if link and not link.question.is_deleted else None


def preview_publication(
    *, actor: User, case: Case, mode: str, answer: str, title: str = "", question_body: str = ""
) -> PublicationPreview:
    """What would become public, with the requester's private details removed (the review
    step). Nothing is written. A knowledge-base draft is not public yet, but an editor can
    publish it later, so it is redacted the same way."""
    if not is_agent(actor):
        raise Forbidden("Only support agents can publish a case's resolution.")
    question = linked_question(case)
    if mode == PublishMode.ANSWER and question is None:
        raise ValidationFailed(
            {"mode": ["This case has no community thread; publish it as a new question."]}
        )
    if mode not in (PublishMode.ANSWER, PublishMode.QUESTION, PublishMode.KNOWLEDGE_BASE):
        raise ValidationFailed(
            {
                "mode": [
                    "Choose where to publish: the thread, a new question or a knowledge-base draft."
                ]
            }
        )
    answer_r = _redact(case, answer)
    title_r = _redact(case, title or case.subject)
    body_r = _redact(case, question_body or case.description)
    removed = sorted({r.original for r in [*answer_r.removed, *title_r.removed, *body_r.removed]})
    return PublicationPreview(
        mode=mode,
        title=title_r.text,
        question_body=body_r.text,
        answer_body=answer_r.text,
        removed=removed,
        question=question,
    )


@transaction.atomic
def do_publish_resolution(
    *, actor: User, case: Case, mode: str, answer: str, title: str = "", question_body: str = ""
) -> Answer:
    """Publish exactly the reviewed text. It is redacted once more: if that would still change
    anything (the agent typed a private detail back in), nothing is published."""
    if mode == PublishMode.KNOWLEDGE_BASE:
        raise ValidationFailed(
            {"mode": ["A knowledge-base draft is not a community answer; send it as a draft."]}
        )
    preview = preview_publication(
        actor=actor, case=case, mode=mode, answer=answer, title=title, question_body=question_body
    )
    if preview.removed:
        raise ValidationFailed(
            {"answer": ["The text still contains private details; review it again."]}
        )
    if mode == PublishMode.ANSWER:
        assert preview.question is not None
        question = preview.question
    else:
        if case.space_id is None:
            raise ValidationFailed({"space": ["Set the case's product space first."]})
        question = do_ask_question(
            author=actor, space_id=case.space_id, title=preview.title,
            body=preview.question_body, tags=case.tags[:5],
        )  # fmt: skip
    posted = do_post_answer(author=actor, question=question, body=preview.answer_body)
    if actor.can_endorse:
        posted = do_endorse_answer(actor=actor, answer=posted)
    CommunityLink.objects.create(
        case=case, question=question, kind=LinkKind.PUBLICATION, answer=posted, created_by=actor
    )
    record_event(
        actor=actor,
        verb="case.published",
        target=case,
        payload={"mode": mode, "question_id": question.pk, "answer_id": posted.pk},
    )
    return posted


# The knowledge base's field names, as the publish form calls them.
_KB_FIELDS = {"body": "answer", "title": "title", "section": "mode"}


@transaction.atomic
def publish_to_knowledge_base_draft(
    *, actor: User, case: Case, answer: str, title: str = "", question_body: str = ""
) -> Article:
    """Send the reviewed resolution to the knowledge base as a draft article (editors review
    and publish it there); the knowledge base records that this case created it.

    Like a community publication, exactly the reviewed text: if redacting it again would still
    change anything, nothing is sent. One live draft per case, so a second click does not make
    a second article.
    """
    preview = preview_publication(
        actor=actor, case=case, mode=PublishMode.KNOWLEDGE_BASE, answer=answer, title=title,
        question_body=question_body,
    )  # fmt: skip
    if preview.removed:
        raise ValidationFailed(
            {"answer": ["The text still contains private details; review it again."]}
        )
    if not preview.answer_body.strip():
        raise ValidationFailed({"answer": ["Write the resolution the article should give."]})
    if default_section_id() is None:
        raise ValidationFailed(
            {"mode": ["The help center has no section yet; ask an editor to create one first."]}
        )
    case = lock_case(case.pk)
    existing = (
        Article.objects.filter(source_case_id=case.pk)
        .exclude(status=ArticleStatus.ARCHIVED)
        .only("pk", "title")
        .first()
    )
    if existing is not None:
        raise Conflict(
            f"This case already has a knowledge-base article, “{existing.title}” "
            f"(number {existing.pk}); edit that one in the help center."
        )
    try:
        article = do_create_draft_from_text(
            author=actor,
            title=preview.title,
            body=preview.knowledge_base_body,
            section_id=None,
            source_case_id=case.pk,
        )
    except ValidationFailed as exc:
        raise ValidationFailed(
            {_KB_FIELDS.get(name, ""): messages for name, messages in exc.errors.items()}
        ) from exc
    record_event(
        actor=actor,
        verb="case.published",
        target=case,
        payload={"mode": PublishMode.KNOWLEDGE_BASE, "article_id": article.pk},
    )
    return article


def case_is_resolved(case: Case) -> bool:
    return case.status in (Status.SOLVED, Status.CLOSED)


def community_linked(case: Case) -> bool:
    return linked_question(case) is not None
