"""What an edition is once built: its tables, rows, columns, equations and named facts, as named tuples that the
cache stores and every stage reads (built from the YAML files by ``build``)."""
from __future__ import annotations

from typing import NamedTuple

from ..labels import norm


class Column(NamedTuple):
    id: str
    label: str
    signed: bool = False        # may be negative (本年增/减)
    amount: bool = False        # money, decimals allowed
    unit: str | None = None     # unit of the value (万元)
    unit_in_cell: bool = False  # the unit is written in the cell, not the header
    group: str | None = None    # the header cell spanning it and its neighbours (法人或其他组织)


class Row(NamedTuple):
    id: str
    label: str
    variants: tuple[str, ...] = ()
    group: str | None = None    # the grouping cell it stands under (（三）不予公开)
    short: str | None = None    # how messages name it, where the label is long
    opens: tuple[str, ...] = ()  # grouping cells printed before it (三、本年度办理结果)

    @property
    def name(self) -> str:
        """The row as a message names it: ``（二）部分公开``, ``（三）不予公开·1.属于国家秘密``."""
        own = (self.short or self.label).replace("“", "‘").replace("”", "’")  # quoted inside “…” in messages
        return f"{self.group}·{own}" if self.group else own


class Table(NamedTuple):
    """One grid of cells: ``s2.20-1``, ``s2.20-5``, … ``s3`` or ``s4`` (whose rows are the groups)."""

    id: str
    section: str
    caption: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    cells: tuple[str, ...]                    # every cell id, row by row
    name: str                                 # as the printed report names it: 表二第二十条第（一）项, 表三
    header_rows: tuple[tuple[str, ...], ...]  # the header cells as printed, row by row
    label_less: bool = False                  # values in one row without a label; each row a group of columns

    def cell_id(self, row: str, column: str) -> str:
        return f"{self.id}.{row}.{column}"

    def row(self, row_id: str) -> Row:
        return next(r for r in self.rows if r.id == row_id)

    @property
    def headers(self) -> tuple[str, ...]:
        """The header cells that are neither a column nor a row: 申请人情况, 法人或其他组织, 行政诉讼…"""
        own = {norm(c.label) for c in self.columns} | {norm(r.label) for r in self.rows}
        return tuple(dict.fromkeys(h for row in self.header_rows for h in row if norm(h) not in own))

    def cell_label(self, row_id: str, column_id: str) -> str:
        """A cell as the printed table names it: 表三“（七）总计”行“自然人”列, 表四“行政复议”“结果维持”."""
        column = next(c for c in self.columns if c.id == column_id).label
        if self.label_less:
            return f"{self.name}“{self.row(row_id).name}”“{column}”"
        return f"{self.name}“{self.row(row_id).name}”行“{column}”列"


class Statement(NamedTuple):
    """What the format requires a section to state besides its tables (the 信息处理费 in 六)."""

    id: str
    section: str
    pattern: str      # a regex the section's text must match
    says: str         # what it must state, for messages
    example: str      # a sentence that states it, for generated reports


class Section(NamedTuple):
    id: str
    number: str
    title: str
    accepted: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    keywords: tuple[tuple[str, ...], ...] = ()


class Equation(NamedTuple):
    """``sum(left) == sum(right)``; ``id`` is the family (E1…E4), ``key`` names this instance, ``name``
    says it as a reader of the printed table would (“自然人”列：（七）总计 = 各项办理结果之和)."""

    id: str
    key: str
    summary: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    name: str = ""

    @property
    def cells(self) -> tuple[str, ...]:
        return self.left + self.right


class Relation(NamedTuple):
    """A cross-year relation (rules/pair.py): ``sum(this) == sum(previous)`` over this year's and last year's
    reports, each term a (sign, cell id) of its own report's edition; ``this[0]`` is the cell a finding names."""

    rule: str                               # the pair rule that reports it: carry-over, stock, previous-count
    key: str                                # carry-over[natural]
    this: tuple[tuple[int, str], ...]
    previous: tuple[tuple[int, str], ...]


def years_text(first: int, last: int | None) -> str:
    return f"{first}—{last}年度" if last else f"{first}年度起"


class Template(NamedTuple):
    edition: str
    instrument: str                  # the notice that issued the format: 国办公开办函〔2021〕30号
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: dict[str, Table]
    groups: tuple[str, ...]          # labels of grouping cells that carry no numbers
    equations: tuple[Equation, ...]
    columns_by_cell: dict[str, Column]
    facts: dict[str, tuple[str, ...]]    # named facts (rules.made…) → the cells whose sum they are
    statements: tuple[Statement, ...]
    relations: tuple[Relation, ...] = ()     # cross-year relations with last year's report
    boilerplate: tuple[str, ...] = ()        # patterns of sentences every year's report may repeat

    @property
    def years(self) -> str:
        """The report years the edition applies to, as a person writes them: 2019—2020年度, 2021年度起."""
        return years_text(self.first_year, self.last_year)

    @property
    def default_year(self) -> int:
        """A report year the edition applies to, for generated reports: its last, or two years in."""
        return self.last_year or self.first_year + 2

    def tables_of(self, section: str) -> list[Table]:
        return [t for t in self.tables.values() if t.section == section]

    def fact(self, name: str) -> tuple[str, ...] | None:
        """The cells of a named fact in this edition, or None when the edition does not have it."""
        return self.facts.get(name)

    @property
    def cell_ids(self) -> tuple[str, ...]:
        """Every cell id of the edition, in table order."""
        return tuple(self.columns_by_cell)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def table_of(self, cell_id: str) -> Table:
        return self.tables[cell_id.rsplit(".", 2)[0]]

    def cell_label(self, cell_id: str) -> str:
        """The one way messages name a cell (表三“（七）总计”行“自然人”列); ids stay for machines."""
        table_id, row_id, column_id = cell_id.rsplit(".", 2)
        return self.tables[table_id].cell_label(row_id, column_id)





class LabelInfo(NamedTuple):
    """What a normalised label can be: its kind, its official wording, and the editions printing it."""

    kind: str                       # "caption", "header" or "label" (a row or a grouping cell)
    text: str                       # the official wording
    editions: frozenset[str]        # editions whose template prints exactly this label




class Vocabulary(NamedTuple):
    """What is read across all editions before a report's edition is known: one cache entry, so that a run
    loads only the template of its own edition."""

    labels: dict[str, LabelInfo]
    sections: tuple[Section, ...]
    years: dict[str, tuple[int, int | None]]    # edition → first and last report year
    holding_tables: frozenset[str]               # ids of the sections some edition puts a table in
    instruments: dict[str, str]                  # edition → the notice that issued it


