"""Rules over a pair: this year's report against last year's report of the same agency.

A pair rule sees two sides (linter/pairs.py: cells and sentences of each report, with their places in each
file), never one report alone, so the engine does not run it on a file: the pairing stage does, once per
pair (``disclint check --previous``, or reports of one agency in consecutive years in a batch). Findings
are placed in this year's file and carry the place in last year's file as a related location. The
relations between the two years' cells are declared in the editions (``previous_year``), so
reports of different editions pair on the cells they share.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from disclint.editions import load
from disclint.findings import ERROR, WARNING, CellRef, Related
from disclint.rule import Option, Rule, declare, fmt

if TYPE_CHECKING:  # the pairing's types, for annotations only: the pairing module loads when a run pairs
    from disclint.pairs import Place, Sentence


class PairRule(Rule):
    """A rule over two years of one agency: ``check_pair`` instead of ``check``."""

    needs = ("pair",)
    relation: str = ""      # the rule name of the editions' relations it reports, if any

    def applies(self, report) -> bool:
        return False  # never on one report alone: the pairing stage calls check_pair

    def check_pair(self, this, previous, exact: bool) -> Iterator:
        raise NotImplementedError

    def measure(self, this, previous) -> float | None:
        """What the rule measures of the pair beside its findings, for scorecards (coverage ``measures``);
        None: nothing, or not measurable on this pair."""
        return None

    def place(self, where, message: str, *, cells=(), related=(), expected=None, actual=None,
              severity: str | None = None, anchor: str = ""):
        """A finding at a place of this year's file (pairs.Place), citing cells of it."""
        finding = self.at(where.span, message, cells=cells,
                          expected=expected, actual=actual, severity=severity, anchor=anchor)
        return finding._replace(place=where.place, page=where.page, related=tuple(related))

    # -- relations declared in the editions ---------------------------------------------------------

    def broken(self, this, previous):
        """(relation, this year's terms, last year's terms) for each relation of this rule that both reports
        can state and that does not hold; a term is (sign, cell id, value, place)."""
        if this.edition is None or previous.edition is None:
            return  # a report whose tables could not be read (or an old format's) states no relation
        template = load(this.edition)
        for relation in template.relations:
            if relation.rule != self.relation:
                continue
            mine = [(sign, c, *this.cells.get(c, (None, None))) for sign, c in relation.this]
            theirs = [(sign, c, *previous.cells.get(c, (None, None))) for sign, c in relation.previous]
            if any(value is None for _, _, value, _ in mine + theirs):
                continue  # a side lacks the cell (its edition has none) or leaves it blank: the table rules'
            if _total(mine) != _total(theirs):
                yield relation, mine, theirs

    def other(self, previous, cell: str, value, where: Place, label: str) -> Related:
        """The related location of a cell of last year's report."""
        spot = where.place or f"第 {where.span.line} 行"
        return Related(previous.path, *where.span,
                       f"上年报告（{previous.year}年度）{spot}：{label}为 {fmt(value)}", where.place, where.page,
                       cell, value, label)


def _total(terms) -> float:
    return sum(sign * value for sign, _, value, _ in terms)


def _exactly(value):
    """A sum of counts as a count (1.0 → 1), amounts as they are."""
    return int(value) if float(value).is_integer() else round(value, 4)


def _file(side) -> str:
    return f"上年报告（{side.path}，{side.year}年度）"


