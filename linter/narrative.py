"""Finding stated figures in the narrative: “预算金额120.9万元”, “节约率达3.65%”, “集中采购2宗”.

Patterns run on ``labels.fold(text)`` (full-width digits and punctuation made half-width, one character
for one), so match offsets are offsets in the original line.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from .findings import Span
from .labels import fold
from .lexer import TEXT, Piece
from .numbers import CHINESE_NUMERAL, MAX_DIGITS, figure

NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
COUNT = rf"(\d[\d,]*|{CHINESE_NUMERAL})"
_LINK = r"(?:为|是|共|共计|合计|总计|约|达|达到|计)?\s*"
_WAN = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}


_SENTENCE_END = re.compile(r"[。！？!?；;:：”\"」）)]\s*$")
_ITEM_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[是、.]|\d{1,2}[.、])")


class Paragraph:
    """Narrative text that may span several lines: a sentence broken by a PDF conversion is one paragraph.

    ``text`` is the joined text; ``span`` maps offsets in it back to lines and columns of the file.
    """

    def __init__(self, pieces: list[Piece], section: str | None):
        self.pieces = pieces
        self.section = section       # the template section id it stands in, or None (front matter)
        self.text = "".join(p.text for p in pieces)
        self.starts, offset = [], 0
        for piece in pieces:
            self.starts.append(offset)
            offset += len(piece.text)

    def _index(self, offset: int, end: bool = False) -> int:
        """The piece holding ``offset`` (for an end, the piece a span ending there ends in)."""
        return max(0, (bisect_left if end else bisect_right)(self.starts, offset) - 1)

    def piece_at(self, offset: int) -> Piece:
        """The line (piece) that holds character ``offset`` of the joined text."""
        return self.pieces[self._index(offset)]

    def _position(self, offset: int, end: bool = False) -> tuple[int, int]:
        index = self._index(offset, end)
        piece = self.pieces[index]
        return piece.line, piece.column + offset - self.starts[index]

    def span(self, start: int, end: int) -> Span:
        """File positions of ``text[start:end]``."""
        return Span(*self._position(start), *self._position(end, end=True))


def paragraphs(document) -> list[Paragraph]:
    """The narrative of a document: consecutive text lines joined where a sentence runs on."""
    found: list[Paragraph] = []
    current: list[Piece] = []
    current_section = None

    def close():
        if current:
            found.append(Paragraph(list(current), current_section))
            current.clear()

    for section, block in document.blocks():
        section_id = section.match.section.id if section else None
        if not (isinstance(block, Piece) and block.type == TEXT) or section_id != current_section:
            close()
            current_section = section_id
            if not (isinstance(block, Piece) and block.type == TEXT):
                continue
        if current and (_SENTENCE_END.search(current[-1].text) or _ITEM_START.match(block.text)):
            close()
        current.append(block)
    close()
    return found


class Figure(NamedTuple):
    """A figure in a line: its value (Decimal, in 万元 for amounts), digits after the point, position."""

    value: Decimal
    decimals: int
    start: int
    end: int
    text: str


def _decimal(text: str) -> tuple[Decimal, int] | None:
    """A written decimal and its digits after the point; None for more than MAX_DIGITS digits."""
    digits = text.replace(",", "")
    if len(digits) > MAX_DIGITS and sum(char.isdigit() for char in digits) > MAX_DIGITS:
        return None
    return Decimal(digits), len(digits.split(".")[1]) if "." in digits else 0


def amounts(text: str, words: str) -> list[Figure]:
    """Amounts introduced by one of ``words`` (a regex alternation), converted to 万元."""
    found = []
    for match in re.finditer(rf"(?:{words}){_LINK}{NUMBER}\s*(亿元|万元|元)", fold(text)):
        written = _decimal(match.group(1))
        if written is None:
            continue
        value, decimals = written
        found.append(Figure(value * _WAN[match.group(2)], decimals + (4 if match.group(2) == "元" else 0),
                            match.start(), match.end(), match.group()))
    return found


def percents(text: str, words: str) -> list[Figure]:
    """Percentages introduced by one of ``words``."""
    found = []
    for match in re.finditer(rf"(?:{words}){_LINK}{NUMBER}\s*%", fold(text)):
        written = _decimal(match.group(1))
        if written is None:
            continue
        value, decimals = written
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


_PRECISE = Context(prec=4 * MAX_DIGITS + 8)


def rounded(value: Decimal, decimals: int) -> Decimal:
    """``value`` rounded half up to ``decimals`` places, the way reports round, at a precision enough for any
    ratio of two figures of MAX_DIGITS digits (the default 28 digits are not)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_PRECISE)


