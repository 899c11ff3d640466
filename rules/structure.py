"""Rules on the report's skeleton: the six sections of 条例第五十条, their order, numbering and
wording, the tables each section must hold, and the edition that fits the report year."""
from __future__ import annotations

import re

from disclint.editions import edition_for_year, load, vocabulary, years_text
from disclint.findings import ERROR, WARNING
from disclint.labels import fold
from disclint.numbers import chinese_to_int
from disclint.rule import Rule, phrases


def _sections(report):
    """(section AST node, matched template section) for every recognised heading, in order."""
    return [(s, s.heading.section) for s in report.document.sections]


def _official(report):
    return (report.template or load("2021")).sections


class MissingSection(Rule):
    """缺少必备的章节。

    **检查内容。** 全国统一格式的六个章节（一、总体情况 …… 六、其他需要报告的事项）在报告中都有标题。标题按规范措辞、
    已知的变体和关键词识别，不论编号如何。副本在中途中断时，其后缺失的各章节由 structure.cut-off 报告一次。规范标题
    （``一、总体情况``）写在文中却与前后文字连在一起、无法作为标题读出的（爬虫副本），不算缺少。

    **原因。** 《条例》第五十条规定了年度报告的内容，年报格式（国办公开办函〔2019〕60号、〔2021〕30号）把它们排为六个部分，
    不能遗漏。

    **错误示例。** 删去了标题 ``五、存在的主要问题及改进情况`` 的报告。

    **正确示例。** 六个标题齐全的报告。

    **选项。** 无。
    """

    code, name, severity = "S101", "structure.missing-section", ERROR
    summary = "缺少格式规定的章节"

    def check(self, report):
        found = {m.section.id for _, m in _sections(report)}
        if not found or report.source.gaps:
            return  # no section at all (parse.no-sections, or parse.not-a-report), or pages unread (parse.unread-pages)
        cut = report.cut_off()
        cut_off = {s.id for s in cut.missing_sections} if cut else set()  # structure.cut-off reports them
        text = None
        for section in _official(report):
            if section.id not in found and section.id not in cut_off:
                heading = f"{section.number}、{section.title}"
                text = fold("".join(report.source.lines)) if text is None else text
                if heading in text:
                    continue  # written, but run into other text where it could not be read as a heading (a crawl)
                yield self.at(None, f"缺少第{section.number}部分“{heading}”", anchor=section.id)


class SectionOrder(Rule):
    """章节顺序错乱。

    **检查内容。** 识别出的章节按一至六的顺序出现。

    **原因。** 格式规定了六个部分的顺序；读者和评估人员据此比较各份报告。

    **错误示例。** ``四、政府信息公开行政复议、行政诉讼情况`` 排在 ``三、收到和处理政府信息公开申请情况`` 之前。

    **正确示例。** 章节按一、二、三、四、五、六排列。

    **选项。** 无。
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
    """同一章节标题出现两次。

    **检查内容。** 六个章节各只有一个标题。

    **原因。** 重复的标题通常说明粘贴了其他报告的文字，或地方章节重新编了号。

    **错误示例。** 两个 ``六、其他需要报告的事项``。

    **正确示例。** 每个章节一个标题。

    **选项。** 无。
    """

    code, name, severity = "S107", "structure.duplicate-section", WARNING
    summary = "章节重复出现"

    def check(self, report):
        seen: dict[str, int] = {}  # section id → the line it first stands on
        for node, match in _sections(report):
            if match.section.id in seen:
                yield self.at(node.heading, f"第{match.section.number}部分“{match.section.title}”重复出现"
                                            f"（第一次在第 {seen[match.section.id]} 行）")
            else:
                seen[match.section.id] = node.heading.line


class SectionNumbering(Rule):
    """章节标题的序号不对。

    **检查内容。** 格式第 n 个章节的标题以第 n 个中文数字加“、”编号（``三、收到和处理政府信息公开申请情况``）。

    **原因。** 格式把六个部分编为一至六；地方模板插入章节后重排其余序号，或误打成 ``三是``，都会使报告无法比较。

    **错误示例。** ``五、其他需要报告的事项``（第六部分编为五）；``三是收到和处理政府信息公开申请情况``。

    **正确示例。** ``六、其他需要报告的事项``。

    **选项。** 无。
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
    """章节标题不是规范措辞。

    **检查内容。** 标题按格式书写。已知的变体（如 ``存在的主要问题及整改措施``）、只能凭关键词识别的标题，以及规范措辞中错打
    一两个字的标题（``四、政府信息公开行政法复议、行政诉讼情况``）都按该章节识别，并给出此警告。第五部分采用《条例》第五十条
    的措辞（``政府信息公开工作存在的主要问题及改进情况``）不予报告。

    **原因。** 标题由格式规定；改写的标题往往说明使用了过时的或地方的模板。

    **错误示例。** ``五、存在的主要问题及整改措施``。

    **正确示例。** ``五、存在的主要问题及改进情况``。

    **选项。** 无。
    """

    code, name, severity = "S104", "structure.heading-wording", WARNING
    summary = "章节标题措辞与格式不符"
    fixable = True

    def check(self, report):
        for node, match in _sections(report):
            if match.quality in ("variant", "keywords", "slip"):
                official = f"{match.section.number}、{match.section.title}"
                yield self.at(node.heading, f"章节标题应为“{official}”，实为“{node.heading.text}”",
                              expected=official, actual=node.heading.text, fix=official)


