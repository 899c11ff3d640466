"""PDF reports (exported from Word or WPS), read with pypdfium2 (PDFium): imported only when a PDF is read.

PDFium reads a page's characters and drawings in C, six times as fast as the pure-Python pdfminer that
pdfplumber builds on (measured on a 6-page report: 0.07 s against 0.4 s); the tables are found from the
drawn ruling lines by linter/readers/lattice.py.

A page is read as what its reader sees: the tables drawn with ruling lines, and the text around them in
reading order. A table becomes one ``a | b | c |`` line per row, as a web table does: the label columns
(those before the first figure of any row) give their non-empty cells, each value column its cell, a blank
value cell stays a cell (``EMPTY_CELL``), cells merged into a neighbour are skipped (a vertical group cell
such as 表三's ``（三）不予公开`` is written with the first row it spans, as a web table's rowspan is), and a
label wrapped inside its cell is joined. A table continued on the next page goes on: header rows it repeats
there are dropped, a row the page break cut is joined to its start (``_Row.tail``), and the rest of a cut
vertical cell is not taken for a label of the rows after the break. Text outside the tables is rejoined into
paragraphs across line and page breaks (a line that does not end a sentence, followed by one in the same
size of type that does not open a heading or an item, runs on),
list numbering left alone at the end of a line goes with what follows, and page furniture (``— 3 —``,
``第 3 页 共 7 页``, the same header or footer on most pages) is dropped. Each line remembers the pages its
characters come from: a finding's place is its page.

What cannot be read is said once: a PDF with no text layer (a scan), glyphs without a text encoding
(``(cid:N)``) or text that is not plausibly Chinese, an encrypted or damaged file, and a page that draws
more than any report does (``MAX_SEGMENTS``: a form drawn thousands of times, millions of line segments),
which would take PDFium gigabytes and the table finder minutes (an encrypted file, whose drawing cannot be
estimated beforehand, is read in a child process of bounded memory).
"""
from __future__ import annotations

import os
import re
from typing import NamedTuple

from . import PositionMap, Source, SourceError
from .html import EMPTY_CELL
from .lattice import SNAP

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
#: The most path segments a page may draw, its forms expanded, and the most objects and characters it may
#: hold. A report's page draws some hundreds of ruling lines and holds a few thousand characters; a chart
#: draws some tens of thousands of segments. PDFium keeps each use of a form as a copy of the form (949
#: bytes that use a form of 5,000 paths 4,000 times need 4 GB) and the table finder handles each segment in
#: Python (3 million took 44 s): past these bounds a PDF is refused, before PDFium loads the page when the
#: file's own streams show it (``_drawing``), else before the page's segments are collected.
MAX_SEGMENTS = 200_000
MAX_OBJECTS = 100_000
TOO_COMPLEX = (f"PDF 的页面过于复杂（一页绘制的线段超过 {MAX_SEGMENTS} 条、表格线交点过多，或对象、字符超过 {MAX_OBJECTS} 个），"
               "不是一份年度报告的规模，未检查：请提供 Word 原稿或重新导出 PDF")


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

    def __init__(self, text: str, page: int, top: float, width: float, table: bool, size: float = 0.0):
        self.text, self.pages, self.top, self.width, self.table = text, [(0, page)], top, width, table
        self.size = size  # the height of its characters: a title's is not its paragraph's

    def extend(self, text: str, page: int, width: float):
        if page != self.pages[-1][1]:
            self.pages.append((len(self.text), page))
        self.text += text
        self.width = width


