"""Finding stated figures in the narrative: “预算金额120.9万元”, “节约率达3.65%”, “集中采购2宗”.

Patterns run on ``labels.fold(text)`` (full-width digits and punctuation made half-width, one character
for one), so match offsets are offsets in the original line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .labels import fold
from .numbers import CHINESE_NUMERAL, figure

NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
COUNT = rf"(\d[\d,]*|{CHINESE_NUMERAL})"
_LINK = r"(?:为|是|共|共计|合计|总计|约|达|达到|计)?\s*"
_WAN = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}


@dataclass(frozen=True)
class Figure:
    """A figure in a line: its value (Decimal, in 万元 for amounts), digits after the point, position."""

    value: Decimal
    decimals: int
    start: int
    end: int
    text: str


def _decimal(text: str) -> tuple[Decimal, int]:
    digits = text.replace(",", "")
    return Decimal(digits), len(digits.split(".")[1]) if "." in digits else 0


def amounts(text: str, words: str) -> list[Figure]:
    """Amounts introduced by one of ``words`` (a regex alternation), converted to 万元."""
    found = []
    for match in re.finditer(rf"(?:{words}){_LINK}{NUMBER}\s*(亿元|万元|元)", fold(text)):
        value, decimals = _decimal(match.group(1))
        found.append(Figure(value * _WAN[match.group(2)], decimals + (4 if match.group(2) == "元" else 0),
                            match.start(), match.end(), match.group()))
    return found


def percents(text: str, words: str) -> list[Figure]:
    """Percentages introduced by one of ``words``."""
    found = []
    for match in re.finditer(rf"(?:{words}){_LINK}{NUMBER}\s*%", fold(text)):
        value, decimals = _decimal(match.group(1))
        found.append(Figure(value, decimals, match.start(), match.end(), match.group()))
    return found


def counts(text: str, pattern: str) -> list[Figure]:
    """Counts matched by ``pattern``, whose first group is the figure (Arabic or Chinese)."""
    found = []
    for match in re.finditer(pattern, fold(text)):
        value = figure(match.group(1))
        if value is not None:
            found.append(Figure(Decimal(value), 0, match.start(), match.end(), match.group()))
    return found


def rounds_to(exact: Decimal, written: Decimal, decimals: int) -> bool:
    """Whether ``written`` is ``exact`` rounded to the precision it is written at."""
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) == written


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 4.4099, 120.9, 3."""
    text = format(value.normalize(), "f")
    return text
