"""File names as every output shows them.

A file name is bytes on Linux; one that is not UTF-8 (a GBK name copied from a Windows share) reaches
Python with each bad byte as a lone surrogate, which no UTF-8 output can hold. Outputs show such a byte as
``\\xb1`` instead: the name stays recognisable, and JSON, SARIF and the terminal stay valid UTF-8.
"""
from __future__ import annotations

import os
import re
import stat


def printable(path: str) -> str:
    """``path`` with every byte that is not UTF-8 written as ``\\xNN``."""
    if path.isprintable() or not any("\udc80" <= char <= "\udcff" for char in path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


#: Characters that act on a screen instead of being shown: C0 and C1 controls (an escape sequence clears the
#: screen or sets a window's title), bidi overrides and marks (which reorder what follows: “Trojan source”),
#: and zero-width characters (which hide a difference between two words); a newline too (one line per finding).
#: A tab is only a space.
_ACTING = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def harmless(text: str) -> str:
    """``text`` as a terminal or a page may show it: each character that would act (ANSI escapes, bidi
    overrides, zero-width characters) written as ``\\x1b`` or ``\\u202e`` instead, so that a report line
    or a file name can neither repaint the screen nor hide what it says."""
    if text.isprintable():
        return text
    return _ACTING.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


_NOT_IN_IRI = re.compile(r'[\x00-\x20%#?\\"<>`^{|}\x7f]')


def uri(path: str) -> str:
    """A file name as a relative IRI reference (SARIF's ``artifactLocation.uri``): ``/`` between folders,
    and the characters a URI cannot hold as such (space, ``%``, ``#``, a backslash…) percent-encoded;
    Chinese stays as it is, as IRIs allow."""
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    return _NOT_IN_IRI.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), path)


class NotRegular(OSError):
    """A path disclint would read that is no regular file (a FIFO, a device, a socket, a folder)."""


def open_regular(path: str):
    """``path`` opened for reading in binary, refused with NotRegular unless it is a regular file. Opened
    without waiting (a FIFO would block for ever until a writer came) and checked once open, so that what
    is read is what was checked."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegular(0, "不是普通文件（管道、设备、套接字或目录）", path)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
