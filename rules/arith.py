"""Arithmetic stated in the narrative: figures that must follow from each other as written."""
from __future__ import annotations

import re
from decimal import Decimal

from disclint.findings import ERROR
from disclint.narrative import amounts, changes, enumerations, percents, plain, rounded, rounds_to, shares, wholes
from disclint.rule import Option, Rule, declare

AMOUNT_TOLERANCE = declare(Option("tolerance", (int, float), 0, "差额容许值（万元），在按所写精度四舍五入之外再放宽"))
PERCENT_TOLERANCE = declare(Option("tolerance", (int, float), 0, "百分比容许值（百分点），在按所写精度四舍五入之外再放宽"))

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
    """正文所写“预算金额 − 成交金额”不等于节约资金。

    **检查内容。** 一段文字写明预算金额、成交金额和节约资金（政府集中采购、公共资源交易）时，节约资金等于两者之差，按所写的精度
    比较（元和万元折算为万元比较）。

    **原因。** 正文数字会被阅读和引用；《条例》和格式都要求数据准确。

    **错误示例。** 预算金额120.9万元，成交资金116.4901万元，节约资金4.4199万元。

    **正确示例。** 预算金额120.9万元，成交资金116.4901万元，节约资金4.4099万元。

    **选项。** ``tolerance``：见下表（默认按所写数字的末位取舍）。
    """

    code, name, severity = "A401", "arith.savings-difference", ERROR
    summary = "节约资金不等于预算金额减成交金额"
    options = AMOUNT_TOLERANCE

    def check(self, report):
        for para, budget, deal, saving, _ in _savings(report):
            if deal is None or saving is None:
                continue
            exact = budget.value - deal.value
            if not rounds_to(exact, saving.value, saving.decimals, self.number("tolerance")):
                yield self.at(para.span(saving.start, saving.end),
                              f"节约资金应为 {plain(exact)} 万元（{budget.text} − {deal.text}），实为 {plain(saving.value)} 万元",
                              expected=float(exact), actual=float(saving.value), anchor=saving.text)


