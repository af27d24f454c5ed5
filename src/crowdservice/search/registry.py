"""Providers that domain apps register in their AppConfig.ready(); search never imports them."""

from __future__ import annotations

from crowdservice.search.types import SearchProvider

_providers: dict[str, SearchProvider] = {}


def register_provider(provider: SearchProvider) -> None:
    _providers[provider.kind] = provider


def providers() -> list[SearchProvider]:
    return list(_providers.values())
