"""CACHE_URL: local memory when unset, Redis through Django's RedisCache (shop.cache: keeping its
clients), anything else refused."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured

from shop.cache import RedisCache
from shop.settings.base import cache_from_url


@pytest.mark.parametrize("url", [None, ""])
def test_unset_cache_url_is_local_memory(url):
    assert cache_from_url(url) == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6380/0", "rediss://:secret@cache.example:6380/1"])
def test_a_redis_cache_url_is_djangos_redis_cache(url):
    config = cache_from_url(url)

    assert config["BACKEND"] == "shop.cache.RedisCache"
    assert config["LOCATION"] == url


@pytest.mark.parametrize(
    "url", ["memcached://:secret@127.0.0.1:11211", "127.0.0.1:6379", "http://redis:6379"]
)
def test_any_other_cache_url_stops_the_start_up_naming_the_variable(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL") as error:
        cache_from_url(url)

    assert "secret" not in str(error.value)


def test_two_caches_on_one_redis_share_their_entries(redis_url: str):
    """What two app servers see: a value one writes, the other reads; a delete reaches both."""
    config = cache_from_url(redis_url)
    prefix = f"test-{uuid.uuid4().hex}"
    one, other = (
        RedisCache(config["LOCATION"], {"KEY_PREFIX": prefix}),
        RedisCache(config["LOCATION"], {"KEY_PREFIX": prefix}),
    )

    one.set("token", "abc", 30)
    assert other.get("token") == "abc"
    other.delete("token")
    assert one.get("token") is None


def test_a_redis_cache_keeps_one_client_per_server_for_reads_and_writes(redis_url: str):
    cache = RedisCache(redis_url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})

    cache.set("a", 1, 30)
    cache.set("b", 2, 30)
    client = cache._cache.get_client(write=True)

    assert cache.get_many(["a", "b"]) == {"a": 1, "b": 2}
    assert cache._cache.get_client() is client is cache._cache.get_client(write=True)
