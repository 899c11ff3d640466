"""File names as every output shows them.

A file name is bytes on Linux; one that is not UTF-8 (a GBK name copied from a Windows share) reaches
Python with each bad byte as a lone surrogate, which no UTF-8 output can hold. Outputs show such a byte as
``\\xb1`` instead: the name stays recognisable, and JSON, SARIF and the terminal stay valid UTF-8.
"""
from __future__ import annotations

import os
import re


def printable(path: str) -> str:
    """``path`` with every byte that is not UTF-8 written as ``\\xNN``."""
    if path.isprintable() or not any("\udc80" <= char <= "\udcff" for char in path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_NOT_IN_IRI = re.compile(r'[\x00-\x20%#?\\"<>`^{|}\x7f]')


def uri(path: str) -> str:
    """A file name as a relative IRI reference (SARIF's ``artifactLocation.uri``): ``/`` between folders,
    and the characters a URI cannot hold as such (space, ``%``, ``#``, a backslash…) percent-encoded;
    Chinese stays as it is, as IRIs allow."""
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    return _NOT_IN_IRI.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), path)
