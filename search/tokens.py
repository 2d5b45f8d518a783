"""Tokens in Django's cache: short random values whose replacement tells every process (of every app
server, with CACHE_URL) that what it holds under the old one is stale."""

from __future__ import annotations

import uuid

from django.core.cache import cache


def shared_token(key: str, seconds: int | None) -> str | None:
    """The token under `key`; a new one when there is none (first use, expiry, a change cleared
    it), kept `seconds` (None: until replaced). None when the cache keeps nothing (DummyCache)."""
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, seconds)
        token = cache.get(key)
    return token
