"""Binding the syntax tree to an edition's template: which edition and year, and every cell's value.

Values are placed on cells only when the row has exactly as many values as the table has columns:
copied web tables lose their blank cells, so a short row cannot tell which of its cells are blank,
and a value must never land silently in the wrong column. Such rows are recorded for the rules.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from . import model
from .ast import Row
from .editions import Table, Template, edition_for_year, load
from .labels import norm, without_note
from .lexer import CAPTION, CELLTEXT, EMPTY, HEADER, NUMBER, PLACEHOLDER, RUN, TEXT, Piece, lex
from .metadata import read as read_metadata
from .numbers import parse_cell
from .parser import parse
from .readers import Source


@cache
def _row_index(edition: str) -> dict[str, tuple[str, str]]:
    """Normalised row label (and accepted variants) → (table id, row id) for one edition."""
    index = {}
    for table in load(edition).tables.values():
        for row in table.rows:
            for text in (row.label, *row.variants):
                index[norm(text)] = (table.id, row.id)
    return index


def _find_row(template: Template, text: str):
    index = _row_index(template.edition)
    normed = norm(text)
    hit = index.get(normed) or index.get(without_note(normed) or "")
    return (template.tables[hit[0]], hit[1]) if hit else (None, None)


@cache
def _header_tables(edition: str) -> dict[str, str]:
    """Normalised header text → table id, for the headers of tables without a caption (三, 四) that belong
    to one table only: such a header starts its table."""
    owners: dict[str, set[str]] = {}
    for table in load(edition).tables.values():
        if table.caption:
            continue
        texts = [c.label for c in table.columns] + list(table.headers)
        texts += [r.label for r in table.rows] if table.label_less else []  # its groups head its columns
        for text in texts:
            owners.setdefault(norm(text), set()).add(table.id)
    return {text: next(iter(ids)) for text, ids in owners.items() if len(ids) == 1}


#: Labels of one edition only that a report must print to be read in that edition against its year's: one or
#: two are a slip (a 2021 report's ``规范性文件``, the old label) or a copy cut early; a report on the wrong
#: format prints a dozen.
DECISIVE_VOTES = 3


def detect_edition(pieces: list[Piece]) -> Counter:
    """Votes for each edition: labels printed by only one edition's template."""
    votes: Counter[str] = Counter()
    for piece in pieces:
        if piece.label and len(piece.label.editions) == 1:
            votes[next(iter(piece.label.editions))] += 1
    return votes


_ITEM_PREFIX = re.compile(r"^\d{1,2}[.、]")


def _label_like(text: str) -> bool:
    """Whether a text line could be a row label: short, and no figures but an item number."""
    normed = norm(text)
    return len(normed) <= 40 and not re.search(r"\d", _ITEM_PREFIX.sub("", normed))


_NUMBERING = re.compile(r"^(?:[(][一二三四五六七八九十]{1,3}[)]|[一二三四五六七八九十]{1,3}[,]|\d{1,2}[.,])")


def _printed_as(printed: str, official: str) -> bool:
    """Whether a label that matches no row could be ``official`` with a piece lost or changed: the same item
    number where it prints one, and most of the wording (or a part of it)."""
    import difflib

    printed, official = norm(printed), norm(official)
    number = _NUMBERING.match(printed)
    if number and not official.startswith(number.group()):
        return False
    return printed in official or difflib.SequenceMatcher(None, printed, official).ratio() >= 0.6


def _own_values(row: Row) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """A row's values, and the values that belong to no label.

    When a label and values share a line (``a | 1 | 2``), a following line of values is another row whose
    label was lost; in the one-cell-per-line layout every value of the row follows the label.
    """
    if row.values and row.values[0].line == row.label.end_line:
        own = tuple(v for v in row.values if v.line == row.label.end_line)
        return own, row.values[len(own):]
    return row.values, ()


