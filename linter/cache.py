"""A small on-disk cache in the user's cache directory, for work that is the same on every start.

Entries are keyed by disclint's version and a hash of their inputs (a template's YAML, the grammar, the
code that builds them), so a change to any of them is never served stale. A missing, read-only or
corrupt cache only costs speed. (os.path rather than pathlib/tempfile: this runs on every start.)
"""
from __future__ import annotations

import hashlib
import os
import pickle

from .version import __version__


def folder() -> str | None:
    path = os.environ.get("DISCLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "disclint")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.R_OK | os.W_OK) else None


def path_for(name: str, *inputs: str) -> str | None:
    """Where the entry ``name`` for these inputs lives, or None when there is no usable cache folder."""
    where = folder()
    if where is None:
        return None
    key = hashlib.sha256("\0".join((__version__, *inputs)).encode("utf-8")).hexdigest()[:16]
    return os.path.join(where, f"{name}-{key}.pickle")


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
        partial = f"{path}.{os.getpid()}.tmp"  # written whole, then renamed: readers never see half a file
        try:
            with open(partial, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)
        except Exception:
            try:
                os.remove(partial)
            except OSError:
                pass
    return value


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()