def rounds_to(exact: Decimal, written: Decimal, decimals: int, tolerance: float = 0) -> bool:
    """Whether ``written`` is ``exact`` rounded to the precision it is written at (or within ``tolerance``)."""
    if tolerance and abs(exact - written) <= Decimal(str(tolerance)):
        return True
    return rounded(exact, decimals) == written


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 4.4099, 120.9, 3."""
    return format(value.normalize(), "f")


_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?]")
_COUNT_UNIT = re.compile(rf"{COUNT}\s*(?:件|份|个|条|起|宗|项|次|人次)")


class Statement(NamedTuple):
    """A count stated about a fact: “无法提供 564 件” → fact 'r4', the figure, the keyword's start."""

    fact: str
    figure: Figure
    start: int          # where the keyword starts (the statement spans start..figure.end)


class Keyword(NamedTuple):
    """How the narrative names a fact. A ``weak`` keyword is a generic verb (答复, 办结) that any other
    subject of the same clause overrides (“同意公开答复 9 件” states 予以公开, not the applications
    answered); a ``barrier`` is a regex of words that, between keyword and figure, make the figure about
    something else (行政复议纠错 0 件 is not the number of 行政复议)."""

    pattern: str
    weak: bool = False
    barrier: str | None = None


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def statements(text: str, keywords: Mapping[str, Keyword | str], max_gap: int = 12) -> list[Statement]:
    """Counts in ``text`` with the fact each one states: the subject of the figure's own clause.

    A figure's clause runs from the last clause break (or the previous figure) to the figure. Of the
    keywords in it, one that is not weak wins over weak ones; then the one ending nearest the figure, and
    of those the longest (予以公开及部分公开 over 部分公开). Between that keyword and the figure there may be at
    most ``max_gap`` characters, no digit and no barrier of the fact.
    """
    folded = fold(text)
    counts = list(_COUNT_UNIT.finditer(folded))
    if not counts:
        return []
    known = {fact: k if isinstance(k, Keyword) else Keyword(k) for fact, k in keywords.items()}
    hits = sorted(((m.end(), m.start(), fact) for fact, keyword in known.items()
                   for m in _compiled(keyword.pattern).finditer(folded)), key=lambda h: h[0])
    if not hits:
        return []
    ends = [h[0] for h in hits]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(folded)]
    found, previous_end = [], 0
    for match in counts:
        value = figure(match.group(1))
        at = bisect_right(breaks, match.start())
        clause_start = max(breaks[at - 1] if at else 0, previous_end)
        previous_end = match.end()
        if value is None or (match.start() > 0 and folded[match.start() - 1] in ".%"):
            continue
        before = []  # the hits inside the clause: walked back from the figure to the clause's start
        for index in range(bisect_right(ends, match.start()) - 1, -1, -1):
            end, start, fact = hits[index]
            if end < clause_start:
                break
            if start >= clause_start:
                before.append((not known[fact].weak, end, end - start, start, fact))
        if not before:
            continue
        _, end, _, start, fact = max(before)
        gap = folded[end:match.start()]
        barrier = known[fact].barrier
        if len(gap) > max_gap or re.search(r"\d", gap) or (barrier and re.search(barrier, gap)):
            continue
        found.append(Statement(fact, Figure(Decimal(value), 0, match.start(), match.end(), folded[start:match.end()]), start))
    return found


#: Units that count the same kind of thing: a whole and its parts must share one.
UNIT_GROUPS = {"件": "件", "份": "件", "宗": "件", "起": "件", "条": "条", "篇": "篇", "个": "个", "项": "项",
               "次": "次", "人次": "人次", "期": "期"}