class CarryOver(PairRule):
    """本年“二、上年结转”与同一单位上年报告的“四、结转下年度继续办理”不一致。

    **检查内容。** 表三每一列（自然人……总计）：结转到本年的申请（二、上年结转政府信息公开申请数量）等于上年报告结转出去的申请
    （四、结转下年度继续办理），见 docs/formats.md H1。它在一对报告上运行：``--previous FILE``，或同一批中同一单位相邻年度的两份
    报告。不一致的各列合为一条问题，放在本年第一个不一致的单元格上，上年的单元格作为关联位置。

    **原因。** 这是同一个数字，一年结束时和下一年开始时各数一次；两份报告不一致，必有一份有误（问题不判断是哪一份：请两份都核对）。

    **级别。** 两份报告确属同一单位时（用 ``--previous`` 指定，或名称相同）为错误；仅凭名称的简称配对（二郎镇与重庆市合川区二郎镇），
或名称不带行政区划（城关镇，各地都有）而两份报告不在同一目录时，为警告。

    **错误示例。** 2023 年：结转下年度继续办理 自然人 3；2024 年：上年结转 自然人 5。

    **正确示例。** 2023 年：3；2024 年：3。

    **选项。** 无。
    """

    code, name, severity, relation = "Y101", "pair.carry-over", ERROR, "carry-over"
    summary = "本年“上年结转”与上年报告“结转下年度继续办理”不一致"

    def check_pair(self, this, previous, exact):
        broken = list(self.broken(this, previous))
        if not broken:
            return
        template, before = load(this.edition), load(previous.edition)
        mine = [terms[0] for _, terms, _ in broken]
        theirs = [terms[0] for _, _, terms in broken]
        table = template.table_of(mine[0][1])
        row = table.row(mine[0][1].rsplit(".", 2)[1]).name
        their_row = before.table_of(theirs[0][1]).row(theirs[0][1].rsplit(".", 2)[1]).name
        columns = "，".join(f"“{template.columns_by_cell[m[1]].label}”列本年 {fmt(m[2])}、上年 {fmt(t[2])}"
                           for m, t in zip(mine, theirs))
        message = (f"{table.name}“{row}”行与{_file(previous)}“{their_row}”行不一致：{columns}。"
                   "本年的上年结转应等于上年的结转下年度继续办理，请核对两份报告中哪一份有误")
        related = [self.other(previous, t[1], t[2], t[3], before.cell_label(t[1])) for t in theirs]
        yield self.place(mine[0][3], message, cells=[CellRef(m[1], m[3].span.line) for m in mine], related=related,
                         expected=theirs[0][2], actual=mine[0][2], severity=None if exact else WARNING)


class _Follows(PairRule):
    """A relation whose first cell this year follows from last year's cells and this year's others."""

    excuse: ClassVar[str]  # what the message adds: why the two years may differ after all

    def check_pair(self, this, previous, exact):
        template, before = load(this.edition), load(previous.edition)
        for _, mine, theirs in self.broken(this, previous):
            (_, target, actual, where), others = mine[0], mine[1:]
            expected = _exactly(_total(theirs) - _total(others))
            terms = [(sign, f"上年报告“{before.columns_by_cell[c].label}”", v) for sign, c, v, _ in theirs]
            terms += [(-sign, f"“{template.columns_by_cell[c].label}”", v) for sign, c, v, _ in others]
            formula = "".join(("" if k == 0 and sign > 0 else " + " if sign > 0 else " − ") + f"{label} {fmt(v)}"
                              for k, (sign, label, v) in enumerate(terms))
            message = (f"{template.cell_label(target)}为 {fmt(actual)}，按{_file(previous)}推算应为 {fmt(expected)}"
                       f"（{formula}）。{self.excuse}")
            related = [self.other(previous, c, v, w, before.cell_label(c)) for _, c, v, w in theirs]
            yield self.place(where, message, cells=[CellRef(c, w.span.line) for _, c, _, w in mine], related=related,
                             expected=expected, actual=actual)


class Stock(_Follows):
    """规章或行政规范性文件的现行有效件数，与上年现行有效件数及本年制发、废止件数不符。

    **检查内容。** 表二第二十条第（一）项，规章和行政规范性文件各自：本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数
    （docs/formats.md H2；两年都为修订格式）。与 pair.carry-over 一样在一对同一单位的报告上运行。

    **原因。** 存量由上一期存量加上增加、减去减少得出。它也会因表格没有列出的正当原因变化（文件到期失效、清理、修订），所以这是给出
    数字的警告：请在正文说明差异，或更正表格。

    **错误示例。** 2023 年：现行有效 698；2024 年：制发 77，废止 132，现行有效 470（698 + 77 − 132 = 643）。

    **正确示例。** 2024 年：现行有效 643。

    **选项。** 无。
    """

    code, name, severity, relation = "Y102", "pair.stock", WARNING, "stock"
    summary = "现行有效件数与上年现行有效件数及本年制发、废止件数不符"
    excuse = "若有文件到期失效、清理或修订，请在正文说明"


class PreviousCount(_Follows):
    """试行格式：上一年项目数量与上年报告的“上一年项目数量 + 本年增/减”不符。

    **检查内容。** 试行格式（2019、2020 年度报告）表二第二十条第（五）（六）（八）项各行：本年的上一年项目数量 = 上年报告的上一年项目
    数量 + 本年增/减（docs/formats.md H5）。与 pair.carry-over 一样在一对同一单位的报告上运行。

    **原因。** 上年的事项数加上上年的增减，就是本年的“上一年项目数量”。事项目录在两次报告之间也会调整，因此是警告。

    **错误示例。** 2019 年：行政许可 上一年项目数量 120，本年增/减 −8；2020 年：上一年项目数量 120（应为 112）。

    **正确示例。** 2020 年：上一年项目数量 112。

    **选项。** 无。
    """

    code, name, severity, relation = "Y103", "pair.previous-count", WARNING, "previous-count"
    summary = "上一年项目数量与上年报告的上一年项目数量加本年增/减不符"
    excuse = "请核对两份报告"


