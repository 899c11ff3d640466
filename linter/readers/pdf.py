"""PDF reports (exported from Word or WPS), read with pypdfium2 (PDFium): imported only when a PDF is read.

PDFium reads a page's characters and drawings in C, six times as fast as the pure-Python pdfminer that
pdfplumber builds on (measured on a 6-page report: 0.07 s against 0.4 s); the tables are found from the
drawn ruling lines by linter/readers/lattice.py.

A page is read as what its reader sees: the tables drawn with ruling lines, and the text around them in
reading order. A table becomes one ``a | b | c |`` line per row, as a web table does: the label columns
(those whose cells hold words in the rows with figures) give their non-empty cells, each value column its
cell, a blank value cell stays a cell (``EMPTY_CELL``), cells merged into a neighbour are skipped, and a
label wrapped inside its cell is joined. A table continued on the next page simply goes on; header rows it
repeats there are dropped. Text outside the tables is rejoined into paragraphs across line and page breaks
(a line that does not end a sentence, followed by one that does not open a heading or an item, runs on),
list numbering left alone at the end of a line goes with what follows, and page furniture (``— 3 —``,
``第 3 页 共 7 页``, the same header or footer on most pages) is dropped. Each line remembers the pages its
characters come from: a finding's place is its page.

What cannot be read is said once: a PDF with no text layer (a scan), glyphs without a text encoding
(``(cid:N)``) or text that is not plausibly Chinese, an encrypted or damaged file.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from . import PositionMap, Source, SourceError
from .html import EMPTY_CELL

#: Page furniture: a page number alone, in the forms word processors print it.
_PAGE_NUMBER = re.compile(r"^\s*(?:[—–\-－~～]\s*\d{1,4}\s*[—–\-－~～]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|[-—]?\s*\d{1,4}\s*[-—]?|Page\s*\d+(?:\s*of\s*\d+)?)\s*$", re.I)
#: A number alone (``3``, ``-3``): a page number at the page's edge, but anywhere else a value of a table whose
#: cells are not ruled (each cell a line of its own), never dropped there.
_BARE_NUMBER = re.compile(r"^\s*[-—]?\s*\d{1,4}\s*$")
_SENTENCE_END = re.compile(r"[。！？!?；;：:][”’\"」）)]*\s*$")
_ITEM_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.、．](?!\d)"
                         r"|第[一二三四五六七八九十]+部分)")
_ITEM_ONLY = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.、．])\s*$")
_NUMBER = re.compile(r"^[+\-−－]?\d[\d,]*(?:\.\d+)?\s*(?:万元|元|件|个|项|条|%)?$")
#: Characters a decoding failure leaves: the replacement character, private-use code points, controls.
_UNDECODED = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]|\\(cid:\\d+\\)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")  # Latin letters, and the accented ones GBK bytes read as Latin-1 give

#: Of the letters of a page's text, at least this share is Chinese in a report that decodes.
MIN_HAN_SHARE = 0.3


class PdfMap(PositionMap):
    """Each generated line knows the pages its characters come from: (offset in the line, page)."""

    def __init__(self, pages: list[list[tuple[int, int]]]):
        self.pages = pages

    def page(self, line: int, column: int = 1) -> int | None:
        if not 0 < line <= len(self.pages) or not self.pages[line - 1]:
            return None
        found = self.pages[line - 1][0][1]
        for start, page in self.pages[line - 1]:
            if start <= column - 1:
                found = page
        return found

    def place(self, line: int, column: int) -> str | None:
        page = self.page(line, column)
        return f"第{page}页" if page else None


class _Line:
    """A generated line in the making: its text and where each part of it comes from."""

    def __init__(self, text: str, page: int, top: float, width: float, table: bool):
        self.text, self.pages, self.top, self.width, self.table = text, [(0, page)], top, width, table

    def extend(self, text: str, page: int, width: float):
        if page != self.pages[-1][1]:
            self.pages.append((len(self.text), page))
        self.text += text
        self.width = width


def read(path: str, data: bytes) -> Source:
    try:
        import pypdfium2 as pdfium
    except ModuleNotFoundError:  # pragma: no cover - a dependency of disclint
        raise SourceError("读取 PDF 需要 pypdfium2：pip install pypdfium2") from None
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise SourceError(_failure(exc)) from None
    try:
        pages = [_page(document[index]) for index in range(len(document))]
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(_failure(exc)) from None
    finally:
        document.close()
    _check_text(pages)
    lines = _lines(pages)
    texts = tuple(line.text for line in lines)
    return Source(path, "pdf", None, texts, PdfMap([line.pages for line in lines]), texts,
                  tuple(number for number, page in enumerate(pages, 1) if page is None))


def _failure(exc: Exception) -> str:
    if "password" in str(exc).lower() or "Password" in type(exc).__name__:
        return "PDF 已加密，无法读取其文字：请提供未加密的 PDF 或 Word 原稿"
    return f"PDF 文件已损坏或无法解析（{exc}）：请重新导出 PDF 或提供 Word 原稿"


def _check_text(pages) -> None:
    """Refuse, with one clear reason, a PDF whose text is not there or does not decode."""
    read = [p for p in pages if p is not None]
    if not read or len(read) * 2 < len(pages):
        raise SourceError("PDF 没有可读取的文字层（可能是扫描件或图片）：请提供 Word 原稿或导出带文字的 PDF")
    text = "".join(block[2] if block[1] == "text" else "".join(c or "" for row in block[2] for c in row)
                   for page in read for block in page)
    odd = len(_UNDECODED.findall(text))
    if odd > 20 and odd * 20 > len(text):
        raise SourceError("PDF 的文字无法解码（字体缺少文字编码）：请提供 Word 原稿或重新导出 PDF")
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    if han + latin > 200 and han < MIN_HAN_SHARE * (han + latin):
        raise SourceError("PDF 的文字解码后不是可读的中文（字体编码异常）：请提供 Word 原稿或重新导出 PDF")


class _Char(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def _chars(page, height: float) -> list[_Char]:
    """The page's characters with their boxes (top of the page at 0), without those PDFium generates."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        out = []
        for index in range(textpage.count_chars()):
            if raw.FPDFText_IsGenerated(textpage.raw, index):
                continue
            code = raw.FPDFText_GetUnicode(textpage.raw, index)
            if code in (10, 13) or code == 0xFFFE:
                continue
            left, bottom, right, top = textpage.get_charbox(index, loose=True)  # the font's box, not the ink's
            out.append(_Char(chr(code) if code else "\ufffd", left, height - top, right, height - bottom))
        return out
    finally:
        textpage.close()


