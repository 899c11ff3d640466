"""Rules on the report's skeleton: the six sections of 条例第五十条, their order, numbering and
wording, the tables each section must hold, and the edition that fits the report year."""
from __future__ import annotations

import re

from disclint.findings import ERROR, WARNING
from disclint.labels import fold
from disclint.numbers import chinese_to_int
from disclint.templates import edition_for_year, load, vocabulary, years_text

from .base import Rule, phrases


def _sections(report):
    """(section AST node, matched template section) for every recognised heading, in order."""
    return [(s, s.heading.section) for s in report.document.sections]


def _official(report):
    return (report.template or load("2021")).sections


class MissingSection(Rule):
    """A required section is missing.

    **What it checks.** Each of the six sections of the national format (一、总体情况 … 六、其他需要报告的事项)
    has a heading in the report. Headings are recognised in their official wording, in known variants and by
    their key words, whatever their number.

    **Why.** 条例第五十条 lists the contents of the annual report, and the format (国办公开办函〔2019〕60号,
    〔2021〕30号) lays them out as six sections: “不能遗漏”.

    **Fails.** A report whose heading ``五、存在的主要问题及改进情况`` was deleted.

    **Passes.** A report with all six headings.

    **Options.** None.
    """

    code, name, severity = "S101", "structure.missing-section", ERROR
    summary = "缺少格式规定的章节"

    def check(self, report):
        found = {m.section.id for _, m in _sections(report)}
        if not report.is_report or report.source.gaps:
            return  # not a report at all (parse.not-a-report), or pages unread (parse.unread-pages)
        cut = report.cut_off()
        cut_off = {s.id for s in cut.missing_sections} if cut else set()  # structure.cut-off reports them
        for section in _official(report):
            if section.id not in found and section.id not in cut_off:
                yield self.at(None, f"缺少第{section.number}部分“{section.number}、{section.title}”", anchor=section.id)


class SectionOrder(Rule):
    """Sections stand out of order.

    **What it checks.** The recognised sections appear in the order 一 to 六.

    **Why.** The format fixes the order of the six sections; readers and reviewers compare reports by it.

    **Fails.** ``四、政府信息公开行政复议、行政诉讼情况`` before ``三、收到和处理政府信息公开申请情况``.

    **Passes.** Sections in the order 一、二、三、四、五、六.

    **Options.** None.
    """

    code, name, severity = "S102", "structure.section-order", ERROR
    summary = "章节顺序与格式不符"

    def check(self, report):
        order = [s.id for s in _official(report)]
        highest = -1
        for node, match in _sections(report):
            position = order.index(match.section.id)
            if position < highest:
                yield self.at(node.heading, f"“{node.heading.text}”应位于第{order[highest][1]}部分之前")
            highest = max(highest, position)


class DuplicateSection(Rule):
    """A section heading appears twice.

    **What it checks.** Each of the six sections has one heading.

    **Why.** A repeated heading usually means pasted text from another report or a renumbered local section.

    **Fails.** Two headings ``六、其他需要报告的事项``.

    **Passes.** One heading per section.

    **Options.** None.
    """

    code, name, severity = "S107", "structure.duplicate-section", WARNING
    summary = "章节重复出现"

    def check(self, report):
        seen = {}
        for node, match in _sections(report):
            if match.section.id in seen:
                yield self.at(node.heading, f"第{match.section.number}部分“{match.section.title}”重复出现"
                                            f"（第一次在第 {seen[match.section.id]} 行）")
            else:
                seen[match.section.id] = node.heading.line


class SectionNumbering(Rule):
    """A section heading carries the wrong number.

    **What it checks.** The heading of the n-th section of the format is numbered with the n-th Chinese
    numeral followed by “、” (``三、收到和处理政府信息公开申请情况``).

    **Why.** The format numbers the six sections 一 to 六; local templates that insert sections and renumber
    the rest, or typing slips such as ``三是``, make reports impossible to compare.

    **Fails.** ``五、其他需要报告的事项`` (section 六 numbered 五); ``三是收到和处理政府信息公开申请情况``.

    **Passes.** ``六、其他需要报告的事项``.

    **Options.** None.
    """

    code, name, severity = "S103", "structure.section-numbering", WARNING
    summary = "章节序号不符合格式"

    def check(self, report):
        for node, match in _sections(report):
            expected = f"{match.section.number}、"
            if match.numeral is None:
                yield self.at(node.heading, f"章节标题缺少序号，应为“{expected}{match.section.title}”",
                              expected=expected, actual="")
            elif match.numeral != match.section.number or match.separator != "、":
                written = f"第{match.numeral}部分" if match.separator == "部分" else match.numeral + (match.separator or "")
                yield self.at(node.heading, f"章节序号应为“{expected}”，实为“{written}”", expected=expected, actual=written)


