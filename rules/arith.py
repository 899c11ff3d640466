"""Arithmetic stated in the narrative: figures that must follow from each other as written."""
from __future__ import annotations

from decimal import Decimal

from disclint.findings import ERROR
from disclint.narrative import amounts, percents, plain, rounds_to

from .base import Rule

BUDGET = "预算金额|预算资金|预算总额|预算价|预算"
DEAL = "成交金额|成交资金|成交价|成交总额|中标金额|合同金额"
SAVING = "节约资金|节约金额|节省资金|节支|节约"
RATE = "资金节约率|节约率|节资率"


def _savings(report):
    """(para, budget, deal, saving, rate) for each paragraph stating a procurement saving."""
    for para in report.paragraphs():
        budget, deal, saving = amounts(para.text, BUDGET), amounts(para.text, DEAL), amounts(para.text, SAVING)
        rate = percents(para.text, RATE)
        if budget and (saving or rate):
            yield para, budget[0], deal[0] if deal else None, saving[0] if saving else None, rate[0] if rate else None


class SavingsDifference(Rule):
    """预算金额 − 成交金额 ≠ 节约资金 as stated in the narrative.

    **What it checks.** Where a paragraph states a budget, a transaction amount and a saving (政府集中采购,
    公共资源交易), the saving equals the difference, at the precision it is written in (amounts in 元 and 万元
    are compared in 万元).

    **Why.** Narrative figures are read and quoted; the 条例 and the format ask for accurate data.

    **Fails.** 预算金额120.9万元, 成交资金116.4901万元, 节约资金4.4199万元.

    **Passes.** 预算金额120.9万元, 成交资金116.4901万元, 节约资金4.4099万元.

    **Options.** None: the tolerance is the rounding of the figure as written.
    """

    code, name, severity = "A401", "arith.savings-difference", ERROR
    summary = "节约资金不等于预算金额减成交金额"

    def check(self, report):
        for para, budget, deal, saving, _ in _savings(report):
            if deal is None or saving is None:
                continue
            exact = budget.value - deal.value
            if not rounds_to(exact, saving.value, saving.decimals):
                yield self.at(para.span(saving.start, saving.end),
                              f"节约资金应为 {plain(exact)} 万元（{budget.text} − {deal.text}），实为 {plain(saving.value)} 万元",
                              expected=float(exact), actual=float(saving.value), anchor=saving.text)


class SavingsRate(Rule):
    """节约率 ≠ 节约资金 ÷ 预算金额 as stated in the narrative.

    **What it checks.** Where a paragraph states a budget, a saving (or a transaction amount) and a saving
    rate, the rate equals saving ÷ budget, rounded to the decimals written (4.4099 ÷ 120.9 = 3.6476…% is
    written 3.65%, or 3.6%).

    **Why.** A percentage that does not follow from its own figures is a 数据失准 that reviewers single out.

    **Fails.** 预算金额120.9万元 … 节约资金4.4099万元, 资金节约率达3.56%.

    **Passes.** … 资金节约率达3.65%.

    **Options.** None: the tolerance is the rounding of the percentage as written.
    """

    code, name, severity = "A402", "arith.savings-rate", ERROR
    summary = "节约率不等于节约资金除以预算金额"

    def check(self, report):
        for para, budget, deal, saving, rate in _savings(report):
            if rate is None or budget.value == 0:
                continue
            amount = saving.value if saving else (budget.value - deal.value if deal else None)
            if amount is None:
                continue
            exact = amount / budget.value * Decimal(100)
            if not rounds_to(exact, rate.value, rate.decimals):
                shown = exact.quantize(Decimal(1).scaleb(-max(rate.decimals, 2)))
                yield self.at(para.span(rate.start, rate.end),
                              f"节约率应为 {plain(shown)}%（{plain(amount)} ÷ {plain(budget.value)}），实为 {plain(rate.value)}%",
                              expected=float(shown), actual=float(rate.value), anchor=rate.text)
