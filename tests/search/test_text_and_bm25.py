"""Tokenising and BM25: the lexical half of the engine."""

from __future__ import annotations

import numpy as np
import pytest

from crowdservice.search.engine.bm25 import LexicalStats, bm25_scores, idf_mass
from crowdservice.search.engine.text import normalize, stem, tokenize


def test_normalize_decodes_entities_and_collapses_space() -> None:
    assert normalize("  Fish &amp; chips\n\t in\u00a0Doha \x00") == "Fish & chips in Doha"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("banks", "bank"), ("banking", "bank"), ("stopped", "stop"), ("rates", "rate"),
     ("visas", "visa"), ("boxes", "box"), ("class", "class"), ("bus", "bus"), ("qatar", "qatar")],
)  # fmt: skip
def test_light_stemmer(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_tokenize_drops_stop_words_urls_and_punctuation() -> None:
    assert tokenize("Where can I open a bank account? See http://x.qa/banks") == [
        "open",
        "bank",
        "account",
        "see",
    ]


def _corpus() -> list[list[str]]:
    return [
        tokenize("Which bank is best for opening a savings account in Doha?"),
        tokenize("Best restaurants in Doha for a family dinner"),
        tokenize("How do I renew my residence permit and visa?"),
        tokenize("Visa renewal documents: passport, photos, and the permit form"),
    ]


def test_bm25_ranks_matching_documents_first() -> None:
    docs = _corpus()
    stats = LexicalStats.of(docs)
    scores = bm25_scores(tokenize("visa renewal"), docs, stats)
    assert scores[3] > scores[2] > 0
    assert scores[0] == scores[1] == 0


def test_bm25_rare_terms_weigh_more_and_idf_is_never_negative() -> None:
    docs = _corpus()
    stats = LexicalStats.of(docs)
    assert stats.idf("savings") > stats.idf("doha") > 0
    # A term in every document still has a positive IDF (Lucene's variant).
    assert LexicalStats.of([["a"], ["a"], ["a"]]).idf("a") > 0


def test_bm25_saturates_term_frequency_and_normalises_length() -> None:
    stats = LexicalStats.of([["visa"], ["visa"] * 10, ["visa"] + ["filler"] * 30, ["other"]])
    once, many, long = bm25_scores(
        ["visa"], [["visa"], ["visa"] * 10, ["visa"] + ["x"] * 30], stats
    )
    assert many > once > long
    assert many < 3 * once  # saturation: ten times the term is not ten times the score


def test_bm25_empty_query_and_empty_corpus() -> None:
    assert bm25_scores([], [["a"]], LexicalStats.of([["a"]])).tolist() == [0.0]
    assert bm25_scores(["a"], [], LexicalStats()).shape == (0,)
    assert idf_mass([], LexicalStats()) == 1.0
    assert np.isfinite(bm25_scores(["a"], [["a"]], LexicalStats())).all()