class EditionMismatch(Rule):
    """表格所用的格式版本不适用于报告年度。

    **检查内容。** 2019、2020 年度报告使用试行格式（国办公开办函〔2019〕60号）；2021 年度起使用修订格式（国办公开办函
    〔2021〕30号）。版本由表头和行标签识别，年度由标题识别。

    **原因。** 自 2021 年度起修订格式取代试行格式：用 2019 年表格编制的 2022 年度报告缺少现行有效件数、本年收费金额和
    “（六）其他处理”的三行。

    **错误示例。** 标题为 ``2022年…年度报告``、表格列为本年新制作数量/本年新公开数量的报告。

    **正确示例。** 列为本年制发件数/本年废止件数/现行有效件数的 2022 年度报告。

    **选项。** 无。
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
    """缺少格式中的某张表格。

    **检查内容。** 第二部分按该版本《条例》第二十条的各项各有一张分表（（一）（五）（六）（八），试行格式另有（九））；
    第三、四部分各有其表格。找到表名、表头或任一行标签即视为表格存在。整个章节（标题和表格）都缺失时，由
    structure.missing-section 报告一次；副本在中途中断、其后的表格都缺失时，由 structure.cut-off 报告一次。

    **原因。** 表格是报告的统计核心；遗漏的表格无法比较和核对。

    **错误示例。** 第二部分没有 ``第二十条第（八）项`` 一块。

    **正确示例。** 各分表齐全（即使全为 0）。

    **选项。** 无。
    """

    code, name, severity = "S106", "structure.missing-table", ERROR
    needs = ("report", "template")
    summary = "缺少格式规定的表格"

    def check(self, report):
        if report.source.gaps:
            return  # the table may stand on a page that could not be read: parse.unread-pages says so
        cut = report.cut_off()
        headings = {s.match.section.id: s.heading for s in report.document.sections}
        present = {t.section for t in report.template.tables.values() if report.tables.get(t.id) is not None}
        for table in report.template.tables.values():
            if report.tables.get(table.id) is not None:
                continue
            if table.section not in headings and table.section not in present:
                continue  # the whole section is missing: structure.missing-section says so once
            if cut is not None and table in cut.missing_tables:
                continue  # the copy stops before it: structure.cut-off says so once
            name = table.caption or next(s.title for s in report.template.sections if s.id == table.section)
            yield self.at(headings.get(table.section), f"缺少表格“{name}”", anchor=table.id)


def _section_text(report, section_id) -> str | None:
    """The narrative of a section joined (None when the section is missing)."""
    if not any(s.match.section.id == section_id for s in report.document.sections):
        return None
    return "".join(p.text for p in report.paragraphs(section_id))


class EmptyProblemsSection(Rule):
    """第五部分没有内容，或只写“无”。

    **检查内容。** ``五、存在的主要问题及改进情况`` 下有文字，且不只是“无”“暂无”。

    **原因。** 《条例》第五十条第（四）项要求报告政府信息公开工作存在的主要问题及改进情况；每个单位都有可写的内容。

    **错误示例。** ``五、存在的主要问题及改进情况`` 之后只有 ``无。``。

    **正确示例。** 一段写明问题和所采取措施的文字。

    **选项。** 无。
    """

    code, name, severity = "S108", "structure.empty-problems-section", ERROR
    summary = "第五部分“存在的主要问题及改进情况”为空或仅写“无”"

    def check(self, report):
        text = _section_text(report, "s5")
        cut = report.cut_off()
        if cut is not None and cut.section.id == "s5":
            return  # the copy stops in 五: its text may go on after the cut (structure.cut-off)
        if text is not None and len(re.sub(r"[\s。.,，;；:：无暂]", "", text)) == 0:
            node = next(s for s in report.document.sections if s.match.section.id == "s5")
            yield self.at(node.heading, "第五部分应写明政府信息公开工作存在的主要问题及改进情况（条例第五十条第（四）项），"
                                        f"实为“{text or '（空）'}”")


class ProcessingFee(Rule):
    """某章节没有写明其格式版本要求写明的内容（第六部分的信息处理费）。

    **检查内容。** 版本文件（``statements:``）对章节提出的说明要求。修订格式要求：``六、其他需要报告的事项`` 说明按
    《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况，或写明未收取。

    **原因。** 所见的修订格式报告都写明这一点，读者和评估人员也会查找它；格式原文未能取得，因此是警告。

    **错误示例。** 第六部分只写“无。”。

    **正确示例。** “本年度未收取信息处理费。”；“收取信息处理费共计380元。”

    **选项。** 无。
    """

    code, name, severity = "S109", "structure.processing-fee", WARNING
    summary = "第六部分未说明信息处理费收取情况"

    needs = ("report", "template")

    def check(self, report):
        for statement in report.template.statements:
            text = _section_text(report, statement.section)
            if text is not None and not re.search(statement.pattern, text):
                node = next(s for s in report.document.sections if s.match.section.id == statement.section)
                section = node.match.section
                yield self.at(node.heading, f"第{section.number}部分应说明{statement.says}", anchor=statement.id)


_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}、[^，。；：,.;:！？!?]{2,18}$")


class ExtraSection(Rule):
    """六个章节之间夹着一个不属于格式的编号标题。

    **检查内容。** 在 ``一、总体情况`` 之下，像章节那样编号的短行（``二、工作机制保障``），却不是格式中的标题。地方模板常在
    第一部分之后插入这类章节并把其余章节顺延编号。

    **原因。** 格式有六个部分（《条例》第五十条）；其他事项应写在 ``六、其他需要报告的事项``。插入的章节会打乱必备章节的序号。

    **错误示例。** ``一、总体情况`` 与主动公开一节之间的 ``二、工作机制保障``。

    **正确示例。** 同样的文字写作第一部分下的 ``（二）工作机制保障``，或写在第六部分。

    **选项。** 无。
    """

    code, name, severity = "S110", "structure.extra-section", WARNING
    summary = "格式规定之外的章节"

    def check(self, report):
        for section in report.document.sections:
            if section.match.section.id != "s1":
                continue  # inserted sections follow 一; inside the tables such lines are broken labels
            for block in section.blocks:
                if getattr(block, "type", None) == "TEXT" and _NUMBERED_HEADING.match(re.sub(r"\s+", "", block.text)):
                    yield self.at(block, f"“{block.text}”不是格式规定的章节；格式只有六个部分，其他事项应写入"
                                         "“六、其他需要报告的事项”")


class CutOff(Rule):
    """报告在中途中断：其后的行、表格和章节都缺失（副本不完整）。

    **检查内容。** 文字在报告完成之前结束：已有的是报告的前一部分（某一章节的文字中、某张表格的表头或某一行之后），其后的
    行、表格和章节一个也没有。网页摘录、下载不全或格式转换常在第一部分的文字中或表二、表三中途截断。只在文字结束处报告
    一次（在表格中是找到的最后一行），写明中断的位置和其后缺失的章节、表格和行（最后一行数值不全时也写明）；这些章节、
    表格和行不再逐一报告，中断的那一行和那张表格也不按空白报告。第六部分已有的报告不算中断；止于第五部分的报告也在此报告，
    写明缺少第六部分（截断的副本与缺少第六部分的报告无法区分）。文字以落款日期（``2024年1月19日``）结束的是完整的报告，
    不算中断。中间缺少某一部分而其后各部分俱在的，以及以落款日期结束而缺少某部分的，由 structure.missing-section 报告。

    **原因。** 《条例》第五十条要求报告各个部分：被截断的报告不完整，无论原因如何。

    **错误示例。** 在表三 ``（一）予以公开`` 及其数值之后就结束的副本；只有 ``一、总体情况`` 的一段文字的网页摘录。

    **正确示例。** 完整的报告。

    **选项。** 无。
    """

    code, name, severity = "S111", "structure.cut-off", ERROR
    needs = ("report",)
    reports_the_cut = True
    summary = "报告在中途中断，其后内容缺失"

    def check(self, report):
        cut = report.cut_off()
        if cut is None:
            return
        section, table = cut.section, cut.table
        if table is None:
            where = f"第{section.number}部分“{section.number}、{section.title}”中"
        elif cut.last_row:
            where = f"{table.name}“{table.row(cut.last_row).name}”行之后"
        else:
            where = f"{table.name}中" if table.label_less else f"{table.name}的表头之后"
        missing = []
        rows = cut.missing_rows
        if rows:
            some = f"其后全部 {len(rows)} 行" if cut.last_row else f"全部 {len(rows)} 行"
            missing.append(f"{some}（“{rows[0].name}”至“{rows[-1].name}”）" if len(rows) > 1 else f"“{rows[0].name}”行")
        own = [t.name for t in cut.missing_tables if t.section == section.id]
        if own:
            missing.append("、".join(own))
        later = cut.missing_sections
        if later:
            first, end = later[0], later[-1]
            missing.append(f"第{first.number}部分“{first.title}”" + (f"至第{end.number}部分“{end.title}”" if len(later) > 1 else ""))
        lost = report.lost_lines()
        shape = None if lost is not None and table in lost.tables else \
            next((s for s in report.shapes if cut.stops_in(s.table, s.row_id)), None)  # values lost, not cut: T218
        extra = f"；最后一行有 {len(shape.values)} 个数值（应有 {shape.expected} 个），也不完整" if shape else ""
        counted = table is not None and not table.label_less  # rows of the table: expected, and reached
        listed = "，".join(missing[:-1]) + "及" + missing[-1] if len(missing) > 1 else missing[0]
        yield self.at(cut.last, f"报告在{where}中断：缺少{listed}，报告不完整（可能是复制或转换时截断）{extra}",
                      expected=len(table.rows) if counted else None, actual=cut.rows_reached if counted else None,
                      anchor=f"{table.id}.tail" if table else f"{section.id}.tail")


_PARTS = re.compile(r"(?:共(?!和国)|包括|分为|由|含)([^。；;]{0,200}?)(等)?\s*([一二三四五六七八九十]|\d{1,2})\s*个?\s*(?:部分|方面)")
#: The sentence is about the report itself (not 报告期内, the period it covers).
_ABOUT_REPORT = re.compile(r"本报告|全文|本文|年度报告(?:由|共|包括|分为|主要)")


class StatedPartCount(Rule):
    """引言中说的报告部分数不对，或与它列出的部分对不上。

    **检查内容。** 第一个章节之前或第一部分中说明报告结构的句子（“本报告由总体情况、……等六部分组成”“全文共六部分”“分为六个方面”）：
    所说的部分数应为格式的六个部分；句中列出部分名称（以“、”分隔）时，列出的项数应等于所说的部分数。列出的比所说的多（某项重复
    列出，或列了格式之外的部分），或列到最后一部分（其他需要报告的事项）却比所说的少（漏了一部分），都是警告；只列前几项再用“等”
    概括的，不算漏列。

    **原因。** 部分数照抄自其他模板，或合并、增加章节后未更新；它告诉读者这份报告的结构与格式不同。

    **错误示例。** “本报告分为总体情况、……等五个部分”；“本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、
    存在问题及改进情况、其他需要报告的事项等六部分组成”（只列五项，漏了行政复议、行政诉讼情况）。

    **正确示例。** “本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、
    存在的主要问题及改进情况、其他需要报告的事项等六部分组成”。

    **选项。** 无。
    """

    code, name, severity = "S112", "structure.stated-part-count", WARNING
    summary = "引言所述报告部分数与格式或所列部分不符"

    def check(self, report):
        sections = _official(report)
        for para in report.paragraphs():
            if para.section not in (None, "s1"):
                return  # the introduction is before the second part
            text = fold(para.text)
            for match in _PARTS.finditer(text):
                sentence = text[max(text.rfind(c, 0, match.start()) for c in "。；;") + 1:match.start()]
                if not _ABOUT_REPORT.search(sentence + text[match.start():match.start() + 3]):
                    continue
                written = match.group(3)
                count = int(written) if written.isdigit() else chinese_to_int(written)
                if count is None:
                    continue  # not a number after all: nothing sure to say
                problem = _listed_problem(_listed(match.group(1)), count, sections)
                if count != len(sections):
                    message = f"引言称本报告共{written}个部分，格式规定为六个部分（条例第五十条）" + (f"；{problem}" if problem else "")
                elif problem:
                    message = f"引言称本报告共{written}个部分，{problem}"
                else:
                    return
                yield self.at(para.span(match.start(), match.end()), message, expected=len(sections), actual=count,
                              anchor=match.group())
                return  # one sentence states the report's structure


def _listed(text: str) -> list[str]:
    """The part names a structure sentence lists, separated by 、（“由A、B、C等” → A, B, C), or none."""
    text = re.split(r"由|包括|分为|[:：]", text)[-1]  # the list proper, after the last word introducing it
    text = re.sub(r"(?:共|计|这|等)\s*$", "", text.strip())
    names = [n.strip(" “”\"") for n in re.split(r"[、，,]", text)]
    return names if len(names) > 1 and all(names) else []


def _matches(name: str, section) -> bool:
    return name == section.title or any(all(word in name for word in group) for group in section.keywords)


def _listed_problem(names: list[str], count: int, sections) -> str:
    """What is wrong with the names listed against the count stated, or "" (nothing, or nothing sure).

    A name split at a 、 inside it (政府信息公开行政复议、行政诉讼情况) is one name: two neighbours that name
    no part alone, and a part together, are joined. More names than the count is a finding; fewer only
    when the list runs to the last part (a list cut short by 等 is an abbreviation) and each name is one
    part (A和B may name two)."""
    if not names:
        return ""
    joined, index = [], 0
    while index < len(names):
        name = names[index]
        after = names[index + 1] if index + 1 < len(names) else None
        if after is not None and not any(_matches(n, s) for n in (name, after) for s in sections) \
                and any(_matches(f"{name}、{after}", s) for s in sections):
            name, index = f"{name}、{after}", index + 1
        joined.append(name)
        index += 1
    parts = [[s for s in sections if _matches(name, s)] for name in joined]
    if len(joined) > count:
        seen: set[str] = set()
        extra = []
        for name, found in zip(joined, parts, strict=True):
            if len(found) != 1 or found[0].id in seen:
                extra.append(name)
            seen.update(s.id for s in found)
        named = "、".join(f"“{n}”" for n in extra) or "其中一项"
        return f"却列出了{_numeral(len(joined))}项（{named}重复列出或不是格式规定的部分）"
    if len(joined) < count and parts[-1] == [sections[-1]] and all(len(found) == 1 for found in parts):
        listed = {found[0].id for found in parts}
        missing = "、".join(f"“{s.number}、{s.title}”" for s in sections if s.id not in listed)
        return f"却只列出{_numeral(len(joined))}项" + (f"（缺少{missing}）" if missing else "")
    return ""


def _numeral(value: int) -> str:
    return "一二三四五六七八九十"[value - 1] if 1 <= value <= 10 else str(value)


_INSTRUMENT = re.compile(r"国办公开办函\s*[〔\[【(﹝]\s*(\d{4})\s*[〕\]】)﹞]\s*第?\s*(\d{1,3})\s*号")


class CitedFormat(Rule):
    """报告引用了另一版本的通知作为其格式依据。

    **检查内容。** 报告所写的通知（试行格式为国办公开办函〔2019〕60号，修订格式为〔2021〕30号，括号写作〔〕[]()【】均可）应是
    适用于其年度的格式：2023 年度报告引用〔2019〕60号，或 2020 年度报告引用〔2021〕30号（2021年9月印发），说明用错了格式或写错
    了年度。看不出年度的报告（摘录、缺标题），与其表格所用的格式比较；表格本身就用了所引用的旧格式时，由
    structure.edition-mismatch 报告，此处不重复。

    **原因。** 自 2021 年度起修订格式取代了试行格式；引用旧通知通常是沿用往年模板的痕迹。

    **错误示例。** 2023 年度报告中的“根据国办公开办函〔2019〕60号要求，编制本报告”。

    **正确示例。** 2023 年度报告中的“……国办公开办函〔2021〕30号……”。

    **选项。** 无。
    """

    code, name, severity = "S113", "structure.cited-format", WARNING
    summary = "引用的年度报告格式文件与报告年度不符"

    def check(self, report):
        if report.year is not None:
            applies, whose = edition_for_year(report.year), f"{report.year}年度报告"
        else:  # no year: the edition its tables were recognised as (the binder picks none when unsure)
            applies = report.edition if report.template else None
            whose = f"表格按{years_text(*vocabulary().years[applies])}适用的格式填写的报告" if applies else ""
        if applies is None:
            return
        notices = {}
        for edition, instrument in vocabulary().instruments.items():
            if match := _INSTRUMENT.search(instrument):
                notices[(match.group(1), match.group(2))] = edition
        right = load(applies).instrument
        for para, match, _ in phrases(report, _INSTRUMENT):
            cited = notices.get((match.group(1), match.group(2)))
            if cited == report.edition != applies:
                continue  # the tables follow the notice cited: structure.edition-mismatch reports the format
            if cited is not None and cited != applies:
                shown = para.text[match.start():match.end()]
                yield self.at(para.span(match.start(), match.end()),
                              f"{whose}引用了{shown}（{years_text(*vocabulary().years[cited])}适用的格式），应依据{right}",
                              expected=right, actual=shown, anchor=shown)
