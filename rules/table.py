"""Rules on the tables' cells: present, placed, numeric, of the right sign, kind and unit."""
from __future__ import annotations

from disclint import model
from disclint.findings import ERROR, WARNING
from disclint.labels import nearest, norm, without_note
from disclint.metadata import agency_kind
from disclint.numbers import MAX_DIGITS, numeric

from .base import Rule, fmt


def _column(report, cell_id):
    return report.template.columns_by_cell[cell_id]


class EmptyTable(Rule):
    """A table is present but holds no value at all.

    **What it checks.** A table whose caption, headers or row labels are present has at least one value.

    **Why.** Web copies of a table whose cells were left blank keep only the labels. The table is reported
    once, instead of once per row.

    **Fails.** ``第二十条第（八）项`` with its header and the label 行政事业性收费 but no number.

    **Passes.** The same table with ``0``.

    **Options.** None.
    """

    code, name, severity = "T203", "table.empty-table", ERROR
    needs = ("report", "template")
    summary = "表格未填写任何数值"

    def check(self, report):
        for table_id in sorted(report.empty_tables()):
            table = report.template.tables[table_id]
            yield self.at(report.tables[table_id], f"{table.name}没有填写任何数值（空白单元格应填 0）",
                          anchor=table_id)


class MissingRow(Rule):
    """A row of a table is missing.

    **What it checks.** Every row of the format is present in each table found in the report (tables that
    are missing as a whole are reported by structure.missing-table; a report whose text ends inside a table
    by structure.cut-off).

    **Why.** An omitted row hides a category of the statistics (e.g. 4.保护第三方合法权益).

    **Fails.** Table 三 without the row ``2.重复申请``.

    **Passes.** All rows present, with 0 where nothing happened.

    **Options.** None.
    """

    code, name, severity = "T201", "table.missing-row", ERROR
    needs = ("report", "template")
    summary = "表格缺少格式规定的行"

    def check(self, report):
        if report.source.gaps:
            return  # rows may stand on a page that could not be read: parse.unread-pages says so
        empty = report.empty_tables()
        cut = report.cut_off()
        for table in report.template.tables.values():
            if cut is not None and cut.table is table:
                continue  # the copy ends in this table: structure.cut-off reports it once
            if report.tables.get(table.id) is None or table.id in empty or table.label_less:
                continue
            missing = [row for row in table.rows if (table.id, row.id) not in report.rows]
            found = [row for row in table.rows if (table.id, row.id) in report.rows]
            tail = found and missing and table.rows.index(missing[0]) > table.rows.index(found[-1])
            if tail and len(missing) >= 3:
                last = report.rows[(table.id, found[-1].id)]
                yield self.at(last, f"{table.name}在“{found[-1].name}”行之后中断，缺少其后全部 {len(missing)} 行"
                                    f"（“{missing[0].name}”至“{missing[-1].name}”）",
                              expected=len(table.rows), actual=len(found), anchor=f"{table.id}.tail")
                continue
            for row in missing:
                yield self.at(report.tables[table.id], f"{table.name}缺少“{row.name}”行", anchor=f"{table.id}.{row.id}")

class BlankCells(Rule):
    """A row has fewer values than the table has columns: cells were left blank.

    **What it checks.** Each row carries one value per column. In a copied web table blank cells vanish, so
    a short row cannot tell which cells are blank; its values are then not placed on any cell (they could
    land in the wrong column) and the equations involving them are not checked.

    **Why.** The format asks for every cell; a blank is not a 0 (docs/formats.md §3: “not reported”).

    **Fails.** ``规章`` followed by one value in a table of three columns.

    **Passes.** ``规章 0 0 0``.

    **Options.** None.
    """

    code, name, severity = "T202", "table.blank-cells", WARNING
    needs = ("report", "template")
    summary = "行中数值个数少于列数（有空白单元格）"

    def check(self, report):
        empty = report.empty_tables()
        cut = report.cut_off()
        for shape in report.shapes:
            if shape.table.id in empty or len(shape.values) >= shape.expected or (cut and shape.label is cut.last):
                continue
            where = shape.label or shape.values[0]
            what = f"“{shape.table.row(shape.row_id).name}”行" if shape.row_id else shape.table.name
            cells = [shape.table.cell_id(shape.row_id, c.id) for c in shape.table.columns] if shape.row_id else []
            yield self.at(where, f"{what}只有 {len(shape.values)} 个数值，应有 {shape.expected} 个；"
                                 "空白单元格无法确定所在列，相关数值未采用", report=report, cells=cells,
                          expected=shape.expected, actual=len(shape.values))