def _segments(page, height: float) -> list[tuple[float, float, float, float]]:
    """The straight segments the page's paths draw (stroked or filled), in page coordinates."""
    import ctypes

    import pypdfium2.raw as raw

    out = []
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
        if not fill.value and not stroke.value:
            continue  # an invisible path (a clip)
        m = obj.get_matrix()
        start = previous = None
        for index in range(raw.FPDFPath_CountSegments(obj.raw)):
            segment = raw.FPDFPath_GetPathSegment(obj.raw, index)
            raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            point = (m.a * x.value + m.c * y.value + m.e, height - (m.b * x.value + m.d * y.value + m.f))
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = previous = point
                continue
            if previous is not None:
                out.append((*previous, *point))
            previous = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                out.append((*point, *start))
                previous = start
    return out


def _text_lines(chars: list[_Char]) -> list[tuple[float, float, float, str]]:
    """Characters as lines of text: (top, bottom, width, text), clustered by the middle of their boxes."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0)):
        middle = (char.top + char.bottom) / 2
        if lines and abs(middle - (lines[-1][0].top + lines[-1][0].bottom) / 2) <= max(2.0, (char.bottom - char.top) / 2):
            lines[-1].append(char)
        else:
            lines.append([char])
    out = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        text = "".join(c.text for c in line).strip()
        if text:
            out.append((min(c.top for c in line), max(c.bottom for c in line), line[-1].x1 - line[0].x0, text))
    return out


def _cell_text(chars: list[_Char]) -> str:
    """A table cell's characters as one text: its lines (a wrapped label) joined."""
    return "".join(text for _, _, _, text in _text_lines(chars)).strip()


