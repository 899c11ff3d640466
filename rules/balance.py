"""The balancing equations (勾稽关系) of tables 三 and 四, diagnosed together.

One wrong cell breaks every equation it stands in (a wrong （七）总计 of 自然人 breaks E1, E2 and E3 at once),
so broken equations are not reported one by one. They are grouped where they share cells, and for each
group the cell is sought whose change alone makes every checkable equation of the table hold. When exactly
one cell does, the finding names it by its row and column labels, with its value and the value that
balances; otherwise the equations are reported as they stand and no value is guessed (in table 四 any cell
of a block explains a broken block). Groups no cell explains that break the same families are reported once. A
finding belongs to the rule of the equation whose total the wrong cell is, else to the lowest family among its
equations (E1 carry-over … E4 table 四). An
equation is checked only when all its cells hold numbers: blank or unplaced cells are the table rules'.
"""
from __future__ import annotations

from typing import NamedTuple

from disclint.findings import ERROR
from disclint.model import equation_cells
from disclint.rule import Rule, fmt


class Diagnosis(NamedTuple):
    equations: tuple          # the broken equations explained together (editions.Equation)
    cell: str | None          # the one cell whose change restores them all, if there is one
    value: object             # the value that does
    candidates: tuple         # cells any one of which could explain them (no value guessed)


def diagnose(report) -> tuple[Diagnosis, ...]:
    """Every group of broken equations with its explanation; computed once per report."""
    if "balance" in report.memo:
        return report.memo["balance"]
    template = report.template
    values = {c: report.cells[c].value for c in equation_cells(template.edition)}
    checkable = report.checkable()
    sides = {eq.key: (sum(values[c] for c in eq.left), sum(values[c] for c in eq.right)) for eq in checkable}
    broken = [eq for eq in checkable if sides[eq.key][0] != sides[eq.key][1]]
    if not broken:
        report.memo["balance"] = ()
        return ()
    groups: list[list] = []
    for eq in broken:  # union of the groups this equation shares a cell with
        joined = [g for g in groups if any(set(eq.cells) & set(other.cells) for other in g)]
        for g in joined:
            groups.remove(g)
        groups.append([e for g in joined for e in g] + [eq])
    found = []
    for group in sorted(groups, key=lambda g: template.equations.index(g[0])):
        shared = set(group[0].cells).intersection(*(e.cells for e in group[1:]))
        candidates = []
        for cell in (c for c in template.cell_ids if c in shared):
            containing = [eq for eq in checkable if cell in eq.cells]
            if any(eq not in group for eq in containing):
                continue  # changing it would break an equation that holds
            needed = set()
            for eq in containing:
                left, right = sides[eq.key]
                needed.add(right - left if cell in eq.left else left - right)
            value = values[cell] + next(iter(needed))
            if len(needed) == 1 and (value >= 0 or template.columns_by_cell[cell].signed):
                candidates.append((cell, value))
        if len(candidates) == 1:
            found.append(Diagnosis(tuple(group), candidates[0][0], candidates[0][1], ()))
        else:
            found.append(Diagnosis(tuple(group), None, None, tuple(c for c, _ in candidates)))
    report.memo["balance"] = tuple(_merge(found))
    return report.memo["balance"]


def _merge(found: list[Diagnosis]) -> list[Diagnosis]:
    """Groups that no cell explains and that break the same equation families (the 自然人 and 总计 columns of
    one wrong row) become one diagnosis: one defect, one finding."""
    out: list[Diagnosis] = []
    first: dict[frozenset, int] = {}
    for d in found:
        if d.cell is None and not d.candidates:
            families = frozenset(eq.id for eq in d.equations)
            if families in first:
                at = first[families]
                out[at] = out[at]._replace(equations=out[at].equations + d.equations)
                continue
            first[families] = len(out)
        out.append(d)
    return out


