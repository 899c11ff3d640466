"""A small on-disk cache in the user's cache directory, for work that is the same on every start.

Entries are keyed by disclint's version and the files they are made from (a template's YAML, the grammar,
the code that builds them and this module), each by its size and modification time as Python's own
bytecode cache does, so a change to any of them is never served stale and a start reads none of them. Entries hold plain data only
(``marshal`` of None, numbers, strings, tuples, lists, dicts and frozensets): loading one never runs code,
and named tuples are stored as plain tuples and rebuilt from a list of known classes. A missing,
corrupt or foreign entry only costs speed: it is rebuilt (and not stored when the folder is read-only). (``os.path``, ``marshal`` and ``zlib``
rather than pathlib, pickle and hashlib: this runs on every start, and those cost 15 ms to import.)
"""
from __future__ import annotations

import marshal
import os
import zlib

from .paths import open_regular
from .version import __version__

_TAG = "\x00named"   # marks a named tuple stored as (tag, class name, fields)
_PLAIN = (type(None), bool, int, float, str)


def _platform_folder() -> str:
    """The user's cache folder as the platform has it: %LOCALAPPDATA% on Windows, ~/Library/Caches on
    macOS, $XDG_CACHE_HOME (else ~/.cache) elsewhere."""
    import sys

    home = os.path.expanduser("~")
    if sys.platform == "win32":
        return os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches")
    return os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")


def folder() -> str | None:
    """The cache folder (DISCLINT_CACHE_DIR, else the platform's), made if missing; None when it neither
    exists nor can be made. A read-only one is still read (a cache built into an image); only the writing
    of new entries then fails, quietly."""
    path = os.environ.get("DISCLINT_CACHE_DIR") or os.path.join(_platform_folder(), "disclint")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.R_OK | os.X_OK) else None


def _signature(path: str) -> str:
    stat = os.stat(path)
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def path_for(name: str, sources: tuple[str, ...]) -> str | None:
    """Where the entry ``name`` made from these files lives, or None when there is no usable cache folder."""
    where = folder()
    if where is None:
        return None
    data = "\0".join((__version__, *map(_signature, (__file__, *sources)))).encode("utf-8")
    key = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"
    return os.path.join(where, f"{name}-{key}.marshal")


def plain(value, seen: dict | None = None):
    """``value`` as plain data for the cache: named tuples become tagged tuples, recursively. An object met
    twice becomes the same plain object, so that marshal stores it once (columns repeat for every cell)."""
    seen = {} if seen is None else seen
    if id(value) in seen:
        return seen[id(value)][1]
    out: tuple | dict
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        out = (_TAG, type(value).__name__, tuple(plain(v, seen) for v in value))
    elif isinstance(value, (tuple, list)):
        out = tuple(plain(v, seen) for v in value)
    elif isinstance(value, dict):
        out = {k: plain(v, seen) for k, v in value.items()}
    elif isinstance(value, (frozenset, *_PLAIN)):
        return value
    else:
        raise TypeError(f"cannot cache a {type(value).__name__}")
    seen[id(value)] = (value, out)  # the value is kept alive so that its id is not reused
    return out


def revive(value, classes: dict, seen: dict | None = None):
    """The value ``plain`` stored, with its named tuples rebuilt from ``classes`` (name → class), each shared
    object once; anything but plain data or a class not listed is refused with ValueError."""
    seen = {} if seen is None else seen
    if type(value) in _PLAIN:
        return value
    if id(value) in seen:
        return seen[id(value)][1]
    if isinstance(value, tuple):
        if len(value) == 3 and value[0] == _TAG:
            if value[1] not in classes:
                raise ValueError(f"unknown class in the cache: {value[1]!r}")
            out = classes[value[1]](*(revive(v, classes, seen) for v in value[2]))
        elif all(type(v) in _PLAIN for v in value):
            return value  # a tuple of strings and numbers, as marshal made it
        else:
            out = tuple(revive(v, classes, seen) for v in value)
    elif isinstance(value, dict):
        if all(type(v) in _PLAIN for v in value.values()) and all(type(k) in _PLAIN for k in value):
            return value
        out = {revive(k, classes, seen): revive(v, classes, seen) for k, v in value.items()}
    elif isinstance(value, frozenset):
        out = frozenset(revive(v, classes, seen) for v in value)
    else:
        raise ValueError(f"not plain data in the cache: {type(value).__name__}")
    seen[id(value)] = (value, out)
    return out


def load_or_build(name: str, sources: tuple[str, ...], build, classes: dict | None = None, check=None):
    """The cached value made from the files ``sources``, or ``build()`` stored for next time. ``classes``: the
    named tuples the value holds, rebuilt by ``revive`` (which refuses anything but plain data); ``check``:
    raises on a value of the wrong shape (which is then rebuilt), and for a value without named tuples
    must look at every part of it."""
    try:
        path = path_for(name, sources)
    except OSError:
        path = None
    if path is not None:
        try:
            with open_regular(path) as handle:  # a FIFO put there would block every start
                value = marshal.load(handle)
            if classes:  # named tuples to rebuild; without, ``check`` looks at every part of the value
                value = revive(value, classes)
            if check is not None:
                check(value)
            return value
        except Exception:  # missing, unreadable, corrupt or of the wrong shape: build it
            pass
    value = build()
    if path is not None:
        partial = f"{path}.{os.getpid()}.tmp"  # written whole, then renamed: readers never see half a file
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # never into what is there
            with os.fdopen(os.open(partial, flags, 0o644), "wb") as handle:
                marshal.dump(plain(value), handle)
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
