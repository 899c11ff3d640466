"""Lines that run several parts of a report together, cut back into the cells the lexer expects.

Crawlers and careless copies run a whole page into one line, or break it into lines at places of their own:
``…联系。一、总体情况2020年，…`` and, in the tables, ``规章007规范性文件7777166…一、本年新收政府信息公开申请数量200
000121…``. Such a line is cut at every section heading that follows a sentence end, a space, a figure or the
report's title (``…年度报告一、总体情况``), and, in table zones, at every label, header and caption of the
formats. A table zone opens at a caption, a table section's heading, table 三's note, or a label that begins
the line (a crawler that breaks the page between rows: ``4.保护第三方合法权益0000000``); it holds at least two
labels, or is one whole line of a label and its digits. What lies between two labels of a table is a *digit
run* whose values the binder recovers only when one split fits (linter/digitruns.py). Labels are found on the normalised text (labels.norm, character by character, with a
map back to the line) so that punctuation width, spaces and quotes do not matter; every cell keeps its
columns in the line.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from .labels import HAN, norm
from .templates import label_index, sections_with_tables

TEXT, CELL, RUN = "text", "cell", "run"

#: Lines shorter than this are never cut (no label with digits is shorter).
MIN_LENGTH = 4
#: Lines shorter than this are cut only when they hold figures (a row a crawler ran into its label); shorter
#: lines of words alone (a heading, or header cells merged by a PDF conversion) are read as they are.
_SHORT = 40
_FIGURE = re.compile(r"\d")

_DROP = frozenset(" \t\u3000\u00a0\u200b\ufeff“”\"'‘’「」『』")
_SEPARATORS = {"、": ",", "，": ",", ";": ",", "；": ","}
_QUOTES = frozenset("“”\"'‘’「」『』")
_HEADING_BEFORE = frozenset("。；;！!？?）)」”\"' \t\u3000:：") | frozenset("0123456789元%")
_TITLE_ENDS = ("年度报告", "工作报告", "年报")
_RUN_CHARS = re.compile(r"[0-9.\-+−－]")
_TITLE_AT_START = re.compile(r"^\s*(\S{2,60}?(?:政府信息公开|政务公开)\S{0,12}?(?:年度报告|工作报告|年报))\s+(?=\S)")
#: A cheap test that a line may hold a heading or a table: most lines of a report fail it at once.
_MAYBE = re.compile(r"[一二三四五六七八九十][、.,，．]|第二十条|勾稽关系|信息内容")
_ZONE_START = "第二十条第|\\(本列数据的勾稽关系为"
#: More characters than the longest label, caption or header takes in a line, however spaced.
_LONGEST_TOKEN = 120


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


class _Vocabulary(NamedTuple):
    """What the cutter looks for, on normalised text."""

    official: re.Pattern     # a heading in a wording of the format: numeral, separator, title (group 1)
    titles: dict             # normalised title → Section
    starts: re.Pattern       # where a heading or a table zone may start
    tokens: re.Pattern       # labels, headers and captions of the tables
    tables: frozenset[str]   # ids of the sections that hold tables


#: A heading's numeral and separator, any numeral: a misnumbered heading is a heading (structure rules say so).
_NUMERAL = "[一二三四五六七八九十]{1,2}[,.]"
#: A heading in a wording of its own (``四、因政府信息公开申请行政复议、提起行政诉讼的情况``): a short title
#: without figures or brackets ending as the format's titles end, holding the keywords of a section.
_LOOSE = re.compile(_NUMERAL + r"([^。!?:;()\d]{2,28}?(?:情况|事项|措施))")


@cache
def _vocabulary() -> _Vocabulary:
    titles, tables = {}, set()
    for section, has_tables in sections_with_tables():
        for title in (section.title, *section.accepted, *section.variants):
            titles[norm(title)] = section
        if has_tables:
            tables.add(section.id)
    official = _NUMERAL + "(" + _alternation(titles).pattern + ")"
    return _Vocabulary(re.compile(official), titles, re.compile(f"{official}|{_LOOSE.pattern}|{_ZONE_START}"),
                       _alternation(label_index()), frozenset(tables))


def _loose_section(title: str):
    """The section whose keywords a heading in a wording of its own holds, if one does."""
    return next((s for s, _ in sections_with_tables() if any(all(w in title for w in group) for group in s.keywords)),
                None)


def _starts_with_token(line: str, tokens: re.Pattern) -> bool:
    """Whether the line begins with a label, header or caption (only its beginning is normalised)."""
    return tokens.match(_normalised(line[:_LONGEST_TOKEN])[0]) is not None


def _heading_at(text: str, line: str, where: list[int], position: int, vocabulary: _Vocabulary):
    """(end, section) of a section heading starting at ``position`` of the normalised text, where a heading
    can start: after a sentence end, a space, a figure or the report's title."""
    before = where[position] - 1
    if before >= 0 and line[before] not in _HEADING_BEFORE and not line.endswith(_TITLE_ENDS, 0, before + 1):
        return None
    match = vocabulary.official.match(text, position)
    if match is not None:
        return match.end(), vocabulary.titles[match.group(1)]
    match = _LOOSE.match(text, position)
    section = _loose_section(match.group(1)) if match else None
    return (match.end(), section) if section else None