class HeadingWording(Rule):
    """A section heading is not in the official wording.

    **What it checks.** Headings are written as in the format. Known variants (e.g. ``存在的主要问题及整改措施``),
    headings recognised only by their key words, and the official wording with a typing slip of one or two
    characters (``四、政府信息公开行政法复议、行政诉讼情况``) are that section, with this warning.
    The wording of 条例第五十条 for section 五 (``政府信息公开工作存在的主要问题及改进情况``) is accepted silently.

    **Why.** The format prints the headings; a reworded heading is a sign of an outdated or local template.

    **Fails.** ``五、存在的主要问题及整改措施``.

    **Passes.** ``五、存在的主要问题及改进情况``.

    **Options.** None.
    """

    code, name, severity = "S104", "structure.heading-wording", WARNING
    summary = "章节标题措辞与格式不符"
    fixable = True

    def check(self, report):
        for node, match in _sections(report):
            if match.quality in ("variant", "keywords", "slip"):
                official = f"{match.section.number}、{match.section.title}"
                yield self.at(node.heading, f"章节标题应为“{official}”，实为“{node.heading.text}”",
                              expected=match.section.title, actual=node.heading.text, fix=official)


class EditionMismatch(Rule):
    """The tables follow a format edition that does not apply to the report year.

    **What it checks.** Reports for 2019 and 2020 use the trial format (国办公开办函〔2019〕60号); reports
    for 2021 and later use the revised format (国办公开办函〔2021〕30号). The edition is detected from the
    table headers and labels, the year from the title.

    **Why.** The revised format replaced the trial one from report year 2021: a 2022 report on the 2019
    tables lacks 现行有效件数, 本年收费金额 and the three （六）其他处理 rows.

    **Fails.** A report titled ``2022年…年度报告`` with the columns 本年新制作数量/本年新公开数量.

    **Passes.** A 2022 report with 本年制发件数/本年废止件数/现行有效件数.

    **Options.** None.
    """

    code, name, severity = "S105", "structure.edition-mismatch", ERROR
    needs = ("report", "template", "year")
    summary = "表格格式版本与报告年度不符"

    def check(self, report):
        if report.template.covers(report.year):
            return
        evidence = report.year_piece or report.title
        applies = edition_for_year(report.year)
        if applies is None:
            return  # a year before the 条例's formats: nothing applies
        right = load(applies)
        yield self.at(evidence, f"{report.year}年度报告应使用{right.instrument}（{right.years}）格式，"
                                f"表格却使用{report.template.instrument}格式",
                      report=report, expected=applies, actual=report.edition)


class MissingTable(Rule):
    """A table of the format is missing.

    **What it checks.** Section 二 holds one sub-table per item of 条例第二十条 in the edition (（一）（五）（六）
    （八）, and （九） in the trial format); sections 三 and 四 hold their tables. A table counts as present
    when its caption, header or any of its row labels is found. When a whole section is missing (heading
    and tables), structure.missing-section reports it once.

    **Why.** The tables are the statistical core of the report; an omitted table cannot be compared or checked.

    **Fails.** Section 二 without the block ``第二十条第（八）项``.

    **Passes.** Every sub-table present (even if all zero).

    **Options.** None.
    """

    code, name, severity = "S106", "structure.missing-table", ERROR
    needs = ("report", "template")
    summary = "缺少格式规定的表格"

    def check(self, report):
        if report.source.gaps:
            return  # the table may stand on a page that could not be read: parse.unread-pages says so
        headings = {s.heading.section.section.id: s.heading for s in report.document.sections}
        present = {t.section for t in report.template.tables.values() if report.tables.get(t.id) is not None}
        for table in report.template.tables.values():
            if report.tables.get(table.id) is not None:
                continue
            if table.section not in headings and table.section not in present:
                continue  # the whole section is missing: structure.missing-section says so once
            name = table.caption or next(s.title for s in report.template.sections if s.id == table.section)
            yield self.at(headings.get(table.section), f"缺少表格“{name}”", anchor=table.id)