class ExtraValues(Rule):
    """A row has more values than the table has columns.

    **What it checks.** No row carries more values than columns; such a row's values are not placed.

    **Why.** Extra numbers come from merged rows or a column added by local software (a 法人或其他组织
    subtotal, for instance), which the format does not have.

    **Fails.** A table-三 row with 8 numbers.

    **Passes.** Exactly 7 numbers.

    **Options.** None.
    """

    code, name, severity = "T211", "table.extra-values", ERROR
    summary = "行中数值个数多于列数"

    def check(self, report):
        cut = report.cut_off()
        for shape in report.shapes:
            if len(shape.values) <= shape.expected or (cut and shape.label is cut.last):
                continue
            what = f"“{shape.table.row(shape.row_id).name}”行" if shape.row_id else shape.table.name
            yield self.at(shape.label or shape.values[0],
                          f"{what}有 {len(shape.values)} 个数值，应只有 {shape.expected} 个{_split_hint(report, shape)}",
                          expected=shape.expected, actual=len(shape.values))


def _split_hint(report, shape) -> str:
    """``2``, ``0`` that were one value ``20``: two neighbouring single digits whose join makes the row hold."""
    if shape.row_id is None or len(shape.values) != shape.expected + 1:
        return ""
    from disclint.numbers import parse_cell

    cells = [shape.table.cell_id(shape.row_id, c.id) for c in shape.table.columns]
    own = [eq for eq in report.template.equations if all(c in cells for c in eq.cells)]
    texts = [v.text.strip() for v in shape.values]
    if not own or not all(parse_cell(t) is not None for t in texts):
        return ""
    for i in range(len(texts) - 1):
        if len(texts[i]) != 1 or len(texts[i + 1]) != 1 or texts[i] == "0":
            continue
        merged = texts[:i] + [texts[i] + texts[i + 1]] + texts[i + 2:]
        values = dict(zip(cells, (parse_cell(t).value for t in merged)))
        if all(sum(values[c] for c in eq.left) == sum(values[c] for c in eq.right) for eq in own):
            return f"；若“{texts[i]}”“{texts[i + 1]}”原为一个数“{texts[i]}{texts[i + 1]}”，该行即成立（疑为一个数被拆成两格）"
    return ""


class RunTogether(Rule):
    """A table's values are run together and some rows cannot be split into their cells.

    **What it checks.** Crawler copies run a row's cells into one string of digits (``规范性文件7777166``). A
    row is recovered only when exactly one cut gives one valid number per column and satisfies the row's own
    equations (自然人 + the five 法人 columns = 总计; 维持 + 纠正 + 其他 + 尚未审结 = 总计); those values are
    checked as usual, and findings on them say they were recovered. The rows that have no unique cut are
    listed here, once per table; their cells are not used and no equation is checked on a guess.

    **Why.** ``7777166`` under three columns could be 7, 7, 77166 or 7, 77, 7166: any value placed would
    be invented.

    **Fails.** ``第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章007规范性文件7777166``
    (规范性文件 has several cuts).

    **Passes.** The same table with its cells on separate lines, or ``规章007`` alone (one cut: 0, 0, 7).

    **Options.** None.
    """

    code, name, severity = "T214", "table.run-together", WARNING
    summary = "表格数值连写，无法分列"

    def check(self, report):
        failed: dict[str, list] = {}
        for run in report.runs:
            if not run.recovered:
                failed.setdefault(run.table.id, []).append(run)
        for runs in failed.values():
            table = runs[0].table
            rows = "、".join(f"“{table.row(r.row_id).name}”行（{r.run.text}）" if r.row_id else f"数值行（{r.run.text}）"
                            for r in runs)
            yield self.at(runs[0].run, f"{table.name}数值连写，无法分列：{rows}；这些数值未采用，请提供单元格分开的原文",
                          report=report, cells=[c for r in runs if r.row_id
                                                for c in (table.cell_id(r.row_id, col.id) for col in table.columns)])


