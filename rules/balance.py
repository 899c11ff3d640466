"""The balancing equations (勾稽关系) of tables 三 and 四, as written in the edition templates.

Each rule checks one family of equations (E1…E4 of spec/formats.md §6) for every column, row or group;
the equations themselves are data in rules/templates/common.yaml. An equation is checked only when all
its cells hold numbers: blank or unplaced cells are reported by the table rules instead.
"""
from __future__ import annotations

from disclint.findings import ERROR

from .base import Rule, fmt


class EquationRule(Rule):
    """Shared check of one equation family; subclasses name it in ``equation``."""

    equation: str
    severity = ERROR

    def check(self, report):
        if report.template is None:
            return
        for eq in report.template.equations:
            if eq.id != self.equation:
                continue
            cells = [report.cells[c] for c in eq.cells]
            if any(c.value is None for c in cells):
                continue
            left = sum(report.cells[c].value for c in eq.left)
            right = sum(report.cells[c].value for c in eq.right)
            if left == right:
                continue
            yield self.mismatch(report, eq, left, right)

    def mismatch(self, report, eq, left, right):
        """The finding sits on the equation's first cell; the message gives both sides' values."""
        def value(cell_id):
            return fmt(report.cells[cell_id].value)

        if len(eq.left) == 1:
            nonzero = [f"{c}={value(c)}" for c in eq.right if report.cells[c].value]
            terms = "，".join(nonzero[:6]) + ("…" if len(nonzero) > 6 else "") if nonzero else "各项均为 0"
            message = f"{eq.left[0]} 应为 {fmt(right)}，实为 {fmt(left)}（{eq.summary}；{terms}）"
        else:
            sides = [" + ".join(f"{c}({value(c)})" for c in side) for side in (eq.left, eq.right)]
            message = f"{eq.summary}不成立：{sides[0]} = {fmt(left)}，{sides[1]} = {fmt(right)}"
        first = report.cells[eq.left[0]]
        return self.at(first.piece, message, report=report, cells=eq.cells, expected=right, actual=left)


class CarryOver(EquationRule):
    """Table 三: 本年新收 + 上年结转 ≠ 办理结果总计 + 结转下年度, in a column.

    **What it checks.** E1, for each of the seven columns c: ``s3.new.c + s3.carried.c == s3.total.c +
    s3.forward.c``. This is the relation printed in the table itself (“本列数据的勾稽关系为：第一项加第二项之和，
    等于第三项加第四项之和”).

    **Why.** Every application received or carried over is either decided this year or carried forward.

    **Fails.** 自然人: 新收 10, 结转 2, 总计 11, 结转下年度 0.

    **Passes.** 新收 10, 结转 2, 总计 11, 结转下年度 1.

    **Options.** None.
    """

    code, name, equation = "B301", "balance.carry-over", "E1"
    summary = "表三第一项加第二项之和不等于第三项加第四项之和"


class OutcomeTotal(EquationRule):
    """Table 三: （七）总计 ≠ the sum of the outcomes, in a column.

    **What it checks.** E2, for each column c: ``s3.total.c`` equals the sum of the outcome rows （一）予以公开,
    （二）部分公开, （三）1–8, （四）1–3, （五）1–5 and （六） (one row in the trial format, three in the revised).

    **Why.** The row is labelled 总计: it is the sum of the outcomes above it.

    **Fails.** 予以公开 3, 不予公开/1 1, 总计 3.

    **Passes.** 予以公开 3, 不予公开/1 1, 总计 4.

    **Options.** None.
    """

    code, name, equation = "B302", "balance.outcome-total", "E2"
    summary = "表三（七）总计不等于各项办理结果之和"


class RowTotal(EquationRule):
    """Table 三: a row's 总计 ≠ 自然人 + the five kinds of 法人或其他组织.

    **What it checks.** E3, for each row r of table 三: ``s3.r.total == s3.r.natural + s3.r.commercial +
    s3.r.research + s3.r.social + s3.r.legal + s3.r.other``.

    **Why.** The column is labelled 总计; there is no subtotal column for 法人或其他组织.

    **Fails.** 本年新收: 自然人 5, 商业企业 1, 总计 5.

    **Passes.** 自然人 5, 商业企业 1, 总计 6.

    **Options.** None.
    """

    code, name, equation = "B303", "balance.row-total", "E3"
    summary = "表三某行总计不等于各申请人类别之和"


class ReviewSuitTotal(EquationRule):
    """Table 四: a group's 总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    **What it checks.** E4, for 行政复议, 行政诉讼·未经复议直接起诉 and 行政诉讼·复议后起诉.

    **Why.** Each case is upheld, corrected, otherwise concluded or pending: the 总计 is their sum.

    **Fails.** 行政复议: 维持 1, 纠正 1, 其他 0, 尚未审结 0, 总计 1.

    **Passes.** 总计 2.

    **Options.** None.
    """

    code, name, equation = "B304", "balance.review-suit-total", "E4"
    summary = "表四总计不等于维持、纠正、其他结果与尚未审结之和"
