"""Recovering a table row whose values were run together: ``200 000121`` is 20, 0, 0, 0, 0, 1, 21.

Crawler copies concatenate a row's cells (linter/runon.py). A run is cut into one value per column only
when exactly one cut gives valid numbers for the columns and satisfies the equations that lie within the
row (自然人 + the five 法人 columns = 总计 in table 三; 维持 + 纠正 + 其他 + 尚未审结 = 总计 per block of table
四). Whitespace in a run is always a boundary (a number never holds a space); a value never starts with a
0 unless it is 0; signs only in signed columns, decimals and units only in amount columns. Rows with no
equation (table 二) are cut only when the count of characters leaves one way. Anything else is ambiguous
and no value is guessed. Numbers with spaces between them (``written``), one per column, are read as written,
whether or not they add up; valid numbers spaced apart but fewer than the columns (``12 3`` for three) are cut
only where the row's equations confirm the cut, never on the count alone (12 and 3 with a blank lost are not
1, 2, 3). The binder never cuts a row written with spaces after its label (linter/binder.py).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .editions import Column
from .labels import norm
from .numbers import MAX_DIGITS, numeric

#: A cut is searched for at most this many steps; a run that needs more is ambiguous.
MAX_STEPS = 200_000

_COUNT = re.compile(r"(?:0|[1-9]\d*)")
_SIGNED = re.compile(r"[+\-−－]?(?:0|[1-9]\d*)")
_AMOUNT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?")
VALUE = re.compile(r"[+\-−－]?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?")   # any one cell's value


class Part(NamedTuple):
    text: str
    start: int    # offsets in the run's text
    end: int


def _pattern(column: Column) -> re.Pattern:
    return _AMOUNT if column.amount else _SIGNED if column.signed else _COUNT


def written(text: str) -> list[Part] | None:
    """The numbers of a run as written, parted by its spaces (``5 0 0 0 0 0 6``, ``12 3``, ``007``), as a copy
    that kept the cells' spaces writes a row; None when a part is no number."""
    parts = [Part(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    return parts if parts and all(numeric(norm(p.text)) for p in parts) else None


def valid_apart(parts: list[Part] | None) -> bool:
    """Whether the numbers written apart (two or more) are each a valid value (no 0 before other figures: ``00`` is digits
    a crawler ran together), as a row written with spaces holds them."""
    return parts is not None and len(parts) > 1 and all(VALUE.fullmatch(p.text) for p in parts)


def cuts(text: str, columns: tuple[Column, ...], equations=(), limit: int = 2) -> list[list[Part]]:
    """Up to ``limit`` ways to cut ``text`` into one value per column.

    ``equations`` are (left, right) tuples of column indexes whose values must have equal sums.
    """
    chars: list[str] = []
    offsets: list[int] = []
    hard: set[int] = set()
    for offset, char in enumerate(text):
        if char.isspace():
            hard.add(len(chars))
            continue
        chars.append(char)
        offsets.append(offset)
    flat = "".join(chars)
    count = len(columns)
    if not count <= len(flat) <= count * MAX_DIGITS:
        return []  # too short, or longer than any row of figures
    if not equations and valid_apart(written(text)):
        return []  # valid numbers spaced apart: a blank lost or digits run together, and no sum to tell
    by_last: dict[int, list] = {}
    for left, right in equations:
        by_last.setdefault(max(left + right), []).append((left, right))
    patterns = [_pattern(c) for c in columns]
    found: list[list[Part]] = []
    parts: list[tuple[int, int]] = []
    values: list[float] = []
    steps = 0

    def holds(index: int) -> bool:
        return all(abs(sum(values[i] for i in left) - sum(values[i] for i in right)) < 1e-9
                   for left, right in by_last.get(index, ()))

    def walk(start: int) -> bool:
        nonlocal steps
        index = len(parts)
        if index == count:
            if start == len(flat):
                found.append([Part(text[offsets[a]:offsets[b - 1] + 1], offsets[a], offsets[b - 1] + 1)
                              for a, b in parts])
            return len(found) >= limit
        remaining = count - index - 1
        for end in range(start + 1, len(flat) - remaining + 1):
            steps += 1
            if steps > MAX_STEPS:
                return True
            if end - 1 > start and (end - 1) in hard:
                break  # a space inside the value
            piece = flat[start:end]
            if not patterns[index].fullmatch(piece):
                if piece[0] == "0" and not piece.startswith("0."):
                    break  # a longer value would start with 0 too
                continue
            parts.append((start, end))
            values.append(_value(piece))
            if holds(index) and walk(end):
                return True
            parts.pop()
            values.pop()
        return False

    walk(0)
    if steps > MAX_STEPS:
        return found + [[]] * (limit - len(found))  # too many ways: as ambiguous as two
    return found


def _value(piece: str) -> float:
    digits = re.sub(r"[^\d.\-]", "", piece.replace("−", "-").replace("－", "-"))
    return float(digits) if digits not in ("", "-", ".") else 0.0
