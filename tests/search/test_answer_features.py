"""Thread features of the answer ranker, computed from a thread as the product passes it.

Each case builds a small thread where a feature must take a known value for some answers and
another for the rest, with a stand-in encoder (hashed bags of words).
"""

from __future__ import annotations

import numpy as np
import pytest

from crowdservice.search.engine.bm25 import LexicalStats
from crowdservice.search.engine.features import FeatureMatrix, answer_features
from crowdservice.search.engine.ranker import Engine
from crowdservice.search.engine.text import tokenize
from crowdservice.search.engine.types import AskedQuestion, CandidateAnswer
from crowdservice.search.engine.vectors import TextVectors
from tests.search.test_engine import BagOfWordsEncoder

QUESTION = AskedQuestion("Visa renewal", "Which documents do I need to renew my visa?", "asker")


def features(answers: list[CandidateAnswer]) -> FeatureMatrix:
    vectors = TextVectors(BagOfWordsEncoder)
    stats = LexicalStats.of(tokenize(a.text) for a in answers)
    return answer_features(QUESTION, answers, vectors, stats)


def answer(key: str, text: str, author: str | None, position: int) -> CandidateAnswer:
    return CandidateAnswer(key, text, author_id=author, position=position)


def test_an_answer_that_is_a_question() -> None:
    thread = [
        answer("c", "Thanks, that helps!", "asker", 3),
        answer("a", "Bring your passport and two photos.", "alice", 1),
        answer("b", "Why do you need a visa at all?", "bob", 2),
        answer("d", "Is it the residence visa?  ", "carol", 4),  # trailing space
        answer("e", "Did you ask? They said it takes a week.", None, 5),  # asked, then answered
    ]
    m = features(thread)
    assert m.column("ends_question").tolist() == [0.0, 0.0, 1.0, 1.0, 0.0]
    assert m.column("questions").tolist() == [0.0, 0.0, 1.0, 1.0, 1.0]


def test_closest_other_ignores_the_authors_own_answers() -> None:
    thread = [
        answer("a", "passport photos renewal form", "alice", 1),
        answer("b", "passport photos renewal form", "alice", 2),  # her own repeat
        answer("c", "passport photos", "bob", 3),
        answer("d", "lovely weather in doha today", "carol", 4),
        answer("e", "passport photos renewal form", None, 5),  # unknown author: someone else
    ]
    closest = features(thread[:4]).column("closest_other")
    # alice's answers are closest to bob's (cosine 2/sqrt(8)), not to each other (cosine 1).
    assert closest[0] == pytest.approx(closest[1])
    assert closest[0] == pytest.approx(2 / np.sqrt(8), abs=1e-5)
    assert closest[2] == pytest.approx(closest[0])
    assert closest[3] == pytest.approx(0.0, abs=1e-6)  # shares no word with anyone
    # An answer whose author is unknown (a deleted account) is someone else's.
    assert features(thread).column("closest_other")[:2].tolist() == pytest.approx([1.0, 1.0])


def test_a_lone_answer_and_an_empty_thread() -> None:
    m = features([answer("a", "Bring your passport?", "alice", 1)])
    assert m.column("closest_other").tolist() == [0.0]
    assert m.column("ends_question").tolist() == [1.0]
    assert features([]).values.shape[0] == 0


def test_the_committed_model_ranks_a_question_below_an_answer() -> None:
    """The learned weights: an answer that asks back is not an answer; one that says what
    someone else said too more likely is."""
    engine = Engine.from_directory(vectors=TextVectors(BagOfWordsEncoder))
    assert engine.answer_model is not None
    weights = dict(zip(engine.answer_model.features, engine.answer_model.weights, strict=True))
    assert weights["ends_question"] < 0
    assert weights["closest_other"] > 0
    thread = [
        answer("a", "Do you have a sponsor?", "bob", 1),
        answer("b", "Bring your passport, two photos and the renewal form.", "alice", 2),
        answer("c", "Yes I do, thanks", "asker", 3),
    ]
    scores = engine.score_answers(QUESTION, thread)
    assert int(np.argmax(scores)) == 1
