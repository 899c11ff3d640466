"""HTML pages as report text: the article body as lines, a table row as one ``a | b | c`` line.

Government pages are saved as HTML, or copied as HTML by reviewers. The page is read with the standard
library's HTMLParser (no compiled dependency, tolerant of the broken markup such pages carry, and it
reports the line and column of every piece of text). Scripts, styles and navigation are dropped; block
elements end a line; each table row becomes one pipe-separated line whose cells keep their positions, so
an empty cell (``&nbsp;``) stays an empty cell and a label split over many ``<span>``s is one cell. The
lexer then reads the page like any pipe-layout text, and every position is mapped back to the HTML file.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

from . import MAX_TOKENS, PositionMap, Source, too_many
from .text import decode, split_lines, with_lf

#: What an empty table cell becomes: a character that is not white space, so that a blank cell at the end
#: of a row is kept (in copied text a trailing ``|`` only closes the row), and that the lexer reads as EMPTY.
EMPTY_CELL = "\u200b"

#: ``<meta charset="gbk">`` or ``<meta http-equiv="Content-Type" content="text/html; charset=gb2312">``
_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z][\w.:-]{0,30})""", re.I)

#: Words and the white space between them, in running text and in table cells.
_WORDS = re.compile(r"(?P<space>[ \t\n\xa0\u3000]+)|[^ \t\n\xa0\u3000]+")
_CELL_WORDS = re.compile(r"(?P<space>[\s\xa0\u3000]+)|[^\s\xa0\u3000]+")
#: A tag or character reference the page ends inside (a truncated download): markup, never text of the page.
#: ``<![`` not followed by a keyword Python's parser knows (``<![CDATA[``, Word's ``<![if …]>``): the parser stops
#: on it with an assertion, where a browser reads a bogus comment up to the next ``>``. Written ``<!-`` (the same
#: length, so every position stays), the parser reads it as the browser does.
_BAD_MARKED_SECTION = re.compile(r"<!\[(?!(?:temp|cdata|ignore|include|rcdata|if|else|endif)(?![-_.a-zA-Z0-9]))",
                                 re.IGNORECASE)
_CUT_MARKUP = re.compile(r"(?:<(?:[!/?a-zA-Z][^>]*)?|&#?[0-9a-zA-Z]*)$")

_SKIP = {"script", "style", "head", "title", "nav", "noscript", "template", "iframe", "select", "button", "svg"}
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "section", "article",
          "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl", "form", "center", "caption"}


@dataclass
class Segment:
    """Characters ``start:end`` of a generated line come from ``line``/``column`` of the HTML file."""

    start: int
    end: int
    line: int
    column: int


@dataclass
class _Line:
    """A line being built: its pieces are joined once, when it is complete (joining as it grows would make
    a page with one long line or row quadratic)."""

    parts: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, line: int, column: int):
        self.segments.append(Segment(self.length, self.length + len(text), line, column))
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts[:] = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""