class EquationRule(Rule):
    """Shared check of one equation family; subclasses name it in ``equation`` (Rule.equation, which coverage
    counts)."""

    severity = ERROR
    needs = ("report", "template")

    def check(self, report):
        for d in diagnose(report):
            if _family(d) == self.equation:
                yield self.finding(report, d)

    def finding(self, report, d: Diagnosis):
        template = report.template
        cells = list(dict.fromkeys(c for eq in d.equations for c in eq.cells))
        stated = "；".join(f"{eq.name}（{_terms(report, eq)}）" for eq in d.equations)
        note = "（该表数值在原文中连写在一起，已按列数和行内合计还原）" if report.recovered & set(cells) else ""
        if d.cell is not None:
            cell = report.cells[d.cell]
            message = (f"{template.cell_label(d.cell)}为 {fmt(cell.value)}，按勾稽关系应为 {fmt(d.value)}："
                       f"{stated}；只改这一格即可使上述各式成立{note}")
            return self.at(cell.piece, message, report=report, cells=[d.cell] + [c for c in cells if c != d.cell],
                           expected=d.value, actual=cell.value)
        if d.candidates:
            block = template.table_of(d.candidates[0])
            message = (f"{block.name}勾稽关系不成立：{stated}；式中任一格都可能有误，无法判断是哪一格，"
                       f"请对照原始台账核对{note}")
        else:
            message = (f"{template.table_of(cells[0]).name}勾稽关系不成立：{stated}；没有单独一格能使各式同时成立，"
                       f"请逐项核对{note}")
        first = report.cells[d.equations[0].left[0]]
        return self.at(first.piece, message, report=report, cells=cells)


def _family(d: Diagnosis) -> str:
    """The equation family a diagnosis is reported under: of the equations whose total the wrong cell is
    (a wrong row total is the row's E3), else the lowest family among its equations."""
    own = [eq.id for eq in d.equations if d.cell is not None and d.cell in eq.left]
    return min(own or [eq.id for eq in d.equations])


def _terms(report, eq) -> str:
    """``1 + 1 + 0 + 0 = 2 ≠ 1``: the terms where a side is short, its sum otherwise."""
    def side(cells):
        total = sum(report.value(c) for c in cells)
        if len(cells) == 1:
            return fmt(total)
        if len(cells) <= 6:
            return " + ".join(fmt(report.value(c)) for c in cells) + f" = {fmt(total)}"
        return f"合计 {fmt(total)}"
    return f"{side(eq.left)} ≠ {side(eq.right)}"


class CarryOver(EquationRule):
    """表三：某列“本年新收 + 上年结转 ≠ 办理结果总计 + 结转下年度”。

    **检查内容。** E1，七列各自：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理。这是表格本身印明的关系
    （“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”）。

    **原因。** 收到或结转来的每一件申请，要么本年办结，要么结转下年度。

    **错误示例。** 自然人：新收 10，结转 2，总计 11，结转下年度 0。

    **正确示例。** 新收 10，结转 2，总计 11，结转下年度 1。

    **选项。** 无。
    """

    code, name, equation = "B301", "balance.carry-over", "E1"
    summary = "表三第一项加第二项之和不等于第三项加第四项之和"


class OutcomeTotal(EquationRule):
    """表三：某列“（七）总计 ≠ 各项办理结果之和”。

    **检查内容。** E2，每列：（七）总计等于（一）予以公开、（二）部分公开、（三）1–8、（四）1–3、（五）1–5 和（六）（试行格式一行，
    修订格式三行）各行之和。

    **原因。** 这一行名为总计：它是上面各项办理结果之和。

    **错误示例。** 予以公开 3，不予公开第 1 项 1，总计 3。

    **正确示例。** 予以公开 3，不予公开第 1 项 1，总计 4。

    **选项。** 无。
    """

    code, name, equation = "B302", "balance.outcome-total", "E2"
    summary = "表三（七）总计不等于各项办理结果之和"


class RowTotal(EquationRule):
    """表三：某行“总计 ≠ 自然人 + 五类法人或其他组织”。

    **检查内容。** E3，表三每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。

    **原因。** 这一列名为总计；法人或其他组织没有小计列。

    **错误示例。** 本年新收：自然人 5，商业企业 1，总计 5。

    **正确示例。** 自然人 5，商业企业 1，总计 6。

    **选项。** 无。
    """

    code, name, equation = "B303", "balance.row-total", "E3"
    summary = "表三某行总计不等于各申请人类别之和"


class ReviewSuitTotal(EquationRule):
    """表四：某组“总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结”。

    **检查内容。** E4，对行政复议、行政诉讼·未经复议直接起诉、行政诉讼·复议后起诉三组分别核对。

    **原因。** 每一件案件或维持、或纠正、或以其他方式结案、或尚未审结：总计是它们之和。

    **错误示例。** 行政复议：维持 1，纠正 1，其他 0，尚未审结 0，总计 1。

    **正确示例。** 总计 2。

    **选项。** 无。
    """

    code, name, equation = "B304", "balance.review-suit-total", "E4"
    summary = "表四总计不等于维持、纠正、其他结果与尚未审结之和"
