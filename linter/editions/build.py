"""Building an edition: its files read and checked against the schema, an extension's changes applied to the
edition it extends, what the schema cannot say checked (every row, set and cell named exists; the printed
header holds every column), and the result made a Template whose equations are plain lists of cell ids.

Runs only when the cache has no entry for the edition's files (``load``), so none of it costs a start.

The files are first merged into one plain description (``spec``): ``tables`` maps a table id (``s2.20-1``,
``s3``, ``s4``) to its section, caption, name, columns, rows, printed header rows and ``label_less``; the
other keys are those of the files (``sets``, ``equations``, ``facts``…). An extension's changes edit that
description, so they read like the files they change.
"""
from __future__ import annotations

import itertools
import re

from ..cache import read_text
from ..errors import EditionError
from ..labels import norm
from . import schema
from .model import Column, Equation, Relation, Row, Section, Statement, Table, Template

_NUMBERING = re.compile(r"^(?:\d{1,2}\.|（[一二三四五六七八九十]）|[一二三四五六七八九十]、)")
_VARIABLE = re.compile(r"\{(\w+)\}")


def build(name: str, files: dict[str, str], common_path: str) -> Template:
    """The template of the edition ``name`` (``files``: edition name → its file), or EditionError naming the
    file and line of the first defect."""
    marks = schema.Marks()
    common = schema.read(common_path, _text(common_path), schema.COMMON, marks)
    spec = _spec(name, files, common, marks, ())
    _verify(spec, marks)
    return _template(name, spec)


def _spec(name: str, files: dict[str, str], common: dict, marks: schema.Marks, chain: tuple[str, ...]) -> dict:
    """The merged description of an edition: its own file over common.yaml, or the edition it extends
    changed by its ``changes``."""
    own = schema.read(files[name], _text(files[name]), schema.EDITION, marks)
    if str(own["edition"]) != name:
        raise marks.error(own, "edition", f"版本文件 {name} 写的版本是“{own['edition']}”，应与文件名相同")
    if "extends" not in own:
        return _merge(common, own, marks)
    base = str(own["extends"])
    if base not in files:
        raise marks.error(own, "extends", f"没有版本“{base}”（已有：{'、'.join(sorted(files))}）")
    if base in chain or base == name:
        raise marks.error(own, "extends", f"版本的扩展成环：{' → '.join((*chain, name, base))}")
    spec = _spec(base, files, common, marks, (*chain, name))
    for change in own.get("changes", ()):
        (operation, details), = change.items()
        _CHANGES[operation](spec, details, marks)
    spec.update(edition=name, instrument=own["instrument"], years=own["years"])  # then its own keys, which win
    spec["statements"] = own.get("statements", spec["statements"])
    spec["sets"] = marks.merged(spec["sets"], own.get("sets", {}))
    spec["facts"] = marks.merged(spec["facts"], own.get("facts", {}))
    spec["previous_year"] = [*spec["previous_year"], *own.get("previous_year", ())]
    spec["boilerplate"] = [*spec["boilerplate"], *own.get("boilerplate", ())]
    return spec


def _text(path: str) -> str:
    try:
        return read_text(path)
    except UnicodeDecodeError as exc:
        raise EditionError(f"{path}: 版本文件不是 UTF-8 编码（第 {exc.start} 个字节）") from None
    except OSError as exc:
        raise EditionError(f"{path}: 无法读取版本文件（{exc.strerror}）") from None


def _merge(common: dict, own: dict, marks: schema.Marks) -> dict:
    """The description of a full edition file: table 二 from its items, table 三 with its （六） rows."""
    tables = {}
    s2 = own["s2"]
    for item in s2["items"]:
        tables[f"s2.{item['id']}"] = _sub_table(item, s2, marks)
    s3, s4 = common["tables"]["s3"], common["tables"]["s4"]
    rows = list(s3["rows"])
    other = own["s3_other_rows"]
    at = _index(rows, other["after"], other, "after", "表三", marks) + 1
    rows[at:at] = other["rows"]
    marks.same(rows, s3["rows"])
    tables["s3"] = _table_spec(s3, "s3", rows, marks)
    tables["s4"] = _table_spec(s4, "s4", s4["rows"], marks)
    return {"edition": str(own["edition"]), "instrument": own["instrument"], "years": own["years"],
            "sections": common["sections"], "tables": tables, "s2": {"name": s2["name"], "headers": s2["headers"]},
            "sets": marks.merged(common["sets"], own["sets"]), "equations": list(common["equations"]),
            "facts": marks.merged(common.get("facts", {}), own.get("facts", {})), "statements": own.get("statements", []),
            "previous_year": [*common.get("previous_year", ()), *own.get("previous_year", ())],
            "boilerplate": [*common.get("boilerplate", ()), *own.get("boilerplate", ())]}


