"""Rules on the tables' cells: present, placed, numeric, of the right sign, kind and unit."""
from __future__ import annotations

from disclint import model
from disclint.findings import ERROR, WARNING
from disclint.labels import nearest, norm, without_note
from disclint.metadata import agency_kind
from disclint.numbers import MAX_DIGITS, numeric
from disclint.rule import Rule, fmt


def _column(report, cell_id):
    return report.template.columns_by_cell[cell_id]


class EmptyTable(Rule):
    """表格存在，但没有任何数值。

    **检查内容。** 出现了表名、表头或行标签的表格至少有一个数值。

    **原因。** 单元格未填的表格复制到网页后只剩标签。整张表报告一次，而不是每行一次。副本在表格的第一行之前或之中
    中断（structure.cut-off），或删去了重复的行（table.lost-lines）时，没有数值不能说明表格空白，不在此报告。

    **错误示例。** 有表头和“行政事业性收费”标签、却没有数字的 ``第二十条第（八）项``。

    **正确示例。** 同一表格填写 ``0``。

    **选项。** 无。
    """

    code, name, severity = "T203", "table.empty-table", ERROR
    needs = ("report", "template")
    summary = "表格未填写任何数值"

    def check(self, report):
        lost = report.lost_lines()
        for table_id in sorted(report.empty_tables()):
            table = report.template.tables[table_id]
            if lost is not None and table in lost.tables:
                continue  # the copy dropped its values: table.lost-lines says so
            yield self.at(report.tables[table_id], f"{table.name}没有填写任何数值（空白单元格应填 0）",
                          anchor=table_id)


