"""The bound report the rules check: the tree, the template it follows, and every cell's value.

The binder (linter/binder.py) builds it; rules only read it. Besides the cells it records what the
binder observed while placing values (rows with too few or too many values, unknown rows…) so
that table rules can report it without binding again.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from typing import NamedTuple

from . import lexer
from .ast import Document, Row
from .editions import Section, Table, Template, edition_for_year, load
from .labels import norm
from .lexer import Piece
from .metadata import Metadata, date_line
from .numbers import Number
from .readers import Source

_YEAR = re.compile(r"(?:19|20)\d{2}")
#: The rows of one table written again, some with other figures, that make two tables of two reports.
TABLE_AGAIN = 5

# Cell states. NO_UNIT: an amount written without the unit its column leaves to the cell (采购总金额 153103.83):
# a number whose value in 万元 cannot be told, so it has none.
OK, BLANK, PLACEHOLDER, TEXT, UNPLACED, MISSING = "ok", "blank", "placeholder", "text", "unplaced", "missing"
NO_UNIT = "no-unit"
_SENTENCE_ENDS = "。！？；!?;"


@cache
def equation_cells(edition: str) -> tuple[str, ...]:
    """Every cell some equation of the edition involves, once each (what the balance rules read)."""
    return tuple(dict.fromkeys(c for eq in load(edition).equations for c in eq.cells))


class Cell(NamedTuple):
    id: str
    state: str
    piece: Piece | None = None     # where the value is written (None when not placed)
    number: Number | None = None

    @property
    def value(self) -> int | float | None:
        """The value in the template's unit (万元 for amounts), None unless the cell holds a number."""
        if self.number is None or self.state == NO_UNIT:
            return None
        return self.number.in_wan() if self.number.unit in ("元", "万元") else self.number.value

    @property
    def line(self) -> int | None:
        return self.piece.line if self.piece else None


class RowShape(NamedTuple):
    """A row whose count of values differs from its table's columns: its values were not placed."""

    table: Table
    row_id: str | None      # None for the label-less row of table 四
    label: Piece | None
    values: tuple[Piece, ...]
    expected: int


class RunRow(NamedTuple):
    """A row whose values were run together into one run of digits (linter/digitruns.py)."""

    table: Table
    row_id: str | None      # None for the label-less row of table 四
    run: Piece
    recovered: bool         # exactly one cut fitted: its values are placed


class CutOff(NamedTuple):
    """A copy that stops before the report is complete: the part it reached last, and what is missing after it.

    The part is a section's narrative (``table`` None), a table of which no row was reached (``last_row``
    None: it stops in the header), or a row of a table. Everything of the report after that point is missing
    (later rows of the table, later tables, later sections); one finding (structure.cut-off) says so, and the
    rules on missing or empty parts leave those alone."""

    last: Piece                  # where the copy is placed as ending: the last row's label, else the last line
    section: Section             # the section the copy ends in
    table: Table | None          # the table it ends in, None when it ends in the section's narrative
    last_row: str | None         # the id of the last row reached in that table
    missing_rows: tuple          # editions.Row objects of that table after the last row reached
    missing_tables: tuple        # Table objects after it (later sections' tables included)
    missing_sections: tuple      # editions.Section objects after its section

    @property
    def rows_reached(self) -> int:
        """How many rows of its table the copy holds (0 outside a table)."""
        return len(self.table.rows) - len(self.missing_rows) if self.table and not self.table.label_less else 0

    def stops_in(self, table: Table | None, row_id: str | None) -> bool:
        """Whether the copy stops in this row (its values may be cut): the last row reached, or a table without
        labels, whose values are all one row."""
        return table is not None and table is self.table and (table.label_less or row_id == self.last_row)


class LostLines(NamedTuple):
    """A copy that dropped every line it had already shown (a web copy that removes repeated lines): a header
    the format repeats in each sub-table of 二 is there once, and no value repeats. Its tables' short rows and
    missing values are the copy's, not the report's."""

    header: str                  # the header the format repeats, as the format writes it
    expected: int                # how many of the sub-tables present print it
    found: int                   # how many times the copy has it
    tables: tuple                # Table objects with rows short of values or no value at all, in order


class UnknownRow(NamedTuple):
    """A row label that is not in the template (or belongs to the other edition), or values with no label."""

    table: Table | None
    label: Piece | None
    values: tuple[Piece, ...]



#: The most characters of a header cell's line: the longest printed header note is about 30.
HEADER_CELL_CHARS = 30