def read(path: str, data: bytes) -> Source:
    try:
        import pypdfium2 as pdfium  # type: ignore[import-untyped]  # it ships no type information
    except ModuleNotFoundError:  # pragma: no cover - a dependency of disclint
        raise SourceError("读取 PDF 需要 pypdfium2：pip install pypdfium2") from None
    if _drawing(data) > MAX_SEGMENTS:
        raise SourceError(TOO_COMPLEX)
    # an encrypted file's streams do not decode here, so its drawing was not estimated: its pages are read
    # in a child process of bounded memory, which PDFium may abort in without taking disclint with it
    pages = _bounded(_pages, data) if b"/Encrypt" in data else _pages(pdfium, data)
    _check_text(pages)
    lines = _lines(pages)
    texts = tuple(line.text for line in lines)
    where = PdfMap([line.pages for line in lines])
    from .ocr import reading

    return Source(path, "pdf", None, texts, where, texts,
                  tuple(number for number, page in enumerate(pages, 1) if page is None), reading(pages, texts, where))


#: A stream object: its dictionary (within 4 KB of ``obj``), then its data up to ``endstream``.
_STREAM = re.compile(rb"\bobj\b(.{0,4096}?)\bstream\r?\n", re.S)
#: The operators of content that draw a segment (``re`` draws four) or use an XObject (``Do``).
_DRAWS = re.compile(rb"(?<![^\s\]>)])(re|[mlcvy]|Do)(?![^\s\[</(])")


def _drawing(data: bytes) -> int:
    """At most how many segments a page of this PDF draws, its forms expanded, read from the file's own
    content streams before PDFium parses a page (an estimate that may exceed, never fall short, for the
    streams it can decode: Flate, as every word processor writes, or none). A form's cost is its segments
    plus its uses of XObjects (any of which may be a form) times the dearest form's cost, over as many
    levels as forms use XObjects; a page content stream's, the same. Counting stops past MAX_SEGMENTS."""
    forms: list[tuple[int, int]] = []     # (segments, uses of XObjects) of each form
    contents: list[tuple[int, int]] = []  # and of each page content stream
    for match in _STREAM.finditer(data):
        head = match.group(1).rsplit(b"obj", 1)[-1]  # this object's dictionary, not an earlier object's
        if b"/Length1" in head or any(kind in head for kind in (b"/Image", b"/ObjStm", b"/XRef", b"/Metadata")) \
                or (b"/Subtype" in head and b"/Form" not in head):
            continue  # an image, a font, an object or cross-reference stream: no drawing in it
        end = data.find(b"endstream", match.end())
        body = _decoded(head, data[match.end():end if end >= 0 else len(data)])
        if body is None:
            continue  # not decodable here; PDFium's page is still bounded before its segments are collected
        segments = uses = 0
        for op in _DRAWS.finditer(body):
            if op.group(1) == b"Do":
                uses += 1
            else:
                segments += 4 if op.group(1) == b"re" else 1
            if segments + uses > MAX_SEGMENTS:
                break
        (forms if b"/Form" in head else contents).append((segments, uses))
    form = max((segments for segments, _ in forms), default=0)
    for _ in range(min(sum(uses > 0 for _, uses in forms), 16)):  # forms that use forms, level by level
        form = min(max(segments + uses * form for segments, uses in forms), MAX_SEGMENTS + 1)
    return max((segments + uses * form for segments, uses in contents), default=0)


_FILTERS = re.compile(rb"/(FlateDecode|Fl|ASCII85Decode|A85|ASCIIHexDecode|AHx|[A-Za-z0-9]+Decode|LZW|RL|CCF|DCT)\b")


