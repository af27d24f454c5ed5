"""How deflection learns space names and slugs without importing the app that owns spaces.

The community app registers a directory in its `AppConfig.ready()` (as it registers its search
provider); without one, spaces are known by number only.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Protocol


class SpaceDirectory(Protocol):
    def names(self, ids: Collection[int]) -> dict[int, str]:
        """The display name of each known space id (one query for all of them)."""
        ...

    def resolve(self, ref: str) -> int | None:
        """The id of the space with this slug (or id), or None if there is none."""
        ...


_directory: list[SpaceDirectory] = []
# A slug or an id; anything else (NUL bytes, quotes, 10 kB of text) names no space.
_REF = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def register_space_directory(directory: SpaceDirectory) -> None:
    _directory[:] = [directory]


def space_names(ids: Collection[int]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    if not _directory:
        return {i: f"Space {i}" for i in wanted}
    names = _directory[0].names(wanted)
    # A space deleted since keeps its number, so the report still adds up.
    return {i: names.get(i, f"Space {i} (removed)") for i in wanted}


def resolve_space(ref: str) -> int | None:
    ref = ref.strip()
    if not _REF.fullmatch(ref):
        return None
    if _directory:
        return _directory[0].resolve(ref)
    return int(ref) if ref.isdigit() else None
