"""What reputation knows about content, through a directory the content app registers.

Reputation sits below the community in the layering: it never imports it. The community registers
a `ContentDirectory` in its `ready()` that answers in bulk (one query per call): which space a
question is in, its title, link and tags, and which spaces exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class QuestionInfo:
    id: int
    title: str
    url: str
    space_id: int
    tags: list[str] = field(default_factory=list)
    is_live: bool = True


@dataclass(frozen=True)
class SpaceInfo:
    id: int
    slug: str
    name: str


class ContentDirectory(Protocol):
    def questions(self, question_ids: Iterable[int]) -> dict[int, QuestionInfo]:
        """The questions with these ids (deleted ones too, `is_live` False), in one query."""

    def spaces(self) -> list[SpaceInfo]:
        """Every space, in display order."""


class _NoContent:
    def questions(self, question_ids: Iterable[int]) -> dict[int, QuestionInfo]:
        return {}

    def spaces(self) -> list[SpaceInfo]:
        return []


_directory: list[ContentDirectory] = [_NoContent()]


def register_content_directory(directory: ContentDirectory) -> None:
    _directory[0] = directory


def content() -> ContentDirectory:
    return _directory[0]
