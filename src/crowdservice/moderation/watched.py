"""Watched words: moderators list words or phrases that block a post, hold it for approval, or
flag it for review. `*` stands for any letters, so `casino*` also matches "casinos"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crowdservice.moderation.models import WatchedAction, WatchedWord


@dataclass(frozen=True)
class WatchedMatch:
    word: str
    action: str


def pattern_for(word: str) -> re.Pattern[str]:
    # Words of a phrase match across any run of spaces; `*` is any ending (letters or digits).
    tokens = [r"\w*".join(re.escape(p) for p in t.split("*")) for t in word.lower().split()]
    body = r"\s+".join(tokens)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def find_watched(text: str) -> list[WatchedMatch]:
    """Every watched word in `text`, blocking ones first."""
    order = {WatchedAction.BLOCK: 0, WatchedAction.REQUIRE_APPROVAL: 1, WatchedAction.FLAG: 2}
    found = [
        WatchedMatch(word=w.word, action=w.action)
        for w in WatchedWord.objects.only("word", "action")
        if pattern_for(w.word).search(text)
    ]
    return sorted(found, key=lambda m: (order.get(WatchedAction(m.action), 9), m.word))
