"""Removing a requester's private details from text that is about to become public.

Our own code: the detectors support needs (addresses, phone numbers, order numbers and the
requester's own names) are a few regular expressions; the PyPI scrubbers pull in NLP stacks.
The agent always reviews the result before anything is published.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 8 or more digits with the separators people type: +44 20 7946 0958, (555) 123-4567.
PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d\s().-]{6,}\d(?!\w|\.\d)")
ORDER = re.compile(
    r"\b(?:order|invoice|receipt|purchase|transaction|serial|account)"
    r"(?:\s*(?:number|no\.?|id|#|num))?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Redaction:
    kind: str
    original: str


@dataclass(frozen=True)
class Redacted:
    text: str
    removed: list[Redaction]


def redact(text: str, names: Iterable[str] = ()) -> Redacted:
    """`text` with private details replaced by [email], [phone], [order number] and [name]."""
    removed: list[Redaction] = []

    def replace(kind: str, label: str) -> Callable[[re.Match[str]], str]:
        def sub(match: re.Match[str]) -> str:
            removed.append(Redaction(kind, match.group(0)))
            return label

        return sub

    text = EMAIL.sub(replace("email", "[email]"), text)

    def order_sub(match: re.Match[str]) -> str:
        number = match.group(1)
        if not any(ch.isdigit() for ch in number):
            return match.group(0)  # "order status", not an order number
        removed.append(Redaction("order number", number))
        return match.group(0).replace(number, "[order number]")

    text = ORDER.sub(order_sub, text)

    def phone_sub(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group(0))
        if digits < 8:
            return match.group(0)
        removed.append(Redaction("phone", match.group(0)))
        return "[phone]"

    text = PHONE.sub(phone_sub, text)
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 3}, key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
        if pattern.search(text):
            removed.append(Redaction("name", name))
            text = pattern.sub("[name]", text)
    return Redacted(text=text, removed=removed)
