"""The official formats as data: sections, tables, cell ids and equations, loaded from YAML.

Each edition is ``rules/templates/common.yaml`` merged with ``rules/templates/<edition>.yaml``.
Equations are written as cell patterns and expanded here once, so rules only see plain lists of cell
ids (a new edition or a local variant is a new YAML file, not new code).
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
import os
from typing import NamedTuple

from .cache import load_or_build, read_text
from .labels import norm

EDITIONS = ("2019", "2021")


class Column(NamedTuple):
    id: str
    label: str
    signed: bool = False        # may be negative (本年增/减)
    amount: bool = False        # money, decimals allowed
    unit: str | None = None     # unit of the value (万元)
    unit_in_cell: bool = False  # the unit is written in the cell, not the header


class Row(NamedTuple):
    id: str
    label: str
    variants: tuple[str, ...] = ()
    group: str | None = None    # the grouping cell it stands under (（三）不予公开)
    short: str | None = None    # how messages name it, where the label is long

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
    cells: tuple[str, ...]     # every cell id, row by row

    def cell_id(self, row: str, column: str) -> str:
        return f"{self.id}.{row}.{column}"

    def cell_ids(self) -> tuple[str, ...]:
        return self.cells

    @property
    def name(self) -> str:
        """How the printed report names the table: 表二第二十条第（一）项, 表三, 表四."""
        return f"表二{self.caption}" if self.caption else {"s3": "表三", "s4": "表四"}.get(self.id, self.id)

    def row(self, row_id: str) -> Row:
        return next(r for r in self.rows if r.id == row_id)

    def cell_label(self, row_id: str, column_id: str) -> str:
        """A cell as the printed table names it: 表三“（七）总计”行“自然人”列, 表四“行政复议”“结果维持”."""
        column = next(c for c in self.columns if c.id == column_id).label
        if self.id == "s4":
            return f"{self.name}“{self.row(row_id).name}”“{column}”"
        return f"{self.name}“{self.row(row_id).name}”行“{column}”列"


def _table(tid: str, section: str, caption: str | None, columns, rows) -> Table:
    table = Table(tid, section, caption, columns, rows, ())
    return table._replace(cells=tuple(table.cell_id(r.id, c.id) for r in rows for c in columns))


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


class Template(NamedTuple):
    edition: str
    instrument: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: dict[str, Table]
    groups: tuple[str, ...]          # labels of grouping cells that carry no numbers
    table_headers: dict[str, tuple[str, ...]]   # per table (s2, s3, s4): header labels that are not columns
    equations: tuple[Equation, ...]
    columns_by_cell: dict[str, Column]
    facts: dict[str, tuple[str, ...]]    # named facts (rules.made…) → the cells whose sum they are

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


def _template_text(name: str) -> str:
    from disclint import rules

    return read_text(os.path.join(os.path.dirname(rules.__file__), "templates", name))


def _parse_yaml(text: str) -> dict:
    import yaml  # only when a template is built, not when it comes from the cache

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_NUMBERING = re.compile(r"^(?:\d{1,2}\.|（[一二三四五六七八九十]）|[一二三四五六七八九十]、)")


def _rows(items, reserved: set[str] = frozenset()) -> tuple[Row, ...]:
    """Rows with their variants; a label written without its numbering (``属于国家秘密``, as PDF
    conversions leave it) is a variant too, unless that bare text is another label (``其他``, ``总计``)."""
    rows = []
    for r in items:
        variants = list(r.get("variants", ()))
        bare = _NUMBERING.sub("", r["label"])
        if bare != r["label"] and norm(bare) not in reserved:
            variants.append(bare)
        rows.append(Row(r["id"], r["label"], tuple(variants), r.get("group"), r.get("short")))
    return tuple(rows)


def _columns(items) -> tuple[Column, ...]:
    return tuple(Column(**c) for c in items)


_VARIABLE = re.compile(r"\{(\w+)\}")


def _expand(spec: dict, sets: dict[str, list[str]], names: dict[str, dict[str, str]]) -> list[Equation]:
    """The equations of one pattern; ``names`` gives, per set, how each of its members is named."""
    (each_var, each_set), = spec["each"].items()
    sums = spec.get("sum", {})
    equations = []
    for value in sets[each_set]:
        def side(patterns):
            cells = []
            for pattern in patterns:
                names = [n for n in _VARIABLE.findall(pattern) if n in sums]
                choices = [sets[sums[n]] for n in names]
                for combo in itertools.product(*choices):
                    bound = dict(zip(names, combo), **{each_var: value})
                    cells.append(_VARIABLE.sub(lambda m: bound[m.group(1)], pattern))
            return tuple(cells)

        equations.append(Equation(spec["id"], f"{spec['id']}[{value}]", spec["summary"],
                                  side(spec["left"]), side(spec["right"]),
                                  spec["name"].format(label=names[each_set][value])))
    return equations


@lru_cache(maxsize=None)
def load(edition: str) -> Template:
    """The template of ``edition`` ('2019' or '2021'), built once per process and cached on disk."""
    texts = (_template_text("common.yaml"), _template_text(f"{edition}.yaml"))
    code = read_text(__file__)  # a change to how templates are built is a new key
    return load_or_build(f"template-{edition}", (code, *texts), lambda: _build(*texts))


def _build(common_text: str, own_text: str) -> Template:
    common, own = _parse_yaml(common_text), _parse_yaml(own_text)
    sets = {**common["sets"], **own["sets"]}

    s3 = common["tables"]["s3"]
    s3_rows = list(s3["rows"])
    extra = own["s3_other_rows"]
    at = next(i for i, r in enumerate(s3_rows) if r["id"] == extra["after"]) + 1
    s3_rows[at:at] = extra["rows"]
    sets["s3_rows"] = [r["id"] for r in s3_rows]
    groups = list(s3["groups"]) + ([extra["group"]] if "group" in extra else [])

    tables: dict[str, Table] = {}
    for item in own["s2"]["items"]:
        tid = f"s2.{item['id']}"
        tables[tid] = _table(tid, "s2", item["caption"], _columns(item["columns"]), _rows(item["rows"]))
    bare = [norm(_NUMBERING.sub("", r["label"])) for r in s3_rows]
    reserved = {norm(c["label"]) for c in s3["columns"]} | {b for b in bare if bare.count(b) > 1}
    tables["s3"] = _table("s3", "s3", None, _columns(s3["columns"]), _rows(s3_rows, reserved))
    s4 = common["tables"]["s4"]
    tables["s4"] = _table("s4", "s4", None, _columns(s4["columns"]), _rows(s4["groups"]))

    sections = tuple(
        Section(s["id"], s["number"], s["title"], tuple(s.get("accepted", ())), tuple(s.get("variants", ())),
                tuple(tuple(k) for k in s.get("keywords", ())))
        for s in common["sections"])
    headers = {"s2": tuple(own["s2"]["headers"]), "s3": tuple(s3["headers"]), "s4": tuple(s4["headers"])}
    names = {"s3_columns": {c.id: c.label for c in tables["s3"].columns},
             "s3_rows": {r.id: r.name for r in tables["s3"].rows},
             "s4_groups": {r.id: r.name for r in tables["s4"].rows}}
    equations = tuple(eq for spec in common["equations"] for eq in _expand(spec, sets, names))
    first, last = own["years"]
    columns_by_cell = {cell: c for t in tables.values() for cell, c in zip(t.cells, t.columns * len(t.rows))}
    facts = {name: tuple(cells) for name, cells in {**common.get("facts", {}), **own.get("facts", {})}.items()}
    unknown = [c for cells in facts.values() for c in cells if c not in columns_by_cell]
    if unknown:
        raise ValueError(f"facts name cells the edition does not have: {unknown}")
    return Template(str(own["edition"]), own["instrument"], first, last, sections, tables, tuple(groups),
                    headers, equations, columns_by_cell, facts)


def edition_for_year(year: int) -> str | None:
    """The edition that applies to a report year, or None for years before the 2019 条例 formats."""
    for edition in reversed(EDITIONS):
        if load(edition).covers(year):
            return edition
    return None


class LabelInfo(NamedTuple):
    """What a normalised label can be: its kind, its official wording, and the editions using it."""

    kind: str                       # "caption", "header" or "label" (a row or a grouping cell)
    text: str                       # the official wording
    editions: frozenset[str]        # editions whose template prints exactly this label
    variant_in: frozenset[str]      # editions that accept it as a known variant (with a warning)


@lru_cache(maxsize=None)
def label_index() -> dict[str, LabelInfo]:
    """Every label of every edition, by normalised text: the lexer's vocabulary."""
    found: dict[str, dict] = {}

    def add(kind: str, text: str, edition: str, official: bool = True):
        entry = found.setdefault(norm(text), {"kind": kind, "text": text, "editions": set(), "variant_in": set()})
        entry["editions" if official else "variant_in"].add(edition)
        if kind == "label":  # a row label wins over a header of the same text
            entry["kind"] = kind

    for edition in EDITIONS:
        template = load(edition)
        for table in template.tables.values():
            if table.caption:
                add("caption", table.caption, edition)
            kind = "header" if table.id == "s4" else "label"  # s4 groups head columns, they are not rows
            for row in table.rows:
                add(kind, row.label, edition)
                for variant in row.variants:
                    add(kind, variant, edition, official=False)
            for column in table.columns:
                add("header", column.label, edition)
        for text in template.groups:
            add("label", text, edition)
        for text in (h for table in template.table_headers.values() for h in table):
            add("header", text, edition)
    return {key: LabelInfo(e["kind"], e["text"], frozenset(e["editions"]), frozenset(e["variant_in"] - e["editions"]))
            for key, e in found.items()}
