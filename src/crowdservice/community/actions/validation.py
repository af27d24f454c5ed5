"""Input rules for community posts (the same limits Discourse uses for titles and bodies)."""

from __future__ import annotations

import html
import re
import unicodedata

from crowdservice.core.errors import ValidationFailed
from crowdservice.core.markdown import markdown_to_text

TITLE_MIN, TITLE_MAX = 15, 200
BODY_MIN, BODY_MAX = 20, 32_000
COMMENT_MIN, COMMENT_MAX = 5, 2_000
MAX_TAGS = 5
TAG_MAX = 35
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9+#.\-]*$")


def clean_title(title: str) -> str:
    return " ".join(title.split())


def clean_tags(tags: list[str] | str) -> list[str]:
    """Lower-case, de-duplicated tags in the order given; a string is split on commas and spaces."""
    raw = re.split(r"[,\s]+", tags) if isinstance(tags, str) else tags
    seen: list[str] = []
    for tag in raw:
        name = tag.strip().lower().lstrip("#")
        if name and name not in seen:
            seen.append(name)
    return seen


def _length_error(label: str, value: str, low: int, high: int) -> str | None:
    if "\x00" in value:
        # PostgreSQL cannot store NUL characters; no real text contains them.
        return f"{label} contains a NUL character (\\0); remove it and try again."
    if len(value) < low:
        return f"{label} must be at least {low} characters (it has {len(value)})."
    if len(value) > high:
        return f"{label} can be at most {high:,} characters (it has {len(value):,})."
    return None


def _visible(text: str) -> bool:
    # Invisible characters (zero-width spaces, no-break spaces, controls) are not content.
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in text)


def _visible_text_error(label: str, value: str) -> str | None:
    """Markdown that renders to nothing visible (an edit that blanks a post with rules, empty
    headings or quotes, `&nbsp;` or zero-width spaces) is refused like an empty post."""
    if not _visible(html.unescape(markdown_to_text(value, 400))):
        return f"{label} has no visible text once formatted; write what you mean in words."
    return None


def check_question_fields(
    *, title: str, body: str, tags: list[str], errors: dict[str, list[str]] | None = None
) -> None:
    errors = {} if errors is None else errors
    if message := _length_error("The title", title, TITLE_MIN, TITLE_MAX):
        errors["title"] = [message]
    message = _length_error("The body", body.strip(), BODY_MIN, BODY_MAX)
    if message := message or _visible_text_error("The body", body):
        errors["body"] = [message]
    tag_errors = check_tag_names(tags)
    if tag_errors:
        errors["tags"] = tag_errors
    if errors:
        raise ValidationFailed(errors)


def check_tag_names(tags: list[str]) -> list[str]:
    problems: list[str] = []
    if len(tags) > MAX_TAGS:
        problems.append(f"Use at most {MAX_TAGS} tags (you gave {len(tags)}).")
    for tag in tags:
        if "\x00" in tag:
            problems.append("A tag contains a NUL character (\\0).")
        elif len(tag) > TAG_MAX:
            problems.append(f"The tag {tag[:40]!r} is longer than {TAG_MAX} characters.")
        elif not TAG_PATTERN.match(tag):
            problems.append(
                f"The tag {tag!r} may contain only lower-case letters, digits and + # . -"
            )
    return problems


def check_answer_body(body: str) -> None:
    message = _length_error("The answer", body.strip(), BODY_MIN, BODY_MAX)
    if message := message or _visible_text_error("The answer", body):
        raise ValidationFailed({"body": [message]})


def check_comment_body(body: str) -> None:
    message = _length_error("The comment", body.strip(), COMMENT_MIN, COMMENT_MAX)
    if message := message or _visible_text_error("The comment", body):
        raise ValidationFailed({"body": [message]})
