"""Classifying the lines of a report into the tokens the grammar reads.

A report copied off a web page puts one table cell per line (or a whole row per line, separated by
``|`` or tabs), breaks long labels over several lines and wraps the report in page chrome. The lexer
works on whole cells, never on characters: it drops chrome, splits rows into cells, joins the lines
of a broken label back together when together they form a label of the official formats, and gives
each cell a token type. Positions always refer to the original file.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from .editions import LabelInfo, Section, all_sections, label_index
from .findings import Span
from .labels import fold, norm, without_note
from .numbers import numeric
from .readers import MAX_TOKENS, too_many
from .runon import MIN_LENGTH, segments

#: Token types, as declared in grammar/report.lark.
TITLE, META, SECTION, CAPTION, HEADER, LABEL = "TITLE", "META", "SECTION", "CAPTION", "HEADER", "LABEL"
NUMBER, PLACEHOLDER, EMPTY, TEXT = "NUMBER", "PLACEHOLDER", "EMPTY", "TEXT"
CELLTEXT = "CELLTEXT"  # text in a value cell of a row written on one line (``规章 | 若干 | 0``)
RUN = "RUN"            # a row's digits run together by a crawler (``200 000121``): linter/digitruns.py splits it

#: How many physical lines a broken label may span.
MAX_LABEL_LINES = 5
#: Longer than any label of the formats with a note after it (the longest is some 40 characters).
_LONGEST_LABEL = 200

_CHROME = re.compile(
    r"选择阅读字号|阅读次数[:：]?|浏览次数|点击下载|您当前的位置|当前位置[:：]|^首页\s*[>＞]|打印本页|关闭窗口|"
    r"^【?\s*(打印|关闭|收藏|分享到?)\s*】?$|分享到[:：]|扫一扫|字号[:：]?\s*[大中小]|^[\[【]?\s*[大中小]\s*[\]】]?$|"
    r"^[—–\-－]\s*\d{1,4}\s*[—–\-－]$|^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$|"
    r"^正文$|^附件[:：]?$|^(上一篇|下一篇)[:：]")
_META = re.compile(r"(发布时间|发布日期|成文日期|信息来源|来源|日期|时间|索引号|发布机构)\s*[:：]")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_PLACEHOLDERS = frozenset({"/", "-", "—", "——", "－", "―", "−", "--", "无", "不适用", "空", "×", "\\", "／"})
_CAPTION = re.compile(r"^第二十条第\(?([一二三四五六七八九十]+)\)?项")
_NUMERAL_HEADING = re.compile(r"^(?:第([一二三四五六七八九十]{1,3})部分[、.,，:：．]?|([一二三四五六七八九十]{1,3})([、.,，:．]|是)?)(.+)$")
_TITLE_WORDS = re.compile(r"政府信息公开.{0,12}(报告|年报|年度)")
#: the separators of a breadcrumb a saved page prints before its title (首页 > 政务公开 > …): the title is
#: what follows the last one
_CRUMBS = re.compile(r"[>»›]")
_FIGURES = re.compile(r"[\d.,+\-−－]+")
_SENTENCE = re.compile(r"[,。;《》]")
_END_PUNCT = re.compile(r"[。:：;；,，.]+$")


class Piece(NamedTuple):
    """One token: a cell or a line (or lines joined into one label), with its place in the file."""

    type: str
    text: str
    line: int
    column: int
    end_line: int
    end_column: int  # exclusive
    label: LabelInfo | None = None
    section: SectionMatch | None = None

    @property
    def span(self) -> Span:
        """Where it is (kept as four fields: a report makes thousands of pieces)."""
        return Span(self.line, self.column, self.end_line, self.end_column)


class SectionMatch(NamedTuple):
    """A heading recognised as one of the six sections, and how well it matches the format."""

    section: Section
    numeral: str | None   # the numeral written before the title, if any
    quality: str          # "official", "accepted", "variant" (known, warn), "keywords" (unknown wording) or
    #                       "slip" (the official wording with a typing slip, warn)
    separator: str | None


@lru_cache(maxsize=8192)
def value_type(normed: str) -> str | None:
    """NUMBER or PLACEHOLDER for a normalised cell text, else None."""
    if normed in _PLACEHOLDERS:
        return PLACEHOLDER
    if numeric(normed):
        return NUMBER
    return None


@lru_cache(maxsize=8192)
def match_label(normed: str) -> LabelInfo | None:
    """The label a normalised text is, allowing one trailing annotation in brackets."""
    index = label_index()
    info = index.get(normed)
    if info is None and normed.endswith(")"):
        bare = without_note(normed)
        info = index.get(bare) if bare else None
    return info


def match_section(text: str) -> SectionMatch | None:
    """Recognise a section heading such as ``一、总体情况`` (or a misnumbered, reworded or mistyped one)."""
    folded = re.sub(r"\s+", "", fold(text))
    if len(folded) > 45:
        return None
    match = _NUMERAL_HEADING.match(folded)
    if match:
        part, numeral, separator, title = match.groups()
        numeral, separator = (part, "部分") if part else (numeral, separator)
    else:
        numeral, separator, title = None, None, folded
    title = _END_PUNCT.sub("", norm(title))
    for section in all_sections():
        if title == norm(section.title):
            quality = "official"
        elif title in map(norm, section.accepted):
            quality = "accepted"
        elif title in map(norm, section.variants):
            quality = "variant"
        elif (separator not in (None, "是") and len(title) <= 30
              and any(all(word in title for word in group) for group in section.keywords)):
            quality = "keywords"
        elif separator not in (None, "是") and any(_slip(title, norm(t)) for t in (section.title, *section.variants)):
            quality = "slip"
        else:
            continue
        return SectionMatch(section, numeral, quality, separator)
    return None


def _slip(written: str, official: str) -> bool:
    """Whether ``written`` is ``official`` with a typing slip: one character in nine, at most two, added,
    dropped or changed (``政府信息公开行政法复议、行政诉讼情况``); short titles must be exact."""
    limit = min(2, len(official) // 9)
    if not limit or abs(len(written) - len(official)) > limit:
        return False
    previous = list(range(len(official) + 1))
    for i, a in enumerate(written, 1):
        current = [i] + [0] * len(official)
        for j, b in enumerate(official, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _cells(number: int, line: str):
    """Split one physical line into (text, column, end_column) cells; empty list for a blank line."""
    stripped = line.strip()
    if not stripped or ("---" in stripped and _MD_RULE.match(stripped)):
        return []
    start = len(line) - len(line.lstrip())
    if "|" not in stripped and "\t" not in stripped and stripped[0] != "#":  # the common case: one cell
        return [(stripped, start + 1, start + 1 + len(stripped))]
    if stripped.startswith("#"):
        body = stripped.lstrip("#")
        start += len(stripped) - len(body)
        stripped = body.strip()
    for separator in ("|", "\t"):
        if separator in stripped and not (separator == "|" and stripped == "|"):
            return _split(number, line, separator)
    if stripped == "|":
        return []
    return [(stripped, line.index(stripped, start) + 1, line.index(stripped, start) + 1 + len(stripped))]


def _split(number: int, line: str, separator: str):
    if line.count(separator) > MAX_TOKENS:
        raise too_many(number)
    cells, offset = [], 0
    for part in line.split(separator):
        text = part.strip()
        column = offset + (part.index(text) if text else min(1, len(part))) + 1  # an empty cell: after one space
        cells.append((text, column, column + len(text)))
        offset += len(part) + 1
    while cells and not cells[-1][0]:
        cells.pop()
    first = next((i for i, cell in enumerate(cells) if cell[0]), len(cells))
    del cells[:first]
    return cells


def _spaced(text: str, column: int):
    """``行政处罚 0`` or ``规章  0  0  0``: a label and values separated by spaces, as cells; or a row of values
    alone with a placeholder or a unit among them (table 四's ``0  3  无  12件``: figures alone are the run-on
    cutter's, linter/runon.py)."""
    parts = [(m.group(), m.start()) for m in re.finditer(r"\S+", text)]
    if len(parts) > 1 and all(value_type(norm(part)) for part, _ in parts) \
            and not all(_FIGURES.fullmatch(part) for part, _ in parts):
        return [(v, column + at, column + at + len(v)) for v, at in parts]
    for cut in range(len(parts) - 1, 0, -1):  # the values grow from the end, one part at a time
        if not value_type(norm(parts[cut][0])):
            break
        if parts[cut][1] > _LONGEST_LABEL:
            continue  # the text before is longer than any label
        head = text[:parts[cut][1]].strip()
        if match_label(norm(head)):
            values = parts[cut:]
            return [(head, column, column + len(head))] + [(v, column + at, column + at + len(v)) for v, at in values]
    return None


def _is_chrome(text: str) -> bool:
    """Page furniture (font-size pickers, view counters, PDF page footers…), unless it carries metadata or
    is a breadcrumb ending in the report's title (首页 > 政务公开 > 某某局2023年政府信息公开工作年度报告)."""
    if not _CHROME.search(text) or _META.search(text):
        return False
    return not _TITLE_WORDS.search(_CRUMBS.split(norm(text))[-1])


def lex(lines) -> list[Piece]:
    """Tokens of a report, given its lines (without line breaks), in document order."""
    # text, line, column, end_column, alone on its line, token type fixed by the run-on cutter (or None)
    raw: list[tuple[str, int, int, int, bool, str | None]] = []
    for number, line in enumerate(lines, 1):
        if not line or line.isspace():
            continue
        cells = _cells(number, line)
        if len(cells) == 1 and _is_chrome(cells[0][0]):
            continue
        if len(cells) == 1:
            text, column, end = cells[0]
            parts = segments(text) if len(text) >= MIN_LENGTH else None
            if parts:  # a line that runs headings or table cells together with the text
                raw.extend((t, number, column + a, column + b, True, RUN if kind == "run" else None)
                           for t, a, b, kind in parts)
                continue
            spaced = _spaced(text, column) if " " in text or "\u3000" in text else None
            if spaced:
                raw.extend((t, number, c, e, False, None) for t, c, e in spaced)
                continue
            raw.append((text, number, column, end, True, None))
        elif len(cells) > 1:
            raw.extend((t, number, c, e, False, None) for t, c, e in _without_spacers(cells))
        if len(raw) > MAX_TOKENS:
            raise too_many(number)
    return list(_classify(raw))


def _without_spacers(cells):
    """A header row drawn with empty spacer cells (merged header cells of a web or Word table) keeps only
    its headers: a spacer is not a blank value."""
    filled = [cell for cell in cells if norm(cell[0])]
    if len(filled) == len(cells) or not filled:
        return cells
    for text, _, _ in filled:
        info = match_label(norm(text))
        if info is None or info.kind not in ("header", "caption"):
            return cells
    return filled


def _classify(raw):
    seen_section = False
    label_line = None  # the line whose first cell is a row label: its other text cells are values
    i = 0
    while i < len(raw):
        text, line, column, end, alone, fixed = raw[i]
        if label_line is not None and label_line != line:
            label_line = None
        if fixed is not None:
            yield Piece(fixed, text, line, column, line, end)
            i += 1
            continue
        normed = norm(text)
        if not normed:  # an empty cell (or one holding only a zero-width space: a blank web-table cell)
            yield Piece(EMPTY, "", line, column, line, column)
            i += 1
            continue
        kind = value_type(normed)
        if kind:
            yield Piece(kind, text, line, column, line, end)
            i += 1
            continue
        span, info = _longest_label(raw, i)
        if info is not None:
            last = raw[i + span - 1]
            joined = "".join(r[0] for r in raw[i:i + span])
            kind = {"caption": CAPTION, "header": HEADER, "label": LABEL}[info.kind]
            yield Piece(kind, joined, line, column, last[1], last[3], label=info)
            if kind == LABEL and not last[4]:
                label_line = last[1]  # the row's line, whose other cells are its values
            i += span
            continue
        if label_line == line:
            yield Piece(CELLTEXT, text, line, column, line, end)
        elif _CAPTION.match(normed):
            yield Piece(CAPTION, text, line, column, line, end)
        elif alone and (section := match_section(text)):
            seen_section = True
            yield Piece(SECTION, text, line, column, line, end, section=section)
        elif not seen_section and alone and _META.search(text):
            yield Piece(META, text, line, column, line, end)
        elif not seen_section and alone and len(_CRUMBS.split(normed)[-1]) <= 50 and "政府信息公开" in normed \
                and not _SENTENCE.search(normed):
            follow = raw[i + 1] if i + 1 < len(raw) else None
            if not _TITLE_WORDS.search(normed) and follow and follow[4] and norm(follow[0]).endswith("报告"):
                yield Piece(TITLE, text + follow[0], line, column, follow[1], follow[3])
                i += 2
                continue
            yield Piece(TITLE if _TITLE_WORDS.search(normed) else TEXT, text, line, column, line, end)
        else:
            yield Piece(TEXT, text, line, column, line, end)
        i += 1


@cache
def _label_prefixes() -> frozenset[str]:
    """Every beginning of a normalised label: a join of lines that is none of these cannot grow into one."""
    return frozenset(label[:n] for label in label_index() for n in range(1, len(label) + 1))


def _longest_label(raw, i) -> tuple[int, LabelInfo | None]:
    """The most lines from ``raw[i]`` on that together form one known label (1 if it is one alone)."""
    joined = norm(raw[i][0])
    best = (1, match_label(joined))
    prefixes = _label_prefixes()
    if not raw[i][4]:
        return best  # a cell of a row written on one line: labels are not broken across cells
    for span in range(1, MAX_LABEL_LINES):
        if joined not in prefixes or i + span >= len(raw) or raw[i + span][1] == raw[i + span - 1][1]:
            break  # labels break across lines, not across the cells a run-on line was cut into
        joined += norm(raw[i + span][0])
        info = match_label(joined)
        if info is not None:
            best = (span + 1, info)
        if not raw[i + span][4]:
            break  # the first cell of a row written on one line (1.属于 / 国家秘密 | 0 | …) ends the label
    return best
