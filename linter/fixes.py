"""Safe fixes, shown before they are made (``--diff``) and made on request (``--fix``).

A rule that is sure of a correction gives its finding a ``fix``: the text that replaces the finding's own
span (a heading's official wording, ``0`` for a placeholder in a count, a document number's lost
bracket). Nothing that needs the editor's judgement has one: a total, a narrative figure, a date. Fixes
are made only in files whose lines are their own (text, Markdown, HTML), only where the file still holds,
at that span, exactly the text the finding was about (so a span that runs over markup or a line break is
left alone), and the file is written back in its own encoding, byte-order mark and line ends. Word drafts
and PDFs are never changed: ``--annotate`` comments on a copy instead.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .readers import OWN_LINES as FIXABLE  # the forms whose bytes are the lines findings are placed in

_LINES = re.compile(r"(\r\n|\r|\n)")


class Edit(NamedTuple):
    line: int
    column: int
    end_line: int
    end_column: int
    old: str
    new: str
    code: str


def edits(result) -> list[Edit]:
    """The fixes of a result's findings, in the order of the file, overlapping ones dropped (the first wins)."""
    found = sorted((Edit(f.line, f.column, f.end_line, f.end_column, str(f.actual), f.fix, f.code)
                    for f in result.findings if f.fix is not None and not f.file_level),
                   key=lambda e: (e.line, e.column))
    kept: list[Edit] = []
    for edit in found:
        if not kept or (edit.line, edit.column) >= (kept[-1].end_line, kept[-1].end_column):
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
        if edit.line != edit.end_line or not 0 < edit.line <= len(lines):
            skipped.append(edit)
            continue
        line = lines[edit.line - 1]
        start, end = edit.column - 1, edit.end_column - 1
        if line[start:end] != edit.old:
            skipped.append(edit)
            continue
        lines[edit.line - 1] = line[:start] + edit.new + line[end:]
        made.append(edit)
    out = "".join(line + end for line, end in zip(lines, ends))
    return out.encode(encoding), made[::-1], skipped[::-1]


class NotFixable(Exception):
    """A file with fixes that are never made in it (a Word draft, a PDF, standard input): args[0] says how many."""


def fix(result, write: bool) -> tuple[list[Edit], list[Edit], str]:
    """The fixes of one checked file: (made, skipped, its diff). With ``write`` the file is rewritten (an
    OSError when it cannot be); without, only the diff is made. Raises NotFixable for a form that is never
    changed and engine.ReadError for a file that can no longer be read."""
    from .engine import read

    changes = edits(result)
    if not changes:
        return [], [], ""
    if result.kind not in FIXABLE or result.path == "-":
        raise NotFixable(len(changes))
    before = read(result.path)
    after, done, skipped = apply(before, result.kind, changes)
    if not done:
        return [], skipped, ""
    if write:
        with open(result.path, "wb") as handle:
            handle.write(after)
    return done, skipped, diff(result.path, before, after, result.kind)


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