class Repetition(PairRule):
    """本年报告正文的大部分与上年报告相同（年份和数字除外）。

    **检查内容。** 本年正文的句子（第一至六部分；不含表格、标题，也不含每份报告都要写的句子：统计期限、编制依据、信息处理费、联系方式），
    去掉年份和数字后，与同一单位上年报告的句子比较。按字数计算相同的比例；超过 ``threshold`` 时给出警告，写明比例和最长的一段连续相同
    的句子，放在该处，并指出它在上年报告中的位置。少于 ``min_chars`` 字的正文不作比较（小单位每年确实只有几句话可写）。

    **原因。** 年度报告是本年度工作的总结；省级考核对正文过半照抄上年、只改年份的报告扣分。

    **错误示例。** 2024 年的“总体情况”是 2023 年的原文，只把 2023 改成了 2024。

    **正确示例。** 2024 年的正文写 2024 年的工作。

    **选项。** ``threshold``（百分比，默认 50），``min_chars``（默认 200）。
    """

    code, name, severity = "Y104", "pair.repetition", WARNING
    summary = "本年报告正文大部分与上年报告相同"
    measures = "本年正文与上年报告相同文字所占的百分比"
    options = declare(Option("threshold", (int, float), 50, "重复文字所占百分比超过此值时报告"),
                      Option("min_chars", int, 200, "正文少于此字数时不比较"))

    def _repeated(self, this, previous) -> tuple[float, list[bool], dict[str, Sentence]] | None:
        """(share repeated, whether each sentence is, last year's sentences by key); None without a narrative."""
        counted = sum(len(s.key) for s in this.sentences)
        if not counted:
            return None
        before: dict[str, Sentence] = {}
        for sentence in previous.sentences:
            before.setdefault(sentence.key, sentence)
        repeated = [s.key in before for s in this.sentences]
        return sum(len(s.key) for s, r in zip(this.sentences, repeated) if r) / counted, repeated, before

    def measure(self, this, previous):
        """The percentage of this year's narrative repeated from last year's, however short it is (a scorecard
        sets its own condition; ``min_chars`` spares short texts this rule's finding only)."""
        found = self._repeated(this, previous)
        return None if found is None else found[0] * 100

    def check_pair(self, this, previous, exact):
        found = self._repeated(this, previous)
        if found is None or sum(len(s.key) for s in this.sentences) < self.number("min_chars"):
            return
        share, repeated, before = found
        if share * 100 <= self.number("threshold"):
            return
        best, run = (0, 0, 0), None  # (characters, first, last) of the longest run of repeated sentences
        for index, r in enumerate(repeated):
            joins = run is not None and this.sentences[index].section == this.sentences[index - 1].section
            run = (run if joins else index) if r else None
            if run is not None:
                size = sum(len(s.text) for s in this.sentences[run:index + 1])
                best = max(best, (size, -run, index))
        size, first, last = best[0], -best[1], best[2]
        start, end = this.sentences[first], this.sentences[last]
        theirs = before[start.key]
        excerpt = start.text if len(start.text) <= 30 else start.text[:30] + "…"
        spot = theirs.where.place or f"第 {theirs.where.span.line} 行"
        message = (f"本年报告正文有 {share * 100:.0f}% 的文字（不计年份、数字和每年都要写的固定表述）与{_file(previous)}"
                   f"相同，超过 {fmt(self.number('threshold'))}%；最长的一段相同文字共 {last - first + 1} 句 {size} 字，"
                   f"自“{excerpt}”起（上年报告{spot}）。年度报告应写本年度的工作")
        where = start.where._replace(span=start.where.span._replace(end_line=end.where.span.end_line,
                                                                     end_column=end.where.span.end_column)) \
            if end.where.place is None else start.where
        related = [Related(previous.path, *theirs.where.span, f"上年报告（{previous.year}年度）{spot}：“{excerpt}”",
                           theirs.where.place, theirs.where.page)]
        yield self.place(where, message, related=related, anchor=start.key[:40])