def _sub_table(item: dict, s2: dict, marks: schema.Marks) -> dict:
    """A sub-table of table 二: named by its caption, its header the table's headers and its columns."""
    table = {"section": "s2", "caption": item["caption"], "name": s2["name"] + item["caption"],
             "columns": item["columns"], "rows": item["rows"], "label_less": False,
             "header_rows": [[*s2["headers"], *(c["label"] for c in item["columns"])]]}
    marks.same(table, item)
    marks.same(table["header_rows"], item["columns"])
    return table


def _table_spec(table: dict, tid: str, rows: list, marks: schema.Marks) -> dict:
    out = {"section": tid, "caption": None, "name": table["name"], "columns": table["columns"], "rows": rows,
           "label_less": table.get("label_less", False), "header_rows": table["header_rows"]}
    marks.same(out, table)
    return out


def _index(items: list, wanted: str, container, key, where: str, marks: schema.Marks) -> int:
    """The position of the item ``wanted`` (by id) in ``items``, or an error at ``container[key]``."""
    for at, item in enumerate(items):
        if item["id"] == wanted:
            return at
    raise marks.error(container, key, f"{where}没有“{wanted}”（有：{'、'.join(i['id'] for i in items)}）")


def _table_of(spec: dict, details: dict, marks: schema.Marks) -> dict:
    if details["table"] not in spec["tables"]:
        raise marks.error(details, "table", f"没有表格“{details['table']}”（有：{'、'.join(spec['tables'])}）")
    return spec["tables"][details["table"]]


def _add_row(spec: dict, details: dict, marks: schema.Marks) -> None:
    """A row after another, in the sets its predecessor is in (so in every equation over them), or in the
    sets the change names; and, when it stands in the same group (（五）不予处理), in every fact summing
    several rows of that group's column, as its predecessor is."""
    table = _table_of(spec, details, marks)
    row, after = details["row"], details["after"]
    at = _index(table["rows"], after, details, "after", f"表格“{details['table']}”", marks) + 1
    if row.get("group") and row.get("group") == table["rows"][at - 1].get("group"):
        _join_facts(spec, details["table"], table, after, row["id"])
    if any(r["id"] == row["id"] for r in table["rows"]):
        raise marks.error(row, "id", f"表格“{details['table']}”已有行“{row['id']}”")
    table["rows"] = [*table["rows"][:at], row, *table["rows"][at:]]
    marks.same(table["rows"], details)
    item = details["table"].split(".", 1)[1] if "." in details["table"] else None
    own_ids = {r["id"] for r in table["rows"]}

    def form(members: list, row_id: str) -> str:
        """How a set writes a row: bare (``r5-5``) or with its sub-table (``20-5.licensing``)."""
        return f"{item}.{row_id}" if item and any("." in m for m in members) else row_id

    if "sets" in details:
        for index, name in enumerate(details["sets"]):
            if name not in spec["sets"]:
                raise marks.error(details["sets"], index, f"没有集合“{name}”（有：{'、'.join(spec['sets'])}）")
        chosen = details["sets"]
    else:  # the sets of this table's rows that hold the row it follows (a set of columns is left alone)
        chosen = [name for name, members in spec["sets"].items() if form(members, after) in members
                  and ("." in form(members, after) or set(members) <= own_ids)]
    for name in chosen:
        members = list(spec["sets"][name])
        place = members.index(form(members, after)) + 1 if form(members, after) in members else len(members)
        members.insert(place, form(members, row["id"]))
        spec["sets"][name] = members


def _join_facts(spec: dict, tid: str, table: dict, after: str, row_id: str) -> None:
    """Each fact holding the cell of ``after`` and another row's cell of the same column gets ``row_id``'s."""
    for fact, cells in spec["facts"].items():
        for column in table["columns"]:
            column_cells = {f"{tid}.{r['id']}.{column['id']}" for r in table["rows"]}
            cell = f"{tid}.{after}.{column['id']}"
            if cell in cells and len(column_cells & set(cells)) > 1:
                cells = [*cells[:cells.index(cell) + 1], f"{tid}.{row_id}.{column['id']}", *cells[cells.index(cell) + 1:]]
        spec["facts"][fact] = cells


