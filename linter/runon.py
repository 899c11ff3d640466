"""Lines that run several parts of a report together, cut back into the cells the lexer expects.

Crawlers and careless copies run a whole page into one line, or break it into lines at places of their own:
``…联系。一、总体情况2020年，…`` and, in the tables, ``规章007规范性文件7777166…一、本年新收政府信息公开申请数量200
000121…``. Such a line is cut

* at every section heading (any numeral, the format's wordings or a wording of its own holding a section's
  keywords) that follows a sentence end, a space, a figure or the report's title (``…年度报告一、总体情况``),
  unless what follows makes it a name in a list of the parts (``…；二、主动公开政府信息情况；…等六部分组成``);
* in table zones, at every label, header and caption of the formats. A zone opens at a caption, a table
  section's heading, table 三's note, a label or figures that begin the line (a crawler that breaks the page
  between rows: ``4.保护第三方合法权益0000000``), or a label in running text that a run of figures and another
  label follow (rows after a page footer); a header in a wording of its own between headers does not end it.
  A zone of one label is a label quoted in the narrative, unless it and its figures are the whole line.

What lies between two labels of a table is a *digit run* whose values the binder recovers only when its
spaces give them, or one split fits (linter/digitruns.py). Labels are found on the normalised text
(labels.norm, character by character, with a map back to the line) so that punctuation width, spaces and
quotes do not matter; every cell keeps its columns in the line. Only lines that may hold a heading or begin
with a label or figures are normalised: the lexer runs this on every line.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from .digitruns import VALUE
from .editions import label_index, sections_with_tables
from .labels import HAN, norm

TEXT, CELL, RUN = "text", "cell", "run"

#: Lines shorter than this are never cut (no label with digits is shorter).
MIN_LENGTH = 4
#: Lines shorter than this without figures are cut only into a heading and the sentence after it
#: (``六、其他需要报告的事项无。``): other short lines of words (a heading in a wording of its own, header cells
#: merged by a PDF conversion) are read whole by the lexer.
_SHORT = 40
_FIGURE = re.compile(r"\d")
#: Figures that cannot be one number: a 0 followed by a figure.
_SEVERAL = re.compile(r"[+\-−－]?0\d")
#: One number with its thousands set apart by spaces (``1 000 000``), not several.
_GROUPED = re.compile(r"[+\-−－]?\d{1,3}(?: \d{3})+(?:\.\d+)?")
_SENTENCE_ENDS = ("。", "！", "？", "!", "?")

_DROP = frozenset(" \t\u3000\u00a0\u200b\ufeff“”\"'‘’「」『』")
_SEPARATORS = {"、": ",", "，": ",", ";": ",", "；": ","}
_QUOTES = frozenset("“”\"'‘’「」『』")
_HEADING_BEFORE = frozenset("。；;！!？?）)」”\"' \t\u3000:：") | frozenset("0123456789元%")
_TITLE_ENDS = ("年度报告", "工作报告", "年报")
#: What follows a part's name in a list of the parts (normalised), never a heading.
_LISTED = (",", ";", "等", "和", "及", "与", ")", "》")
#: How far past an unknown header (a wording of its own: ``本年数量``) the next label of a table may be.
_UNKNOWN_HEADER = 24
_PUNCTUATION_OR_FIGURE = re.compile(r"[\d。,;:!?]")
_RUN_CHARS = re.compile(r"[0-9.\-+−－]")
_PLACEHOLDER = re.compile(r"[\-−－.]+")
_FIGURES_ONLY = re.compile(r"[0-9.\-+−－\s]+")
_TITLE_AT_END = re.compile(r"(?<=\s)(\S{2,60}?(?:政府信息公开|政务公开)\S{0,12}?(?:年度报告|工作报告|年报))$")
_TITLE_AT_START = re.compile(r"^\s*(\S{2,60}?(?:政府信息公开|政务公开)\S{0,12}?(?:年度报告|工作报告|年报))\s+(?=\S)")
#: A cheap test that a line may hold a heading or a table: most lines of a report fail it at once.
_MAYBE = re.compile("(?:^|[" + "".join(map(re.escape, sorted(_HEADING_BEFORE))) + "]|" + "|".join(_TITLE_ENDS)
                    + r")\s*[一二三四五六七八九十]{1,2}\s*[、.,，．]|第二十条|勾稽关系|信息内容")
_ZONE_START = "第二十条第|\\(本列数据的勾稽关系为"
#: More characters than the longest label, caption or header takes in a line, however spaced.
_LONGEST_TOKEN = 120


@cache
def _fold(char: str) -> str:
    """What ``norm`` makes of one character: its NFKC form without spaces and quotes, separators as commas."""
    if char in _DROP:
        return ""
    return "".join(_SEPARATORS.get(piece, piece) for piece in unicodedata.normalize("NFKC", char)
                   if not piece.isspace() and piece not in _DROP)


class _Folds(dict):
    """``str.translate``'s table of ``_fold``, filled as characters are met; ``uneven`` holds those that fold to
    no character or to several (only a line holding one of them needs its offsets counted one by one)."""

    def __init__(self):
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold(chr(code))
        if len(folded) != 1:
            self.uneven.add(chr(code))
        return folded


_FOLDS = _Folds()


def _normalised(line: str) -> tuple[str, list[int]]:
    """``norm`` of the line, one character at a time, and for each character its offset in ``line``."""
    text = line.translate(_FOLDS)
    if _FOLDS.uneven.isdisjoint(line):
        where = list(range(len(line)))
    else:
        chars, where = [], []
        for offset, char in enumerate(line):
            folded = _fold(char)
            chars.append(folded)
            where.extend([offset] * len(folded))
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
    openings: frozenset      # their first two characters
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
                       _alternation(label_index()), frozenset(label[:2] for label in label_index()),
                       frozenset(tables))


def _loose_section(title: str):
    """The section whose keywords a heading in a wording of its own holds, if one does."""
    return next((s for s, _ in sections_with_tables() if any(all(w in title for w in group) for group in s.keywords)),
                None)


def _table_line(line: str, vocabulary: _Vocabulary) -> tuple[str, list[int]] | None:
    """The normalised line when it begins with a label, header or caption followed by more (a label alone
    is read as it is); its first two characters are looked at first, most lines end there."""
    if _normalised(line[:8])[0][:2] not in vocabulary.openings:
        return None
    head = _normalised(line[:_LONGEST_TOKEN])
    token = vocabulary.tokens.match(head[0])
    if token is None or (token.end() == len(head[0]) and len(line) <= _LONGEST_TOKEN):
        return None
    return head if len(line) <= _LONGEST_TOKEN else _normalised(line)


def _heading_at(text: str, line: str, where: list[int], position: int, vocabulary: _Vocabulary):
    """(end, section) of a section heading starting at ``position`` of the normalised text, where a heading
    can start: after a sentence end, a space, a figure or the report's title."""
    before = where[position] - 1
    if before >= 0 and line[before] not in _HEADING_BEFORE and not line.endswith(_TITLE_ENDS, 0, before + 1):
        return None
    match = vocabulary.official.match(text, position)
    found: tuple | None  # (end, section)
    if match is not None:
        found = match.end(), vocabulary.titles[match.group(1)]
    else:
        loose = _LOOSE.match(text, position)
        section = _loose_section(loose.group(1)) if loose else None
        found = (loose.end(), section) if loose and section else None
    if found and text.startswith(_LISTED, found[0]):
        return None  # a list of the parts' names (本报告由…；二、主动公开政府信息情况；…等六部分组成), not a heading
    return found