class CellRule(Rule):
    """Shared check of each placed cell on its own. Subclasses implement ``problem(report, cell)``, which
    returns (message, expected, actual) or None; the message names the cell as the printed table does. A
    fixable subclass is sure of ``expected``: it is the fix (table.placeholder: a “/” in a count is 0).
    Cells of a table reported empty as a whole (table.empty-table) are not checked one by one."""

    needs = ("report", "template")

    def check(self, report):
        for cell in _placed(report):
            problem = self.problem(report, cell)
            if problem is not None:
                message, expected, actual = problem
                yield self.at(cell.piece, f"{report.template.cell_label(cell.id)}{message}", report=report,
                              cells=[cell.id], expected=expected, actual=actual,
                              fix=None if expected is None else str(expected))  # for a fixable rule: the value

    def problem(self, report, cell):
        raise NotImplementedError


def _placed(report) -> list:
    """The cells with a value written, outside tables reported empty; listed once for all cell rules."""
    if "placed" not in report.memo:
        empty = report.empty_tables()
        report.memo["placed"] = [report.cells[c] for t in report.template.tables.values() if t.id not in empty
                                 for c in t.cells if report.cells[c].piece is not None]
    return report.memo["placed"]


class EmptyCell(Rule):
    """Cells are present but empty.

    **What it checks.** In layouts that keep cell boundaries (web and Word tables, ``a | b | c`` rows), no
    cell of a row is empty. Blank cells are reported once: a block of columns left blank in every row of a
    table (often the five 法人或其他组织 columns of table 三) in one finding, the other blank cells once per row.

    **Why.** A blank is not a 0: the format asks for every cell to be filled (docs/formats.md §3: a blank is “not
    reported”).

    **Fails.** ``规章 | 0 |  | 0``; table 三 with 商业企业…其他 empty in every row.

    **Passes.** ``规章 | 0 | 0 | 0``.

    **Options.** None.
    """

    code, name, severity = "T212", "table.empty-cell", WARNING
    needs = ("report", "template")
    summary = "单元格为空"

    def check(self, report):
        empty = report.empty_tables()
        for table in report.template.tables.values():
            if table.id in empty:
                continue
            blank = {c: report.cells[c] for c in table.cells if report.cells[c].state == model.BLANK}
            if not blank:
                continue
            placed = [r for r in table.rows if any(report.cells[table.cell_id(r.id, c.id)].piece for c in table.columns)]
            columns = [c for c in table.columns
                       if len(placed) > 1 and all(table.cell_id(r.id, c.id) in blank for r in placed)]
            for block in _runs(table.columns, columns):
                cells = [table.cell_id(r.id, c.id) for r in placed for c in block]
                names = "、".join(c.label for c in block)
                group = {c.group for c in block}
                under = f"“{block[0].group}”下的" if len(group) == 1 and block[0].group else ""
                what = f"{under}{len(block)}列（{names}）" if len(block) > 1 else f"“{names}”列"
                yield self.at(blank[cells[0]].piece, f"{table.name}{what}在全部 {len(placed)} 行都为空（共 {len(cells)} 格），"
                                                     "应填写数值（无则填 0）", report=report, cells=cells, actual=len(cells))
                for c in cells:
                    del blank[c]
            for row in table.rows:
                cells = [table.cell_id(row.id, c.id) for c in table.columns if table.cell_id(row.id, c.id) in blank]
                if not cells:
                    continue
                names = "、".join(f"“{report.template.columns_by_cell[c].label}”" for c in cells)
                where = f"“{row.name}”" if table.label_less else f"“{row.name}”行"
                yield self.at(blank[cells[0]].piece, f"{table.name}{where}{names}为空，应填写数值（无则填 0）",
                              report=report, cells=cells, actual=len(cells))


def _runs(columns, chosen):
    """The chosen columns as runs of neighbours, in table order."""
    runs, current = [], []
    for column in columns:
        if column in chosen:
            current.append(column)
        elif current:
            runs.append(current)
            current = []
    return runs + ([current] if current else [])


class Placeholder(CellRule):
    """A cell holds a placeholder such as “/”, “-” or “无” instead of a number.

    **What it checks.** Cells hold numbers; “/”, “-”, “—”, “无”, “不适用” and the like are reported.

    **Why.** The tables are statistics: a placeholder cannot be summed or compared. Write 0 when nothing
    happened.

    **Fails.** ``行政强制`` with “-” under 处理决定数量.

    **Passes.** ``0``.

    **Options.** None.
    """

    code, name, severity = "T204", "table.placeholder", WARNING
    summary = "单元格用占位符代替数值"
    fixable = True

    def problem(self, report, cell):
        if cell.state == model.PLACEHOLDER:
            return f"填写了“{cell.piece.text}”，应填写数值（无则填 0）", 0, cell.piece.text
        return None


