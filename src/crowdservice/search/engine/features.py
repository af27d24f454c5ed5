"""Features of (asked question, candidate question) and (question, answer) pairs.

Each function takes one query and all of its candidates at once, because several features are
relative to the other candidates (a z-score of similarity within the list, an answer's agreement
with the rest of its thread). Community signals (votes, trust) are not features here: no training
data carries them, so they are applied afterwards by `signals.py`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crowdservice.search.engine.bm25 import LexicalStats, bm25_scores, idf_mass
from crowdservice.search.engine.text import has_url, normalize, tokenize, words
from crowdservice.search.engine.textmodel import TextModel
from crowdservice.search.engine.types import AskedQuestion, CandidateAnswer, CandidateQuestion
from crowdservice.search.engine.vectors import TextVectors

Matrix = npt.NDArray[np.float64]

_THANKS = re.compile(r"\b(thanks?|thx|thanx|ty|cheers|appreciated?)\b", re.IGNORECASE)
_LAUGH = re.compile(r"\b(lol+|haha\w*|hehe\w*|rofl|lmao)\b|[:;]-?[)pd]", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_PHONE = re.compile(r"\b\d[\d -]{5,}\d\b")
_MENTION = re.compile(r"(^|\s)@\w")


@dataclass(frozen=True)
class FeatureMatrix:
    names: tuple[str, ...]
    values: Matrix  # (candidates, features)

    def column(self, name: str) -> Matrix:
        return self.values[:, self.names.index(name)]

    def with_column(self, name: str, values: Matrix) -> FeatureMatrix:
        """A copy with that column replaced (or added at the end)."""
        if name in self.names:
            copy = self.values.copy()
            copy[:, self.names.index(name)] = values
            return FeatureMatrix(self.names, copy)
        return FeatureMatrix((*self.names, name), np.column_stack([self.values, values]))


def _build(columns: dict[str, Sequence[float] | Matrix], rows: int) -> FeatureMatrix:
    values = np.zeros((rows, len(columns)), dtype=np.float64)
    for j, column in enumerate(columns.values()):
        values[:, j] = np.asarray(column, dtype=np.float64)
    return FeatureMatrix(tuple(columns), values)


def zscore(values: Matrix) -> Matrix:
    """Standardised within the list; all zeros when the list has no spread (or is empty)."""
    if values.size == 0:
        return np.zeros_like(values)
    spread = values.std()
    return (values - values.mean()) / spread if spread > 1e-9 else np.zeros_like(values)


def reciprocal_rank_within(values: Matrix) -> Matrix:
    """1/rank of each value within the list (1 for the highest; ties share the better rank)."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    previous, rank = None, 0
    for position, index in enumerate(order, 1):
        if previous is None or values[index] != previous:
            rank = position
            previous = values[index]
        ranks[index] = rank
    return 1.0 / ranks


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def question_texts(query: AskedQuestion, candidates: Sequence[CandidateQuestion]) -> list[str]:
    """Every text `question_features` embeds, to encode them in one batch beforehand."""
    texts = [normalize(query.text), normalize(query.title)]
    for c in candidates:
        texts += [normalize(c.text), normalize(c.title)]
        texts += [normalize(a) for a in c.answers if a.strip()]
    return texts


def answer_texts(question: AskedQuestion, answers: Sequence[CandidateAnswer]) -> list[str]:
    """Every text `answer_features` embeds."""
    return [normalize(question.text), *(normalize(a.text) for a in answers)]


def question_features(
    query: AskedQuestion,
    candidates: Sequence[CandidateQuestion],
    vectors: TextVectors,
    stats: LexicalStats,
) -> FeatureMatrix:
    n = len(candidates)
    q_text, q_title = normalize(query.text), normalize(query.title)
    c_texts = [normalize(c.text) for c in candidates]
    c_titles = [normalize(c.title) for c in candidates]
    q_vecs = vectors.vectors([q_text, q_title])
    c_vecs = vectors.vectors(c_texts) if n else np.zeros((0, q_vecs.shape[1]), np.float32)
    t_vecs = vectors.vectors(c_titles) if n else c_vecs
    cos_full = (c_vecs @ q_vecs[0]).astype(np.float64)
    cos_title = (t_vecs @ q_vecs[1]).astype(np.float64)
    cos_q_title = (t_vecs @ q_vecs[0]).astype(np.float64)

    # The candidate's answers: does the thread talk about what is asked?
    answer_mean, answer_max = np.zeros(n), np.zeros(n)
    for i, candidate in enumerate(candidates):
        texts = [normalize(a) for a in candidate.answers if a.strip()]
        if texts:
            sims = vectors.vectors(texts) @ q_vecs[0]
            answer_mean[i], answer_max[i] = float(sims.mean()), float(sims.max())
        else:
            answer_mean[i] = answer_max[i] = cos_full[i]

    q_tokens = tokenize(query.text)
    c_tokens = [tokenize(t) for t in c_texts]
    mass = idf_mass(q_tokens, stats)
    bm25 = bm25_scores(q_tokens, c_tokens, stats) / mass
    bm25_title = bm25_scores(q_tokens, [tokenize(t) for t in c_titles], stats) / mass
    q_set = set(q_tokens)
    overlap = [jaccard(q_set, set(t)) for t in c_tokens]

    priors = [c.prior_rank for c in candidates]
    has_prior = all(p is not None for p in priors)
    prior = np.array([p if p is not None else 0 for p in priors], dtype=np.float64)
    prior_recip = 1.0 / np.maximum(prior, 1.0) if has_prior else np.zeros(n)
    prior_within = reciprocal_rank_within(-prior) if has_prior and n else np.zeros(n)

    return _build(
        {
            "prior_recip": prior_recip,
            "prior_within": prior_within,
            "cos_full": cos_full,
            "cos_title": cos_title,
            "cos_q_title": cos_q_title,
            "cos_full_z": zscore(cos_full),
            "cos_full_rank": reciprocal_rank_within(cos_full) if n else cos_full,
            "cos_answers_mean": answer_mean,
            "cos_answers_max": answer_max,
            "bm25": bm25,
            "bm25_title": bm25_title,
            "bm25_z": zscore(bm25),
            "overlap": overlap,
            "log_length": [math.log1p(len(t)) for t in c_tokens],
        },
        n,
    )


