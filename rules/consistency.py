"""Narrative statements against the tables: the same fact must have the same figure."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from disclint.findings import ERROR, WARNING
from disclint.labels import fold
from disclint.narrative import COUNT, Keyword, amounts, counts, plain, rounds_to, statements
from disclint.rule import Rule, fmt, phrases

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
    """正文所写政府集中采购项目数与表二第二十条第（九）项不符。

    **检查内容。** “完成政府集中采购2宗”这类句子写的是试行格式第二十条第（九）项的采购项目数量；两者必须一致。

    **原因。** 正文和表格报告的是同一事实；相互矛盾即“数据失准”。

    **错误示例。** “完成政府集中采购3宗”，采购项目数量为 2。

    **正确示例。** “完成政府集中采购2宗”，采购项目数量为 2。

    **选项。** 无。
    """

    code, name, severity = "C501", "consistency.procurement-count", ERROR
    summary = "正文政府集中采购数量与表二第（九）项不一致"

    def check(self, report):
        table = report.fact("procurement.projects")
        if table is None:
            return
        cells = report.template.fact("procurement.projects")
        for para, figure in _procurement_sentences(report):
            if figure.value != Decimal(str(table)):
                yield self.at(para.span(figure.start, figure.end),
                              f"正文“{figure.text}”与{report.template.cell_label(cells[0])} {fmt(table)} 不一致",
                              report=report, cells=cells, expected=table, actual=int(figure.value),
                              anchor=figure.text)


class ProcurementAmount(Rule):
    """正文所写采购金额与表二第二十条第（九）项不符。

    **检查内容。** 在写明政府集中采购项目数的句子中，所写金额（预算金额、成交金额、采购金额……）之一必须等于表中的采购总金额（折算为
    万元，按所写精度比较）。

    **原因。** 正文和表格报告的是同一事实；相互矛盾即“数据失准”。

    **错误示例。** “政府集中采购2宗，预算金额120.9万元”，采购总金额为“130.9万元”。

    **正确示例。** 表中写“120.9万元”。

    **选项。** 无。
    """

    code, name, severity = "C502", "consistency.procurement-amount", ERROR
    summary = "正文政府集中采购金额与表二第（九）项不一致"

    def check(self, report):
        table = report.fact("procurement.amount")
        if table is None:
            return
        cells = report.template.fact("procurement.amount")
        cell = report.cells[cells[0]]
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
                          f"{report.template.cell_label(cells[0])}为 {plain(written)} 万元，正文所述金额"
                          f"（{'、'.join(s.text for s in stated)}）均与之不符",
                          report=report, cells=cells, expected=float(written), actual=float(first.value),
                          anchor=first.text)


def _nonzero(report, cell_ids):
    return [c for c in cell_ids if (report.value(c) or 0) > 0]


def _cells(report, *facts) -> list[str]:
    """The cells of named facts, in order (none for a fact the edition does not have)."""
    return [c for fact in facts for c in (report.template.fact(fact) if report.template else None) or ()]


class ClaimRule(Rule):
    """Shared check: the text says there were none of something (未收到申请, 均为自然人, 均获维持) while the
    tables count some. Subclasses set ``claim`` (the regex of the phrase) and ``counted`` (how the message
    names what the tables count), and ``facts(report, said, clause)`` gives the named facts the phrase says
    are zero (none: the phrase is about something else)."""

    severity = ERROR
    claim: re.Pattern
    counted: str

    def facts(self, report, said: str, clause: str, sentence: str) -> tuple[str, ...]:
        raise NotImplementedError

    def check(self, report):
        for para, match, text in phrases(report, self.claim):
            said = match.group()
            clause = re.split(r"[,，。;；]", text[match.start():], maxsplit=1)[0]
            sentence = text[max(text.rfind(c, 0, match.start()) for c in "。；;") + 1:match.end()]
            cells = _nonzero(report, _cells(report, *self.facts(report, said, clause, sentence)))
            if cells:
                total = sum(report.value(c) for c in cells)
                yield self.at(para.span(match.start(), match.end()), f"正文称“{said}”，但{self.counted} {fmt(total)} 件",
                              report=report, cells=cells, expected=0, actual=total, anchor=said)


class NoApplicationsClaimed(ClaimRule):
    """正文说没有收到申请，表三却有申请。

    **检查内容。** “未收到政府信息公开申请”“没有受理依申请公开申请”这类表述，对照表三：此时一、本年新收（总计）必须为 0。

    **原因。** 照抄往年报告的套话与本年表格相矛盾。

    **错误示例。** “本年度未收到政府信息公开申请”，本年新收总计为 1。

    **正确示例。** 同样的句子，本年新收总计为 0。

    **选项。** 无。
    """

    code, name, severity = "C503", "consistency.no-applications-claimed", ERROR
    summary = "正文称未收到申请，但表三有新收申请"
    claim = _NO_APPLICATION
    counted = "表三本年新收政府信息公开申请为"

    def facts(self, report, said, clause, sentence):
        if "复议" in said or "诉讼" in said:
            return ()
        return ("applications.new",) if report.fact("applications.new") is not None else \
            ("applications.new.natural", "applications.new.organisations")


class NoReviewClaimed(ClaimRule):
    """正文说没有行政复议、行政诉讼，表四却有案件。

    **检查内容。** “无政府信息公开行政复议、行政诉讼情况”这类表述，对照它所说的表四各组的总计（行政复议；行政诉讼即两组起诉）。
    关于结果的表述（“未发生……被纠错或败诉”）是另一事实，不在此核对。

    **原因。** 照抄往年报告的套话与本年表格相矛盾。

    **错误示例。** “无行政复议、行政诉讼情况”，行政复议总计为 1。

    **正确示例。** 同样的句子，表四全为 0。

    **选项。** 无。
    """

    code, name, severity = "C504", "consistency.no-review-claimed", ERROR
    summary = "正文称无行政复议或行政诉讼，但表四有案件"
    claim = _NO_REVIEW
    counted = "表四相应案件总计为"

    def facts(self, report, said, clause, sentence):
        if _OUTCOME_WORDS.search(clause):
            return ()
        return (("review.total",) if "复议" in said else ()) + (("suits.total",) if "诉讼" in said else ())


class StatedFactsRule(Rule):
    """Shared check: counts stated in the narrative against the table cells of the same fact.

    Subclasses set ``facts``: a name for what the text states → (keyword regex, alternatives), where each
    alternative is a tuple of the edition's named facts whose sum it is (the first alternative is the one
    quoted as expected), and
    ``names``: fact name → how the message names the table figure; ``weak`` names the facts whose keyword
    is a generic verb that any other subject of a clause overrides, ``barrier`` the words that make a
    figure after the keyword about something else, ``other_period`` the words that, in the clause before
    the keyword, make the figure about another period than the report year (累计, 以来). The narrative is
    read once for the facts of all these rules together, so that each figure states one fact: the subject
    of its own clause.
    """

    severity = ERROR
    needs = ("report", "template")
    facts: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {}
    names: dict[str, str] = {}
    barrier: str | None = None
    other_period: re.Pattern | None = None
    weak: frozenset[str] = frozenset()

    def check(self, report):
        for para, statement in _statements(report):
            if statement.fact not in self.facts:
                continue
            if self.other_period is not None:
                text = fold(para.text)
                clause = text[max(text.rfind(c, 0, statement.start) for c in "，,。；;：:") + 1:statement.start]
                if self.other_period.search(clause):
                    continue
            alternatives = [a for a in self.facts[statement.fact][1] if all(report.template.fact(f) for f in a)]
            sums = [_sum(report, a) for a in alternatives]
            if not alternatives or any(s is None for s in sums):
                continue
            stated = int(statement.figure.value)
            if stated in sums:
                continue
            yield self.at(para.span(statement.start, statement.figure.end),
                          f"正文“{statement.figure.text}”与{self.names[statement.fact]} {fmt(sums[0])} 不一致",
                          report=report, cells=_cells(report, *alternatives[0]), expected=sums[0], actual=stated,
                          anchor=statement.figure.text)


@cache
def _keywords() -> dict[str, Keyword]:
    return {fact: Keyword(pattern, fact in rule.weak, rule.barrier)
            for rule in StatedFactsRule.__subclasses__() for fact, (pattern, _) in rule.facts.items()}


def _statements(report):
    """(paragraph, statement) for every count the narrative states about a fact, read once per report."""
    if "statements" not in report.memo:
        keywords = _keywords()
        report.memo["statements"] = [(para, statement) for para in report.paragraphs()
                                     for statement in statements(para.text, keywords)]
    return report.memo["statements"]


def _sum(report, facts):
    values = [report.fact(f) for f in facts]
    return None if any(v is None for v in values) else sum(values)


_SOURCE = r"(?:政府信息公开|信息公开|依申请公开)?"


class ApplicationCounts(StatedFactsRule):
    """正文所写申请件数与表三不符。

    **检查内容。** 正文所写的收到申请数（收到/受理……申请 N件，与一、本年新收比较；正文把两者合计时与本年新收 + 上年结转比较；
    旧式写法“受理依申请公开 N件”“依申请公开信息数 N条”还可能指办结数，与三者都不符时才报告；“累计”“……以来”“上年”
    所说的是另一时期，不比较）、
    上年结转数（上年结转 N件）、办结数（办结/答复 N件，与（七）总计比较）和结转数（结转下年度/转下一年度 N件），均按总计列比较；
    以及自然人和法人或其他组织的申请数（本年新收的五个组织列，或正文合计时的本年新收 + 上年结转）。一个数字说明的是它所在分句的
    主语：“同意公开答复 9 件”的主语是予以公开（consistency.outcome-counts），而不是答复的申请数。

    **原因。** 正文与表三报告的是同样的事实；评估中会专门指出两者之间的“数据失准”。

    **错误示例。** “共收到政府信息公开申请12件”，本年新收总计为 10；“依申请公开信息数245条”，本年新收为 240、办结为 238。

    **正确示例。** “共收到政府信息公开申请10件”。

    **选项。** 无。
    """

    code, name = "C505", "consistency.application-counts"
    summary = "正文申请数量与表三不一致"
    facts = {
        "new": (rf"(?:收到|受理|接收|新收)(?:了)?{_SOURCE}申请(?:共|共计|合计|总计|数量|数)?(?:为)?"
                rf"|(?:收到|受理|接收)(?:了)?(?:共|共计|合计)?(?=\s*\d+\s*[件份个条]\s*{_SOURCE}申请)",
                (("applications.new",), ("applications.new", "applications.carried"))),
        "requested": (r"(?:(?:收到|受理|接收)(?:了)?依申请公开(?!申请)(?:政府)?(?:信息)?(?:事项)?"
                      r"|依申请公开(?:政府)?信息(?:数|数量|件数|条数))(?:共|共计|合计|总计)?(?:为|是)?",
                      (("applications.new",), ("applications.new", "applications.carried"),
                       ("applications.processed",))),
        "carried": (rf"上(?:一)?年(?:度)?结转(?:的)?{_SOURCE}(?:申请)?", (("applications.carried",),)),
        "processed": (rf"(?:办结|已办结|办理完结|答复)(?:了)?{_SOURCE}(?:申请)?(?:共|共计|合计)?",
                      (("applications.processed",),)),
        "forward": (r"(?:结转|转入?|顺延)(?:至|到)?下(?:一)?年(?:度)?(?:继续)?(?:办理)?(?:答复)?(?:的)?(?:有)?",
                    (("applications.forward",),)),
        "natural": (r"自然人(?:提出的?)?(?:申请)?",
                    (("applications.new.natural",), ("applications.new.natural", "applications.carried.natural"))),
        "organisations": (r"法人(?:或|和|及)其他组织(?:提出的?)?(?:申请)?",
                          (("applications.new.organisations",),
                           ("applications.new.organisations", "applications.carried.organisations"))),
    }
    weak = frozenset({"processed"})
    other_period = re.compile(r"累计|以来|历年|上年|去年|上一年")
    names = {"new": "表三本年新收申请", "requested": "表三本年新收申请", "carried": "表三上年结转申请", "processed": "表三办理结果总计",
             "forward": "表三结转下年度继续办理", "natural": "表三本年新收中自然人申请",
             "organisations": "表三本年新收中法人或其他组织申请"}


class OutcomeCounts(StatedFactsRule):
    """正文所写各类办理结果的件数与表三不符。

    **检查内容。** 正文所写某一办理结果的件数（予以公开、部分公开、予以公开及部分公开、不予公开、无法提供、不予处理、其他处理，以及
    “不掌握相关政府信息”“重复申请”等具体理由），对照表三相应各行的总计列（一组各行相加）。

    **原因。** 正文与表三报告的是同样的事实。

    **错误示例。** “不予公开 3 件”，不予公开各行合计为 2。

    **正确示例。** “予以公开及部分公开 208 件”，（一）和（二）合计为 208。

    **选项。** 无。
    """

    code, name = "C506", "consistency.outcome-counts"
    summary = "正文办理结果数量与表三不一致"
    facts = {
        "r1+r2": (r"(?:予以公开|全部公开)(?:及|和|与|、|或)部分公开|全部或部分公开",
                  (("outcomes.disclosed", "outcomes.partly-disclosed"),)),
        "r1": (r"予以公开|同意公开", (("outcomes.disclosed",),)),
        "r2": (r"部分公开", (("outcomes.partly-disclosed",),)),
        "r3": (r"不予(?:以)?公开", (("outcomes.withheld",),)),
        "r4": (r"无法提供", (("outcomes.unavailable",),)),
        "r5": (r"不予处理", (("outcomes.not-processed",),)),
        "r6": (r"其他处理", (("outcomes.other",),)),
        "r3-1": (r"国家秘密", (("outcomes.withheld.secret",),)),
        "r3-3": (r"三安全一稳定", (("outcomes.withheld.three-safeties",),)),
        "r3-4": (r"第三方合法权益", (("outcomes.withheld.third-party",),)),
        "r3-5": (r"内部事务信息", (("outcomes.withheld.internal",),)),
        "r3-6": (r"过程性信息", (("outcomes.withheld.process",),)),
        "r3-7": (r"行政执法案卷", (("outcomes.withheld.enforcement",),)),
        "r3-8": (r"行政查询事项", (("outcomes.withheld.query",),)),
        "r4-1": (r"不掌握(?:相关)?(?:的)?(?:政府)?信息", (("outcomes.unavailable.not-held",),)),
        "r4-2": (r"另行制作", (("outcomes.unavailable.to-be-made",),)),
        "r5-1": (r"信访(?:、)?举报(?:、)?投诉类?(?:申请)?", (("outcomes.not-processed.complaints",),)),
        "r5-2": (r"重复申请", (("outcomes.not-processed.repeated",),)),
        "r5-3": (r"公开出版物", (("outcomes.not-processed.publications",),)),
    }
    names = {"r1+r2": "表三予以公开与部分公开之和", "r1": "表三予以公开", "r2": "表三部分公开", "r3": "表三不予公开合计",
             "r4": "表三无法提供合计", "r5": "表三不予处理合计", "r6": "表三其他处理合计",
             **{f"r3-{i}": f"表三不予公开第{i}项" for i in range(1, 9)},
             "r4-1": "表三无法提供第1项（本机关不掌握）", "r4-2": "表三无法提供第2项（需另行制作）",
             **{f"r5-{i}": f"表三不予处理第{i}项" for i in range(1, 6)}}


class ReviewSuitCounts(StatedFactsRule):
    """正文所写行政复议、行政诉讼件数与表四不符。

    **检查内容。** “行政复议 N件”对照行政复议总计，“行政诉讼 N件”对照两组起诉的总计。关于结果的数字（纠错、败诉、维持……）不当作案件数。

    **原因。** 正文与表四报告的是同样的事实。

    **错误示例。** “被申请行政复议2件”，行政复议总计为 1。

    **正确示例。** “被申请行政复议1件”。

    **选项。** 无。
    """

    code, name = "C507", "consistency.review-suit-counts"
    summary = "正文行政复议、行政诉讼数量与表四不一致"
    barrier = r"纠|败诉|维持|撤销|确认|率|结果|审结"
    facts = {
        "review": (r"行政复议(?:案件|申请)?", (("review.total",),)),
        "suit": (r"行政诉讼(?:案件)?", (("suits.total",),)),
    }
    names = {"review": "表四行政复议总计", "suit": "表四行政诉讼总计"}


class DisclosureCounts(StatedFactsRule):
    """正文所写文件和决定件数与表二不符。

    **检查内容。** 制发/印发/出台规章或规范性文件 N件、废止……N件、现行有效……N件，对照第二十条第（一）项（试行格式为本年新制作
    数量，且没有废止、现行有效两列）；作出/办理行政许可、行政处罚、行政强制 N件，对照第二十条第（五）（六）项的决定数量。

    **原因。** 正文与表二报告的是同样的事实；现行有效件数与表格矛盾是典型的“数据失准”。

    **错误示例。** “现行有效行政规范性文件25件”，现行有效件数为 23。

    **正确示例。** “现行有效行政规范性文件23件”。

    **选项。** 无。
    """

    code, name = "C508", "consistency.disclosure-counts"
    summary = "正文文件、决定数量与表二不一致"
    _DOC = r"(?:行政)?规范性文件"
    facts = {
        "normative.made": (rf"(?:制发|印发|出台|制定)(?:了)?{_DOC}", (("normative.made",),)),
        "rules.made": (r"(?:制发|制定|出台)(?:了)?(?:政府)?规章", (("rules.made",),)),
        "normative.repealed": (rf"废止(?:了)?{_DOC}", (("normative.repealed",),)),
        "rules.repealed": (r"废止(?:了)?(?:政府)?规章", (("rules.repealed",),)),
        "normative.valid": (rf"现行有效(?:的)?{_DOC}", (("normative.valid",),)),
        "rules.valid": (r"现行有效(?:的)?(?:政府)?规章", (("rules.valid",),)),
        "licensing": (r"(?:作出|办理|办结)(?:了)?行政许可(?:决定)?(?:事项)?", (("licensing.decisions",),)),
        "penalty": (r"(?:作出|实施|办理)(?:了)?行政处罚(?:决定)?(?:案件)?", (("penalty.decisions",),)),
        "coercion": (r"(?:作出|实施|采取)(?:了)?行政强制(?:措施|决定)?", (("coercion.decisions",),)),
    }
    names = {"normative.made": "表二本年制发的规范性文件", "rules.made": "表二本年制发的规章",
             "normative.repealed": "表二本年废止的规范性文件", "rules.repealed": "表二本年废止的规章",
             "normative.valid": "表二现行有效的规范性文件", "rules.valid": "表二现行有效的规章",
             "licensing": "表二行政许可处理决定数量", "penalty": "表二行政处罚处理决定数量",
             "coercion": "表二行政强制处理决定数量"}


_ALL_NATURAL = re.compile(r"(?:均|全部|都)(?:为|是|系|来自)自然人")


class ApplicantTypes(ClaimRule):
    """正文说申请人都是自然人，表三却有法人或其他组织的申请。

    **检查内容。** “均为自然人申请”等表述，对照一、本年新收的法人或其他组织各列（商业企业……其他），此时必须为 0。

    **原因。** 正文与表三报告的是同样的事实。

    **错误示例。** “均为自然人申请”，本年新收中商业企业为 1。

    **正确示例。** 同样的句子，商业企业为 0。

    **选项。** 无。
    """

    code, name, severity = "C509", "consistency.applicant-types", ERROR
    summary = "正文称申请人均为自然人，但表三有法人或其他组织申请"
    claim = _ALL_NATURAL
    counted = "表三本年新收中法人或其他组织申请为"

    def facts(self, report, said, clause, sentence):
        return ("applications.new.organisations",)


_ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:已)?(?:获得?|被|予以?|得到)?(?:维持|胜诉)")


class AllUpheldClaimed(ClaimRule):
    """正文说案件均获维持，表四却有其他结果。

    **检查内容。** 在关于行政复议或行政诉讼的句子中，“均获维持”“均被维持”“全部维持”“均予维持”等表述，对照句子所说各组的结果纠正、其他结果和尚未审结：
    都必须为 0。

    **原因。** 被纠正或尚未审结的案件与“均获维持”相矛盾；评估会专门指出这一点。

    **错误示例。** “行政复议1件，均获维持”，行政复议尚未审结为 1。

    **正确示例。** 同样的句子，结果维持为 1。

    **选项。** 无。
    """

    code, name, severity = "C510", "consistency.all-upheld-claimed", ERROR
    summary = "正文称复议诉讼均获维持，但表四有纠正或未审结案件"
    claim = _ALL_UPHELD
    counted = "表四结果纠正、其他结果或尚未审结共"

    def facts(self, report, said, clause, sentence):
        return (("review.not-upheld",) if "复议" in sentence else ()) + \
               (("suits.not-upheld",) if "诉讼" in sentence else ())


class FeeAmount(Rule):
    """正文所写行政事业性收费金额与表二第二十条第（八）项不符。

    **检查内容。** “收取行政事业性收费 N万元”（或元），对照修订格式的本年收费金额（单位：万元），折算为万元按所写精度比较。

    **原因。** 正文与表二报告的是同一事实。

    **错误示例。** “行政事业性收费12.5万元”，本年收费金额为 1.25。

    **正确示例。** “行政事业性收费1.25万元”。

    **选项。** 无。
    """

    code, name, severity = "C511", "consistency.fee-amount", ERROR
    summary = "正文行政事业性收费金额与表二第（八）项不一致"

    def check(self, report):
        table = report.fact("fees.amount")  # the revised format's 本年收费金额; the trial format has none
        if table is None:
            return
        cells = report.template.fact("fees.amount")
        written = Decimal(str(table))
        for para in report.paragraphs():
            for stated in amounts(para.text, r"行政事业性收费(?:金额|总额)?"):
                if rounds_to(written, stated.value, stated.decimals) or rounds_to(stated.value, written, 6):
                    continue
                yield self.at(para.span(stated.start, stated.end),
                              f"正文“{stated.text}”与{report.template.cell_label(cells[0])} {plain(written)} 万元不一致",
                              report=report, cells=cells, expected=float(written), actual=float(stated.value),
                              anchor=stated.text)


#: Saying an application is done: concluded (办结, 办理完成) however qualified; answered (答复) only as a claim of
#: completion, not of timeliness (均已按时答复: the carried-forward ones are not yet due, so not late).
_DONE = r"(?:(?:按时|依法|按期|如期|按要求|按规定|在法定期限内)?(?:办结|办理完毕|办理完成|办理完结)|(?:予以|作出)?答复(?:完毕)?)"
_ALL_PROCESSED = re.compile(rf"(?:所有|全部)(?:的)?(?:政府信息公开|依申请公开|信息公开)?申请(?:均|都|全部)?(?:已)?{_DONE}"
                            rf"|(?:均|全部|都)(?:已经?)?{_DONE}|已(?:全部|均){_DONE}")
#: Subjects other than applications that reports also say were all processed (建议提案, 信访, 复议……).
_OTHER_SUBJECT = re.compile(r"建议|提案|复议|诉讼|信访|投诉|举报|留言|咨询|来信|来电|诉求|工单|异议")


def _about_applications(text: str, start: int) -> bool:
    """Whether the claim at ``start`` is about the applications: the nearest subject before it, in its
    sentence, is 申请 (not 建议提案, 信访件, 行政复议……)."""
    sentence = text[max(text.rfind(c, 0, start) for c in "。；;!?！？") + 1:start]
    subjects = [m.end() for m in re.finditer(r"申请(?!人)", sentence)]
    return bool(subjects) and not _OTHER_SUBJECT.search(sentence, subjects[-1])


class AllProcessedClaimed(Rule):
    """正文说所有申请都已办结，却有结转下年度的申请。

    **检查内容。** 关于申请的“所有申请均已办结”“均已按时办结”“全部办结”“已全部答复”等表述（句中最近的主语是申请，而不是
    建议提案、信访或行政复议），对照表三的四、结转下年度继续办理（总计），以及正文自己写出的结转件数
    （“转下一年度办理答复的有 1 件”）：此时两者都必须为 0。

    **原因。** 结转的申请尚未办结，这一说法与数字矛盾。有的报告指“所有到期的申请”，因此是警告。

    **错误示例。** “所有申请均已按要求办理完成”，结转下年度继续办理为 1。

    **正确示例。** “除1件结转下年度办理外，其余申请均已办结”。

    **选项。** 无。
    """

    code, name, severity = "C512", "consistency.all-processed-claimed", WARNING
    summary = "正文称申请均已办结，但有申请结转下年度"

    def check(self, report):
        forward = report.fact("applications.forward")
        stated = [(p, s) for p, s in _statements(report) if s.fact == "forward" and s.figure.value > 0]
        if not forward and not stated:
            return
        count = forward if forward else int(stated[0][1].figure.value)
        source = "表三结转下年度继续办理" if forward else f"正文“{stated[0][1].figure.text}”"
        for para, match, text in phrases(report, _ALL_PROCESSED):
            if re.search(r"除|其余|外", para.text[max(0, match.start() - 12):match.start()]):
                continue
            if not _about_applications(text, match.end()):
                continue
            yield self.at(para.span(match.start(), match.end()),
                          f"正文称“{match.group()}”，但{source}为 {fmt(count)} 件",
                          report=report, cells=report.template.fact("applications.forward") if forward else (),
                          expected=0, actual=count, anchor=match.group())


_OTHER_TIME = re.compile(r"上年|去年|上一年|同比|较|相比|增长|下降|减少|增加|(?:19|20)\d{2}年")


class StatedTwice(Rule):
    """正文两次写同一数量，数字却不同。

    **检查内容。** 正文中对表三或表四同一事实的两次计数（按 consistency.application-counts、outcome-counts 和 review-suit-counts
    的读法：每个数字是所在分句的主语）不一致。可能含或不含上年结转的事实、讲其他年度或变化量的分句不作比较。

    **原因。** 读者无法判断哪个数字正确；其中一个也与表格矛盾，或表格缺失而别无他处能发现。

    **错误示例。** “全年办结申请35件……”，后文又写“共办结申请36件”。

    **正确示例。** 两次写的是同一个数字。

    **选项。** 无。
    """

    code, name, severity = "C513", "consistency.stated-twice", WARNING
    summary = "正文同一数量前后不一致"

    def check(self, report):
        seen: dict[str, tuple] = {}
        alternatives = {fact: len(alts) for rule in StatedFactsRule.__subclasses__()
                        for fact, (_, alts) in rule.facts.items()}
        for para, statement in _statements(report):
            if alternatives.get(statement.fact, 1) > 1:
                continue
            clause = para.text[max(0, para.text.rfind("，", 0, statement.start)):statement.figure.end]
            if _OTHER_TIME.search(fold(clause)):
                continue
            first = seen.setdefault(statement.fact, (para, statement))
            if first[1].figure.value != statement.figure.value:
                line = first[0].span(first[1].start, first[1].figure.end)[0]
                yield self.at(para.span(statement.start, statement.figure.end),
                              f"正文“{statement.figure.text}”与第 {line} 行“{first[1].figure.text}”所述同一数量不一致",
                              expected=int(first[1].figure.value), actual=int(statement.figure.value),
                              anchor=statement.figure.text)