class NotANumber(CellRule):
    """A cell holds text where a number belongs.

    **What it checks.** In layouts that keep cell boundaries, every value cell of a row is a number.

    **Why.** Text in a statistics cell (``若干``, ``见附件``) cannot be checked or compared.

    **Fails.** ``行政许可 | 若干``.

    **Passes.** ``行政许可 | 12``.

    **Options.** None.
    """

    code, name, severity = "T205", "table.not-a-number", ERROR
    summary = "单元格应为数值却是文字"

    def problem(self, report, cell):
        if cell.state != model.TEXT:
            return None
        text = cell.piece.text
        if numeric(norm(text)):  # digits beyond MAX_DIGITS: no figure a report means
            digits = sum(char.isdigit() for char in text)
            return (f"应为数值，实为 {digits} 位数字（超过 {MAX_DIGITS} 位，不是有效数值；可能是几格的数字连在了一起）",
                    None, text[:40])
        return f"应为数值，实为“{text}”", None, text


class NegativeValue(CellRule):
    """A cell holds a negative number.

    **What it checks.** Every count and amount is ≥ 0; only the trial format's 本年增/减 is a signed change.

    **Why.** docs/formats.md §4 E5: numeric cells of tables 三 and 四 are non-negative integers; in table 二 only
    本年增/减 may be negative.

    **Fails.** ``-1`` under 自然人.

    **Passes.** ``-8`` under 本年增/减 (a decrease).

    **Options.** None.
    """

    code, name, severity = "T206", "table.negative-value", ERROR
    summary = "单元格为负数"

    def problem(self, report, cell):
        if cell.number is not None and cell.number.value < 0 and not _column(report, cell.id).signed:
            return f"不应为负数，实为 {cell.piece.text}", None, cell.value
        return None


class NonIntegerCount(CellRule):
    """A count is not a whole number.

    **What it checks.** Every cell except the amounts (收费金额, 采购总金额) is a count of documents,
    decisions or applications, written as a whole number.

    **Why.** docs/formats.md §4 E5; a decimal count is a typing error or a value in the wrong column.

    **Fails.** ``2.5`` under 本年处理决定数量.

    **Passes.** ``2``; ``4068.208`` under 本年收费金额（单位：万元）.

    **Options.** None.
    """

    code, name, severity = "T207", "table.non-integer-count", ERROR
    summary = "件数不是整数"

    def problem(self, report, cell):
        if cell.number is not None and cell.number.decimals and not _column(report, cell.id).amount:
            return f"是件数，应为整数，实为 {cell.piece.text}", None, cell.value
        return None


class UnitMismatch(CellRule):
    """A cell's unit contradicts its column.

    **What it checks.** Amount columns accept the units 元 and 万元 written in the cell (the trial format's
    采购总金额 has no unit in its header; the revised 收费金额 header says 万元, so a cell in 元 contradicts
    it); count columns accept 件/个/项/条/宗/次 or no unit, never a currency or a percentage.

    **Why.** A value read in the wrong unit is off by a factor of 10,000.

    **Fails.** ``3500元`` under 本年收费金额（单位：万元）; ``12万元`` under 本年处理决定数量.

    **Passes.** ``0.35`` under 本年收费金额（单位：万元）; ``251000元`` under 采购总金额.

    **Options.** None.
    """

    code, name, severity = "T208", "table.unit-mismatch", ERROR
    summary = "单元格单位与表头不符"

    def problem(self, report, cell):
        if cell.number is None or cell.number.unit is None:
            return None
        column = _column(report, cell.id)
        unit = cell.number.unit
        if column.amount and unit in ("元", "万元") and (column.unit_in_cell or unit == column.unit):
            return None
        if not column.amount and unit not in ("元", "万元", "%"):
            return None
        expected = f"单位为{column.unit}" if column.amount else "件数（不带金额或百分比单位）"
        return f"应为{expected}，实为“{cell.piece.text}”", column.unit, unit


class MissingUnit(CellRule):
    """An amount is written without its unit where the column leaves the unit to the cell.

    **What it checks.** The trial format's 采购总金额 has no unit in its header: each cell says 元 or 万元
    (``251000元``). A bare number there cannot be read; its value is left unknown, not guessed.

    **Why.** 153103.83 元 and 153103.83 万元 differ by a factor of 10,000.

    **Fails.** ``政府集中采购 | 9 | 153103.83``.

    **Passes.** ``政府集中采购 | 9 | 153103.83万元``.

    **Options.** None.
    """

    code, name, severity = "T215", "table.missing-unit", WARNING
    summary = "金额未写单位"

    def problem(self, report, cell):
        if cell.state == model.NO_UNIT:
            return f"为“{cell.piece.text}”，未写单位（元还是万元不明），请写明“元”或“万元”", None, cell.piece.text
        return None