class _Reader(HTMLParser):
    def __init__(self, source_lines: tuple[str, ...] = ()):
        super().__init__(convert_charrefs=False)
        self.source_lines = source_lines       # the file's lines, to place an empty cell inside them
        self.lines: list[_Line] = []
        self.current = _Line()
        self.skip = 0
        self.row: list[_Line] | None = None    # cells of the open table row
        self.cell: _Line | None = None
        self.tokens = 0                         # lines and cells so far, at most MAX_TOKENS
        self.table: list[tuple[int, list[_Line]]] = []  # rows of the open table: (index in lines, cells)

    def _count(self):
        self.tokens += 1
        if self.tokens > MAX_TOKENS:
            raise too_many(self.getpos()[0])

    # text
    def _text(self, text: str):
        """Add text to the open cell or line. A run of white space becomes one space (in running text, line
        breaks in the source are no breaks); each word keeps its own place in the file, so that a position
        inside a text node spread over several lines of the file is still where it is."""
        if self.skip:
            return
        line, column = self.getpos()  # column 0-based
        target = self.cell if self.cell is not None else self.current
        for match in (_CELL_WORDS if self.cell is not None else _WORDS).finditer(text):
            piece = match.group()
            if match.lastgroup == "space":
                if target.length:
                    target.add(" ", line, column + 1)
                breaks = piece.count("\n")
                line, column = (line + breaks, len(piece) - piece.rfind("\n") - 1) if breaks else (line, column + len(piece))
            else:
                target.add(piece, line, column + 1)
                column += len(piece)

    def handle_data(self, data):
        self._text(data)

    def handle_entityref(self, name):
        from html import unescape
        self._text(unescape(f"&{name};"))

    def handle_charref(self, name):
        from html import unescape
        self._text(unescape(f"&#{name};"))

    # structure
    def _break(self):
        if self.cell is not None:
            return
        if self.current.text.strip():
            self._count()
            self.lines.append(self.current)
        self.current = _Line()

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "tr":
            self._break()
            self._close_row()
            self.row = []
        elif tag in ("td", "th"):
            if self.row is None:
                self._break()
                self.row = []
            self._close_cell()
            self.cell = _Line()
            self.cell_position = self._after_tag()
        elif tag in _BLOCK:
            self._break()

    def _after_tag(self) -> tuple[int, int]:
        """Where the open tag ends: (line, 0-based column) of the character after it, or of its ``>`` when the
        line ends there (an empty cell is placed there, and must be a place inside the file's lines)."""
        line, column = self.getpos()
        tag = self.get_starttag_text() or ""
        if "\n" in tag:
            line, column = line + tag.count("\n"), len(tag) - tag.rfind("\n") - 1
        else:
            column += len(tag)
        if 0 < line <= len(self.source_lines) and column >= len(self.source_lines[line - 1]):
            column = max(0, column - 1)
        return line, column

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table":
            self._close_row()
            self._close_table()
            self._break()
        elif tag in _BLOCK:
            self._break()

    def _close_cell(self):
        if self.cell is not None and self.row is not None:
            if not self.cell.text.strip():
                line, column = self.cell_position
                self.cell = _Line()
                self.cell.add(EMPTY_CELL, line, column + 1)
            self._count()
            self.row.append(self.cell)
        self.cell = None

    def _close_row(self):
        self._close_cell()
        if self.row and any(cell.text.strip() for cell in self.row):
            self.table.append((len(self.lines), self.row))
            self.lines.append(_Line())  # written when the table closes (_close_table)
        self.row = None

    def _close_table(self):
        """Write the open table's rows as lines ``a | b | c |``, without a spacer column: a cell blank in every
        row of the table, first or last (an empty ``<td>`` a page puts before or after its columns, the remains
        of a merged cell). A column of the format is never blank in every row, its header rows naming it."""
        rows = [cells for _, cells in self.table]
        for end in (0, -1):
            while len(rows) > 1 and all(len(cells) > 1 and cells[end].text == EMPTY_CELL for cells in rows):
                rows = [cells[1:] if end == 0 else cells[:-1] for cells in rows]
        for (index, _), cells in zip(self.table, rows):
            self.lines[index] = self._merged(cells)
        self.table = []

    @staticmethod
    def _merged(cells: list[_Line]) -> _Line:
        """A row's cells as one line ``a | b | c |``, each cell's segments kept at its place in the line."""
        merged = _Line()
        for index, cell in enumerate(cells):
            if index:
                merged.parts.append(" | ")
                merged.length += 3
            base = merged.length
            merged.segments.extend(Segment(base + g.start, base + g.end, g.line, g.column) for g in cell.segments)
            text = cell.text.rstrip()
            merged.parts.append(text)
            merged.length += len(text)
        merged.parts.append(" |")
        return merged

    def close(self):
        self.rawdata = _CUT_MARKUP.sub("", self.rawdata)  # what is left unparsed at the end is the cut markup
        super().close()
        self._close_row()
        self._close_table()
        self._break()


def read(path: str, data: bytes) -> Source:
    """The page's text as lines, mapped back to the file's lines and columns."""
    declared = _CHARSET.search(data[:4096])
    text, encoding = decode(data, declared.group(1).decode("ascii") if declared else None)
    shown = split_lines(text)
    reader = _Reader(shown)
    # the parser counts lines by LF: a CR-only page too must give the file's lines
    reader.feed(_BAD_MARKED_SECTION.sub("<!-", with_lf(text)))
    reader.close()
    lines = tuple(line.text.rstrip() for line in reader.lines)
    return Source(path, "html", encoding, lines, HtmlMap([line.segments for line in reader.lines]), shown)


class HtmlMap(PositionMap):
    """Each line of the page's text knows where its characters stand in the HTML file."""

    def __init__(self, segments: list[list[Segment]]):
        self.segments = segments

    def position(self, line: int, column: int) -> tuple[int, int]:
        if not 0 < line <= len(self.segments) or not self.segments[line - 1]:
            return line, column
        offset = column - 1
        segments = self.segments[line - 1]
        # the last segment starting at or before the offset (segments are in order); the first if none does
        chosen = segments[max(0, bisect_right(segments, offset, key=lambda g: g.start) - 1)]
        # past the segment's end (the `` |`` between cells): just after its last character
        return chosen.line, chosen.column + min(max(0, offset - chosen.start), chosen.end - chosen.start)
