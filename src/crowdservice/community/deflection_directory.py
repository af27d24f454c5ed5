"""Spaces for the deflection report and API, which sit below community and never import it."""

from __future__ import annotations

from collections.abc import Collection

from crowdservice.community.models import Space


class SpaceDirectory:
    def names(self, ids: Collection[int]) -> dict[int, str]:
        return dict(Space.objects.filter(pk__in=list(ids)).values_list("pk", "name"))

    def resolve(self, ref: str) -> int | None:
        found = Space.objects.filter(slug=ref).values_list("pk", flat=True).first()
        if found is None and ref.isdigit() and len(ref) < 19:
            found = Space.objects.filter(pk=int(ref)).values_list("pk", flat=True).first()
        return found