class SavingsRate(Rule):
    """正文所写节约率不等于“节约资金 ÷ 预算金额”。

    **检查内容。** 一段文字写明预算金额、节约资金（或成交金额）和节约率时，节约率等于节约资金 ÷ 预算金额，按所写的小数位数四舍五入
    （4.4099 ÷ 120.9 = 3.6476…%，写作 3.65% 或 3.6%）。

    **原因。** 与自身数字对不上的百分比是评估中专门指出的“数据失准”。

    **错误示例。** 预算金额120.9万元……节约资金4.4099万元，资金节约率达3.56%。

    **正确示例。** ……资金节约率达3.65%。

    **选项。** ``tolerance``：见下表（默认按所写百分比的末位取舍）。
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
            if not rounds_to(exact, rate.value, rate.decimals, self.number("tolerance")):
                shown = rounded(exact, max(rate.decimals, 2))
                yield self.at(para.span(rate.start, rate.end),
                              f"节约率应为 {shown:f}%（{plain(amount)} ÷ {plain(budget.value)}），实为 {plain(rate.value)}%",
                              expected=float(shown), actual=float(rate.value), anchor=rate.text)


class PartsSum(Rule):
    """所列分项之和与所述总数不符。

    **检查内容。** 一个总数和随它列出的分项：“共N条，其中a条、b条……”“累计发布N篇，包括……”“共N条（a条，b条……）”
    “N件：a件；b件”，以及以“合计N件”收尾的“a件、b件，合计N件”。只计与总数单位相同（件、份、宗、起为一类；条、篇、项、次、人次、
    期各为一类）、不在分项自身括号内的数字。“其中”只列出一部分时，各项之和不得超过总数；列举以“其他”“其余”结尾、或以“合计”收尾时
    即表示列全了，之和必须正好等于总数。分项中有比较（较上年增加……）或约数（约、余、以上）时，不是对总数的划分，不予核对；前几项
    已合计为总数、其后又按另一口径列举时（自然人、法人……网上、信函……），两种口径分别是总数的划分，也不予核对。

    **原因。** 分项与总数矛盾，读者一眼就能看出“数据失准”。

    **错误示例。** “累计发布信息53篇，其中组织机构2篇、部门文件5篇、工作动态43篇、财政预算4篇”（2 + 5 + 43 + 4 = 54 ≠ 53）；
    “主动公开政府信息63条，其中，政策文件16条，工作动态36条，其他信息15条”（67 ≠ 63）。

    **正确示例。** “……其中组织机构2篇、部门文件5篇、工作动态42篇、财政预算4篇”。

    **选项。** 无。
    """

    code, name, severity = "A403", "arith.parts-sum", ERROR
    summary = "所列分项之和与总数不符"

    def check(self, report):
        for para in report.paragraphs():
            for item in enumerations(para.text):
                values = [p.value for p in item.parts]
                total, whole = sum(values, Decimal(0)), item.whole.value
                if total == whole or (total < whole and not item.exhaustive) or _two_breakdowns(values, whole):
                    continue
                listed = " + ".join(plain(v) for v in values)
                why = "所列各项已列全（以“其他”“其余”或“合计”收尾），之和应等于总数" if item.exhaustive and total < whole \
                    else "分项之和不应超过总数"
                yield self.at(para.span(item.whole.start, item.end),
                              f"“{item.whole.text}”，所列分项之和为 {listed} = {plain(total)}，与总数 "
                              f"{plain(whole)} 不符：{why}", expected=int(whole), actual=int(total),
                              anchor=item.whole.text)


def _two_breakdowns(values: list[Decimal], whole: Decimal) -> bool:
    """Whether the first or the last parts already add up to the whole, the others being a second breakdown
    of it (by applicant, then by channel): then the sum of all is no claim about the whole."""
    running = Decimal(0)
    for index, value in enumerate(values[:-1]):
        running += value
        if running == whole or sum(values[index + 1:]) == whole:
            return True
    return False


class SharePercentage(Rule):
    """件数后所写的百分比与同段所述的任何总数都对不上。

    **检查内容。** “208 件（17.46%）”：百分比等于该件数除以本段所述某个总数（共/办结/受理……N件），按所写精度比较。本段未写总数的
    申请占比，与表三的（七）总计和本年新收比较（总计空着时，由它所汇总的已填单元格重新算出）；其他无总数可比的百分比不核对。

    **原因。** 百分比会被读者和评估人员引用；找不到依据的百分比是错误。

    **错误示例。** “办结 1191 件，其中予以公开 208 件（17.64%）”。

    **正确示例。** “办结 1191 件，其中予以公开 208 件（17.46%）”。

    **选项。** ``tolerance``：见下表（默认按所写百分比的末位取舍）。
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
                                                   self.number("tolerance")) for base, _ in candidates):
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
    """同比变化与所写的两个数字对不上。

    **检查内容。** “126件，较上年的100件增长26%”：（本年 − 上年）÷ 上年，按所写精度比较，“下降”“减少”表示减少。

    **原因。** 与自身数字不符的变化率会误导读者。

    **错误示例。** “126件，较上年的100件增长62%”。

    **正确示例。** “126件，较上年的100件增长26%”。

    **选项。** ``tolerance``：见下表（默认按所写百分比的末位取舍）。
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
                if rounds_to(exact, change.value, change.decimals, self.number("tolerance")):
                    continue
                shown = rounded(exact, max(change.decimals, 1))
                yield self.at(para.span(change.start, change.end),
                              f"（{plain(now)} − {plain(before)}）÷ {plain(before)} = {shown:f}%，正文写作 "
                              f"{'增长' if change.value > 0 else '下降'} {plain(abs(change.value))}%",
                              expected=float(shown), actual=float(change.value), anchor=change.text)