def segments(line: str) -> list[tuple[str, int, int, str]] | None:
    """The cells of a line that runs parts of a report together: (text, start, end, kind) with offsets
    in ``line`` and kind ``text``, ``cell`` (a heading, caption, header or label) or ``run`` (digits run
    together); None when the line holds no embedded heading or table."""
    if len(line) < MIN_LENGTH:
        return None
    vocabulary = _vocabulary()
    if len(line) < _SHORT and not _FIGURE.search(line):
        return _heading_and_sentence(line, vocabulary)
    tokens = vocabulary.tokens
    if _MAYBE.search(line) or _FIGURES_ONLY.fullmatch(line):
        text, where = _normalised(line)
    elif found := _table_line(line, vocabulary):
        text, where = found
    else:
        return None
    if not text:
        return None
    cuts: list[tuple[int, int, str]] = []   # spans in the normalised text: (start, end, kind)
    # the cuts of the table zone being read; a line that begins with a label or figures is inside a table
    zone: list[tuple[int, int, str]] | None = [] if tokens.match(text) or _RUN_CHARS.match(text) else None

    def close_zone(by: str):
        """Keep the zone's cuts when they are a table's, ``by`` being what ends it (a heading, the line's end
        or text): two labels or more; a label that begins the line and its digits, up to the line's end or a
        heading; figures that begin the line (the values of a row the crawler broke the line before), up to
        a heading, or making the whole line when they cannot be one number (``000000000000000``, ``0 -3 0``). A zone of
        one token is a caption or label quoted in the narrative, not a table; a zone opened at a label in
        running text (``loose``) is a table's only where a label, figures and a label follow each other."""
        if zone is None:
            return
        shape = [kind for _, _, kind in zone]
        if loose and (CELL, RUN, CELL) not in zip(shape, shape[1:], shape[2:]):
            return
        starts_line = bool(zone) and zone[0][0] == 0
        several = by == "end" and (_SEVERAL.match(text) or (len(line.split()) > 1 and not _GROUPED.fullmatch(line.strip())))
        if shape.count(CELL) >= 2 or (starts_line and shape == [CELL, RUN] and by != TEXT) \
                or (starts_line and shape == [RUN] and (by == "heading" or several)):
            cuts.extend(zone)

    position = 0
    loose = False   # the zone opened at a label in running text: it must hold a label, figures and a label
    row = tokens.search(text)
    while position < len(text):
        heading = _heading_at(text, line, where, position, vocabulary) if zone is not None else None
        if zone is None:  # in the narrative: go straight to the next heading or table
            start = vocabulary.starts.search(text, position)
            if row is not None and row.start() < position:
                row = tokens.search(text, position)
            if start is None or (row is not None and row.start() < start.start()):
                if row is None:
                    break  # neither a heading nor a table follows
                position, zone, loose = row.start(), [], True  # a label in running text (after a page footer)
                continue
            position = start.start()
            heading = _heading_at(text, line, where, position, vocabulary)
            if heading is None:
                if not text.startswith(("第二十条第", "(本列数据的勾稽关系为"), position):
                    position += 1  # a title's words where no heading can start
                    continue
                zone, loose = [], False  # a caption or table 三's note opens a table
        if heading is not None:
            close_zone("heading")
            end, section = heading
            cuts.append((position, end, CELL))
            position = end
            zone, loose = [] if section.id in vocabulary.tables else None, False
            continue
        token = tokens.match(text, position)
        assert zone is not None, "past a heading or in a table, a zone is open"
        if token is not None:
            zone.append((token.start(), token.end(), CELL))
            position = token.end()
            continue
        if zone and zone[-1][2] == CELL:  # among a table's headers: one in a wording of its own is passed
            after = tokens.search(text, position + 1, position + _UNKNOWN_HEADER)
            if after is not None and not _PUNCTUATION_OR_FIGURE.search(text, position, after.start()):
                position = after.start()
                continue
        if _RUN_CHARS.match(text, position) and (zone or (zone == [] and position == 0)):
            end = position + 1
            while end < len(text) and _RUN_CHARS.match(text, end) and not tokens.match(text, end):
                end += 1
            end += 2 if text.startswith("万元", end) else 1 if text.startswith("元", end) else 0
            zone.append((position, end, RUN))
            position = end
            continue
        close_zone(TEXT)
        zone = None
        position += 1
    close_zone("end")
    if not cuts:
        return None
    return _cells(line, where, cuts)


