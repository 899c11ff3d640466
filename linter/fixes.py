"""Safe fixes, shown before they are made (``--diff``) and made on request (``--fix``).

A rule that is sure of a correction gives its finding a ``fix``: the text that replaces the finding's own
span (a heading's official wording, ``0`` for a placeholder in a count, a document number's lost
bracket). Nothing that needs the editor's judgement has one: a total, a narrative figure, a date. Fixes
are made only in files whose lines are their own (text, Markdown, HTML), only where the file still holds,
at that span, exactly the text the finding was about (so a span that runs over markup or a line break is
left alone), and the file is written back in its own encoding, byte-order mark and line ends, whole or not at
all (a new file renamed over it), and only while it is still the file that was checked. Word drafts
and PDFs are never changed: ``--annotate`` comments on a copy instead.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from typing import NamedTuple

from .findings import Span
from .readers import OWN_LINES as FIXABLE  # the forms whose bytes are the lines findings are placed in

_LINES = re.compile(r"(\r\n|\r|\n)")


class Edit(NamedTuple):
    span: Span
    old: str
    new: str
    code: str


def edits(result) -> list[Edit]:
    """The fixes of a result's findings, in the order of the file, overlapping ones dropped (the first wins)."""
    found = sorted((Edit(f.span, str(f.actual), f.fix, f.code)
                    for f in result.findings if f.fix is not None and not f.file_level),
                   key=lambda e: e.span[:2])
    kept: list[Edit] = []
    for edit in found:
        if not kept or edit.span[:2] >= kept[-1].span[2:]:
            kept.append(edit)
    return kept


def apply(data: bytes, kind: str, changes: list[Edit]) -> tuple[bytes, list[Edit], list[Edit]]:
    """``data`` with the edits made: (new bytes, edits made, edits skipped because the file does not hold
    their text at their span)."""
    if kind not in FIXABLE:
        raise ValueError(kind)
    text, encoding = _decoded(data, kind)
    parts = _LINES.split(text)
    lines, ends = parts[0::2], parts[1::2] + [""]
    made, skipped = [], []
    for edit in reversed(changes):  # from the end, so that earlier positions stay where they are
        span = edit.span
        if span.line != span.end_line or not 0 < span.line <= len(lines):
            skipped.append(edit)
            continue
        line = lines[span.line - 1]
        start, end = span.column - 1, span.end_column - 1
        if line[start:end] != edit.old:
            skipped.append(edit)
            continue
        lines[span.line - 1] = line[:start] + edit.new + line[end:]
        made.append(edit)
    out = "".join(line + end for line, end in zip(lines, ends))
    return out.encode(encoding), made[::-1], skipped[::-1]


class NotFixable(Exception):
    """A file with fixes that are never made in it (a Word draft, a PDF, standard input): args[0] says how many."""


class Changed(Exception):
    """The file is not what was checked any more (edited, grown, replaced since), or is a link out of its
    folder: args[0] says which, in Chinese. Nothing was written."""


def fix(result, write: bool) -> tuple[list[Edit], list[Edit], str]:
    """The fixes of one checked file: (made, skipped, its diff). With ``write`` the file is rewritten (an
    OSError when it cannot be); without, only the diff is made. Raises NotFixable for a form that is never
    changed, Changed for a file that is no longer the one checked (``result.sha256``, when recorded, is the
    digest of the bytes checked) and engine.ReadError for a file that can no longer be read."""
    from .engine import read
    from .findings import sha256
    from .readers import MAX_BYTES

    changes = edits(result)
    if not changes:
        return [], [], ""
    if result.kind not in FIXABLE or result.path == "-":
        raise NotFixable(len(changes))
    target = _target(result.path)
    seen = os.stat(target)
    before = read(target)
    if len(before) > MAX_BYTES or (result.sha256 is not None and sha256(before) != result.sha256):
        raise Changed("文件在检查之后已被改动")
    after, done, skipped = apply(before, result.kind, changes)
    if not done:
        return [], skipped, ""
    if write:
        _replace(target, after, seen)
    return done, skipped, diff(result.path, before, after, result.kind)


def _target(path: str) -> str:
    """The file a fix writes: ``path`` itself, or the file a link names when that file is in the link's own
    folder (a link is kept a link); a link out of its folder is never followed."""
    if not os.path.islink(path):
        return path
    real, folder = os.path.realpath(path), os.path.realpath(os.path.dirname(os.path.abspath(path)))
    if os.path.commonpath((real, folder)) != folder:
        raise Changed("是指向所在目录之外的符号链接，不会修改其目标")
    return real


def _replace(path: str, data: bytes, seen: os.stat_result) -> None:
    """Write ``data`` as ``path`` without ever leaving it half written: a new file beside it, with its mode,
    flushed to disk, then renamed over it (atomic on every OS). Killed or out of space on the way, the old
    file is whole. Refused when the file changed after it was read (``seen``: its state then), so that an
    edit made meanwhile (by an editor, by another --fix) is never lost."""
    import tempfile

    if not os.access(path, os.W_OK):  # a read-only file stays so, though its folder would allow a rename
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    handle, partial = tempfile.mkstemp(prefix=".disclint-", suffix=".tmp", dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, stat.S_IMODE(seen.st_mode))
        now = os.stat(path)
        if (now.st_size, now.st_mtime_ns, now.st_ino) != (seen.st_size, seen.st_mtime_ns, seen.st_ino):
            raise Changed("文件在检查之后已被改动")
        os.replace(partial, path)
    except BaseException:
        try:
            os.remove(partial)
        except OSError:
            pass
        raise


def diff(path: str, before: bytes, after: bytes, kind: str) -> str:
    """A unified diff of the file before and after its fixes (``diff -u``, which ``patch`` applies)."""
    import difflib

    old, new = (_decoded(b, kind)[0].splitlines(keepends=True) for b in (before, after))
    return "".join(difflib.unified_diff(old, new, path, path, "修复前", "修复后"))


def _decoded(data: bytes, kind: str) -> tuple[str, str]:
    """The file's text and encoding, as its reader decoded it (a page by the charset it declares)."""
    from .readers.text import decode

    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I) if kind == "html" else None
    return decode(data, declared.group(1).decode("ascii") if declared else None)