def _page(page):
    """The blocks of a page in reading order: (top, "text", line, width, at the page's edge) and
    (top, "table", rows, width); None for a page without a text layer."""
    from .lattice import tables as find_tables

    width, height = page.get_size()
    chars = _chars(page, height)
    if not [c for c in chars if not c.text.isspace()]:
        return None
    blocks, used = [], set()
    for table in find_tables(_segments(page, height)):
        grid = table.grid()
        if max(sum(c is not None for c in row) for row in grid) < 2:
            continue  # a box drawn around text, not a table
        inside: dict[object, list[_Char]] = {}
        for i, char in enumerate(chars):
            x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
            for cell in table.cells:
                if cell.x0 <= x <= cell.x1 and cell.top <= y <= cell.bottom:
                    inside.setdefault(cell, []).append(char)
                    used.add(i)
                    break
        rows = [[None if cell is None else _cell_text(inside.get(cell, [])) for cell in row] for row in grid]
        x0, top, x1, _ = table.bbox
        blocks.append((top, "table", rows, x1 - x0))
    for top, bottom, line_width, text in _text_lines([c for i, c in enumerate(chars) if i not in used]):
        at_edge = top < height * 0.08 or bottom > height * 0.92
        if _PAGE_NUMBER.match(text) and (at_edge or (len(text) <= 12 and not _BARE_NUMBER.match(text))):
            continue
        blocks.append((top, "text", text, line_width, at_edge))
    blocks.sort(key=lambda b: b[0])
    return blocks


def _furniture(pages) -> set[str]:
    """Texts at the top or bottom of most pages: a running header or footer."""
    counts: dict[str, int] = {}
    for page in pages:
        if page is None:
            continue
        for text in {b[2] for b in page if b[1] == "text" and b[4]}:
            counts[text] = counts.get(text, 0) + 1
    read = sum(p is not None for p in pages)
    return {t for t, n in counts.items() if read >= 3 and n * 2 > read}


def _lines(pages) -> list[_Line]:
    running = _furniture(pages)
    widest = max((b[3] for page in pages if page for b in page if b[1] == "text"), default=1.0)
    lines: list[_Line] = []
    last_header: list | None = None
    for number, page in enumerate(pages, 1):
        for block in page or ():
            if block[1] == "table":
                last_header = _table(block[2], number, lines, last_header)
                continue
            text, width = block[2], block[3]
            if text in running:
                continue
            previous = lines[-1] if lines else None
            runs_on = previous is not None and not previous.table and (
                bool(_ITEM_ONLY.match(previous.text))  # list numbering left alone at the end of a line
                or (previous.width >= widest * 0.85 and not _SENTENCE_END.search(previous.text)
                    and not _ITEM_START.match(text)))
            if runs_on:
                previous.extend(text, number, width)
            else:
                lines.append(_Line(text, number, block[0], width, False))
    return lines


def _is_value(text: str | None) -> bool:
    return bool(text) and bool(_NUMBER.match(text))


def _table(rows: list[list[str | None]], page: int, lines: list[_Line], last_header):
    """Append a table's rows as pipe lines; returns its header rows (to drop where a continuation repeats them)."""
    data = [r for r in rows if any(_is_value(c) for c in r)]
    width = max(len(r) for r in rows)
    labels = 0  # the leading columns that hold words in the rows with figures
    while labels < width and any(len(r) > labels and r[labels] and not _is_value(r[labels]) for r in data):
        labels += 1
    start = 0
    if last_header and rows[:len(last_header)] == last_header:
        start = len(last_header)  # a table continued on this page repeats its header rows
    for row in rows[start:]:
        if any(_is_value(c) for c in row):
            cells = [c for c in row[:labels] if c] + \
                    [(c or EMPTY_CELL) for c in row[labels:] if c is not None]
        else:
            cells = [c for c in row if c]
        if cells:
            lines.append(_Line(" | ".join(cells) + " |", page, 0.0, 0.0, True))
    leading = []
    for row in rows:
        if any(_is_value(c) for c in row):
            break
        leading.append(row)
    return leading or last_header  # a continuation without headers keeps comparing with the first part's