def _decoded(head: bytes, body: bytes) -> bytes | None:
    """A stream's data through the filters its dictionary names (Flate, as word processors write, and
    ASCII85, ASCIIHex, LZW, RunLength), at most 64 MB of it; None for another filter (an image's), damaged
    data, or an encrypted file's streams, which do not decode."""
    import base64
    import binascii
    import zlib

    filters = _FILTERS.findall(head.split(b"/DecodeParms")[0]) if b"/Filter" in head else []
    try:
        for name in filters:
            if name in (b"FlateDecode", b"Fl"):
                body = zlib.decompressobj().decompress(body, 64 * 1024 * 1024)
            elif name in (b"ASCII85Decode", b"A85"):
                body = base64.a85decode(body.strip().removeprefix(b"<~").split(b"~>")[0], ignorechars=b" \t\r\n\x0c")
            elif name in (b"ASCIIHexDecode", b"AHx"):
                digits = re.sub(rb"\s", b"", body.split(b">")[0])
                body = binascii.unhexlify(digits + b"0" * (len(digits) % 2))
            elif name in (b"LZWDecode", b"LZW"):
                body = _lzw(body, 64 * 1024 * 1024)
            elif name in (b"RunLengthDecode", b"RL"):
                body = _run_length(body, 64 * 1024 * 1024)
            else:
                return None
    except (zlib.error, ValueError, binascii.Error):
        return None
    return body


def _lzw(data: bytes, limit: int) -> bytes:
    """LZWDecode (PDF 1.7 §7.4.4: 9- to 12-bit codes, 256 clears, 257 ends, early change), at most ``limit``
    bytes."""
    out, table, previous = bytearray(), [bytes([k]) for k in range(256)] + [b"", b""], None
    width, buffer, bits = 9, 0, 0
    for byte in data:
        buffer, bits = (buffer << 8) | byte, bits + 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:
                table, width, previous = table[:258], 9, None
                continue
            if code == 257 or len(out) > limit:
                return bytes(out[:limit])
            if previous is None:
                entry = table[code]
            else:
                entry = table[code] if code < len(table) else previous + previous[:1]
                table.append(previous + entry[:1])
            out += entry
            previous = entry
            width = min(12, max(9, (len(table) + 1).bit_length()))
    return bytes(out[:limit])


def _run_length(data: bytes, limit: int) -> bytes:
    """RunLengthDecode (PDF 1.7 §7.4.5), at most ``limit`` bytes."""
    out, k = bytearray(), 0
    while k < len(data) and data[k] != 128 and len(out) < limit:
        length = data[k]
        if length < 128:
            out += data[k + 1:k + 2 + length]
            k += length + 2
        else:
            out += data[k + 1:k + 2] * (257 - length)
            k += 2
    return bytes(out[:limit])


def _pages(pdfium, data: bytes) -> list:
    """The blocks of each page (``_page``), or SourceError."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise SourceError(_failure(exc)) from None
    try:
        return [_page(document[index]) for index in range(len(document))]
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(_failure(exc)) from None
    finally:
        document.close()


#: The memory a child reading an encrypted PDF may take beyond what disclint had when it forked.
CHILD_MEMORY = 2 << 30


def _bounded(read_pages, data: bytes) -> list:
    """``read_pages(pypdfium2, data)`` in a forked child limited to CHILD_MEMORY more address space: its
    pages, its SourceError, or SourceError(TOO_COMPLEX) when the child died (PDFium aborts when memory runs
    out). Where there is no fork (Windows), in this process."""
    import pickle

    import pypdfium2 as pdfium

    if not hasattr(os, "fork"):
        return read_pages(pdfium, data)
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the child: whatever happens, it ends here
        status = 1
        try:
            os.close(reading)
            _limit_memory(CHILD_MEMORY)
            try:
                outcome = (True, read_pages(pdfium, data))
            except SourceError as exc:
                outcome = (False, (str(exc), exc.line, exc.column))
            with os.fdopen(writing, "wb") as out:
                out.write(pickle.dumps(outcome))
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    with os.fdopen(reading, "rb") as handle:
        sent = handle.read()
    os.waitpid(child, 0)
    if not sent:
        raise SourceError(TOO_COMPLEX)
    ok, value = pickle.loads(sent)  # from the child forked above, never from the file
    if not ok:
        raise SourceError(*value)
    return value


def _limit_memory(more: int) -> None:
    """Limit this process's address space to what it has now and ``more`` (where the system allows it)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    resource.setrlimit(resource.RLIMIT_AS, (now + more, now + more))