_RULE_MAKERS = ("国务院", "中华人民共和国", "国家")


class RulesWithoutPower(Rule):
    """A township or a department reports 规章 made this year.

    **What it checks.** 本年制发件数 (本年新制作数量 in the trial format) of 规章 in 第二十条第（一）项 is 0 in the
    report of a 乡镇/街道 or of a local government department (told from the title).

    **Why.** 规章 are made by the State Council's ministries and by the people's governments of provinces and
    of 设区的市 (《中华人民共和国立法法》); a township or a local department has no power to make them, so a
    figure here usually belongs to 行政规范性文件. A warning: the agency's kind is read from its name.

    **Fails.** ``规章 | 2 | 0 | 2`` in the report of a 镇人民政府.

    **Passes.** ``规章 | 0 | 0 | 0``, with the documents under 行政规范性文件.

    **Options.** None.
    """

    code, name, severity = "T216", "table.rules-without-power", WARNING
    needs = ("report", "template")
    summary = "无规章制定权的机关填报了本年制发规章"

    def check(self, report):
        kind = agency_kind(report.agency)
        made = report.fact("rules.made")
        if kind not in ("township", "department") or not made or report.agency.startswith(_RULE_MAKERS):
            return
        cells = report.template.fact("rules.made")
        who = "乡镇、街道" if kind == "township" else "地方政府部门"
        yield self.at(report.cells[cells[0]].piece, f"{report.template.cell_label(cells[0])}为 {fmt(made)}，但{who}"
                      "没有规章制定权（规章由国务院部门和省级、设区的市级人民政府制定）；请核实是否应计入行政规范性文件",
                      report=report, cells=cells, expected=0, actual=made)


class ValidBelowMade(Rule):
    """Fewer documents are in force than were made this year.

    **What it checks.** In the revised format's 第二十条第（一）项, for 规章 and for 行政规范性文件, 现行有效件数 is
    at least 本年制发件数: what was made this year is in force at its end, unless it was repealed within the
    year.

    **Why.** A stock below this year's flow usually means the columns were swapped or 现行有效 counts
    something else (docs/formats.md §4 H3).

    **Fails.** ``行政规范性文件 | 12 | 0 | 5``.

    **Passes.** ``行政规范性文件 | 12 | 0 | 60``.

    **Options.** None.
    """

    code, name, severity = "T217", "table.valid-below-made", WARNING
    needs = ("report", "template")
    summary = "现行有效件数少于本年制发件数"

    def check(self, report):
        for kind in ("rules", "normative"):
            made, valid = report.fact(f"{kind}.made"), report.fact(f"{kind}.valid")
            if made is None or valid is None or valid >= made:
                continue
            cells = report.template.fact(f"{kind}.valid") + report.template.fact(f"{kind}.made")
            yield self.at(report.cells[cells[0]].piece,
                          f"{report.template.cell_label(cells[0])}为 {fmt(valid)}，少于本年制发件数 {fmt(made)}："
                          "本年制发的文件年底仍应有效（年内废止的除外），请核对两列数值",
                          report=report, cells=cells, expected=made, actual=valid)


class UnknownRow(Rule):
    """A table row's label is not one of the format's.

    **What it checks.** Each labelled row of a table is a row of the edition's template. The finding names
    the label found and the nearest official label. A line of values without any label is reported too.
    Rows of the other edition (e.g. 其他对外管理服务事项 in a 2021-format report) are reported here too.

    **Why.** Local templates add rows (``其他主动公开文件``), and typing slips make a row unrecognisable; in
    both cases its values are not counted.

    **Fails.** ``规章制度 0 0 0`` in 第二十条第（一）项.

    **Passes.** ``规章 0 0 0``.

    **Options.** None.
    """

    code, name, severity = "T209", "table.unknown-row", WARNING
    needs = ("report", "template")
    summary = "表格中有格式之外的行"

    def check(self, report):
        for unknown in report.unknown_rows:
            if unknown.label is None:
                first = unknown.values[0]
                yield self.at((first.line, first.column, unknown.values[-1].end_line, unknown.values[-1].end_column),
                              f"从第 {first.line} 行起的 {len(unknown.values)} 个数值没有行标签，无法确定所属的行，未采用",
                              actual=len(unknown.values), anchor=" ".join(v.text for v in unknown.values))
                continue
            candidates = {}
            tables = [unknown.table] if unknown.table else list(report.template.tables.values())
            for table in tables:
                for row in table.rows:
                    candidates[norm(row.label)] = row.label
            guess = nearest(norm(unknown.label.text), candidates)
            hint = f"，最接近的格式行为“{guess}”" if guess else ""
            yield self.at(unknown.label, f"“{unknown.label.text}”不是{report.template.instrument}格式中的行{hint}",
                          expected=guess, actual=unknown.label.text)


