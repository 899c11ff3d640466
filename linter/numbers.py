"""Reading numbers as reports write them: table cells (``120.9万元``, ``+8``, ``1,024``) and figures
in the narrative, including Chinese numerals (两件, 十二件, 一百二十件)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .labels import norm

#: The most digits a figure may have (a trillion yuan written in 元 with fen fits): a longer run of digits is
#: no figure a report means (digits run together, a pasted identifier), and reading it as one would only
#: give absurd sums, floats that overflow and messages of a thousand digits.
MAX_DIGITS = 15

_CELL = re.compile(r"^([+\-−－]?)(\d+(?:,\d{3})*)(?:\.(\d+))?(万元|元|件|个|项|条|宗|次|%)?$")


class Number(NamedTuple):
    value: int | float
    decimals: int            # digits written after the decimal point
    unit: str | None         # unit written with the number, if any

    def in_wan(self) -> float:
        """The amount in 万元 (an amount written in 元 is divided by 10,000)."""
        return self.value / 10000 if self.unit == "元" else float(self.value)


def numeric(normed: str) -> bool:
    """Whether a normalised cell text is written as a number (of any length: parse_cell may still refuse it)."""
    return _CELL.match(normed) is not None


@lru_cache(maxsize=8192)
def parse_cell(text: str) -> Number | None:
    """The number in a table cell, or None when the cell is not a number (or one of more than MAX_DIGITS
    digits)."""
    match = _CELL.match(norm(text))
    if not match:
        return None
    sign, whole, fraction, unit = match.groups()
    digits = whole.replace(",", "")
    if len(digits) + len(fraction or "") > MAX_DIGITS:
        return None
    value: int | float = float(f"{digits}.{fraction}") if fraction else int(digits)
    if sign in ("-", "−", "－") and value:  # −0 is 0
        value = -value
    return Number(value, len(fraction or ""), unit)



_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"


def chinese_to_int(text: str) -> int | None:
    """``十二`` → 12, ``一百二十`` → 120, ``两`` → 2, ``三万五千`` → 35000; None if not a numeral."""
    if not text or not re.fullmatch(CHINESE_NUMERAL, text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def figure(text: str) -> float | int | None:
    """A figure from the narrative, Arabic (``1,295``, ``3.65``) or Chinese (``十二``); None for a run of more
    than MAX_DIGITS digits."""
    text = text.replace(",", "").replace("，", "").strip()
    if len(text) > MAX_DIGITS and sum(char.isdigit() for char in text) > MAX_DIGITS:
        return None
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    return chinese_to_int(text)
