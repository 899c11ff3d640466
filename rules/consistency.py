"""Narrative statements against the tables: the same fact must have the same figure."""
from __future__ import annotations

import re
from decimal import Decimal

from disclint.findings import ERROR
from disclint.labels import fold
from disclint.narrative import COUNT, amounts, counts, plain, rounds_to

from .base import Rule, fmt

PROCUREMENT_COUNT = rf"集中采购(?:项目)?(?:共|共计|合计)?{COUNT}\s*(?:宗|项|个|批|次)"
PROCUREMENT_AMOUNT = "预算金额|预算资金|预算|成交金额|成交资金|采购金额|采购总金额|采购资金|总金额|金额"

_NO_APPLICATION = re.compile(
    r"(?:未|没有|无)(?:收到|受理|接到|接收)(?:和处理|及处理|、处理)?[^,，。;；]{0,12}?(?:政府信息公开|信息公开|依申请公开)?申请")
_NO_REVIEW = re.compile(
    r"(?:无|没有|未(?:发生|收到|有|出现))[^,，。;；]{0,16}?(?:行政复议|行政诉讼)(?:[、和及或与]*(?:行政复议|行政诉讼))?")
_OUTCOME_WORDS = re.compile(r"纠错|纠正|败诉|撤销|确认违法|被诉")


def _procurement_sentences(report):
    for para in report.paragraphs():
        for figure in counts(para.text, PROCUREMENT_COUNT):
            yield para, figure


class ProcurementCount(Rule):
    """The narrative's number of 政府集中采购 projects differs from table 二 第二十条第（九）项.

    **What it checks.** A sentence such as “完成政府集中采购2宗” states the 采购项目数量 of the trial format's
    第二十条第（九）项 table; the two must agree.

    **Why.** Narrative and tables report the same fact; a contradiction is a 数据失准.

    **Fails.** “完成政府集中采购3宗” with 采购项目数量 2.

    **Passes.** “完成政府集中采购2宗” with 采购项目数量 2.

    **Options.** None.
    """

    code, name, severity = "C501", "consistency.procurement-count", ERROR
    summary = "正文政府集中采购数量与表二第（九）项不一致"

    def check(self, report):
        cell_id = "s2.20-9.procurement.projects"
        table = report.value(cell_id)
        if table is None:
            return
        for para, figure in _procurement_sentences(report):
            if figure.value != Decimal(str(table)):
                yield self.at(para.span(figure.start, figure.end),
                              f"正文“{figure.text}”与表二第二十条第（九）项采购项目数量 {fmt(table)} 不一致",
                              report=report, cells=[cell_id], expected=table, actual=int(figure.value),
                              anchor=figure.text)


class ProcurementAmount(Rule):
    """The narrative's procurement amount differs from table 二 第二十条第（九）项.

    **What it checks.** In a sentence that states the number of 政府集中采购 projects, one of the amounts
    stated (预算金额, 成交金额, 采购金额…) must equal the table's 采购总金额 (compared in 万元, at the precision
    written).

    **Why.** Narrative and tables report the same fact; a contradiction is a 数据失准.

    **Fails.** “政府集中采购2宗，预算金额120.9万元” with 采购总金额 “130.9万元”.

    **Passes.** The table says “120.9万元”.

    **Options.** None.
    """

    code, name, severity = "C502", "consistency.procurement-amount", ERROR
    summary = "正文政府集中采购金额与表二第（九）项不一致"

    def check(self, report):
        cell_id = "s2.20-9.procurement.amount"
        table = report.value(cell_id)
        if table is None:
            return
        cell = report.cells[cell_id]
        written = Decimal(str(table))
        for para, figure in _procurement_sentences(report):
            stated = amounts(para.text[figure.start:], PROCUREMENT_AMOUNT)
            if not stated:
                continue
            if any(rounds_to(written, s.value, s.decimals) or rounds_to(s.value, written, cell.number.decimals)
                   for s in stated):
                continue
            first = stated[0]
            yield self.at(para.span(figure.start + first.start, figure.start + first.end),
                          f"表二第二十条第（九）项采购总金额为 {plain(written)} 万元，正文所述金额"
                          f"（{'、'.join(s.text for s in stated)}）均与之不符",
                          report=report, cells=[cell_id], expected=float(written), actual=float(first.value),
                          anchor=first.text)


def _nonzero(report, cell_ids):
    return [c for c in cell_ids if (report.value(c) or 0) > 0]


class NoApplicationsClaimed(Rule):
    """The narrative says no application was received, but table 三 counts some.

    **What it checks.** A statement such as “未收到政府信息公开申请” or “没有受理依申请公开申请”
    against table 三: 一、本年新收 (总计) must then be 0.

    **Why.** A boilerplate sentence copied from last year's report contradicts this year's table.

    **Fails.** “本年度未收到政府信息公开申请” with 本年新收 总计 1.

    **Passes.** The same sentence with 本年新收 总计 0.

    **Options.** None.
    """

    code, name, severity = "C503", "consistency.no-applications-claimed", ERROR
    summary = "正文称未收到申请，但表三有新收申请"

    def check(self, report):
        cells = ["s3.new.total"] if report.value("s3.new.total") is not None else \
            [f"s3.new.{c}" for c in ("natural", "commercial", "research", "social", "legal", "other")]
        received = _nonzero(report, cells)
        if not received:
            return
        total = sum(report.value(c) for c in received)
        for para in report.paragraphs():
            for match in _NO_APPLICATION.finditer(fold(para.text)):
                if "复议" in match.group() or "诉讼" in match.group():
                    continue
                yield self.at(para.span(match.start(), match.end()),
                              f"正文称“{match.group()}”，但表三本年新收政府信息公开申请为 {fmt(total)} 件",
                              report=report, cells=received, expected=0, actual=total, anchor=match.group())


class NoReviewClaimed(Rule):
    """The narrative says there was no 行政复议/行政诉讼, but table 四 counts some.

    **What it checks.** A statement such as “无政府信息公开行政复议、行政诉讼情况” against the 总计 of the
    groups it names in table 四 (行政复议; 行政诉讼 = both suit groups). Statements about outcomes
    (“未发生…被纠错或败诉”) are a different fact and are not checked here.

    **Why.** A boilerplate sentence copied from last year's report contradicts this year's table.

    **Fails.** “无行政复议、行政诉讼情况” with 行政复议 总计 1.

    **Passes.** The same sentence with table 四 all 0.

    **Options.** None.
    """

    code, name, severity = "C504", "consistency.no-review-claimed", ERROR
    summary = "正文称无行政复议或行政诉讼，但表四有案件"

    def check(self, report):
        for para in report.paragraphs():
            text = fold(para.text)
            for match in _NO_REVIEW.finditer(text):
                said = match.group()
                clause = re.split(r"[,，。;；]", text[match.start():], maxsplit=1)[0]
                if _OUTCOME_WORDS.search(clause):
                    continue
                cells = (["s4.review.total"] if "复议" in said else []) + \
                        (["s4.suit_direct.total", "s4.suit_after_review.total"] if "诉讼" in said else [])
                cases = _nonzero(report, cells)
                if cases:
                    total = sum(report.value(c) for c in cases)
                    yield self.at(para.span(match.start(), match.end()),
                                  f"正文称“{said}”，但表四相应案件总计为 {fmt(total)} 件",
                                  report=report, cells=cases, expected=0, actual=total, anchor=said)