def _section_text(report, section_id) -> str | None:
    """The narrative of a section joined (None when the section is missing)."""
    if not any(s.heading.section.section.id == section_id for s in report.document.sections):
        return None
    return "".join(p.text for p in report.paragraphs(section_id))


class EmptyProblemsSection(Rule):
    """Section 五 says nothing, or only “无”.

    **What it checks.** ``五、存在的主要问题及改进情况`` has text, and more than “无”/“暂无”.

    **Why.** 条例第五十条第（四）项 requires the report to state the main problems of the disclosure work and
    how they were improved; every agency has something to report here.

    **Fails.** ``五、存在的主要问题及改进情况`` followed by ``无。``.

    **Passes.** A paragraph on the problems and the measures taken.

    **Options.** None.
    """

    code, name, severity = "S108", "structure.empty-problems-section", ERROR
    summary = "第五部分“存在的主要问题及改进情况”为空或仅写“无”"

    def check(self, report):
        text = _section_text(report, "s5")
        if text is not None and len(re.sub(r"[\s。.,，;；:：无暂]", "", text)) == 0:
            node = next(s for s in report.document.sections if s.heading.section.section.id == "s5")
            yield self.at(node.heading, "第五部分应写明政府信息公开工作存在的主要问题及改进情况（条例第五十条第（四）项），"
                                        f"实为“{text or '（空）'}”")


class ProcessingFee(Rule):
    """A section does not state what its edition requires it to (the 信息处理费 in section 六).

    **What it checks.** The statements an edition file requires of a section (``statements:``). The revised
    format's: ``六、其他需要报告的事项`` mentions the 信息处理费 collected under 《政府信息公开信息处理费管理办法》
    (国办函〔2020〕109号), or that none was collected.

    **Why.** Every revised-format report examined states it; readers and evaluators look for it. The
    format's exact wording was not retrieved, so this is a warning.

    **Fails.** Section 六 reading only “无。”.

    **Passes.** “本年度未收取信息处理费。”; “收取信息处理费共计380元。”

    **Options.** None.
    """

    code, name, severity = "S109", "structure.processing-fee", WARNING
    summary = "第六部分未说明信息处理费收取情况"

    needs = ("report", "template")

    def check(self, report):
        for statement in report.template.statements:
            text = _section_text(report, statement.section)
            if text is not None and not re.search(statement.pattern, text):
                node = next(s for s in report.document.sections if s.heading.section.section.id == statement.section)
                section = node.heading.section.section
                yield self.at(node.heading, f"第{section.number}部分应说明{statement.says}", anchor=statement.id)


_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}、[^，。；：,.;:！？!?]{2,18}$")


class ExtraSection(Rule):
    """A numbered heading that is not one of the six sections stands among them.

    **What it checks.** Under ``一、总体情况``, a short line numbered like a section (``二、工作机制保障``) that is
    not one of the format's headings. Local templates insert such sections after 一 and renumber the rest.

    **Why.** The format has six sections (条例第五十条); other matters belong in ``六、其他需要报告的事项``.
    Inserted sections push the required ones out of their numbers.

    **Fails.** ``二、工作机制保障`` between ``一、总体情况`` and the section on proactive disclosure.

    **Passes.** The same text as ``（二）工作机制保障`` under 一, or in section 六.

    **Options.** None.
    """

    code, name, severity = "S110", "structure.extra-section", WARNING
    summary = "格式规定之外的章节"

    def check(self, report):
        for section in report.document.sections:
            if section.heading.section.section.id != "s1":
                continue  # inserted sections follow 一; inside the tables such lines are broken labels
            for block in section.blocks:
                if getattr(block, "type", None) == "TEXT" and _NUMBERED_HEADING.match(re.sub(r"\s+", "", block.text)):
                    yield self.at(block, f"“{block.text}”不是格式规定的章节；格式只有六个部分，其他事项应写入"
                                         "“六、其他需要报告的事项”")


