"""Word-level differences between two revisions, for the revision history page.

Built on the standard library's difflib (SequenceMatcher over words), not a library of our own:
a post's revisions are short enough that its quadratic worst case never matters.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "added" or "removed"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """`new` compared with `old`, as runs of unchanged, added and removed text."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments


def has_changes(segments: list[Segment]) -> bool:
    return any(s.op != "same" for s in segments)
