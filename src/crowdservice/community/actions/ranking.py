"""Predicted helpfulness of a thread's answers: the answer ranker's score, before votes arrive.

The engine's scores compare only within one call, so every live answer of a thread is scored
together and all of them are stored; any change to the thread rescores it whole (a thread is
small, and a call costs a few milliseconds once the model is loaded). The stored value is the
learned logit alone: community signals (votes, accepted, endorsed) are applied by the answer
order itself, so they are not counted twice.
"""

from __future__ import annotations

import math

from django.db import transaction

from crowdservice.community.actions.common import lock_question
from crowdservice.community.models import Answer, Question
from crowdservice.core.markdown import markdown_to_text
from crowdservice.search.engine import AskedQuestion, CandidateAnswer, score_answers

# Plain text the engine reads per post; the encoder itself stops at 256 tokens, the length and
# structure features see the rest.
TEXT_CHARS = 8_000
ATTEMPTS = 3
DIGITS = 6  # stored rounded, so recomputing an unchanged thread changes nothing


class _ThreadChanged(Exception):
    """The thread changed while it was being scored: score it again."""


def predict_helpfulness(question: Question, answers: list[Answer]) -> list[float]:
    """One score per answer (in posting order), from one engine call over the whole thread.

    Raises `crowdservice.search.engine.embedder.ModelUnavailable` when the model can't load.
    """
    asked = AskedQuestion(
        title=question.title,
        body=markdown_to_text(question.body, TEXT_CHARS),
        author_id=str(question.author_id),
    )
    candidates = [
        CandidateAnswer(
            id=str(answer.pk),
            text=markdown_to_text(answer.body, TEXT_CHARS),
            author_id=str(answer.author_id),
            position=position,
        )
        for position, answer in enumerate(answers, start=1)
    ]
    return [round(float(score), DIGITS) for score in score_answers(asked, candidates)]


def _live_answers(question_id: int) -> list[Answer]:
    return list(
        Answer.objects.filter(question_id=question_id, deleted_at__isnull=True)
        .only("id", "author_id", "body", "helpfulness", "question_id")
        .order_by("created_at", "id")
    )


def rank_thread_answers(question_id: int) -> bool:
    """Score the thread's live answers and store the scores that changed (True if any did).

    Idempotent. The model runs outside any transaction (its first load takes seconds); the
    write then checks, under the thread's lock, that nothing changed meanwhile, and bumps the
    thread's version so cached pages show the new order.
    """
    for _ in range(ATTEMPTS):
        question = Question.objects.filter(pk=question_id, deleted_at__isnull=True).first()
        if question is None:
            return False
        answers = _live_answers(question_id)
        if not answers:
            return False
        scores = predict_helpfulness(question, answers)
        changed = [
            (answer, score)
            for answer, score in zip(answers, scores, strict=True)
            if answer.helpfulness is None or not math.isclose(answer.helpfulness, score)
        ]
        if not changed:
            return False
        try:
            _store(question, answers, changed)
        except _ThreadChanged:
            continue
        return True
    return False


@transaction.atomic
def _store(question: Question, answers: list[Answer], changed: list[tuple[Answer, float]]) -> None:
    locked = lock_question(question.pk)
    now = [(a.pk, a.body) for a in _live_answers(question.pk)]
    if (locked.title, locked.body) != (question.title, question.body) or now != [
        (a.pk, a.body) for a in answers
    ]:
        raise _ThreadChanged  # rolls back the version bump too
    for answer, score in changed:
        answer.helpfulness = score
    Answer.objects.bulk_update([answer for answer, _ in changed], ["helpfulness"])