def _rename_column(spec: dict, details: dict, marks: schema.Marks) -> None:
    """A column's label, and the same words in the printed header."""
    table = _table_of(spec, details, marks)
    at = _index(table["columns"], details["column"], details, "column", f"表格“{details['table']}”", marks)
    old = table["columns"][at]
    table["columns"] = [*table["columns"][:at], {**old, "label": details["label"]}, *table["columns"][at + 1:]]
    table["header_rows"] = [[details["label"] if cell == old["label"] else cell for cell in header]
                            for header in table["header_rows"]]
    marks.same(table["columns"][at], old)


def _add_table(spec: dict, details: dict, marks: schema.Marks) -> None:
    """A sub-table of table 二 after another."""
    item, after = details["table"], f"s2.{details['after']}"
    if after not in spec["tables"]:
        raise marks.error(details, "after", f"表二没有子表“{details['after']}”")
    if f"s2.{item['id']}" in spec["tables"]:
        raise marks.error(item, "id", f"表二已有子表“{item['id']}”")
    tables = {}
    for tid, table in spec["tables"].items():
        tables[tid] = table
        if tid == after:
            tables[f"s2.{item['id']}"] = _sub_table(item, spec["s2"], marks)
    spec["tables"] = tables


def _replace_equation(spec: dict, details: dict, marks: schema.Marks) -> None:
    at = _index(spec["equations"], details["id"], details, "id", "勾稽关系中", marks)
    spec["equations"] = [*spec["equations"][:at], details, *spec["equations"][at + 1:]]


_CHANGES = {"add_row": _add_row, "rename_column": _rename_column, "add_table": _add_table,
            "replace_equation": _replace_equation}


def _derived_sets(spec: dict) -> dict[str, list[str]]:
    """The sets with those the tables define: ``s3_rows``, every row of table 三."""
    return {**spec["sets"], "s3_rows": [r["id"] for r in spec["tables"]["s3"]["rows"]]}


def _verify(spec: dict, marks: schema.Marks) -> None:
    """What the schema cannot say: ids are unique, the printed header holds every column, and every set, row,
    column and cell that equations, relations and facts name exists."""
    cells = set()
    for tid, table in spec["tables"].items():
        for kind in ("rows", "columns"):
            seen = set()
            for item in table[kind]:
                if item["id"] in seen:
                    raise marks.error(item, "id", f"表格“{tid}”中“{item['id']}”重复")
                seen.add(item["id"])
        printed = {cell for header in table["header_rows"] for cell in header}
        for column in table["columns"]:
            for words in (column["label"], column.get("group")):
                if words and words not in printed:
                    raise marks.error(table["header_rows"], None,
                                      f"{table['name']}的表头（header_rows）中没有“{words}”：改了 columns 就要一并改 header_rows")
        cells |= {f"{tid}.{r['id']}.{c['id']}" for r in table["rows"] for c in table["columns"]}
    sets = _derived_sets(spec)
    _verify_groups(spec, marks)
    for equation in spec["equations"]:
        _verify_pattern(equation, equation["left"] + equation["right"], sets, cells, marks)
    for relation in spec["previous_year"]:
        _verify_pattern(relation, relation["this"], sets, cells, marks, signed=True)
    for name, fact_cells in spec["facts"].items():
        unknown = [c for c in fact_cells if c not in cells]
        if unknown:
            raise marks.error(spec["facts"], name, f"事实“{name}”的单元格不存在：{'、'.join(unknown)}")
    sections = {s["id"] for s in spec["sections"]}
    for statement in spec["statements"]:
        if statement["section"] not in sections:
            raise marks.error(statement, "section", f"没有部分“{statement['section']}”（有：{'、'.join(sorted(sections))}）")
        try:
            re.compile(statement["pattern"])
        except re.error as exc:
            raise marks.error(statement, "pattern", f"pattern 不是有效的正则表达式（{exc}）") from None