class CutOff(Rule):
    """The report ends inside a table: the rest of the table and the later sections are missing.

    **What it checks.** A report whose text stops part-way through a table (web excerpts and conversions
    often stop inside table 三), so that the table's last rows and every later section are absent. It is
    reported once, on the last row found, naming the rows and sections missing after it (and the last
    row's values when they are incomplete); those rows and sections are not reported one by one.

    **Why.** 条例第五十条 requires every part of the report: a cut report is incomplete, whatever its cause.

    **Fails.** A copy that ends after ``（一）予以公开`` and its values.

    **Passes.** The whole report.

    **Options.** None.
    """

    code, name, severity = "S111", "structure.cut-off", ERROR
    needs = ("report", "template")
    summary = "报告在表格中途中断，其后内容缺失"

    def check(self, report):
        cut = report.cut_off()
        if cut is None or report.source.gaps:
            return
        rows = cut.missing_rows
        sections = "、".join(s.number for s in cut.missing_sections)
        parts = f"及第{sections}部分" if sections else ""
        shape = next((s for s in report.shapes if s.label is cut.last), None)
        extra = f"；最后一行有 {len(shape.values)} 个数值（应有 {shape.expected} 个），也不完整" if shape else ""
        yield self.at(cut.last, f"报告在{cut.table.name}“{cut.table.row(cut.last_row).name}”行之后中断：缺少其后全部 "
                                f"{len(rows)} 行（“{rows[0].name}”至“{rows[-1].name}”）{parts}，报告不完整"
                                f"（可能是复制或转换时截断）{extra}",
                      expected=len(cut.table.rows), actual=len(cut.table.rows) - len(rows), anchor=f"{cut.table.id}.tail")


_PARTS = re.compile(r"(?:共|包括|分为|由|含)[^。；]{0,120}?(?:等)?([一二三四五六七八九十]|\d{1,2})\s*个?\s*部分")


class StatedPartCount(Rule):
    """The introduction counts the report's parts wrongly.

    **What it checks.** A sentence such as “本报告包括总体情况、……等六个部分” before the first section or in
    section 一: the format has six parts.

    **Why.** The count is copied from another template or was not updated when sections were merged or
    added; it tells the reader the report is built differently from the format.

    **Fails.** “本报告分为总体情况、……等五个部分”.

    **Passes.** “…等六个部分”.

    **Options.** None.
    """

    code, name, severity = "S112", "structure.stated-part-count", WARNING
    summary = "引言所述报告部分数与格式不符"

    def check(self, report):
        for para in report.paragraphs():
            if para.section not in (None, "s1"):
                continue
            for match in _PARTS.finditer(fold(para.text)):
                written = match.group(1)
                count = int(written) if written.isdigit() else chinese_to_int(written)
                if count != len(_official(report)):
                    yield self.at(para.span(match.start(1), match.end()),
                                  f"引言称本报告共{written}个部分，格式规定为六个部分（条例第五十条）",
                                  expected=6, actual=count, anchor=match.group())
            return  # the introduction is the first paragraphs; one such sentence is read


_INSTRUMENT = re.compile(r"国办公开办函\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,3})\s*号")


class CitedFormat(Rule):
    """The report cites the other edition's notice as its format.

    **What it checks.** The notice a report names (国办公开办函〔2019〕60号 for the trial format, 〔2021〕30号 for
    the revised one) is the one whose format applies to its year: a 2023 report citing 〔2019〕60号, or a 2020
    report citing 〔2021〕30号 (issued in September 2021), is built on the wrong format or the wrong year.

    **Why.** From report year 2021 the revised format replaced the trial one; citing the old notice is the
    usual trace of last years' template.

    **Fails.** “根据国办公开办函〔2019〕60号要求，编制本报告” in the 2023 report.

    **Passes.** “…国办公开办函〔2021〕30号…” in the 2023 report.

    **Options.** None.
    """

    code, name, severity = "S113", "structure.cited-format", WARNING
    needs = ("report", "year")
    summary = "引用的年度报告格式文件与报告年度不符"

    def check(self, report):
        applies = edition_for_year(report.year)
        if applies is None:
            return
        notices = {}
        for edition, instrument in vocabulary().instruments.items():
            match = _INSTRUMENT.search(instrument)
            notices[(match.group(1), match.group(2))] = edition
        right = load(applies).instrument
        for para, match, _ in phrases(report, _INSTRUMENT):
            edition = notices.get((match.group(1), match.group(2)))
            if edition is not None and edition != applies:
                shown = para.text[match.start():match.end()]
                yield self.at(para.span(match.start(), match.end()),
                              f"{report.year}年度报告引用了{shown}（{years_text(*vocabulary().years[edition])}适用的格式），应依据{right}",
                              expected=right, actual=shown, anchor=shown)