_UNIT = "人次|件|份|宗|起|条|篇|个|项|次|期"
#: Before a figure: a character that makes it no count of its own (第十六条, 1.5件, a numeral's tail, 10-20件).
_NOT_AFTER = r"(?<![第\d.零〇一二两三四五六七八九十百千万\-~～—至到])"
_WHOLE = re.compile(rf"(?:共|共计|合计|总计|累计|办结|受理|收到|主动公开|发布)[^，,。；;\d%]{{0,14}}?{_NOT_AFTER}{COUNT}\s*({_UNIT})")
#: A part: Arabic digits before any unit, a Chinese numeral only where the clause ends after its unit
#: (一件事一次办, 三条主线 are no parts).
_PART = re.compile(rf"{_NOT_AFTER}(?:(\d[\d,]*)\s*({_UNIT})|({CHINESE_NUMERAL})({_UNIT})(?=[、，,；;。)）]|$))(?!\s*%)")
#: A total that closes the list before it: ``……，合计100条``.
_TOTAL = re.compile(rf"[,，、]\s*(?:共计|合计|总计)\s*(?:为)?\s*{_NOT_AFTER}{COUNT}\s*({_UNIT})")


class Enumeration(NamedTuple):
    """A stated whole and the parts listed with it (``共N件，其中a件、b件``, ``共N条（a条，b条）``,
    ``N条：a条、b条``, ``a件、b件，合计N件``)."""

    whole: Figure
    unit: str
    parts: tuple[Figure, ...]
    exhaustive: bool      # the list claims to cover the whole: it ends with 其他/其余, or a 合计 closes it
    end: int


def _brackets(text: str) -> tuple[list[int], list[int | None]]:
    """For each character: how many round brackets are open around it (a bracket counts itself), and where
    the innermost of them closes (None: none is open, or it never closes)."""
    if "（" not in text and "(" not in text:
        return [0] * len(text), [None] * len(text)
    depths, around, stack, closes = [], [], [], {}
    for index, char in enumerate(text):
        if char in "（(":
            stack.append(index)
        depths.append(len(stack))
        around.append(stack[-1] if stack else None)
        if char in "）)" and stack:
            closes[stack.pop()] = index
    return depths, [None if opening is None else closes.get(opening) for opening in around]


#: How far before its list a whole is looked for (characters): a list is read near its whole.
WINDOW = 400
#: What introduces the parts of the whole before it: 其中, 包括, a colon, or a bracket opening right after it.
_MARKER = re.compile(r"(?:其中|包括|包含)(?:[,，]?\s*(?:包括|包含|有))?\s*[:：]?|[:：]|[（(]")
#: Where a list of parts ends: its sentence or clause, a nested breakdown, or what is said to be besides the
#: parts (“其中县政府文件20件、办公室文件30件，另有部门文件15件”: the last is no part of the whole).
_LIST_END = re.compile(r"[。；;!?！？]|其中|包括|包含|另|此外|还有|除此")
#: In a list, what makes its figures no partition of the whole: a comparison with another year, an
#: approximation (约30条, 30余条, 30条以上), the channels an item is published on (the same item goes on
#: the website and on the WeChat account: “其中网站发布300条，微信公众号发布200条” may overlap).
_NO_PARTITION = re.compile(r"较|比上年|比去年|同比|增加|减少|增长|下降|上升|降低|提高|(?:约|近|超过|逾)\s*\d"
                           r"|\d\s*(?:余|多)|左右|以上|不足"
                           r"|网站|网页|门户|公众号|微信|微博|新媒体|客户端|抖音|快手|视频号|头条号|政务号|APP|App|公开栏|公示栏"
                           r"|宣传栏|报刊|报纸|电视|广播|短信")
#: The last part is the rest (其他 7 件): the list claims to be complete. 其他处理 is a category of table 三.
_REST = re.compile(r"其余|其他(?!处理)|其它(?!处理)|剩余")

#: A figure without a unit inside a list of parts (“A类12条、B类30、C类5条”), not a year (2021、2022年度),
#: date or ordinal.
_BARE_PART = re.compile(rf"(?<![第\d.])(?!(?:19|20)\d\d[、，,；;)）])(\d{{1,{MAX_DIGITS}}})(?=[、，,；;)）])")