class MissingRow(Rule):
    """表格缺少某一行。

    **检查内容。** 报告中出现的每张表格都有格式中的全部行（整张缺失的表格由 structure.missing-table 报告；文字在表格中途结束的
    由 structure.cut-off 报告）。表中另有行标签无法识别的数值行时（PDF 中竖排的分组单元格、折行或截断的行标签），缺少的行可能
    就是它，只作警告，请核对行标签。

    **原因。** 遗漏的行隐去了一类统计数据（如“4.保护第三方合法权益”）。

    **错误示例。** 表三没有 ``2.重复申请`` 一行。

    **正确示例。** 各行齐全，没有发生的填 0。

    **选项。** 无。
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
            if cut is not None and (cut.table is table or table in cut.missing_tables):
                continue  # the copy ends in this table, or before it: structure.cut-off reports it once
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
            unread = sum(1 for u in report.unknown_rows if u.table is table and u.values)
            for row in missing:
                if unread:  # a row of values whose label could not be read may be this one: never an error on it
                    yield self.at(report.tables[table.id], f"{table.name}未找到“{row.name}”行；表中另有 {unread} 行数值的"
                                  f"行标签无法识别，可能就是该行，请核对行标签", anchor=f"{table.id}.{row.id}",
                                  severity=WARNING)
                    continue
                yield self.at(report.tables[table.id], f"{table.name}缺少“{row.name}”行", anchor=f"{table.id}.{row.id}")

class BlankCells(Rule):
    """某行的数值少于表格的列数：有单元格空着。

    **检查内容。** 每行每列各有一个数值。从网页复制的表格中空单元格会消失，少了数值的行无法判断哪一格是空的；这些数值因此
    不放入任何单元格（否则可能放错列），涉及它们的勾稽关系也不核对。

    **原因。** 格式要求每一格都填写；空格不等于 0（docs/formats.md §3：“未报告”）。副本中断处的最后一行
    （structure.cut-off）和删去了重复行的副本（table.lost-lines）不在此逐行报告。

    **错误示例。** 三列的表格中 ``规章`` 之后只有一个数值。

    **正确示例。** ``规章 0 0 0``。

    **选项。** 无。
    """

    code, name, severity = "T202", "table.blank-cells", WARNING
    needs = ("report", "template")
    summary = "行中数值个数少于列数（有空白单元格）"

    def check(self, report):
        empty = report.empty_tables()
        cut = report.cut_off()
        lost = report.lost_lines()
        for shape in report.shapes:
            if shape.table.id in empty or len(shape.values) >= shape.expected or (cut and cut.stops_in(shape.table, shape.row_id)):
                continue
            if lost is not None and shape.table in lost.tables:
                continue  # the copy dropped values: table.lost-lines says so once for the table
            where = shape.label or shape.values[0]
            what = f"“{shape.table.row(shape.row_id).name}”行" if shape.row_id else shape.table.name
            cells = [shape.table.cell_id(shape.row_id, c.id) for c in shape.table.columns] if shape.row_id else []
            yield self.at(where, f"{what}只有 {len(shape.values)} 个数值，应有 {shape.expected} 个；"
                                 "空白单元格无法确定所在列，相关数值未采用", report=report, cells=cells,
                          expected=shape.expected, actual=len(shape.values))


class LostLines(Rule):
    """副本删去了重复出现的行，表格的数值因此不全。

    **检查内容。** 有的网页副本只保留第一次出现的行、删去其后所有重复的行：第二张起的各分表没有 ``信息内容`` 等表头，重复的
    数值（多数是 ``0``）只剩第一个，于是有的行数值少于列数，后面的表格一个数值也没有。三个迹象同时出现时才这样判断：格式在各
    分表重复的表头只出现一次、没有任何数值重复出现、单元格一格一行。每张受影响的表格报告一次，不再逐行报告空白单元格
    （table.blank-cells），也不报告空表（table.empty-table）：空白和被删去的数值无法区分。表头齐全、确实空着的表格仍是
    table.empty-table。

    **原因。** 数值不全的表格无法核对；按副本补 0 可能改掉原表中正确的数字，应依据原件核对。

    **错误示例。** 只有第一张分表有 ``信息内容``，``规章`` 之后只有一个 ``0``，表三只有行标签。

    **正确示例。** 各分表表头齐全、每格都有数值的副本。

    **选项。** 无。
    """

    code, name, severity = "T218", "table.lost-lines", WARNING
    needs = ("report", "template")
    summary = "副本删去了重复的行，表格数值不全"

    def check(self, report):
        lost = report.lost_lines()
        if lost is None:
            return
        why = (f"疑为副本删去了重复出现的行（各分表都有的表头“{lost.header}”只出现 {lost.found} 次，应有 {lost.expected} 次；"
               "也没有任何数值重复出现）")
        empty = report.empty_tables()
        cut = report.cut_off()
        for table in lost.tables:
            if table.id in empty:
                yield self.at(report.tables[table.id], f"{table.name}没有数值，{why}；无法判断表格是否空白，请依据原件核对",
                              anchor=f"{table.id}.lost")
                continue
            shapes = [s for s in report.shapes if s.table is table and len(s.values) < s.expected
                      and not (cut and cut.stops_in(table, s.row_id))]
            if not shapes:
                continue
            if table.label_less:
                yield self.at(shapes[0].values[0] if shapes[0].values else report.tables[table.id],
                              f"{table.name}只有 {len(shapes[0].values)} 个数值（应有 {shapes[0].expected} 个），{why}；"
                              "无法判断各数值所在的列，未核对，请依据原件核对", anchor=f"{table.id}.lost")
                continue
            names = "".join(f"“{table.row(s.row_id).name}”" for s in shapes[:3]) + (f"等 {len(shapes)} " if len(shapes) > 3 else "")
            yield self.at(shapes[0].label, f"{table.name}{names}行的数值少于列数，{why}；无法判断哪些单元格空白，"
                                           "这些行未核对，请依据原件核对", report=report,
                          cells=[table.cell_id(s.row_id, c.id) for s in shapes for c in table.columns],
                          anchor=f"{table.id}.lost")


class ExtraValues(Rule):
    """某行的数值多于表格的列数。

    **检查内容。** 每行的数值不多于列数；多出数值的行不放入单元格。

    **原因。** 多出的数字来自合并的行，或地方软件加了格式没有的列（例如“法人或其他组织”小计）。

    **错误示例。** 表三某行有 8 个数字。

    **正确示例。** 正好 7 个数字。

    **选项。** 无。
    """

    code, name, severity = "T211", "table.extra-values", ERROR
    summary = "行中数值个数多于列数"

    def check(self, report):
        cut = report.cut_off()
        for shape in report.shapes:
            if len(shape.values) <= shape.expected or (cut and cut.stops_in(shape.table, shape.row_id)):
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
        values = {cell: number.value for cell, text in zip(cells, merged) if (number := parse_cell(text)) is not None}
        if len(values) == len(cells) and all(sum(values[c] for c in eq.left) == sum(values[c] for c in eq.right) for eq in own):
            return f"；若“{texts[i]}”“{texts[i + 1]}”原为一个数“{texts[i]}{texts[i + 1]}”，该行即成立（疑为一个数被拆成两格）"
    return ""


class RunTogether(Rule):
    """表格的数值连在一起，有的行无法拆分到各单元格。

    **检查内容。** 爬虫副本会把一行的单元格连成一串数字（``规范性文件7777166``）。只有恰好一种拆法能使每列一个有效数值、且满足该行
    自身的等式（自然人 + 五类法人 = 总计；维持 + 纠正 + 其他 + 尚未审结 = 总计）时，该行才被还原；还原的数值照常检查，针对它们的
    问题会注明是还原所得。没有唯一拆法的行在此列出，每张表一条；这些单元格不使用，也不凭猜测核对任何等式。

    **原因。** 三列之下的 ``7777166`` 可能是 7、7、77166，也可能是 7、77、7166：放入任何数值都是编造。

    **错误示例。** ``第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章007规范性文件7777166``
    （规范性文件有多种拆法）。

    **正确示例。** 同一表格的单元格分行书写，或只有 ``规章007``（唯一拆法：0、0、7）。

    **选项。** 无。
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
    """单元格存在，但是空的。

    **检查内容。** 在保留单元格边界的排版中（网页和 Word 表格、``a | b | c`` 行），一行中没有空单元格。空格只报告一次：表中
    每一行都空着的一组列（常见的是表三“法人或其他组织”的五列）合为一条，其余空格每行一条。

    **原因。** 空格不等于 0：格式要求每一格都填写（docs/formats.md §3：空格即“未报告”）。

    **错误示例。** ``规章 | 0 |  | 0``；表三中商业企业……其他各列每行都空着。

    **正确示例。** ``规章 | 0 | 0 | 0``。

    **选项。** 无。
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
    """单元格用“/”“-”“无”等占位符代替数值。

    **检查内容。** 单元格填写数字；“/”“-”“—”“无”“不适用”等都会报告。

    **原因。** 表格是统计数据：占位符无法求和或比较。没有发生的填 0。

    **错误示例。** ``行政强制`` 的处理决定数量填“-”。

    **正确示例。** ``0``。

    **选项。** 无。
    """

    code, name, severity = "T204", "table.placeholder", WARNING
    summary = "单元格用占位符代替数值"
    fixable = True

    def problem(self, report, cell):
        if cell.state == model.PLACEHOLDER:
            return f"填写了“{cell.piece.text}”，应填写数值（无则填 0）", 0, cell.piece.text
        return None


class NotANumber(CellRule):
    """应填数字的单元格填了文字。

    **检查内容。** 在保留单元格边界的排版中，一行的每个数值单元格都是数字。

    **原因。** 统计单元格中的文字（``若干``、``见附件``）无法核对或比较。

    **错误示例。** ``行政许可 | 若干``。

    **正确示例。** ``行政许可 | 12``。

    **选项。** 无。
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
    """单元格填了负数。

    **检查内容。** 各项数量和金额都 ≥ 0；只有试行格式的“本年增/减”是可正可负的变化量。

    **原因。** docs/formats.md §4 E5：表三、表四的数值单元格为非负整数；表二中只有“本年增/减”可以为负。

    **错误示例。** 自然人一列填 ``-1``。

    **正确示例。** 本年增/减填 ``-8``（减少）。

    **选项。** 无。
    """

    code, name, severity = "T206", "table.negative-value", ERROR
    summary = "单元格为负数"

    def problem(self, report, cell):
        if cell.number is not None and cell.number.value < 0 and not _column(report, cell.id).signed:
            return f"不应为负数，实为 {cell.piece.text}", None, cell.value
        return None


