"""The bound report the rules check: the tree, the template it follows, and every cell's value.

The binder (linter/binder.py) builds it; rules only read it. Besides the cells it records what the
binder observed while placing values (rows with too few or too many values, unknown rows…) so
that table rules can report it without binding again.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from . import lexer
from .ast import Document
from .lexer import Piece
from .metadata import Metadata
from .numbers import Number
from .readers import Source
from .templates import Table, Template

_YEAR = re.compile(r"(?:19|20)\d{2}")

# Cell states. NO_UNIT: an amount written without the unit its column leaves to the cell (采购总金额 153103.83):
# a number whose value in 万元 cannot be told, so it has none.
OK, BLANK, PLACEHOLDER, TEXT, UNPLACED, MISSING = "ok", "blank", "placeholder", "text", "unplaced", "missing"
NO_UNIT = "no-unit"


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
    """A copy that ends inside a table: where it stops, and what of the report is missing after it."""

    table: Table
    last: Piece                  # the label of the last row found
    last_row: str                # its row id
    missing_rows: tuple          # templates.Row objects after it
    missing_sections: tuple      # templates.Section objects after the table's section


class UnknownRow(NamedTuple):
    """A row label that is not in the template (or belongs to the other edition), or values with no label."""

    table: Table | None
    label: Piece | None
    values: tuple[Piece, ...]


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
        self.headers: dict[str, list[Piece]] = {}            # table-二 id → its header cells
        self.runs: list[RunRow] = []                         # rows whose values were run together
        self.recovered: set[str] = set()                     # cells whose values were cut from a run
        self.memo: dict = {}      # what several rules derive from the report, computed once (rules/balance.py)
        self._paragraphs: list | None = None
        self._empty: frozenset[str] | None = None

    def empty_tables(self) -> frozenset[str]:
        """Tables present but without a single value (several table rules report those once, not per row)."""
        if self._empty is None:
            empty = set()
            for table_id, start in self.tables.items():
                if start is None or any(s.table.id == table_id and s.values for s in self.shapes) \
                        or any(r.table.id == table_id for r in self.runs):
                    continue
                if all(self.cells[c].state in (UNPLACED, MISSING, BLANK) for c in self.template.tables[table_id].cells):
                    empty.add(table_id)
            self._empty = frozenset(empty)
        return self._empty

    def cut_off(self) -> CutOff | None:
        """The table the copy ends in, when it does: its last rows are missing and no later part of the
        report follows (web excerpts often stop part-way through table 三). One defect: the rules on
        missing rows, sections and short last rows report it once."""
        if "cut_off" in self.memo:
            return self.memo["cut_off"]
        found_sections = {s.heading.section.section.id for s in self.document.sections}
        result = None
        sections = [s.id for s in self.template.sections] if self.template else []
        tables = list(self.template.tables.values()) if self.template else []
        for position, table in enumerate(tables):
            if self.tables.get(table.id) is None or table.label_less:
                continue
            rows = [r for r in table.rows if (table.id, r.id) in self.rows]
            if not rows:
                continue
            after = table.rows[table.rows.index(rows[-1]) + 1:]
            later = [s for s in self.template.sections if sections.index(s.id) > sections.index(table.section)]
            later_tables = tables[position + 1:]
            if len(after) >= 3 and not any((table.id, r.id) in self.rows for r in after) \
                    and not any(s.id in found_sections for s in later) \
                    and not any(self.tables.get(t.id) is not None for t in later_tables):
                result = CutOff(table, self.rows[(table.id, rows[-1].id)], rows[-1].id, tuple(after), tuple(later))
        self.memo["cut_off"] = result
        return result

    @property
    def is_report(self) -> bool:
        """Whether any part of an annual report was found: its title (a line such as ``某某局2023年政府信息公开
        工作年度报告``), a section heading, a table, a table's caption or a row label with its values. A copy
        whose parts could not all be read (a crawler's run-together page) is still a report and is checked as
        one; parse.not-a-report is for a file with no part of a report. Titles of several years make a page
        that lists reports, not one."""
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
            cell = self.cells[cell_id]
            placed = cell.piece is not None
            out[cell_id] = {"value": cell.value, "raw": cell.piece.text if placed else "",
                            "line": cell.piece.line if placed else None, "column": cell.piece.column if placed else None}
        return out

    def value(self, cell_id: str):
        cell = self.cells.get(cell_id)
        return cell.value if cell else None

    def fact_or_sum(self, name: str) -> tuple[object, bool]:
        """(value, recomputed) of a one-cell fact: its value, or, when the cell is blank, the sum of the other
        side of an equation it stands alone on, every cell of which is filled (a blank （七）总计 recomputed
        from the outcomes); (None, False) when neither is known."""
        value = self.fact(name)
        cells = self.template.fact(name) if self.template else None
        if value is not None or not cells or len(cells) != 1 or self.cells[cells[0]].state != BLANK:
            return value, False
        for eq in self.template.equations:
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
