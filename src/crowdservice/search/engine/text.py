"""Text normalisation and tokenising shared by lexical scoring and features.

Deliberately simple and language-light: Unicode NFKC, HTML entities decoded, lower-cased word
tokens, English stop words dropped and a light suffix stemmer, so that "banks", "banking" and
"bank" meet. Everything is pure Python and deterministic.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each few for from further had hadn't has hasn't have haven't having he he'd
    he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
    is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only
    or other ought our ours ourselves out over own same shan't she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves then there there's
    these they they'd they'll they're they've this those through to too under until up very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while
    who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also just get got will im ive dont cant u ur pls please hi hello thanks
    thank regards dear anyone someone know""".split()  # noqa: SIM905 - a word list reads as prose
)

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Plain text: entities decoded, NFKC, control characters and runs of space collapsed."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", html.unescape(text or "")))
    # Every white-space character but " " is unprintable, so after collapsing them most texts
    # are printable and skip the per-character pass (the hot spot of re-ranking).
    if not text.isprintable():
        text = _SPACE.sub(" ", "".join(ch if ch.isprintable() else " " for ch in text))
    return text.strip()


@lru_cache(maxsize=100_000)  # a vocabulary is small and words repeat: re-ranking stems a lot
def stem(word: str) -> str:
    """A light English suffix stripper (plural, -ing, -ed, -ly); conservative on short words."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement, min_stem in (
        ("ies", "y", 2),
        ("sses", "ss", 2),
        ("ness", "", 4),
        ("ing", "", 3),
        ("edly", "", 3),
        ("ed", "", 3),
        ("ly", "", 4),
        ("es", "", 3),
        ("s", "", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "zes", "sses")):
                return word[:-1]  # "rates" -> "rate", not "rat"
            base = word[: len(word) - len(suffix)] + replacement
            # "stopped" -> "stop", "running" -> "run"
            doubled = len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz"
            if suffix in ("ing", "ed") and doubled:
                base = base[:-1]
            return base
    return word


def words(text: str) -> list[str]:
    """All word tokens, lower-cased, URLs removed; no stop-word filtering or stemming."""
    return _WORD.findall(_URL.sub(" ", normalize(text)).lower())


def tokenize(text: str) -> list[str]:
    """Content terms for lexical matching: words without stop words, stemmed."""
    return [stem(w.replace("'", "")) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def has_url(text: str) -> bool:
    return _URL.search(text or "") is not None
