"""The official formats as data: sections, tables, cell ids, equations and named facts, loaded from YAML.

Each edition is ``rules/templates/common.yaml`` merged with an edition file: every other ``.yaml`` file of
that folder, and of the files and folders listed in the environment variable ``DISCLINT_EDITIONS`` (local
variants, tests), is an edition named by its file name. Equations are written as cell patterns and
expanded here once, so rules only see plain lists of cell ids; rules ask for named facts
(``applications.new``), never for ids. A new edition or a local variant is a new YAML file, not new code.
"""
from __future__ import annotations

import itertools
import os
import re
from functools import cache
from typing import NamedTuple

from .cache import load_or_build, read_text
from .labels import norm

COMMON = "common.yaml"


def _template_folder() -> str:
    from disclint import rules

    return os.path.join(os.path.dirname(rules.__file__), "templates")


@cache
def _edition_files() -> dict[str, str]:
    """Edition name → its YAML file: the template folder's files, then those of ``DISCLINT_EDITIONS``."""
    places = [_template_folder()] + [p for p in os.environ.get("DISCLINT_EDITIONS", "").split(os.pathsep) if p]
    found = {}
    for place in places:
        names = sorted(os.listdir(place)) if os.path.isdir(place) else [os.path.basename(place)]
        folder = place if os.path.isdir(place) else os.path.dirname(place)
        for name in names:
            if name.endswith((".yaml", ".yml")) and name != COMMON:
                found[name.rsplit(".", 1)[0]] = os.path.join(folder, name)
    return found


def editions() -> tuple[str, ...]:
    """The names of every edition known (``2019``, ``2021``…), in order of name."""
    return tuple(sorted(_edition_files()))


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


def _table(tid: str, section: str, caption: str | None, columns, rows, name: str, header_rows,
           label_less: bool = False) -> Table:
    cells = tuple(f"{tid}.{r.id}.{c.id}" for r in rows for c in columns)
    return Table(tid, section, caption, columns, rows, cells, name, tuple(tuple(h) for h in header_rows), label_less)


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
        rows.append(Row(r["id"], r["label"], tuple(variants), r.get("group"), r.get("short"), tuple(r.get("opens", ()))))
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

        equations.append(Equation(spec["id"], f"{spec['id']}[{value}]", spec.get("summary", ""),
                                  side(spec["left"]), side(spec["right"]),
                                  spec.get("name", "").format(label=names.get(each_set, {}).get(value, value))))
    return equations


@cache
def load(edition: str) -> Template:
    """The template of an edition, built once per process and cached on disk."""
    files = _edition_files()
    if edition not in files:
        raise KeyError(f"no edition {edition!r} (known: {', '.join(editions())})")
    sources = (os.path.join(_template_folder(), COMMON), files[edition], __file__)  # how it is built is in the key

    def build():
        return _build(edition, read_text(sources[0]), read_text(sources[1]))

    return load_or_build(f"template-{edition}", sources, build, _CLASSES, _check)


_CLASSES = {c.__name__: c for c in (Template, Table, Column, Row, Section, Equation, Statement, Relation)}


def _check(template) -> None:
    """A template from the cache is of the right shape, or this raises (and it is built again)."""
    if not isinstance(template, Template) or not all(isinstance(t, Table) for t in template.tables.values()):
        raise ValueError("not a template")


def _build(name: str, common_text: str, own_text: str) -> Template:
    common, own = _parse_yaml(common_text), _parse_yaml(own_text)
    if str(own["edition"]) != name:
        raise ValueError(f"the edition file {name}.yaml says edition {own['edition']!r}")
    sets = {**common["sets"], **own["sets"]}

    s3 = common["tables"]["s3"]
    s3_rows = list(s3["rows"])
    extra = own["s3_other_rows"]
    at = next(i for i, r in enumerate(s3_rows) if r["id"] == extra["after"]) + 1
    s3_rows[at:at] = extra["rows"]
    sets["s3_rows"] = [r["id"] for r in s3_rows]

    tables: dict[str, Table] = {}
    s2 = own["s2"]
    for item in s2["items"]:
        tid = f"s2.{item['id']}"
        columns = _columns(item["columns"])
        tables[tid] = _table(tid, "s2", item["caption"], columns, _rows(item["rows"]), s2["name"] + item["caption"],
                             [list(s2["headers"]) + [c.label for c in columns]])
    bare = [norm(_NUMBERING.sub("", r["label"])) for r in s3_rows]
    reserved = {norm(c["label"]) for c in s3["columns"]} | {b for b in bare if bare.count(b) > 1}
    tables["s3"] = _table("s3", "s3", None, _columns(s3["columns"]), _rows(s3_rows, reserved), s3["name"],
                          s3["header_rows"])
    s4 = common["tables"]["s4"]
    tables["s4"] = _table("s4", "s4", None, _columns(s4["columns"]), _rows(s4["rows"]), s4["name"], s4["header_rows"],
                          s4.get("label_less", False))

    sections = tuple(
        Section(s["id"], s["number"], s["title"], tuple(s.get("accepted", ())), tuple(s.get("variants", ())),
                tuple(tuple(k) for k in s.get("keywords", ())))
        for s in common["sections"])
    groups = tuple(dict.fromkeys(g for t in tables.values() for r in t.rows for g in r.opens))
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
    statements = tuple(Statement(**s) for s in own.get("statements", ()))
    relations = tuple(_relations([*common.get("previous_year", ()), *own.get("previous_year", ())], sets, names))
    unknown = [c for r in relations for _, c in r.this if c not in columns_by_cell]
    if unknown:
        raise ValueError(f"previous_year relations name cells the edition does not have: {unknown}")
    boilerplate = tuple(common.get("boilerplate", ())) + tuple(own.get("boilerplate", ()))
    return Template(name, own["instrument"], first, last, sections, tables, groups, equations, columns_by_cell,
                    facts, statements, relations, boilerplate)