def segments(line: str) -> list[tuple[str, int, int, str]] | None:
    """The cells of a line that runs parts of a report together: (text, start, end, kind) with offsets
    in ``line`` and kind ``text``, ``cell`` (a heading, caption, header or label) or ``run`` (digits run
    together); None when the line holds no embedded heading or table."""
    if len(line) < MIN_LENGTH or (len(line) < _SHORT and not _FIGURE.search(line)):
        return None
    vocabulary = _vocabulary()
    tokens = vocabulary.tokens
    if not _MAYBE.search(line) and not _starts_with_token(line, tokens):
        return None
    text, where = _normalised(line)
    if not text:
        return None
    cuts: list[tuple[int, int, str]] = []   # spans in the normalised text: (start, end, kind)
    # the cuts of the table zone being read; a line that begins with a label is inside a table
    zone: list[tuple[int, int, str]] | None = [] if tokens.match(text) else None

    def close_zone(row_ends: bool):
        # a zone of one token is a caption or label quoted in the narrative, not a table, unless the line
        # begins with the label and its digits, up to the line's end or a heading (``row_ends``)
        if zone is None:
            return
        labels = sum(kind == CELL for _, _, kind in zone)
        if labels >= 2 or (labels == 1 and len(zone) == 2 and zone[0][0] == 0 and zone[1][2] == RUN and row_ends):
            cuts.extend(zone)

    position = 0
    while position < len(text):
        heading = _heading_at(text, line, where, position, vocabulary) if zone is not None else None
        if zone is None:  # in the narrative: go straight to the next heading or table
            start = vocabulary.starts.search(text, position)
            if start is None:
                break
            position = start.start()
            heading = _heading_at(text, line, where, position, vocabulary)
            if heading is None:
                if not text.startswith(("第二十条第", "(本列数据的勾稽关系为"), position):
                    position += 1  # a title's words where no heading can start
                    continue
                zone = []  # a caption or table 三's note opens a table
        if heading is not None:
            close_zone(True)
            end, section = heading
            cuts.append((position, end, CELL))
            position = end
            zone = [] if section.id in vocabulary.tables else None
            continue
        token = tokens.match(text, position)
        if token is not None:
            zone.append((token.start(), token.end(), CELL))
            position = token.end()
            continue
        if _RUN_CHARS.match(text, position) and zone:
            end = position + 1
            while end < len(text) and _RUN_CHARS.match(text, end) and not tokens.match(text, end):
                end += 1
            end += 2 if text.startswith("万元", end) else 1 if text.startswith("元", end) else 0
            zone.append((position, end, RUN))
            position = end
            continue
        close_zone(False)
        zone = None
        position += 1
    close_zone(True)
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
