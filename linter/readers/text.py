"""Text files (and Markdown): bytes to lines, each position the file's own.

Decoding follows what government pages are saved as: UTF-8 (with or without BOM), UTF-16 with a
BOM, and GB18030 (a superset of GBK/GB2312) otherwise. Line breaks may be LF, CRLF or CR; lines are
split on exactly those (not on the other separators ``str.splitlines`` knows), so line numbers match
what an editor shows.
"""
from __future__ import annotations

import codecs
import re

from . import Source, SourceError, TextMap

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|table)\b", re.I | re.S)


def looks_like_html(path: str, data: bytes) -> bool:
    """An HTML page, by its name or by how it starts (pages are often saved as .txt)."""
    return path.lower().endswith((".html", ".htm", ".shtml", ".xhtml")) or \
        bool(_HTML_START.match(data[:2048].lstrip(b"\xef\xbb\xbf")))


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


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(_LINE_BREAK.split(text))


def read(path: str, data: bytes) -> Source:
    text, encoding = decode(data)
    lines = split_lines(text)
    return Source(path, "text", encoding, lines, TextMap(), lines)