def _failure(exc: Exception) -> str:
    if "password" in str(exc).lower() or "Password" in type(exc).__name__:
        return "PDF 已加密，无法读取其文字：请提供未加密的 PDF 或 Word 原稿"
    return f"PDF 文件已损坏或无法解析（{exc}）：请重新导出 PDF 或提供 Word 原稿"


def _check_text(pages) -> None:
    """Refuse, with one clear reason, a PDF whose text is not there or does not decode."""
    read = [p for p in pages if p is not None]
    if not read or len(read) * 2 < len(pages):
        from .ocr import hint

        raise SourceError(f"PDF 没有可读取的文字层（可能是扫描件或图片）：请提供 Word 原稿或导出带文字的 PDF{hint()}")
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
    import pypdfium2.raw as raw  # type: ignore[import-untyped]  # it ships no type information

    textpage = page.get_textpage()
    try:
        out = []
        if textpage.count_chars() > MAX_OBJECTS:
            raise SourceError(TOO_COMPLEX)
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
    if raw.FPDFPage_CountObjects(page.raw) > MAX_OBJECTS:
        raise SourceError(TOO_COMPLEX)
    drawn = 0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        drawn += raw.FPDFPath_CountSegments(obj.raw)
        if drawn > MAX_SEGMENTS:  # counted before a segment is collected
            raise SourceError(TOO_COMPLEX)
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