def _header_like(block) -> bool:
    """Whether a piece of text could be a cell of a table's header, however broken (社会法律 / 公益服务其他 of a
    header written cell by cell in the wrong order): short, no figure, no sentence's end."""
    if isinstance(block, Row) or getattr(block, "type", None) in (lexer.NUMBER, lexer.RUN, lexer.PLACEHOLDER):
        return False
    text = getattr(block, "text", "").strip()
    return len(text) <= HEADER_CELL_CHARS and "。" not in text and not any(c.isdigit() for c in text)

class Report:
    """A report bound to its template. The binder fills the collections; rules only read them."""

    def __init__(self, source: Source, document: Document, template: Template | None, edition: str | None,
                 edition_votes: dict[str, int], meta: Metadata):
        self.source, self.document, self.template, self.edition = source, document, template, edition
        self.edition_votes = edition_votes
        self.title: Piece | None = meta.title
        self.title_text: str | None = meta.title_text        # as printed, without a crawler's key or site suffix
        self.year: int | None = meta.year
        self.year_piece: Piece | None = meta.year_piece
        self.agency: str | None = meta.agency
        self.published: dt.date | None = meta.published
        self.published_piece: Piece | None = meta.published_piece
        self.published_source: str | None = meta.published_source   # 公开日期, 发布时间…, or 落款日期
        self.cells: dict[str, Cell] = {}
        self.rows: dict[tuple[str, str], Piece] = {}         # (table id, row id) → its label
        self.tables: dict[str, Piece | None] = {}            # table id → where it starts
        self.shapes: list[RowShape] = []
        self.unknown_rows: list[UnknownRow] = []
        self.label_variants: list[tuple[Piece, str]] = []    # (label, official wording)
        self.rows_by_position: list[tuple[Piece, str]] = []  # (label as printed, the row it was read as)
        self.repeated_rows: list[tuple[str, str, bool]] = []  # a row written again: (table, row, same figures)
        self.headers: dict[str, list[Piece]] = {}            # table-二 id → its header cells
        self.runs: list[RunRow] = []                         # rows whose values were run together
        self.recovered: set[str] = set()                     # cells whose values were cut from a run
        self.memo: dict = {}      # what several rules derive from the report, computed once (rules/balance.py)
        self._paragraphs: list | None = None
        self._empty: frozenset[str] | None = None

    def empty_tables(self) -> frozenset[str]:
        """Tables present but without a single value (several table rules report those once, not per row).
        A table the copy stops in before a second row, or after, is not one: its values may stand after the cut;
        nor is a table holding values that could not be placed (under a label that could not be read, after
        words written in a value cell: table.unknown-row says so)."""
        if self._empty is None:
            empty = set()
            cut = self.cut_off()
            template = self.template
            for table_id, start in self.tables.items():
                if template is None or start is None or any(s.table.id == table_id and s.values for s in self.shapes) \
                        or any(r.table.id == table_id for r in self.runs) \
                        or any(u.table is not None and u.table.id == table_id and u.values for u in self.unknown_rows):
                    continue
                if cut is not None and (cut.table is not None and cut.table.id == table_id and cut.rows_reached < 2
                                        or template.tables[table_id] in cut.missing_tables):
                    continue
                if all(self.cells[c].state in (UNPLACED, MISSING, BLANK) for c in template.tables[table_id].cells):
                    empty.add(table_id)
            self._empty = frozenset(empty)
        return self._empty

    def cut_off(self) -> CutOff | None:
        """Where the copy stops, when it stops before the report is complete (memoised; None otherwise).

        A report's parts come in one order: each section's heading, then its tables, each table's rows in turn.
        The copy is cut when the last part it holds (the furthest in that order) is not in the last section and
        the text ends there: nothing after it is recognised, and after the last row reached only that row's
        values and a fragment follow (a label cut part-way, a stray value). Parts missing before that point are
        missing parts as usual; a report whose last section is present is never cut (a short 六 is normal). A
        report that ends in 五 is reported as cut, naming 六 as missing: a copy cut there cannot be told from a
        report without 六, and the one finding is right for both; but a text that closes with the report's date
        (on a line of its own, as under the agency's name) is a whole report, whatever it lacks. A copy that
        stops before its first table (no edition could be told from the tables) is measured against the edition
        of its year: the sections are the same in every edition."""
        if "cut_off" not in self.memo:
            template = self.template
            if template is None and self.document.sections:
                template = load((edition_for_year(self.year) if self.year else None) or "2021")
            self.memo["cut_off"] = self._cut_off(template) if template is not None and not self.source.gaps else None
        return self.memo["cut_off"]

    def _cut_off(self, template: Template) -> CutOff | None:
        sections = list(template.sections)
        found = {s.match.section.id for s in self.document.sections}
        order: list[tuple[Section, Table | None]] = []  # (section, table or None) in the report's order
        for section in sections:
            order.append((section, None))
            order += [(section, t) for t in template.tables.values() if t.section == section.id]
        present = [i for i, (section, table) in enumerate(order)
                   if (section.id in found if table is None else self.tables.get(table.id) is not None)]
        blocks = [block for _, block in self.document.blocks() if getattr(block, "type", None) != lexer.EMPTY]
        if len(present) > 1 and self._only_a_fragment(order[present[-1]][1], blocks):
            present.pop()
        nodes = list(self.document.sections)
        if len(present) > 1 and self._ends_in_a_broken_heading(order[present[-1]]):
            present.pop()
            nodes.pop()
        if not present:
            return None
        section, table = order[present[-1]]
        if section is sections[-1]:
            return None
        later_sections = tuple(sections[sections.index(section) + 1:])
        later_tables = tuple(t for _, t in order[present[-1] + 1:] if t is not None)
        last = self._last_piece()
        if table is None:
            node = nodes[-1] if nodes else None
            if node is None or node.match.section.id != section.id:
                return None  # the text ends elsewhere than in the furthest section (sections out of order)
            if any(isinstance(b, Row) and b.values or getattr(b, "type", None) in (lexer.NUMBER, lexer.RUN)
                   for b in node.blocks if b is not blocks[-1]):
                return None  # table matter that was not recognised (not just a figure where the text stops)
            if any(date_line(getattr(b, "text", "")) for b in blocks[-2:]):
                return None  # the report closes as a report does (its date): whatever lacks is missing, not cut
            return CutOff(last, section, None, None, (), later_tables, later_sections)
        reached = [r for r in table.rows if (table.id, r.id) in self.rows]
        start = self.tables[table.id]
        assert start is not None, "the furthest part present is a table that starts somewhere"
        if table.label_less or not reached:
            last_row, missing, anchor = None, () if table.label_less else table.rows, start
        else:
            last_row, anchor = reached[-1].id, self.rows[(table.id, reached[-1].id)]
            missing = table.rows[table.rows.index(reached[-1]) + 1:]
        if not (missing or later_tables or later_sections) or not self._ends_after(blocks, anchor, table, template):
            return None
        return CutOff(anchor if last_row else last, section, table, last_row, tuple(missing), later_tables, later_sections)

    def _ends_in_a_broken_heading(self, part) -> bool:
        """Whether a text file ends in the heading of the furthest section, in words that are not the format's
        (``六、其他需要报告的``, a heading cut part-way): the copy stops before that section, not in it."""
        section, table = part
        node = self.document.sections[-1] if self.document.sections else None
        return (table is None and node is not None and self.source.kind == "text"
                and node.match.section.id == section.id
                and node.match.quality not in ("official", "accepted")
                and all(getattr(b, "type", None) == lexer.EMPTY for b in node.blocks))

    def _only_a_fragment(self, table: Table | None, blocks) -> bool:
        """Whether a table's only sign is one header cell among the text's last three pieces: a label cut part-way
        and read as a header (``其他`` of ``其他对外管理服务…``) starts no table."""
        start = self.tables.get(table.id) if table is not None else None
        if table is None or start is None or start.type != lexer.HEADER or any(t == table.id for t, _ in self.rows):
            return False
        tail = blocks[-3:]
        return start in tail and sum(getattr(b, "type", None) == lexer.HEADER for b in tail[tail.index(start):]) == 1

    def _last_piece(self) -> Piece:
        """The last piece with content: the last value (or label) of the last block, or the last heading when
        nothing follows it."""
        node = self.document.sections[-1] if self.document.sections else None
        blocks = [b for b in (node.blocks if node else self.document.front) if getattr(b, "type", None) != lexer.EMPTY]
        if not blocks:
            assert node is not None, "asked of a copy that reached a part of the report (cut_off)"
            return node.heading
        values = [v for v in blocks[-1].values if v.type != lexer.EMPTY] if isinstance(blocks[-1], Row) else ()
        return values[-1] if values else blocks[-1].label if isinstance(blocks[-1], Row) else blocks[-1]

    def _ends_after(self, blocks, anchor: Piece, table: Table, template: Template) -> bool:
        """Whether the text ends at ``anchor`` (the last row reached, or the table's start): what follows it is
        that row's values, the table's header cells (in the format's words or not) or values (a table without
        labels), grouping cells (（六）其他处理), and at most three other lines (a label cut part-way, perhaps
        broken over two lines, and a stray value)."""
        start = next((i for i, b in enumerate(blocks) if b is anchor or isinstance(b, Row) and b.label is anchor), None)
        if start is None:
            return False
        allowed = (lexer.HEADER, lexer.NUMBER, lexer.PLACEHOLDER, lexer.CELLTEXT, lexer.RUN) if table.label_less \
            else (lexer.HEADER,)
        groups = {norm(g) for g in template.groups}
        headers = {id(p) for p in self.headers.get(table.id, ())}
        rest = [b for b in blocks[start + 1:] if not (isinstance(b, Row) and not b.values and norm(b.label.text) in groups)
                and (isinstance(b, Row) or b.type not in allowed and id(b) not in headers)]
        if anchor is self.tables.get(table.id) and all(_header_like(b) for b in rest):
            return True  # no row reached: the copy stops in the table's header, however its cells were broken
        return len(rest) <= 3

    def lost_lines(self) -> LostLines | None:
        """The tables damaged in a copy that lost its repeated lines, when it is one (memoised; None otherwise).

        Such a copy keeps the first of each repeated line and drops the others: every sub-table of 二 after the
        first loses its ``信息内容`` header (and the column headers it shares with an earlier one), and of the
        values only the first ``0`` stays, so rows fall short of values and later tables have none. All three
        must be seen: headers the format repeats present once, no value written twice (a complete table of
        counts repeats its values), cells one per line (a row written on one line keeps its values whatever
        lines are dropped). A complete copy of a blank table keeps its headers, and stays table.empty-table."""
        if "lost_lines" not in self.memo:
            self.memo["lost_lines"] = self._lost_lines(self.template) if self.template is not None else None
        return self.memo["lost_lines"]

    def _lost_lines(self, template: Template) -> LostLines | None:
        values = []
        for _, block in self.document.blocks():
            if isinstance(block, Row):
                if block.values and block.values[0].line == block.label.end_line:
                    return None  # cells share lines: dropping lines does not drop values
                values += [v.text.strip() for v in block.values if v.type == lexer.NUMBER]
            elif getattr(block, "type", None) == lexer.NUMBER:
                values.append(block.text.strip())
        if len(values) != len(set(values)):
            return None
        expected: dict[str, list[str]] = {}
        for table in template.tables.values():
            if table.caption and self.tables.get(table.id) is not None:
                for text in (*table.headers, *(c.label for c in table.columns)):
                    expected.setdefault(norm(text), []).append(text)
        found = [norm(p.text) for pieces in self.headers.values() for p in pieces]
        repeated = [(len(texts), texts[0]) for key, texts in expected.items() if len(texts) >= 2 and found.count(key) <= 1]
        if not repeated:
            return None
        count, header = max(repeated)
        empty = self.empty_tables()
        short = {s.table.id for s in self.shapes if len(s.values) < s.expected}
        damaged = tuple(t for t in template.tables.values() if t.id in empty or t.id in short)
        return LostLines(header, count, found.count(norm(header)), damaged) if damaged else None

    def cut_edge(self) -> tuple[Piece, int, int] | None:
        """Where a cut copy's text may itself be cut part-way: its last piece, and the (line, column) from which
        it may be (None when the copy is not cut, or ends on a whole sentence). Of a paragraph, only its
        unfinished last sentence; in a text file, a heading, label or number there may be cut too (``处理决定数``,
        ``13`` of ``135``), whereas a page, a Word draft or a PDF closes each cell it holds."""
        if "cut_edge" not in self.memo:
            edge = None
            if self.cut_off() is not None:
                piece = self._last_piece()
                edge = (piece, piece.line, piece.column) if self.source.kind == "text" else None
                if piece.type == lexer.TEXT and piece.line == piece.end_line:
                    ends = [i for i, char in enumerate(piece.text) if char in _SENTENCE_ENDS]
                    done = ends[-1] + 1 if ends else 0
                    edge = None if done == len(piece.text.rstrip()) else (piece, piece.line, piece.column + done)
            self.memo["cut_edge"] = edge
        return self.memo["cut_edge"]

    def on_cut_edge(self, finding) -> bool:
        """Whether a finding stands on, or cites a cell written on, what may be cut part-way (cut_edge)."""
        edge = self.cut_edge()
        if edge is None:
            return False
        piece, line, column = edge
        if not finding.file_level and (finding.line, finding.column) >= (line, column):
            return True
        return any(self.cells.get(ref.id) is not None and self.cells[ref.id].piece is piece for ref in finding.cells)

    @property
    def several(self) -> str | None:
        """Whether the file holds more than one report, and what shows it: ``sections``, three or more of the
        format's sections each standing twice with content both times (two reports one after the other, a
        review tool's comparison of two (``比对``, ``重复率``), two printed side by side: a PDF's columns are read
        one after the other), or ``tables``, TABLE_AGAIN or more rows of a table written again, some with other
        figures (two reports' tables side by side); None for one report. A table of contents before the report
        lists its headings with nothing under them; one section written twice is structure.duplicate-section's,
        a table copied twice with the same figures (a page saved with its print version) is one table."""
        if "several" not in self.memo:
            counts = Counter(section.heading.section.section.id for section in self.document.sections
                             if section.blocks and section.heading.section is not None)
            tables = Counter(table for table, _, _ in self.repeated_rows)
            self.memo["several"] = "sections" if sum(n >= 2 for n in counts.values()) >= 3 else \
                "tables" if any(n >= TABLE_AGAIN and any(t == table and not same for t, _, same in self.repeated_rows)
                                for table, n in tables.items()) else None
        return self.memo["several"]

    @property
    def is_report(self) -> bool:
        """Whether any part of an annual report was found: its title (a line such as ``某某局2023年政府信息公开
        工作年度报告``), a section heading, a table, a table's caption or a row label with its values. A copy
        whose parts could not all be read (a crawler's run-together page) is still a report and is checked as
        one; parse.not-a-report is for a file with no part of a report. Titles of several years make a page
        that lists reports, not one."""
        if self.several:
            return False  # more than one: parse.several-reports says so, no part is checked as one report's
        if self.document.sections or any(self.tables.values()):
            return True
        if "is_report" not in self.memo:  # every rule asks: the blocks are walked once
            if self.title is not None:
                years = {y for b in self.document.front if isinstance(b, Piece) and b.type == lexer.TITLE
                         for y in _YEAR.findall(b.text)}
                self.memo["is_report"] = len(years) <= 1
            else:
                self.memo["is_report"] = any(block.type == lexer.CAPTION if isinstance(block, Piece)
                                             else bool(block.values) for _, block in self.document.blocks())
        return self.memo["is_report"]

    @property
    def path(self) -> str:
        return self.source.path

    def extracted(self) -> dict:
        """Every cell id of the template with value, raw text and position (data contract §4)."""
        if self.template is None:
            return {}
        out = {}
        for cell_id in self.template.cell_ids:
            value, piece = self.cells[cell_id].value, self.cells[cell_id].piece
            out[cell_id] = {"value": value, "raw": piece.text if piece is not None else "",
                            "line": piece.line if piece is not None else None,
                            "column": piece.column if piece is not None else None}
        return out

    def value(self, cell_id: str):
        cell = self.cells.get(cell_id)
        return cell.value if cell else None

    def checkable(self) -> tuple:
        """The edition's equations (editions.Equation) every cell of which holds a number: the ones the balance
        rules evaluate, and the ones coverage counts as checked (linter/coverage.py); a blank, unplaced or
        unreadable cell leaves its equations to the table rules (memoised; () without an edition)."""
        if "checkable" not in self.memo:
            template = self.template
            numbers = set() if template is None else \
                {c for c in equation_cells(template.edition) if self.cells[c].value is not None}
            self.memo["checkable"] = () if template is None else tuple(
                eq for eq in template.equations if numbers.issuperset(eq.cells))
        return self.memo["checkable"]

    def fact_or_sum(self, name: str) -> tuple[object, bool]:
        """(value, recomputed) of a one-cell fact: its value, or, when the cell is blank, the sum of the other
        side of an equation it stands alone on, every cell of which is filled (a blank （七）总计 recomputed
        from the outcomes); (None, False) when neither is known."""
        value, template = self.fact(name), self.template
        cells = template.fact(name) if template else None
        if template is None or value is not None or not cells or len(cells) != 1 or self.cells[cells[0]].state != BLANK:
            return value, False
        for eq in template.equations:
            for alone, other in ((eq.left, eq.right), (eq.right, eq.left)):
                if alone == cells and all(self.value(c) is not None for c in other):
                    return sum(self.value(c) for c in other), True
        return None, False

    def fact(self, name: str):
        """The value of a named fact of the edition (the sum of its cells), or None when the edition lacks
        it or a cell holds no number."""
        cells = self.template.fact(name) if self.template else None
        values = [self.value(c) for c in cells] if cells else [None]
        return None if any(v is None for v in values) else sum(values)

    def paragraphs(self, section_id: str | None = None):
        """Narrative paragraphs (linter.narrative.Paragraph) in document order, optionally of one section."""
        if self._paragraphs is None:
            from .narrative import paragraphs
            self._paragraphs = paragraphs(self.document)
        return [p for p in self._paragraphs if section_id is None or p.section == section_id]
