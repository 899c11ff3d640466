"""A small on-disk cache in the user's cache directory, for work that is the same on every start.

Entries are keyed by disclint's version and a hash of their inputs (a template's YAML, the grammar), so a
change to either is never served stale. A missing, read-only or corrupt cache only costs speed.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__


def folder() -> Path | None:
    base = os.environ.get("DISCLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "disclint")
    path = Path(base)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.R_OK | os.W_OK) else None


def path_for(name: str, *inputs: str) -> Path | None:
    """Where the entry ``name`` for these inputs lives, or None when there is no usable cache folder."""
    where = folder()
    if where is None:
        return None
    key = hashlib.sha256("\0".join((__version__, *inputs)).encode("utf-8")).hexdigest()[:16]
    return where / f"{name}-{key}.pickle"


def load_or_build(name: str, inputs: tuple[str, ...], build):
    """The cached value for ``inputs``, or ``build()`` stored for next time."""
    path = path_for(name, *inputs)
    if path is not None:
        try:
            with open(path, "rb") as handle:
                return pickle.load(handle)
        except Exception:  # missing or unreadable: build it
            pass
    value = build()
    if path is not None:
        try:
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, path)
        except Exception:
            pass
    return value