def enumerations(text: str) -> list[Enumeration]:
    """Every whole stated with its parts in a text.

    A list follows its whole in the same sentence: after 其中/包括 (to the end of the sentence or clause,
    or a nested 其中), after a colon right after the whole, or in brackets right after it (``共公布2602条
    (其中…82条，…1053条)``); or a list of parts is closed by its own total (``a件、b件，合计N件``). Parts
    count only in the whole's unit and at the list's bracket depth (a bracket inside the list holds the
    sub-parts of one part); a list with a comparison or an approximation is no partition. Every scan is
    bounded (WINDOW), so that a page run together into one paragraph costs linear time.
    """
    folded = fold(text)
    depths, closes = _brackets(folded)
    found = []
    for marker in _MARKER.finditer(folded):
        kind = marker.group()[0]
        if kind in "（(" and not _UNIT_BEFORE.search(folded, max(0, marker.start() - 4), marker.start()):
            continue  # a bracket introduces parts only right after the whole
        region = _list_region(folded, depths, closes, marker)
        if region is None:
            continue
        outer, depth, start, end = region
        window = max(0, marker.start() - WINDOW)  # a whole is stated near its parts
        sentence = max(folded.rfind(c, window, marker.start()) for c in "。！？!?；;") + 1 or window
        wholes = [m for m in _WHOLE.finditer(folded, sentence, marker.start()) if depths[m.start()] == outer]
        if not wholes or (kind in "（(" and folded[wholes[-1].end():marker.start()].strip()) \
                or (kind in ":：" and len(folded[wholes[-1].end():marker.start()].strip()) > 8):
            continue  # a bracket or a colon introduces parts only right after the whole
        item = _enumeration(folded, depths, wholes[-1], depth, start, end)
        if item is not None:
            found.append(item)
    spans = sorted((item.whole.start, item.end) for item in found)
    reach = list(accumulate((end for _, end in spans), max))
    previous = 0
    for total in _TOTAL.finditer(folded):  # parts closed by their total, where no whole introduced them
        covered = bisect_right(spans, (total.start(), len(folded)))
        window, previous = max(previous, total.start() - WINDOW), total.end()  # a list ends at its total
        if covered and reach[covered - 1] >= total.start():
            continue
        sentence = max(folded.rfind(c, window, total.start()) for c in "。！？!?；;:：") + 1 or window
        parts = _parts(folded, depths, UNIT_GROUPS[total.group(2)], depths[total.start()], sentence, total.start())
        if parts is not None:
            found.append(Enumeration(_count(total, 1), UNIT_GROUPS[total.group(2)], tuple(parts), True, total.end()))
    return sorted(found, key=lambda e: e.whole.start)


_UNIT_BEFORE = re.compile(rf"(?:{_UNIT})\s*$")
_OPENING_WORDS = re.compile(r"\s*(?:其中|包括|包含|含)?\s*[:：,，]?")
_NESTED = re.compile(r"其中|包括|包含")


def _list_region(folded: str, depths: list[int], closes: list[int | None], marker: re.Match):
    """(the marker's bracket depth, the list's, start, end) of the list a marker introduces, or None for a
    bracket never closed. A list in brackets runs to the bracket's close (or a nested 其中); any other to
    its sentence's or clause's end, and inside a bracket no further than the bracket."""
    outer = depth = depths[marker.start()]
    limit = min(len(folded), marker.end() + WINDOW * 5)
    if marker.group() in "（(":
        close = closes[marker.start()]
        if close is None:
            return None
        opening = _OPENING_WORDS.match(folded, marker.end())  # all optional: it always matches
        start = opening.end() if opening else marker.end()
        nested = _NESTED.search(folded, start, close)
        return outer - 1, depth, start, nested.start() if nested else close
    stop = _LIST_END.search(folded, marker.end(), limit)
    end = stop.start() if stop else limit
    close = closes[marker.start()]
    if depth and close is not None:
        end = min(end, close)
    return outer, depth, marker.end(), end


def _count(match, group: int) -> Figure:
    value = figure(match.group(group))
    assert value is not None, "the count patterns match figures only"
    return Figure(Decimal(value), 0, match.start(), match.end(), match.group().lstrip(",，、 "))