class LabelVariant(Rule):
    """A row label is written in a known non-official variant.

    **What it checks.** Row labels are written as in the format; known variants and official labels with a
    note appended (a provincial template's ``规章(设区的市、自治州人民政府应提供相关数据)``) are recognised
    (their values are placed) but reported, e.g. ``规范性文件`` for the revised format's ``行政规范性文件``.

    **Why.** The revised format renamed the row; the old name shows an outdated template.

    **Fails.** ``规范性文件`` in a 2023 report.

    **Passes.** ``行政规范性文件``.

    **Options.** None.
    """

    code, name, severity = "T210", "table.label-variant", WARNING
    summary = "行标签与格式措辞不符"

    def check(self, report):
        for piece, official in report.label_variants:
            if without_note(norm(piece.text)) == norm(official):
                message = f"行标签“{piece.text}”加了注释，格式为“{official}”"
            else:
                message = f"行标签应为“{official}”，实为“{piece.text}”"
            yield self.at(piece, message, expected=official, actual=piece.text)


class HeaderWording(Rule):
    """A column header of a table-二 block is not in the format's wording.

    **What it checks.** The header cells after a caption such as ``第二十条第（五）项`` read ``信息内容`` and
    then the edition's column headers, in order. A header broken over two lines is joined first; notes in
    brackets after a header (``现行有效件数（历史累计）``) are recognised and reported as notes.

    **Why.** Local templates alter headers (``本年数量`` for ``本年增/减``, ``废止数量`` for ``本年废止件数``);
    a reader can no longer tell which statistic a column holds.

    **Fails.** ``本年数量`` in place of ``本年增/减``.

    **Passes.** ``本年增/减``.

    **Options.** None.
    """

    code, name, severity = "T213", "table.header-wording", WARNING
    needs = ("report", "template")
    summary = "表头措辞与格式不符"

    def check(self, report):
        for table_id, cells in report.headers.items():
            expected = ["信息内容", *(c.label for c in report.template.tables[table_id].columns)]
            for piece, official, annotated in _align(cells, expected):
                message = f"表头“{piece.text}”加了注释，格式为“{official}”" if annotated else \
                    f"表头应为“{official}”，实为“{piece.text}”"
                yield self.at(piece, message, expected=official, actual=piece.text)


def _similarity(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def _align(cells, expected):
    """(cell, official header, whether it is the official header with a note appended) for each header cell
    not in the official wording, paired with the header expected at its place.

    Official headers anchor the alignment (a header left out shifts nothing); a cell broken over two lines
    is joined when the join is closer to the expected header.
    """
    normed = [norm(e) for e in expected]
    pairs, position, i = [], 0, 0
    while i < len(cells) and position < len(expected):
        piece = cells[i]
        if piece.label is not None and norm(piece.label.text) in normed[position:]:
            position = normed.index(norm(piece.label.text), position) + 1
            if norm(piece.text) != norm(piece.label.text):
                pairs.append((piece, expected[position - 1], True))
            i += 1
            continue
        merged_headers = next((k for k in range(2, len(expected) - position + 1)
                               if norm(piece.text) == "".join(normed[position:position + k])), None)
        if merged_headers:  # cells run together by a PDF conversion: the wording itself is right
            position += merged_headers
            i += 1
            continue
        official = expected[position]
        if i + 1 < len(cells) and cells[i + 1].label is None:
            following = cells[i + 1]
            merged = type(piece)(piece.type, piece.text + following.text, piece.line, piece.column,
                                 following.end_line, following.end_column)
            if _similarity(merged.text, official) > _similarity(piece.text, official):
                piece, i = merged, i + 1
        pairs.append((piece, official, False))
        position += 1
        i += 1
    return pairs
