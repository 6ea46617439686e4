"""Every in-process cache, in one place: each is named, bounded, safe to use
from several threads (the ZIP of reports is built in a thread), and emptied
by one ``clear_all``.

A key is always made of stable ids: a questionnaire's ``cache_key`` (its id,
version and a fingerprint of its text), a round's ``results_key`` (its id,
creation time and how many times its results have changed), never
``id(obj)``, which Python reuses once an object is gone.

The eviction policy is ``cachetools.LRUCache``; this module adds the names,
the lock and ``get_or_make``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache

V = TypeVar("V")


class NamedCache(Generic[V]):
    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self._entries: LRUCache[Hashable, V] = LRUCache(maxsize=size)
        self._lock = threading.RLock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._entries[key] = value
        return value

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept under ``key``, made (outside the lock) when there is none."""
        found = self.get(key)
        if found is not None:
            return found
        return self.put(key, make())

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


_caches: dict[str, NamedCache] = {}
_memos: dict[str, functools._lru_cache_wrapper] = {}


def memo(name: str, size: int) -> Callable[[Callable[..., V]], Callable[..., V]]:
    """A named memo for a pure function of hashable arguments (functools'
    C implementation, for what runs hundreds of times a request), emptied
    with every other cache by ``clear_all``."""

    def decorator(function: Callable[..., V]) -> Callable[..., V]:
        wrapped = functools.lru_cache(maxsize=size)(function)
        _memos[name] = wrapped
        return wrapped

    return decorator


def named(name: str, size: int) -> NamedCache:
    """The cache of this name, made on first use."""
    if name not in _caches:
        _caches[name] = NamedCache(name, size)
    return _caches[name]


def clear_all() -> None:
    """Empty every cache (tests, and after a restore)."""
    for found in _caches.values():
        found.clear()
    for remembered in _memos.values():
        remembered.cache_clear()


def clear(*names: str) -> None:
    """Empty the caches of these names (a test that wants some of them cold)."""
    for name in names:
        if name in _caches:
            _caches[name].clear()
