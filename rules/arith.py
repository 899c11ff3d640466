"""Arithmetic stated in the narrative: figures that must follow from each other as written."""
from __future__ import annotations

import re
from decimal import Decimal

from disclint.findings import ERROR
from disclint.narrative import amounts, changes, enumerations, percents, plain, rounded, rounds_to, shares, wholes

from .base import Rule

AMOUNT_TOLERANCE = {"tolerance": ((int, float), 0, "差额容许值（万元），在按所写精度四舍五入之外再放宽")}
PERCENT_TOLERANCE = {"tolerance": ((int, float), 0, "百分比容许值（百分点），在按所写精度四舍五入之外再放宽")}

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

    **Options.** ``tolerance``: see below (default: the rounding of the figure as written).
    """

    code, name, severity = "A401", "arith.savings-difference", ERROR
    summary = "节约资金不等于预算金额减成交金额"
    options = AMOUNT_TOLERANCE

    def check(self, report):
        for para, budget, deal, saving, _ in _savings(report):
            if deal is None or saving is None:
                continue
            exact = budget.value - deal.value
            if not rounds_to(exact, saving.value, saving.decimals, self.settings["tolerance"]):
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

    **Options.** ``tolerance``: see below (default: the rounding of the percentage as written).
    """

    code, name, severity = "A402", "arith.savings-rate", ERROR
    summary = "节约率不等于节约资金除以预算金额"
    options = PERCENT_TOLERANCE

    def check(self, report):
        for para, budget, deal, saving, rate in _savings(report):
            if rate is None or budget.value == 0:
                continue
            amount = saving.value if saving else (budget.value - deal.value if deal else None)
            if amount is None:
                continue
            exact = amount / budget.value * Decimal(100)
            if not rounds_to(exact, rate.value, rate.decimals, self.settings["tolerance"]):
                shown = rounded(exact, max(rate.decimals, 2))
                yield self.at(para.span(rate.start, rate.end),
                              f"节约率应为 {shown:f}%（{plain(amount)} ÷ {plain(budget.value)}），实为 {plain(rate.value)}%",
                              expected=float(shown), actual=float(rate.value), anchor=rate.text)


class PartsSum(Rule):
    """The parts listed after “其中” do not add up to the stated whole.

    **What it checks.** In a sentence “共N件（条、个…），其中a件，b件…” the parts (in the same unit, outside
    brackets) must not exceed the whole; when the list ends with 其他/其余, it claims to be complete and must
    add up to the whole exactly.

    **Why.** A list of parts that contradicts its total is a 数据失准 a reader sees at once.

    **Fails.** “主动公开政府信息63条，其中组织机构类16条，动态类36条，其他信息15条” (67 ≠ 63).

    **Passes.** “…其中组织机构类16条，动态类36条，其他信息11条”.

    **Options.** None.
    """

    code, name, severity = "A403", "arith.parts-sum", ERROR
    summary = "“其中”所列分项之和与总数不符"

    def check(self, report):
        for para in report.paragraphs():
            for item in enumerations(para.text):
                total = sum(p.value for p in item.parts)
                if total > item.whole.value or (item.exhaustive and total != item.whole.value):
                    listed = " + ".join(plain(p.value) for p in item.parts)
                    yield self.at(para.span(item.whole.start, item.end),
                                  f"“{item.whole.text}”，其中所列分项之和为 {listed} = {plain(total)}，与总数 "
                                  f"{plain(item.whole.value)} 不符", expected=int(item.whole.value), actual=int(total),
                                  anchor=item.whole.text)


class SharePercentage(Rule):
    """A percentage written after a count does not follow from a total stated in the same paragraph.

    **What it checks.** “208 件（17.46%）”: the percentage equals the count divided by one of the totals the
    paragraph states (共/办结/受理… N件), at the precision written. A share of applications whose paragraph
    states no total is compared with table 三's （七）总计 and 本年新收 (a blank total is recomputed from the
    filled cells it sums); other percentages with no total to compare with are not checked.

    **Why.** Percentages are quoted by readers and evaluators; one that no stated base gives is an error.

    **Fails.** “办结 1191 件，其中予以公开 208 件（17.64%）”.

    **Passes.** “办结 1191 件，其中予以公开 208 件（17.46%）”.

    **Options.** ``tolerance``: see below (default: the rounding of the percentage as written).
    """

    code, name, severity = "A404", "arith.share-percentage", ERROR
    summary = "百分比与所述数量和总数不符"
    options = PERCENT_TOLERANCE

    def check(self, report):
        for para in report.paragraphs():
            stated = [w for w in wholes(para.text) if w.value]
            for count, percent in shares(para.text):
                candidates = [(w.value, "") for w in stated if w.value >= count.value and not w.start <= count.start < w.end]
                if not candidates:
                    candidates = _table_bases(report, para, count)
                if not candidates or any(rounds_to(count.value / base * 100, percent.value, percent.decimals,
                                                   self.settings["tolerance"]) for base, _ in candidates):
                    continue
                before = [w for w in stated if w.end <= count.start and w.value >= count.value]
                base, source = (before[-1].value, "") if before else candidates[0]  # the nearest total stated before
                exact = rounded(count.value / base * 100, max(percent.decimals, 2))
                yield self.at(para.span(percent.start, percent.end),
                              f"{plain(count.value)} ÷ {plain(base)}{source} = {exact:f}%，正文写作 {percent.text}",
                              expected=float(exact), actual=float(percent.value), anchor=count.text)


def _table_bases(report, para, count) -> list[tuple[Decimal, str]]:
    """For a share of applications stated without its total (“予以公开208件（17.46%）”): the totals of table
    三 it may be a share of; a blank total is recomputed from the filled cells it sums."""
    if report.template is None or para.section not in ("s1", "s3") or "申请" not in para.text \
            or not re.match(r"\d[\d,]*\s*[件份]", count.text):
        return []
    bases = []
    for name, what in (("applications.processed", "表三（七）总计"), ("applications.new", "表三本年新收")):
        value, recomputed = report.fact_or_sum(name)
        if value and value >= count.value:
            bases.append((Decimal(str(value)), f"（{what}{'，该格为空，按已填各项合计' if recomputed else ''}）"))
    return bases


class YearOnYear(Rule):
    """A year-on-year change does not follow from the two figures stated.

    **What it checks.** “126件，较上年的100件增长26%”: (this year − last year) ÷ last year, at the precision
    written, with 下降/减少 as a decrease.

    **Why.** A change that does not follow from its own figures misleads the reader.

    **Fails.** “126件，较上年的100件增长62%”.

    **Passes.** “126件，较上年的100件增长26%”.

    **Options.** ``tolerance``: see below (default: the rounding of the percentage as written).
    """

    code, name, severity = "A405", "arith.year-on-year", ERROR
    summary = "同比变化百分比与所述数字不符"
    options = PERCENT_TOLERANCE

    def check(self, report):
        for para in report.paragraphs():
            for now, before, change in changes(para.text):
                if before == 0:
                    continue
                exact = (now - before) / before * 100
                if rounds_to(exact, change.value, change.decimals, self.settings["tolerance"]):
                    continue
                shown = rounded(exact, max(change.decimals, 1))
                yield self.at(para.span(change.start, change.end),
                              f"（{plain(now)} − {plain(before)}）÷ {plain(before)} = {shown:f}%，正文写作 "
                              f"{'增长' if change.value > 0 else '下降'} {plain(abs(change.value))}%",
                              expected=float(shown), actual=float(change.value), anchor=change.text)