def _verify_groups(spec: dict, marks: schema.Marks) -> None:
    """A group of rows printed as one block (（五）不予处理 1.–5.) is summed whole: a set or a fact holding
    two of its rows holds every one. So a row added to a group but not to the sums over it (E2, the named
    facts) is refused instead of silently left out of them."""
    for tid, table in spec["tables"].items():
        groups: dict[str, list[str]] = {}
        for row in table["rows"]:
            if row.get("group"):
                groups.setdefault(row["group"], []).append(row["id"])
        for group, ids in groups.items():
            for name, members in spec["sets"].items():
                held = [i for i in ids if i in members]
                if len(held) > 1 and len(held) < len(ids):
                    missing = "、".join(i for i in ids if i not in members)
                    raise marks.error(spec["sets"], name, f"集合“{name}”有“{group}”的 {len(held)} 行，却缺少同组的行 {missing}")
            for fact, cells in spec["facts"].items():
                for column in table["columns"]:
                    held = [i for i in ids if f"{tid}.{i}.{column['id']}" in cells]
                    if len(held) > 1 and len(held) < len(ids):
                        missing = "、".join(f"{tid}.{i}.{column['id']}" for i in ids if i not in held)
                        raise marks.error(spec["facts"], fact, f"事实“{fact}”有“{group}”的 {len(held)} 行，却缺少同组的 {missing}")


def _verify_pattern(spec: dict, patterns: list[str], sets: dict, cells: set, marks: schema.Marks,
                    signed: bool = False) -> None:
    """An equation's or relation's sets exist, its variables are bound, and every cell it expands to exists."""
    variables = {**spec["each"], **spec.get("sum", {})}
    for key in ("each", "sum"):
        for set_name in spec.get(key, {}).values():
            if set_name not in sets:
                raise marks.error(spec[key], None, f"“{spec.get('id') or spec['rule']}”用到的集合“{set_name}”不存在")
    for pattern in patterns:
        unbound = [v for v in _VARIABLE.findall(pattern) if v not in variables]
        if unbound:
            raise marks.error(spec, None, f"“{pattern}”中的变量 {{{unbound[0]}}} 未在 each 或 sum 中定义")
        choices = [[(v, m) for m in sets[variables[v]]] for v in dict.fromkeys(_VARIABLE.findall(pattern))]
        for combo in itertools.product(*choices):
            cell = _VARIABLE.sub(lambda m: dict(combo)[m.group(1)], pattern)
            cell = cell[1:] if signed and cell.startswith("-") else cell
            if cell not in cells:
                raise marks.error(spec, None, f"“{spec.get('id') or spec['rule']}”的“{pattern}”指向不存在的单元格 {cell}")


def _template(name: str, spec: dict) -> Template:
    tables = {}
    for tid, table in spec["tables"].items():
        columns = tuple(Column(**c) for c in table["columns"])
        bare = [norm(_NUMBERING.sub("", r["label"])) for r in table["rows"]]
        reserved = {norm(c["label"]) for c in table["columns"]} | {b for b in bare if bare.count(b) > 1}
        rows = _rows(table["rows"], reserved)
        cells = tuple(f"{tid}.{r.id}.{c.id}" for r in rows for c in columns)
        tables[tid] = Table(tid, table["section"], table["caption"], columns, rows, cells, table["name"],
                            tuple(tuple(h) for h in table["header_rows"]), table["label_less"])
    sections = tuple(
        Section(s["id"], s["number"], s["title"], tuple(s.get("accepted", ())), tuple(s.get("variants", ())),
                tuple(tuple(k) for k in s.get("keywords", ())))
        for s in spec["sections"])
    groups = tuple(dict.fromkeys(g for t in tables.values() for r in t.rows for g in r.opens))
    sets = _derived_sets(spec)
    names = {"s3_columns": {c.id: c.label for c in tables["s3"].columns},
             "s3_rows": {r.id: r.name for r in tables["s3"].rows},
             "s4_groups": {r.id: r.name for r in tables["s4"].rows}}
    equations = tuple(eq for equation in spec["equations"] for eq in _expand(equation, sets, names))
    first, last = spec["years"]
    columns_by_cell = {cell: c for t in tables.values() for cell, c in zip(t.cells, t.columns * len(t.rows))}
    facts = {fact: tuple(cells) for fact, cells in spec["facts"].items()}
    statements = tuple(Statement(**s) for s in spec["statements"])
    relations = tuple(_relations(spec["previous_year"], sets, names))
    return Template(name, spec["instrument"], first, last, sections, tables, groups, equations, columns_by_cell,
                    facts, statements, relations, tuple(spec["boilerplate"]))


def _rows(items, reserved: set[str]) -> tuple[Row, ...]:
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
