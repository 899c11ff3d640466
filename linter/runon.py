"""Lines that run several parts of a report together, cut back into the cells the lexer expects.

Crawlers and careless copies run a whole page into one line: ``…联系。一、总体情况2020年，…`` and, in the
tables, ``规章007规范性文件7777166…一、本年新收政府信息公开申请数量200 000121…``. Such a line is cut at
every section heading that follows a sentence end, and, in table zones (from a caption, a header or a
heading of a table section onwards), at every label, header and caption of the formats; what lies between
two labels of a table is a *digit run* whose values the binder recovers only when one split fits
(linter/digitruns.py). Labels are found on the normalised text (labels.norm, character by character, with a
map back to the line) so that punctuation width, spaces and quotes do not matter; every cell keeps its
columns in the line.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from .editions import label_index, sections_with_tables
from .labels import HAN, norm

TEXT, CELL, RUN = "text", "cell", "run"

#: Lines shorter than this are never cut: a heading or label alone on its line is read as it is.
MIN_LENGTH = 40

_DROP = frozenset(" \t\u3000\u00a0\u200b\ufeff“”\"'‘’「」『』")
_SEPARATORS = {"、": ",", "，": ",", ";": ",", "；": ","}
_QUOTES = frozenset("“”\"'‘’「」『』")
_HEADING_BEFORE = frozenset("。；;！!？?）)」”\"' \t\u3000:：") | frozenset("0123456789元%")
_RUN_CHARS = re.compile(r"[0-9.\-+−－]")
_TITLE_AT_START = re.compile(r"^\s*(\S{2,60}?(?:政府信息公开|政务公开)\S{0,12}?(?:年度报告|工作报告|年报))\s+(?=\S)")
#: A cheap test that a line may hold a heading or a table: most lines of a report fail it at once.
_MAYBE = re.compile(r"[一二三四五六][、.,，．]\s*(?:总体|主动|收到|政府信息公开|存在|其他需要)|第二十条|勾稽关系|信息内容")
_ZONE_START = "第二十条第|\\(本列数据的勾稽关系为"


def _normalised(line: str) -> tuple[str, list[int]]:
    """``norm`` of the line, one character at a time, and for each character its offset in ``line``."""
    chars, where = [], []
    for offset, char in enumerate(line):
        if char in _DROP:
            continue
        folded = unicodedata.normalize("NFKC", char)
        for piece in folded:
            if piece.isspace() or piece in _DROP:
                continue
            chars.append(_SEPARATORS.get(piece, piece))
            where.append(offset)
    text = "".join(chars)
    # item numbers as the labels write them: ``1、申请人…`` → ``1.申请人…`` (same length, offsets kept)
    text = re.sub(rf"(\d),(?={HAN})", r"\1.", text)
    return text, where


def _alternation(texts) -> re.Pattern:
    return re.compile("|".join(re.escape(t) for t in sorted(set(texts), key=len, reverse=True)))


@cache
def _vocabulary() -> tuple[re.Pattern, re.Pattern, re.Pattern, frozenset[str]]:
    """(headings, where a heading or a table zone may start, table tokens, numerals of the table
    sections), all on normalised text."""
    titles, tables = [], set()
    for section, has_tables in sections_with_tables():
        for title in (section.title, *section.accepted, *section.variants):
            titles.append(section.number + "[,.]" + re.escape(norm(title)))
        if has_tables:
            tables.add(section.number)
    headings = "|".join(sorted(titles, key=len, reverse=True))
    return (re.compile(headings), re.compile(f"{headings}|{_ZONE_START}"), _alternation(label_index()),
            frozenset(tables))


def _heading_at(text: str, line: str, where: list[int], position: int, headings: re.Pattern):
    """A section heading starting at ``position`` of the normalised text, where a heading can start."""
    match = headings.match(text, position)
    if match is None:
        return None
    before = where[position] - 1
    if before >= 0 and line[before] not in _HEADING_BEFORE:
        return None
    return match


def segments(line: str) -> list[tuple[str, int, int, str]] | None:
    """The cells of a line that runs parts of a report together: (text, start, end, kind) with offsets
    in ``line`` and kind ``text``, ``cell`` (a heading, caption, header or label) or ``run`` (digits run
    together); None when the line holds no embedded heading or table."""
    if len(line) < MIN_LENGTH or not _MAYBE.search(line):
        return None
    text, where = _normalised(line)
    if not text:
        return None
    headings, starts, tokens, table_sections = _vocabulary()
    cuts: list[tuple[int, int, str]] = []   # spans in the normalised text: (start, end, kind)
    zone: list[tuple[int, int, str]] | None = None   # the cuts of the table zone being read

    def close_zone():
        # a zone of one token is a caption or label quoted in the narrative, not a table
        if zone is not None and sum(kind == CELL for _, _, kind in zone) >= 2:
            cuts.extend(zone)

    position = 0
    while position < len(text):
        if zone is None:  # in the narrative: go straight to the next heading or table
            start = starts.search(text, position)
            if start is None:
                break
            position = start.start()
            if _heading_at(text, line, where, position, headings) is None:
                if not text.startswith(("第二十条第", "(本列数据的勾稽关系为"), position):
                    position += 1  # a title's words where no heading can start
                    continue
                zone = []  # a caption or table 三's note opens a table
        heading = _heading_at(text, line, where, position, headings)
        if heading is not None:
            close_zone()
            cuts.append((heading.start(), heading.end(), CELL))
            position = heading.end()
            zone = [] if text[heading.start()] in table_sections else None
            continue
        token = tokens.match(text, position)
        if token is not None:
            zone.append((token.start(), token.end(), CELL))
            position = token.end()
            continue
        if _RUN_CHARS.match(text, position) and zone:
            end = position + 1
            while end < len(text) and _RUN_CHARS.match(text, end) and not tokens.match(text, end) \
                    and _heading_at(text, line, where, end, headings) is None:
                end += 1
            end += 2 if text.startswith("万元", end) else 1 if text.startswith("元", end) else 0
            zone.append((position, end, RUN))
            position = end
            continue
        close_zone()
        zone = None
        position += 1
    close_zone()
    if not cuts:
        return None
    return _cells(line, where, cuts)


def _cells(line: str, where: list[int], cuts) -> list[tuple[str, int, int, str]]:
    """The line cut at the spans found (mapped back to ``line``), with the text between them as text cells."""
    out = []
    cursor = 0

    def text_cell(start: int, end: int):
        piece = line[start:end]
        stripped = piece.strip()
        if not stripped:
            return
        first = start + len(piece) - len(piece.lstrip())
        title = _TITLE_AT_START.match(line[first:end]) if not out else None
        if title:  # a crawler's copy begins with the title and the text on one line
            out.append((title.group(1), first, first + len(title.group(1)), TEXT))
            first += title.end()
            stripped = line[first:end].strip()
        out.append((stripped, first, first + len(stripped), TEXT))

    for start, end, kind in cuts:
        raw_start, raw_end = where[start], where[end - 1] + 1
        while kind == CELL and raw_end < len(line) and line[raw_end] in _QUOTES:
            raw_end += 1  # a closing quote norm drops (``3.危及“三安全一稳定”``) belongs to the label
        text_cell(cursor, raw_start)
        out.append((line[raw_start:raw_end], raw_start, raw_end, kind))
        cursor = raw_end
    text_cell(cursor, len(line))
    return out