def _relations(specs, sets, names) -> list[Relation]:
    """The cross-year relations of the ``previous_year`` patterns, expanded as equations are."""
    def signed(cells):
        return tuple((-1, c[1:]) if c.startswith("-") else (1, c) for c in cells)

    out = []
    for spec in specs:
        pattern = {"id": spec["rule"], "each": spec["each"], "left": spec["this"], "right": spec["previous"]}
        for eq in _expand(pattern, sets, names):
            out.append(Relation(spec["rule"], eq.key, signed(eq.left), signed(eq.right)))
    return out


def edition_for_year(year: int) -> str | None:
    """The edition that applies to a report year (the latest that covers it), or None for years before the
    2019 条例 formats."""
    covering = [(first, e) for e, (first, last) in vocabulary().years.items()
                if year >= first and (last is None or year <= last)]
    return max(covering)[1] if covering else None


def all_sections() -> tuple[Section, ...]:
    """The sections of every edition, each once (by id; a later edition's wording first)."""
    return vocabulary().sections


def sections_with_tables() -> list[tuple[Section, bool]]:
    """Every section, and whether some edition puts a table in it."""
    return [(s, s.id in vocabulary().holding_tables) for s in all_sections()]


def label_index() -> dict[str, LabelInfo]:
    """Every label of every edition, by normalised text: the lexer's vocabulary."""
    return vocabulary().labels


class LabelInfo(NamedTuple):
    """What a normalised label can be: its kind, its official wording, and the editions printing it."""

    kind: str                       # "caption", "header" or "label" (a row or a grouping cell)
    text: str                       # the official wording
    editions: frozenset[str]        # editions whose template prints exactly this label


def _labels() -> dict[str, LabelInfo]:
    """Every label of every edition, by normalised text."""
    found: dict[str, dict] = {}

    def add(kind: str, text: str, edition: str, official: bool = True):
        entry = found.setdefault(norm(text), {"kind": kind, "text": text, "editions": set()})
        if official:
            entry["editions"].add(edition)
        if kind == "label":  # a row label wins over a header of the same text
            entry["kind"] = kind

    for edition in editions():
        template = load(edition)
        for table in template.tables.values():
            if table.caption:
                add("caption", table.caption, edition)
            kind = "header" if table.label_less else "label"  # the groups of a label-less table head columns
            for row in table.rows:
                add(kind, row.label, edition)
                for variant in row.variants:
                    add(kind, variant, edition, official=False)
            for column in table.columns:
                add("header", column.label, edition)
            for text in table.headers:
                add("header", text, edition)
        for text in template.groups:
            add("label", text, edition)
    return {key: LabelInfo(e["kind"], e["text"], frozenset(e["editions"])) for key, e in found.items()}


class Vocabulary(NamedTuple):
    """What is read across all editions before a report's edition is known: one cache entry, so that a run
    loads only the template of its own edition."""

    labels: dict[str, LabelInfo]
    sections: tuple[Section, ...]
    years: dict[str, tuple[int, int | None]]    # edition → first and last report year
    holding_tables: frozenset[str]               # ids of the sections some edition puts a table in
    instruments: dict[str, str]                  # edition → the notice that issued it


@cache
def vocabulary() -> Vocabulary:
    files = _edition_files()
    sources = (os.path.join(_template_folder(), COMMON), *(files[e] for e in editions()), __file__)
    classes = {**_CLASSES, "LabelInfo": LabelInfo, "Vocabulary": Vocabulary}
    return load_or_build("vocabulary", sources, _build_vocabulary, classes, _check_vocabulary)


def _check_vocabulary(value) -> None:
    if not isinstance(value, Vocabulary) or not all(isinstance(v, LabelInfo) for v in value.labels.values()):
        raise ValueError("not a vocabulary")


def _build_vocabulary() -> Vocabulary:
    found = {}
    for edition in reversed(editions()):
        for section in load(edition).sections:
            found.setdefault(section.id, section)
    return Vocabulary(_labels(), tuple(sorted(found.values(), key=lambda s: s.id)),
                      {e: (load(e).first_year, load(e).last_year) for e in editions()},
                      frozenset(t.section for e in editions() for t in load(e).tables.values()),
                      {e: load(e).instrument for e in editions()})