def answer_features(
    question: AskedQuestion,
    answers: Sequence[CandidateAnswer],
    vectors: TextVectors,
    stats: LexicalStats,
    text_model: TextModel | None = None,
) -> FeatureMatrix:
    """Without a text model its column is 0 (training fills it with out-of-fold scores)."""
    n = len(answers)
    texts = [normalize(a.text) for a in answers]
    q_vec = vectors.vectors([normalize(question.text)])[0]
    a_vecs = vectors.vectors(texts) if n else np.zeros((0, q_vec.shape[0]), np.float32)
    cos_q = (a_vecs @ q_vec).astype(np.float64)
    # Agreement with the rest of the thread: good answers tend to say what the others say.
    if n > 1:
        total = a_vecs.sum(axis=0)
        others = (total[None, :] - a_vecs) / (n - 1)
        norms = np.linalg.norm(others, axis=1) + 1e-9
        agreement = (np.einsum("ij,ij->i", a_vecs, others) / norms).astype(np.float64)
    else:
        agreement = np.zeros(n)

    q_tokens = tokenize(question.text)
    a_tokens = [tokenize(t) for t in texts]
    bm25 = bm25_scores(q_tokens, a_tokens, stats) / idf_mass(q_tokens, stats)
    q_set = set(q_tokens)

    positions = np.array(
        [a.position if a.position is not None else i + 1 for i, a in enumerate(answers)],
        dtype=np.float64,
    )
    asker = question.author_id
    authors = [a.author_id for a in answers]
    by_asker = np.array([asker is not None and a == asker for a in authors], dtype=np.float64)
    per_author = Counter(a for a in authors if a is not None)
    # The asker replies right after this answer: a dialogue (often a thank-you for a good answer).
    order = np.argsort(positions, kind="stable")
    asker_next = np.zeros(n)
    for k in range(len(order) - 1):
        i, j = order[k], order[k + 1]
        if by_asker[j] and not by_asker[i]:
            asker_next[i] = 1.0
    closest_other = _closest_other(a_vecs, authors)

    word_lists = [words(t) for t in texts]
    return _build(
        {
            "position_recip": 1.0 / positions,
            "position_frac": (positions - 1) / max(n - 1, 1),
            "by_asker": by_asker,
            "asker_next": asker_next,
            "author_repeats": [per_author[a] - 1 if a is not None else 0 for a in authors],
            "cos_q": cos_q,
            "cos_q_z": zscore(cos_q),
            "cos_q_rank": reciprocal_rank_within(cos_q) if n else cos_q,
            "agreement": agreement,
            "bm25": bm25,
            "overlap": [jaccard(q_set, set(t)) for t in a_tokens],
            "log_words": [math.log1p(len(w)) for w in word_lists],
            "short": [float(len(w) < 5) for w in word_lists],
            "questions": [min(t.count("?"), 3) for t in texts],
            "url": [float(has_url(t)) for t in texts],
            "contact": [float(bool(_EMAIL.search(t) or _PHONE.search(t))) for t in texts],
            "digits": [float(any(ch.isdigit() for ch in t)) for t in texts],
            "thanks": [float(bool(_THANKS.search(t))) for t in texts],
            "laugh": [float(bool(_LAUGH.search(t))) for t in texts],
            "mention": [float(bool(_MENTION.search(t))) for t in texts],
            "exclaim": [min(t.count("!"), 3) for t in texts],
            "text_model": text_model.score(texts) if text_model is not None else np.zeros(n),
            "closest_other": closest_other,
            "ends_question": [float(t.rstrip().endswith("?")) for t in texts],
        },
        n,
    )


def _closest_other(vectors: npt.NDArray[np.float32], authors: Sequence[str | None]) -> Matrix:
    """Cosine to the most similar answer by someone else (0 alone): a point another person
    makes too is more likely an answer than an aside."""
    n = len(authors)
    if n < 2:
        return np.zeros(n)
    sims = (vectors @ vectors.T).astype(np.float64)
    # An unknown author (a deleted account) is someone else than everyone.
    ids = np.array([a if a is not None else f"\0{i}" for i, a in enumerate(authors)])
    sims[ids[:, None] == ids[None, :]] = -np.inf  # the diagonal too
    best = sims.max(axis=1)
    return np.where(np.isfinite(best), best, 0.0)