class _Binder:
    """Fills a report's cells from its tree, by the report's template (a report without one has no cells)."""

    def __init__(self, report: model.Report, template: Template):
        self.report = report
        self.template = template
        self.context: Table | None = None
        self.pending: Piece | None = None       # a text line in a table: maybe an unknown row's label
        self.loose: list[Piece] = []             # values of a label-less table (四), placed when it ends
        self.previous = None                     # the block before the current one
        self.zone: list[Piece] | None = None     # header cells after a table-二 caption, before its rows

    def run(self):
        for section, block in self.report.document.blocks():
            if section is not None and block is section.blocks[0]:
                self.enter_section(section.match.section.id)
            if self.zone is not None and isinstance(block, Piece) and block.type in (HEADER, TEXT):
                self.zone.append(block)
            else:
                self.zone = None
            if isinstance(block, Row):
                self.row(block)
            elif block.type == CAPTION:
                self.caption(block)
            elif block.type == HEADER:
                self.header(block)
            elif block.type in (NUMBER, PLACEHOLDER, EMPTY, CELLTEXT, RUN):
                self.loose_value(block)
            elif block.type == TEXT:
                self.pending = block if self.context is not None and _label_like(block.text) else None
            self.previous = block
        self.flush_loose()
        self.by_position()
        for cell_id in self.template.cell_ids:
            self.report.cells.setdefault(cell_id, model.Cell(cell_id, model.MISSING))

    def enter_section(self, section_id: str):
        self.flush_loose()
        table = self.template.tables.get(section_id)
        self.context = table
        if table is not None:
            self.report.tables.setdefault(table.id, None)
        self.pending = None

    def start_table(self, table: Table, piece: Piece):
        if self.context is not None and self.context.label_less and table is not self.context:
            self.flush_loose()
        self.context = table
        if self.report.tables.get(table.id) is None:
            self.report.tables[table.id] = piece

    def caption(self, piece: Piece):
        for table in self.template.tables.values():
            if table.caption and norm(table.caption) == norm(piece.label.text if piece.label else piece.text):
                self.zone = self.report.headers.setdefault(table.id, [])
                return self.start_table(table, piece)
        self.context = None  # a caption of the other edition: its rows are unknown here
        self.pending = None

    def header(self, piece: Piece):
        assert piece.label is not None, "the lexer makes a header of a known label only"
        table_id = _header_tables(self.template.edition).get(norm(piece.label.text))
        if table_id:
            self.start_table(self.template.tables[table_id], piece)
        self.pending = None

    def row(self, row: Row):
        table, row_id = _find_row(self.template, row.label.text)
        if table is None:
            if row.label.label and row.label.label.kind == "label" and norm(row.label.label.text) in map(norm, self.template.groups):
                return  # a grouping cell such as （三）不予公开
            self.report.unknown_rows.append(model.UnknownRow(self.context, row.label, row.values))
            return
        self.start_table(table, row.label)
        self.pending = None
        official = next(r for r in table.rows if r.id == row_id)
        normed = norm(row.label.text)
        if normed != norm(official.label) and (without_note(normed) == norm(official.label)
                                               or any(norm(v) in (normed, without_note(normed)) for v in official.variants)):
            self.report.label_variants.append((row.label, official.label))  # a variant, or a note appended
        values, rest = _own_values(row)
        if (table.id, row_id) not in self.report.rows:  # a repeated row: the first one counts
            self.report.rows[(table.id, row_id)] = row.label
            self.place(table, row_id, row.label, values)
        else:  # noted, with whether its figures are the first one's (a copy) or not (another table)
            first = [self.report.cells.get(table.cell_id(row_id, c.id)) for c in table.columns]
            same = [cell.piece.text if cell and cell.piece else None for cell in first] == [v.text for v in values]
            self.report.repeated_rows.append((table.id, row_id, same))
        if rest:
            self.report.unknown_rows.append(model.UnknownRow(table, None, rest))

    def by_position(self):
        """Read an unknown row as the one template row it can only be: its table's rows bound before and after
        it leave exactly one row between them unbound, it is the only unknown row there, it has as many values
        as the table has columns, and its label is that row's as printed with a piece lost or changed (the
        same item number, if it has one; most of the wording). A label cut by its cell's width, wrapped
        across a page break or misspelt is then a row read with a warning (``rows_by_position``), not a row
        missing and an unknown row."""
        for unknown in list(self.report.unknown_rows):
            table = unknown.table
            if table is None or table.label_less or unknown.label is None or len(unknown.values) != len(table.columns):
                continue
            line, order = unknown.label.line, {row.id: k for k, row in enumerate(table.rows)}
            bound = sorted((piece.line, order[row_id]) for (table_id, row_id), piece in self.report.rows.items()
                           if table_id == table.id)
            before = max(((at, k) for at, k in bound if at < line), default=(0, -1))
            after = min(((at, k) for at, k in bound if at > line), default=(float("inf"), len(table.rows)))
            gap = [row for row in table.rows[before[1] + 1:after[1]] if (table.id, row.id) not in self.report.rows]
            crowded = any(other is not unknown and other.table is table and other.label is not None
                          and before[0] < other.label.line < after[0] for other in self.report.unknown_rows)
            if len(gap) != 1 or crowded or not _printed_as(unknown.label.text, gap[0].label):
                continue
            self.report.unknown_rows.remove(unknown)
            self.report.rows[(table.id, gap[0].id)] = unknown.label
            self.report.rows_by_position.append((unknown.label, gap[0].label))
            self.place(table, gap[0].id, unknown.label, unknown.values)

    def loose_value(self, piece: Piece):
        if self.context is not None and self.context.label_less:
            self.report.tables[self.context.id] = self.report.tables.get(self.context.id) or piece
            self.loose.append(piece)
        elif self.pending is not None and self.report.unknown_rows and self.report.unknown_rows[-1].label is self.pending:
            last = self.report.unknown_rows.pop()
            self.report.unknown_rows.append(model.UnknownRow(last.table, last.label, last.values + (piece,)))
        elif self.pending is not None:
            self.report.unknown_rows.append(model.UnknownRow(self.context, self.pending, (piece,)))
        elif self.context is not None:
            before = self.report.unknown_rows[-1] if self.report.unknown_rows else None
            if before is not None and before.label is None and before.values[-1] is self.previous:
                self.report.unknown_rows[-1] = model.UnknownRow(before.table, None, before.values + (piece,))
            else:
                self.report.unknown_rows.append(model.UnknownRow(self.context, None, (piece,)))

    def flush_loose(self):
        """Place the values of a label-less table (四): one row of values, cut into its groups."""
        if not self.loose:
            return
        table = next(t for t in self.template.tables.values() if t.label_less and self.report.tables.get(t.id))
        values, self.loose = tuple(self.loose), []
        for group in table.rows:
            self.report.rows.setdefault((table.id, group.id), values[0])
        cells = table.cells
        if len(values) == 1 and values[0].type == RUN:
            values = self.recover(table, None, values[0], cells)
            if values is None:
                return
        if len(values) == len(cells):
            for index, group in enumerate(table.rows):
                chunk = values[index * len(table.columns):(index + 1) * len(table.columns)]
                self.place(table, group.id, None, chunk)
        else:
            self.report.shapes.append(model.RowShape(table, None, None, values, len(cells)))

    def recover(self, table: Table, row_id: str | None, run: Piece, cells: tuple[str, ...]):
        """The values of a run of digits (linter/digitruns.py): the numbers written with spaces between them when
        they are one per cell, else the one cut that fits the cells, else, in a row written with spaces, the
        numbers written (too few: its shape is reported); None when the run cannot be read (a crawler's run,
        table.run-together)."""
        from .digitruns import cuts, valid_apart, written

        def pieces(parts):
            return tuple(Piece(NUMBER, p.text, run.line, run.column + p.start, run.line, run.column + p.end) for p in parts)

        spaced = written(run.text)
        if spaced is not None and len(spaced) == len(cells):
            return pieces(spaced)
        index = {cell: i for i, cell in enumerate(cells)}
        equations = [(tuple(index[c] for c in eq.left), tuple(index[c] for c in eq.right))
                     for eq in self.template.equations if all(c in index for c in eq.cells)]
        found = cuts(run.text, tuple(self.template.columns_by_cell[c] for c in cells), equations)
        if len(found) == 1:
            self.report.runs.append(model.RunRow(table, row_id, run, True))
            self.report.recovered.update(cells)
            return pieces(found[0])
        if valid_apart(spaced) and self.spaced_from_label(run):
            return pieces(spaced)  # a row written with spaces, a blank lost: its shape is reported
        self.report.runs.append(model.RunRow(table, row_id, run, False))
        for cell_id in cells:
            self.report.cells[cell_id] = model.Cell(cell_id, model.UNPLACED)
        return None

    def spaced_from_label(self, run: Piece) -> bool:
        """Whether the run begins its line or a space stands before it (``行政许可 12 3``): a row written with
        spaces, where a crawler runs the first value into its label (``行政许可12 3``)."""
        line = self.report.source.lines[run.line - 1]
        return run.column == 1 or line[run.column - 2].isspace()

    def place(self, table: Table, row_id: str, label: Piece | None, values: tuple[Piece, ...]):
        if len(values) == 1 and values[0].type == RUN and label is not None:
            values = self.recover(table, row_id, values[0], tuple(table.cell_id(row_id, c.id) for c in table.columns))
            if values is None:
                return
        if len(values) != len(table.columns):
            self.report.shapes.append(model.RowShape(table, row_id, label, values, len(table.columns)))
            for column in table.columns:
                cid = table.cell_id(row_id, column.id)
                self.report.cells[cid] = model.Cell(cid, model.UNPLACED)
            return
        for column, piece in zip(table.columns, values):
            cid = table.cell_id(row_id, column.id)
            number = parse_cell(piece.text) if piece.type == NUMBER else None
            state = {NUMBER: model.OK if number is not None else model.TEXT, PLACEHOLDER: model.PLACEHOLDER, EMPTY: model.BLANK,
                     CELLTEXT: model.TEXT, RUN: model.TEXT}[piece.type]
            if number is not None and column.unit_in_cell and number.unit is None and number.value:
                state = model.NO_UNIT
            self.report.cells[cid] = model.Cell(cid, state, piece, number)


def bind(source: Source, edition: str | None = None) -> model.Report:
    """Lex, parse and bind a decoded report; ``edition`` forces an edition instead of detecting it."""
    pieces = lex(source.lines)
    document = parse(pieces)
    meta = read_metadata(document)
    votes = detect_edition(pieces)
    if edition is None:
        ranked = votes.most_common()
        by_year = edition_for_year(meta.year) if meta.year is not None else None
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) \
                and (by_year is None or ranked[0][1] >= DECISIVE_VOTES or votes[by_year] == ranked[0][1]):
            edition = ranked[0][0]
        elif by_year is not None:
            edition = by_year
    report = model.Report(source, document, load(edition) if edition else None, edition, dict(votes), meta)
    if report.template is not None:
        _Binder(report, report.template).run()
    return report