class NonIntegerCount(CellRule):
    """件数不是整数。

    **检查内容。** 除金额（收费金额、采购总金额）外，每个单元格都是文件、决定或申请的件数，应为整数。

    **原因。** docs/formats.md §4 E5；带小数的件数是录入错误或填错了列。

    **错误示例。** 本年处理决定数量填 ``2.5``。

    **正确示例。** ``2``；本年收费金额（单位：万元）填 ``4068.208``。

    **选项。** 无。
    """

    code, name, severity = "T207", "table.non-integer-count", ERROR
    summary = "件数不是整数"

    def problem(self, report, cell):
        if cell.number is not None and cell.number.decimals and not _column(report, cell.id).amount:
            return f"是件数，应为整数，实为 {cell.piece.text}", None, cell.value
        return None


class UnitMismatch(CellRule):
    """单元格的单位与所在列不符。

    **检查内容。** 金额列接受单元格中写明的“元”“万元”（试行格式的采购总金额表头没有单位；修订格式收费金额的表头为万元，单元格
    写“元”即与之矛盾）；件数列接受件、个、项、条、宗、次或不写单位，不接受货币单位或百分数。

    **原因。** 按错误单位读出的数值相差一万倍。

    **错误示例。** 本年收费金额（单位：万元）填 ``3500元``；本年处理决定数量填 ``12万元``。

    **正确示例。** 本年收费金额（单位：万元）填 ``0.35``；采购总金额填 ``251000元``。

    **选项。** 无。
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
    """在由单元格写明单位的列中，金额没有写单位。

    **检查内容。** 试行格式的“采购总金额”表头没有单位：每个单元格写明元或万元（``251000元``）。不写单位的数字无法读取，其数值
    视为未知，不作猜测。

    **原因。** 153103.83 元与 153103.83 万元相差一万倍。

    **错误示例。** ``政府集中采购 | 9 | 153103.83``。

    **正确示例。** ``政府集中采购 | 9 | 153103.83万元``。

    **选项。** 无。
    """

    code, name, severity = "T215", "table.missing-unit", WARNING
    summary = "金额未写单位"

    def problem(self, report, cell):
        if cell.state == model.NO_UNIT:
            return f"为“{cell.piece.text}”，未写单位（元还是万元不明），请写明“元”或“万元”", None, cell.piece.text
        return None


_RULE_MAKERS = ("国务院", "中华人民共和国", "国家")


class RulesWithoutPower(Rule):
    """乡镇或政府部门报告了本年制发的规章。

    **检查内容。** 乡镇、街道或地方政府部门（由标题判断）的报告中，第二十条第（一）项“规章”的本年制发件数（试行格式为本年新制作
    数量）为 0。

    **原因。** 规章由国务院部门和省、设区的市人民政府制定（《中华人民共和国立法法》）；乡镇和地方部门无权制定规章，这里的数字
    通常应属于行政规范性文件。单位类型由名称判断，因此是警告。

    **错误示例。** 镇人民政府报告中的 ``规章 | 2 | 0 | 2``。

    **正确示例。** ``规章 | 0 | 0 | 0``，文件计入行政规范性文件。

    **选项。** 无。
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
    """现行有效的件数少于本年制发的件数。

    **检查内容。** 修订格式第二十条第（一）项中，规章和行政规范性文件的现行有效件数都不少于本年制发件数：本年制发的文件到年底
    仍然有效，除非当年已废止。

    **原因。** 存量小于当年增量，通常说明列填反了，或“现行有效”统计的是别的东西（docs/formats.md §4 H3）。

    **错误示例。** ``行政规范性文件 | 12 | 0 | 5``。

    **正确示例。** ``行政规范性文件 | 12 | 0 | 60``。

    **选项。** 无。
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
    """表格的行标签不是格式中的。

    **检查内容。** 表格中每个带标签的行都是该版本模板中的行。问题中写明所见的标签和最接近的规范标签。没有任何标签的一行数值
    也会报告。另一版本的行（如 2021 年格式报告中的“其他对外管理服务事项”）也在此报告。

    **原因。** 地方模板会增加行（``其他主动公开文件``），录入错误也会使行无法识别；两种情况下该行的数值都不计入。

    **错误示例。** 第二十条第（一）项中的 ``规章制度 0 0 0``。

    **正确示例。** ``规章 0 0 0``。

    **选项。** 无。
    """

    code, name, severity = "T209", "table.unknown-row", WARNING
    needs = ("report", "template")
    summary = "表格中有格式之外的行"

    def check(self, report):
        cut = report.cut_off()
        for unknown in report.unknown_rows:
            if cut is not None and (unknown.label or unknown.values[0]).line > cut.last.line:
                continue  # a label or value cut part-way where the copy stops (structure.cut-off)
            if unknown.label is None:
                first = unknown.values[0]
                yield self.at(first.span._replace(end_line=unknown.values[-1].end_line, end_column=unknown.values[-1].end_column),
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
    """行标签用了已知的非规范写法。

    **检查内容。** 行标签按格式书写；已知的变体，以及后面附了说明的规范标签（省级模板的
    ``规章(设区的市、自治州人民政府应提供相关数据)``）可以识别（数值照常放入），但予以报告，例如修订格式的
    ``行政规范性文件`` 写成 ``规范性文件``。

    **原因。** 修订格式改了这一行的名称；旧名称说明模板已过时。

    **错误示例。** 2023 年度报告中的 ``规范性文件``。

    **正确示例。** ``行政规范性文件``。

    **选项。** 无。
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


