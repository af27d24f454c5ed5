"""The engine's API with a stand-in encoder (fast), and the committed models against the code."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from crowdservice.search.engine.features import FeatureMatrix
from crowdservice.search.engine.model import LinearRanker, fit_ranker
from crowdservice.search.engine.ranker import Engine, models_dir
from crowdservice.search.engine.signals import community_adjustment
from crowdservice.search.engine.text import tokenize
from crowdservice.search.engine.types import (
    AskedQuestion,
    CandidateAnswer,
    CandidateQuestion,
    CommunitySignals,
)
from crowdservice.search.engine.vectors import TextVectors


class BagOfWordsEncoder:
    """Deterministic unit vectors from hashed words: enough to test plumbing, no model needed."""

    calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        BagOfWordsEncoder.calls += 1
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in tokenize(text):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 384] += 1.0  # noqa: S324
            out[i] /= max(float(np.linalg.norm(out[i])), 1e-9)
        return out


@pytest.fixture
def engine() -> Engine:
    return Engine.from_directory(vectors=TextVectors(BagOfWordsEncoder))


QUESTIONS = [
    CandidateQuestion("q1", "Restaurants in Doha", "Where to eat seafood?", prior_rank=1),
    CandidateQuestion(
        "q2", "Renewing a residence visa", "Which documents does visa renewal need?",
        answers=("Passport copy and photos for the visa renewal.",), prior_rank=2,
    ),
    CandidateQuestion("q3", "Cheap flights to Manila", "Any airline deals?", prior_rank=3),
]  # fmt: skip


def test_rank_candidates_prefers_the_same_question(engine: Engine) -> None:
    scores = engine.rank_candidates("How do I renew my residence visa?", QUESTIONS)
    assert scores.shape == (3,)
    assert int(np.argmax(scores)) == 1
    assert engine.rank_candidates("anything", []).shape == (0,)


def test_score_answers_prefers_on_topic_answers_over_the_askers_thanks(engine: Engine) -> None:
    question = AskedQuestion("Visa renewal", "Which documents do I need to renew my visa?", "u1")
    answers = [
        CandidateAnswer("a1", "Thanks everyone!", author_id="u1", position=2),
        CandidateAnswer(
            "a2", "For the visa renewal you need your passport, two photos and the form.",
            author_id="u2", position=1,
        ),
        CandidateAnswer("a3", "lol why would you stay here?", author_id="u3", position=3),
    ]  # fmt: skip
    scores = engine.score_answers(question, answers)
    assert int(np.argmax(scores)) == 1
    assert scores[0] < scores[1]


def test_community_signals_reorder_close_calls_only(engine: Engine) -> None:
    assert community_adjustment(CommunitySignals()) == 0.0
    assert community_adjustment(CommunitySignals(votes=5, accepted=True)) > 0.5
    assert community_adjustment(CommunitySignals(votes=-3)) < 0
    assert community_adjustment(CommunitySignals(votes=10**6)) < 2  # bounded
    twins = [
        CandidateQuestion("a", "Visa renewal documents"),
        CandidateQuestion("b", "Visa renewal documents", signals=CommunitySignals(votes=8)),
    ]
    scores = engine.rank_candidates("visa renewal documents", twins)
    assert scores[1] > scores[0]


def test_embeddings_are_computed_once_per_text(tmp_path: Path) -> None:
    BagOfWordsEncoder.calls = 0
    vectors = TextVectors(BagOfWordsEncoder, cache_file=tmp_path / "v.npz")
    first = vectors.vectors(["one text", "another text", "one text"])
    vectors.vectors(["another text"])
    assert BagOfWordsEncoder.calls == 1
    assert vectors.encoded == 2
    vectors.save()

    def no_encoder() -> BagOfWordsEncoder:
        raise AssertionError("the cache should have had it")

    reloaded = TextVectors(no_encoder, cache_file=tmp_path / "v.npz")
    np.testing.assert_array_equal(reloaded.vectors(["one text"])[0], first[0])


def test_committed_models_match_the_feature_code(engine: Engine) -> None:
    asked = AskedQuestion("q", "body", "u")
    question_names = engine.question_features(asked, QUESTIONS).names
    answer_names = engine.answer_features(asked, [CandidateAnswer("a", "text")]).names
    for path, names in (
        ("question_ranker.json", question_names),
        ("answer_ranker.json", answer_names),
    ):
        data = json.loads((models_dir() / path).read_text())
        assert set(data["features"]) <= set(names), path
        assert data["metadata"]["cv_train"]["MAP"] > 0
        assert (models_dir() / path).stat().st_size < 50_000  # small enough to commit


def test_fitting_is_deterministic_and_learns_the_signal() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    labels = (x[:, 0] - 0.5 * x[:, 1] + 0.1 * rng.normal(size=400) > 0).tolist()
    groups = [f"g{i // 10}" for i in range(400)]
    matrix = FeatureMatrix(("good", "bad", "noise"), x)
    for objective in ("pointwise", "pairwise"):
        first = fit_ranker(matrix, labels, groups, objective=objective)  # type: ignore[arg-type]
        second = fit_ranker(matrix, labels, groups, objective=objective)  # type: ignore[arg-type]
        assert first == second
        good, bad, noise = first.weights
        assert good > 0 > bad
        assert abs(noise) < abs(bad)
        stored = LinearRanker.from_json(json.loads(json.dumps(first.to_json())))
        assert stored.score(matrix) == pytest.approx(first.score(matrix), abs=1e-6)


def test_a_model_refuses_a_matrix_without_its_features() -> None:
    model = LinearRanker(("a", "b"), (0.0, 0.0), (1.0, 1.0), (1.0, -1.0), 0.0)
    with pytest.raises(ValueError, match="missing"):
        model.score(FeatureMatrix(("a",), np.zeros((1, 1))))
    reordered = FeatureMatrix(("b", "a", "c"), np.array([[2.0, 5.0, 9.0]]))
    assert model.score(reordered).tolist() == [3.0]


def test_text_model_learns_helpful_phrasing_and_round_trips() -> None:
    from crowdservice.search.engine.textmodel import TextModel, fit_text_model

    helpful = [
        f"You can renew it at the office near gate {i}, bring your passport" for i in range(20)
    ]
    chatter = [f"lol why would anyone ask that {i}? thanks" for i in range(20)]
    texts, labels = helpful + chatter, [True] * 20 + [False] * 20
    model = fit_text_model(texts, labels, min_df=2, max_features=30)
    assert len(model.vocabulary) == 30
    scores = model.score(["you can bring your passport", "lol thanks", ""])
    assert scores[0] > scores[2] > scores[1]
    assert scores[2] == pytest.approx(model.bias)
    assert fit_text_model(texts, labels, min_df=2, max_features=30) == model  # deterministic
    stored = TextModel.from_json(json.loads(json.dumps(model.to_json())))
    assert stored.score(texts) == pytest.approx(model.score(texts), abs=1e-4)
