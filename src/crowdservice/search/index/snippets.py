"""Query-biased snippets: the stretch of a document's text that holds most of the query's words."""

from __future__ import annotations

import re
from collections.abc import Sequence

SNIPPET_CHARS = 220
_WORD = re.compile(r"\w+", re.UNICODE)


def snippet(text: str, terms: Sequence[str], *, size: int = SNIPPET_CHARS) -> str:
    """About `size` characters of `text` around the densest run of query words, cut at words."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    wanted = {t.lower() for t in terms}
    hits = [m.start() for m in _WORD.finditer(text) if _stem_match(m.group().lower(), wanted)]
    start = 0
    if hits:
        best, best_count = hits[0], 0
        right = 0
        for left, position in enumerate(hits):
            while right < len(hits) and hits[right] < position + size * 0.8:
                right += 1
            if right - left > best_count:
                best, best_count = position, right - left
        start = max(0, best - size // 5)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < best else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return f"{'… ' if start else ''}{text[start:end]}{' …' if end < len(text) else ''}"


def _stem_match(word: str, wanted: set[str]) -> bool:
    return word in wanted or any(len(t) >= 4 and word.startswith(t[:4]) for t in wanted)