class RowByPosition(Rule):
    """行标签无法识别，按位置和数值读作格式中的一行。

    **检查内容。** 行标签与格式中的任何一行都对不上，但它所在的位置只缺格式中的一行（前后各行都已识别，中间只空出这一行，
    也只有这一个无法识别的行），它的数值个数等于表格的列数，而且标签与该行的格式标签大体相同（序号相同，措辞大部分相同或是
    其中一段）：该行按格式中的那一行读取（数值照常检查勾稽关系），并报告所见的标签，请按格式改正。

    **原因。** PDF 中单元格宽度截断的标签（``8.属于行政查``）、跨页折断的标签、录入时改动的字，都会使一行无法识别；
    这时报告“缺少该行”是错的，行就在那里。

    **错误示例。** 表三中 ``8.属于行政查`` 一行（“询事项”印在了下一行或下一页）。

    **正确示例。** ``8.属于行政查询事项``。

    **选项。** 无。
    """

    code, name, severity = "T251", "table.row-by-position", WARNING
    summary = "行标签无法识别，已按位置读作格式中的行"

    def check(self, report):
        for piece, official in report.rows_by_position:
            yield self.at(piece, f"行标签“{piece.text}”不是格式中的标签；按其位置和数值个数读作“{official}”行，请核对并改为格式标签",
                          expected=official, actual=piece.text)


class HeaderWording(Rule):
    """表二某一分表的列标题不是格式措辞。

    **检查内容。** ``第二十条第（五）项`` 等表名之后的表头依次为 ``信息内容`` 和该版本的各列标题。跨两行的表头先合并；表头后括号中
    的说明（``现行有效件数（历史累计）``）可以识别，并作为说明报告。

    **原因。** 地方模板会改动表头（``本年数量`` 代替 ``本年增/减``，``废止数量`` 代替 ``本年废止件数``），读者无法判断一列是什么统计量。

    **错误示例。** 用 ``本年数量`` 代替 ``本年增/减``。

    **正确示例。** ``本年增/减``。

    **选项。** 无。
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