def _text_lines(chars: list[_Char]) -> list[tuple[float, float, float, str, float]]:
    """Characters as lines of text: (top, bottom, width, text, the middle height of their characters),
    clustered by the middle of their boxes."""
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
            heights = sorted(c.bottom - c.top for c in line)
            out.append((min(c.top for c in line), max(c.bottom for c in line), line[-1].x1 - line[0].x0, text,
                        heights[len(heights) // 2]))
    return out


def _cell_text(chars: list[_Char]) -> str:
    """A table cell's characters as one text: its lines (a wrapped label) joined."""
    return "".join(line[3] for line in _text_lines(chars)).strip()


def _page(page):
    """The blocks of a page in reading order (a page printed in two columns, ``_gutter``, column by column):
    (top, "text", line, width, at the page's edge, type size) and
    (top, "table", rows, width, the lefts of its columns, the texts of its merged cells that reach its bottom
    by their lefts); None for a page without a text layer."""
    from .lattice import TooComplex
    from .lattice import tables as find_tables

    width, height = page.get_size()
    chars, drawn = _chars(page, height), None
    if not [c for c in chars if not c.text.isspace()]:
        from . import ocr

        scanned = ocr.scan(page)  # a scan: its words and ruling lines as OCR reads them, with the extra
        if scanned is None or not scanned[0]:
            return None  # unread: without the extra, or an image in which OCR finds no text
        chars, drawn = scanned
    placed: list[tuple[bool, tuple]] = []  # (in the right column, block): a page printed in two, column by column
    used = set()
    try:
        found = find_tables(_segments(page, height) if drawn is None else drawn)
    except TooComplex:
        raise SourceError(TOO_COMPLEX) from None
    gutter = _gutter(chars, [t.bbox for t in found], width, height)
    for table in found:
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
        cut = {cell.x0: _cell_text(inside.get(cell, [])) for cell in table.open_below()}
        placed.append((gutter is not None and x0 >= gutter, (top, "table", rows, x1 - x0, table.lefts(), cut)))
    free = [c for i, c in enumerate(chars) if i not in used]
    columns = [free] if gutter is None else [[c for c in free if c.x1 <= gutter], [c for c in free if c.x1 > gutter]]
    for column, part in enumerate(columns):
        for top, bottom, line_width, text, size in _text_lines(part):
            at_edge = top < height * 0.08 or bottom > height * 0.92
            if _PAGE_NUMBER.match(text) and (at_edge or (len(text) <= 12 and not _BARE_NUMBER.match(text))):
                continue
            placed.append((column == 1, (top, "text", text, line_width, at_edge, size)))
    placed.sort(key=lambda p: (p[0], p[1][0]))
    blocks = [block for _, block in placed]
    return blocks if drawn is None else ocr.Scanned(blocks, chars)


#: The least width of the empty band between two columns of a page, in points.
GUTTER = 12.0


def _gutter(chars: list[_Char], tables, width: float, height: float) -> float | None:
    """The x of the empty band between two columns of a page printed as two (a review tool's printout of
    two reports side by side, two tables side by side), or None: a band at least GUTTER wide in the middle
    of the page (between 30% and 70% of its width) that no character (but a running header or footer) and no
    table crosses, with at least a quarter of the page's characters, and a hundred, on each side. A page of
    one column has lines that run across its middle."""
    inked = [c for c in chars if not c.text.isspace() and height * 0.08 <= c.top and c.bottom <= height * 0.92]
    if len(inked) < 200:
        return None
    spans = sorted([(c.x0, c.x1) for c in inked] + [(box[0], box[2]) for box in tables])
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start - reach >= GUTTER and width * 0.3 <= (start + reach) / 2 <= width * 0.7:
            middle = (start + reach) / 2
            left = sum(c.x1 <= middle for c in inked)
            if min(left, len(inked) - left) >= max(100, len(inked) / 4):
                return middle
        reach = max(reach, end)
    return None


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
    headers: list[list[list[str]]] = []  # the header rows of the table before (runs of rows without figures)
    last_row: _Row | None = None  # the last row of the table before, while nothing but furniture follows it
    cut: dict[float, str] = {}  # the merged cells reaching the bottom of that table: left → text
    for number, page in enumerate(pages, 1):
        for block in page or ():
            if block[1] == "table":
                continued = last_row if last_row is not None and lines[-1].pages[-1][1] < number else None
                headers = headers if continued else []
                last_row = _table(block[2], block[4], number, lines, headers, continued, cut)
                cut = block[5]
                continue
            text, width = block[2], block[3]
            if text in running:
                continue
            last_row, headers = None, []
            previous = lines[-1] if lines else None
            runs_on = previous is not None and not previous.table and (
                bool(_ITEM_ONLY.match(previous.text))  # list numbering left alone at the end of a line
                or (previous.width >= widest * 0.85 and not _SENTENCE_END.search(previous.text)
                    and not _ITEM_START.match(text) and abs(previous.size - block[5]) <= 0.15 * block[5]))
            if runs_on and previous is not None:
                previous.extend(text, number, width)
            else:
                lines.append(_Line(text, number, block[0], width, False, block[5]))
    return lines


def _is_value(text: str | None) -> bool:
    return bool(text and _NUMBER.match(text))


def _texts(row: list[str | None]) -> list[str]:
    """A row's texts: a header row repeated on a page where merged cells start in other columns (the rows
    below it merge other cells) is the same row."""
    return [c for c in row if c]


class _Row(NamedTuple):
    """A table row as written: its label cells (the left of their column, their text), its value cells (None
    for a row without figures, a header or a grouping cell), and the line it was written on."""
    labels: list[tuple[float, str]]
    values: list[str] | None
    filled: list[float]  # the lefts of its cells after the label columns that hold anything
    line: _Line | None = None

    def text(self) -> str:
        return " | ".join([text for _, text in self.labels] + (self.values or [])) + " |"

    def tail(self, row: _Row) -> bool:
        """Whether ``row``, the first of a table's continuation on the next page, is the rest of this row cut
        by the page break: its labels go on without starting an item (``理其政府信息公开申请`` after
        ``2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处``), and the figures are on one side of the break."""
        if any(_ITEM_START.match(text) for _, text in row.labels) \
                or any(abs(a - b) <= SNAP for a in self.filled for b in row.filled):
            return False  # a row of its own, or a cell written on both sides (a header above a row of figures)
        return not row.values or not self.values or all(v == EMPTY_CELL for v in self.values) \
            or all(v == EMPTY_CELL for v in row.values)

    def join(self, row: _Row, rest: list[tuple[float, str]]) -> _Row:
        """This row with its tail ``row``: each label with the rest of it in the same column, each figure from
        the side it is on. ``rest`` are the rests of merged label cells the break cut: joined to this row's
        label where it starts here, else left out (written with the row the cell starts on)."""
        labels = list(self.labels)
        for left, text in sorted(row.labels + rest):
            at = next((k for k, (x, _) in enumerate(labels) if abs(x - left) <= SNAP), None)
            if at is None and (left, text) not in rest:
                labels.append((left, text))
            elif at is not None:
                labels[at] = (left, labels[at][1] + text)
        labels.sort()
        values = self.values or row.values
        if self.values and row.values and len(self.values) == len(row.values):
            values = [a if a != EMPTY_CELL else b for a, b in zip(self.values, row.values)]
        joined = _Row(labels, values, self.filled + row.filled, self.line)
        if self.line is not None:
            self.line.text = joined.text()  # its place: the page the row starts on
        return joined


def _table(rows: list[list[str | None]], lefts: list[float], page: int, lines: list[_Line], headers: list,
           continued: _Row | None, cut: dict[float, str]):
    """Append a table's rows as pipe lines, those before its first figures that repeat rows of ``headers``
    dropped; adds its header rows (each run of rows without figures) to ``headers``, and returns its last
    row. On a continuation (``continued``, the last row before the page break, and ``cut``,
    the merged cells the break cut, by their lefts): a merged label cell's rest is not a label of the rows
    after the break (its text was written with the row it starts on), and a row the break cut (the first
    after it) is joined to its start."""
    data = [r for r in rows if any(_is_value(c) for c in r)]
    # the label columns: those before the first figure of any row (on a page where a vertical cell's rest
    # stands in the first column, that column holds no words in the rows with figures, and is still a label's),
    # but none after the last that holds words before a row's first figure: a blank value cell (a table of one
    # row whose first figure is missing, as 表四's) is a value column, not a label's
    firsts = [next(k for k, c in enumerate(r) if _is_value(c)) for r in data]
    worded = max((k + 1 for r, first in zip(data, firsts) for k, c in enumerate(r[:first]) if c and c.strip()),
                 default=0)
    labels = min(min(firsts, default=0), worded)
    texts = [_texts(r) for r in rows]
    start = max((len(run) for run in headers if texts[:len(run)] == run), default=0)  # repeated on this page
    run: list[list[str]] = []
    for row, shown in zip(rows, texts):  # this part's header rows: each run of rows without figures before figures
        if any(_is_value(c) for c in row):
            if run and run not in headers:
                headers.append(run)
            run = []
        else:
            run.append(shown)
    if run and run not in headers:
        headers.append(run)
    last = None
    for row in rows[start:]:
        figures = any(_is_value(c) for c in row)
        words = [(lefts[k], c) for k, c in enumerate(row[:labels] if figures else row) if c]
        rest = [(x, c) for x, c in words if continued is not None and not _ITEM_START.match(c)
                and any(abs(x - left) <= SNAP and text for left, text in cut.items())]  # not a cell of its own
        written = _Row([w for w in words if w not in rest],
                       [(c or EMPTY_CELL) for c in row[labels:] if c is not None] if figures else None,
                       [lefts[k] for k, c in enumerate(row) if c and k >= labels])
        if continued is not None and continued.tail(written):
            last = continued.join(written, rest)
        elif written.labels or written.values:
            lines.append(_Line("", page, 0.0, 0.0, True))
            last = written._replace(line=lines[-1])
            lines[-1].text = last.text()
        continued = None
    return last