def _heading_and_sentence(line: str, vocabulary: _Vocabulary):
    """A short line cut into the heading it begins with and the sentence that follows (None otherwise)."""
    if not line.rstrip().endswith(_SENTENCE_ENDS):
        return None
    text, where = _normalised(line)
    heading = _heading_at(text, line, where, 0, vocabulary) if text else None
    if heading is None or heading[0] >= len(text):
        return None
    return _cells(line, where, [(0, heading[0], CELL)])


def _with_placeholders(line: str, start: int, end: int):
    """The cells of a run that holds a placeholder between spaces (``0 - 0``): figures never run a lone
    sign together, so its parts are cells as written (None otherwise)."""
    parts = [(m.group(), start + m.start(), start + m.end(), CELL) for m in re.finditer(r"\S+", line[start:end])]
    if any(_PLACEHOLDER.fullmatch(p[0]) for p in parts) and \
            all(_PLACEHOLDER.fullmatch(p[0]) or VALUE.fullmatch(p[0]) for p in parts):
        return parts
    return None


def _cells(line: str, where: list[int], cuts) -> list[tuple[str, int, int, str]]:
    """The line cut at the spans found (mapped back to ``line``), with the text between them as text cells."""
    out: list[tuple[str, int, int, str]] = []
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
        last = _TITLE_AT_END.search(stripped) if not out else None
        if last and last.start() > 0:  # the site's furniture, then the title just before the first heading
            before = stripped[:last.start()].rstrip()
            out.append((before, first, first + len(before), TEXT))
            first += last.start()
            stripped = last.group(1)
        out.append((stripped, first, first + len(stripped), TEXT))

    for start, end, kind in cuts:
        raw_start, raw_end = where[start], where[end - 1] + 1
        while kind == CELL and raw_end < len(line) and line[raw_end] in _QUOTES:
            raw_end += 1  # a closing quote norm drops (``3.危及“三安全一稳定”``) belongs to the label
        text_cell(cursor, raw_start)
        if kind == RUN and (cells := _with_placeholders(line, raw_start, raw_end)):
            out.extend(cells)  # ``0 - 0``: a row written with spaces, one of its cells a placeholder
        else:
            out.append((line[raw_start:raw_end], raw_start, raw_end, kind))
        cursor = raw_end
    text_cell(cursor, len(line))
    return out
