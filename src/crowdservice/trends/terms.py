"""The terms a document is counted under: its tags as they are, and its phrases.

Phrases are the search app's normalised, stemmed words without stop words, as single words and as
pairs of neighbouring words (a pair never spans a stop word, so "reset my password" gives "reset"
and "password" but no pair). Each term is counted once per document however often it appears;
the label keeps the first surface form seen, so people read "login errors", not "login error".
"""

from __future__ import annotations

from dataclasses import dataclass

from crowdservice.search.engine.text import STOPWORDS, stem, words

TAG = "tag"
PHRASE = "phrase"
MAX_KEY = 120
# Enough for a title and the opening of a post: what a topic is about is said early, and a
# pasted log must not add hundreds of terms.
MAX_TEXT_CHARS = 1_000
MAX_TERMS = 60
MIN_WORD = 3


@dataclass(frozen=True)
class ExtractedTerm:
    key: str  # "tag:login" or "phrase:login error" (stemmed), unique across kinds
    kind: str
    label: str  # what people read: the tag, or the first surface form of the phrase


def _content(word: str) -> bool:
    return len(word) >= MIN_WORD and word not in STOPWORDS and not word.isdigit()


def extract_terms(text: str, tags: list[str] | tuple[str, ...] = ()) -> list[ExtractedTerm]:
    """The document's distinct terms, tags first, then phrases in reading order (at most 60)."""
    found: dict[str, ExtractedTerm] = {}
    for tag in tags:
        name = tag.strip().lower()[: MAX_KEY - 4]
        if name:
            found.setdefault(f"{TAG}:{name}", ExtractedTerm(f"{TAG}:{name}", TAG, name))
    tokens = [w.replace("'", "") for w in words(text[:MAX_TEXT_CHARS])]
    previous: str | None = None
    for word in tokens:
        if not _content(word):
            previous = None
            continue
        for surface in (word, f"{previous} {word}" if previous else None):
            if surface is None or len(found) >= MAX_TERMS:
                continue
            key = f"{PHRASE}:" + " ".join(stem(part) for part in surface.split())
            if len(key) <= MAX_KEY:
                found.setdefault(key, ExtractedTerm(key, PHRASE, surface))
        previous = word
    return list(found.values())