def _parts(folded: str, depths: list[int], unit: str, depth: int, start: int, end: int) -> list[Figure] | None:
    """The parts in ``folded[start:end]`` of ``unit`` at ``depth`` (with unit-less figures between them);
    None when they are no partition (a comparison, an approximation) or fewer than two."""
    if _NO_PARTITION.search(folded, start, end):
        return None
    parts = [m for m in _PART.finditer(folded, start, end) if depths[m.start()] == depth
             and UNIT_GROUPS[m.group(2) or m.group(4)] == unit and figure(m.group(1) or m.group(3)) is not None]
    if len(parts) < 2:
        return None
    bare = [m for m in _BARE_PART.finditer(folded, parts[0].end(), parts[-1].start()) if depths[m.start()] == depth]
    return sorted([_count(p, 1 if p.group(1) else 3) for p in parts] + [_count(m, 1) for m in bare],
                  key=lambda f: f.start)


def _enumeration(folded, depths, whole, depth, start, end) -> Enumeration | None:
    """The whole and the parts of one list; a 合计 after the parts is the list's own total, which the parts
    must equal (and the whole too, the list being closed)."""
    unit = UNIT_GROUPS[whole.group(2)]
    parts = _parts(folded, depths, unit, depth, start, end)
    if parts is None:
        return None
    total, exhaustive = _count(whole, 1), _rest(folded, depths, parts, start, depth, unit)
    closing = next((m for m in _TOTAL.finditer(folded, start, parts[-1].end) if m.end() == parts[-1].end), None)
    if closing is not None:
        parts, exhaustive = parts[:-1], True
        if len(parts) < 2:
            return None
        if sum(p.value for p in parts) != figure(closing.group(1)):
            total = _count(closing, 1)
    return Enumeration(total, unit, tuple(parts), exhaustive, end)


def _rest(folded, depths, parts, start, depth, unit) -> bool:
    """Whether the list's last part is the rest (其他/其余 N件), so that it claims to be complete, and every
    count of the list is in the whole's unit (a part counted in another unit would be missing from the sum)."""
    clause_start = max(max(folded.rfind(c, start, parts[-1].start) for c in ",，、；;") + 1, start)
    if not _REST.search(folded, clause_start, parts[-1].start):
        return False
    return all(UNIT_GROUPS[m.group(2) or m.group(4)] == unit
               for m in _PART.finditer(folded, start, parts[-1].end) if depths[m.start()] == depth)


_PERCENT_OF_COUNT = re.compile(rf"{COUNT}\s*(?:件|份|宗|起|条|个|项)\s*[（(]\s*(?:占比?|比例为?)?\s*(\d+(?:\.\d+)?)\s*%")


def shares(text: str) -> list[tuple[Figure, Figure]]:
    """“208 件（17.46%）”: a count and the percentage written after it."""
    found = []
    for match in _PERCENT_OF_COUNT.finditer(fold(text)):
        count, written = figure(match.group(1)), _decimal(match.group(2))
        if count is None or written is None:
            continue
        percent, decimals = written
        found.append((Figure(Decimal(count), 0, match.start(), match.end(), match.group()),
                      Figure(percent, decimals, match.start(2), match.end(2) + 1, match.group(2) + "%")))
    return found


def wholes(text: str) -> list[Figure]:
    """Every stated total (共/办结/受理… N件) in a text: the possible bases of its percentages."""
    folded = fold(text)
    return [Figure(Decimal(value), 0, m.start(), m.end(), m.group())
            for m in _WHOLE.finditer(folded) if (value := figure(m.group(1))) is not None]


_CHANGE = re.compile(rf"{COUNT}\s*(件|份|条|个|项|次)[，,]?\s*(?:较|比|同比)(?:上年|去年|上一年度?)(?:同期)?(?:的)?"
                     rf"{COUNT}\s*(?:件|份|条|个|项|次)?[，,]?\s*(增长|增加|上升|提高|下降|减少|降低)(?:了)?\s*(\d+(?:\.\d+)?)\s*%")


def changes(text: str):
    """“126件，较上年的100件增长26%”: (this year, last year, written change with sign, match span)."""
    for match in _CHANGE.finditer(fold(text)):
        now, before, written = figure(match.group(1)), figure(match.group(3)), _decimal(match.group(5))
        if now is None or before is None or written is None:
            continue
        percent, decimals = written
        sign = -1 if match.group(4) in ("下降", "减少", "降低") else 1
        yield Decimal(now), Decimal(before), Figure(sign * percent, decimals, match.start(), match.end(), match.group())
