"""Reading a report file: bytes to text lines, keeping every position in the original file.

Decoding follows what government pages are saved as: UTF-8 (with or without BOM), UTF-16 with a
BOM, and GB18030 (a superset of GBK/GB2312) otherwise. Line breaks may be LF, CRLF or CR; lines are
split on exactly those (not on the other separators ``str.splitlines`` knows), so line numbers match
what an editor shows.
"""
from __future__ import annotations

import codecs
import re
from typing import NamedTuple

#: Files larger than this are refused with a finding instead of being read into memory.
MAX_BYTES = 20 * 1024 * 1024

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|table)\b", re.I | re.S)


def looks_like_html(path: str, data: bytes) -> bool:
    """An HTML page, by its name or by how it starts (pages are often saved as .txt)."""
    return path.lower().endswith((".html", ".htm", ".shtml", ".xhtml")) or \
        bool(_HTML_START.match(data[:2048].lstrip(b"\xef\xbb\xbf")))


class SourceError(Exception):
    """The bytes are not a text report; ``line`` is where the problem starts (1-based) or None."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class Source(NamedTuple):
    """A decoded report: its path (as given), its encoding, and its lines without line breaks.

    For an HTML page, ``lines`` are the text the page shows (linter/htmlsource.py), ``origin`` tells for
    each of them where its characters stand in the file, and ``file_lines`` are the file's own lines.
    """

    path: str
    encoding: str
    lines: tuple[str, ...]
    origin: tuple | None = None
    file_lines: tuple[str, ...] | None = None
    places: tuple | None = None    # for a Word draft: per line, where its characters are (“表3 第5行 第2列”)

    def place(self, line: int, column: int) -> str | None:
        """For a Word draft, the place of a position an editor can find in Word; None otherwise."""
        if self.places is None or not 0 < line <= len(self.places):
            return None
        from .docxsource import place
        return place(self.places[line - 1], column)

    def to_file(self, line: int, column: int) -> tuple[int, int]:
        """A position in ``lines`` as a position in the file."""
        if self.origin is None or not 0 < line <= len(self.origin) or not self.origin[line - 1]:
            return line, column
        from .htmlsource import position
        return position(self.origin[line - 1], column)


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a byte offset, counting characters as far as they decode."""
    head = data[:offset]
    line = head.count(b"\n") + 1
    last = head.rfind(b"\n")
    column = len(head[last + 1:].decode("utf-8", errors="replace")) + 1
    return line, column


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding name) or raises SourceError."""
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[len(codecs.BOM_UTF8):], "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(f"UTF-16 文本无法解码（第 {exc.start} 字节）") from None
    else:
        body, encoding = data, "utf-8"
    nul = body.find(b"\x00")
    if nul >= 0:
        line, column = _position_of_byte(body, nul)
        raise SourceError("文件含有 NUL 字节，不是文本文件（可能是二进制或未带 BOM 的 UTF-16）", line, column)
    try:
        return body.decode("utf-8"), encoding
    except UnicodeDecodeError as utf8_error:
        if encoding == "utf-8-sig":
            line, column = _position_of_byte(body, utf8_error.start)
            raise SourceError("带 UTF-8 BOM 的文件中有无法解码的字节", line, column) from None
        try:
            return body.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line, column = _position_of_byte(body, utf8_error.start)
            raise SourceError("文件既不是 UTF-8/UTF-16 也不是 GB18030 编码的文本", line, column) from None


def from_bytes(path: str, data: bytes) -> Source:
    """Build a Source from raw bytes; raises SourceError for non-text or oversized input."""
    if len(data) > MAX_BYTES:
        raise SourceError(f"文件过大（{len(data) / 1048576:.1f} MB），超过 {MAX_BYTES // 1048576} MB 上限，未检查")
    if data.startswith(b"PK\x03\x04") or path.lower().endswith(".docx"):
        from .docxsource import looks_like_docx, read as read_docx
        if looks_like_docx(path, data):
            try:
                lines, places = read_docx(data)
            except ValueError as exc:
                raise SourceError(str(exc)) from None
            return Source(path, "docx", tuple(lines), places=tuple(places))
    text, encoding = decode(data)
    file_lines = tuple(_LINE_BREAK.split(text))
    if looks_like_html(path, data):
        from .htmlsource import read
        lines, origin = read(text)
        return Source(path, encoding, tuple(lines), tuple(origin), file_lines)
    return Source(path, encoding, file_lines)
