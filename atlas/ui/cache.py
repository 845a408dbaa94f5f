"""Work done once per server process and shared by every session: finished views, and the
artefacts the panels make from them (a map's st_folium arguments, a chart's figure, a
download's bytes).

A view is a pure function of its inputs, the language and the database build
(docs/architecture.md), so ``view(fn, *args)`` keys it on exactly that: the function, its
arguments and ``database_identity()``, the build this run pinned (a run never mixes two
builds: the view is computed with a runner bound to that same build). Artefacts are keyed on
the content of the shape they are made from (its pickle), plus what else they depend on.

Every cache is bounded (least recently used entries go first) and is emptied when a new
build is published (``clear``). Cached objects are shared, not copied: panels and pages
only read them (``tests/pages/test_cache.py`` checks that a page leaves them as it found
them).
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import streamlit as st

from atlas.ui.data import ON_NEW_BUILD, database_identity, runner_for

VIEW_ENTRIES = 256  # a few hundred KB each at most: indicators × periods × measures × langs
ARTEFACT_ENTRIES = 256
EXPORT_ENTRIES = 64  # PNG/PDF bytes: up to ~0.5 MB each


def _name(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_resource(max_entries=VIEW_ENTRIES, show_spinner=False)
def _view(
    ident: tuple, name: str, args: tuple, kwargs: tuple, _fn: Callable, _run: Callable | None = None
) -> Any:
    return _fn(_run or runner_for(ident), *args, **dict(kwargs))


def view(fn: Callable, *args, **kwargs) -> Any:
    """``fn(run, *args, **kwargs)`` for the build this run reads, computed once per server
    process for these arguments and shared by every session. ``fn`` is a view: a pure
    function of the query runner, its inputs and the language. Treat the result as
    read-only."""
    return _view(database_identity(), _name(fn), args, tuple(sorted(kwargs.items())), _fn=fn)


def view_for(ident: tuple, run: Callable, fn: Callable, *args, **kwargs) -> Any:
    """``view`` outside a script run (the warm-up at start): the build ``ident`` read
    through ``run``."""
    return _view(ident, _name(fn), args, tuple(sorted(kwargs.items())), _fn=fn, _run=run)


def content_key(*parts: object) -> str:
    """A digest of picklable values (shapes, strings, numbers): equal content, equal key."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=16).hexdigest()


@st.cache_resource(max_entries=ARTEFACT_ENTRIES, show_spinner=False)
def _artefact(kind: str, key: str, _make: Callable[[], Any]) -> Any:
    return _make()


def artefact(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """``make()`` once per ``(kind, key)`` (``key`` from ``content_key``), shared by every
    session; read-only for its users."""
    return _artefact(kind, key, _make=make)


class _Bytes:
    """A small thread-safe LRU of download bytes. Downloads are made when a button is
    clicked, in Streamlit's media handler (no script run, so no st.cache_* there)."""

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._lock = threading.Lock()
        self._data: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str, make: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        data = make()
        with self._lock:
            self._data[key] = data
            while len(self._data) > self._entries:
                self._data.popitem(last=False)
        return data

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_EXPORTS = _Bytes(EXPORT_ENTRIES)


def export_bytes(key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes of a download, made once for equal content (``key``) and kept (bounded)."""
    return _EXPORTS.get(key, make)


def clear() -> None:
    """Forget every cached view and artefact (a new build was published)."""
    _view.clear()
    _artefact.clear()
    _EXPORTS.clear()


ON_NEW_BUILD.append(clear)
