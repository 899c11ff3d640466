"""Rules on the report's metadata: its publication date and the document numbers it cites."""
from __future__ import annotations

import datetime as dt
import re

from disclint.findings import ERROR, WARNING
from disclint.labels import HAN, fold
from disclint.lexer import TITLE, Piece
from disclint.metadata import TITLE_YEAR, agency_kind, clean_title
from disclint.rule import Rule, phrases


class LatePublication(Rule):
    """报告晚于法定期限公开。

    **检查内容。** 报告的公开日期（网页或文件的发布日期/发布时间/公开日期/成文日期；没有时用报告落款日期；从不使用爬虫的采集时间、
    抓取时间或网站的时钟；问题中写明所用的日期），对照《条例》第四十九条：县级以上人民政府部门应于报告年度次年1月31日前公开本部门
    的年度报告；县级以上人民政府（以辖区命名，如某某市、某某区人民政府）的总体年度报告应于3月31日前公开。无法判断单位类型时，以及
    期限由地方规定的乡镇、街道，按1月31日以警告报告。

    **原因。** 未按时公开是国办公开办函〔2021〕30号“（四）明确责任”要求问责的情形之一。

    **错误示例。** 某局的 2020 年度报告于 2021-02-12 公开。

    **正确示例。** 于 2021-01-12 公开。

    **选项。** 无。
    """

    code, name, severity = "M601", "meta.late-publication", ERROR
    needs = ("report", "year", "published")
    summary = "报告发布时间晚于法定期限"

    def check(self, report):
        kind = agency_kind(report.agency)
        deadline = dt.date(report.year + 1, 3 if kind == "government" else 1, 31)
        if report.published <= deadline:
            return
        who = {"government": "县级以上人民政府年度报告应于", "department": "政府部门年度报告应于",
               "township": "乡镇、街道的发布时限由地方规定，按部门时限应于"}.get(kind or "", "无法判断报告主体，按部门时限应于")
        yield self.at(report.published_piece,
                      f"{report.published_source} {report.published.isoformat()} 晚于法定期限：{who}{deadline.year}年"
                      f"{deadline.month}月31日前公开（条例第四十九条）", severity=ERROR if kind in ("government", "department") else WARNING,
                      expected=deadline.isoformat(), actual=report.published.isoformat())


_DOC_NUMBER = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,5}\s*号")
_CANDIDATE = re.compile(rf"({HAN}{{1,12}})[〔\[［【(（]\s*(\d[\d ]*)(?:([〕\]］】)）])\s*(\d{{0,5}}))?\s*号")
class MalformedDocumentNumber(Rule):
    """引用的发文字号格式错误。

    **检查内容。** 正文引用的发文字号写作 ``机关代字〔年份〕序号号``（GB/T 9704）：方括号内四位年份，其后是序号。缺少括号使年份与序号
    连在一起（``米府办发〔202049号``）、年份不是四位、缺少序号，都会报告。

    **原因。** 残缺的发文字号无法查找，是编辑在发布前想看到的录入错误。

    **错误示例。** ``（米府办发〔202049号）``。

    **正确示例。** ``（米府办发〔2020〕49号）``；``国办公开办函〔2021〕30 号``。

    **选项。** 无。
    """

    code, name, severity = "M602", "meta.malformed-document-number", ERROR
    summary = "发文字号格式错误"
    fixable = True

    def check(self, report):
        for para, match, text in phrases(report, _CANDIDATE):
            if _DOC_NUMBER.match(text, match.end(1)):
                continue
            agency, digits, closing, serial = match.groups()
            digits = digits.replace(" ", "")
            fixed = None
            if not closing and not serial and len(digits) > 4 and digits[:2] in ("19", "20"):
                fixed = f"{agency}〔{digits[:4]}〕{digits[4:]}号"  # the closing bracket was lost
            shown = para.text[match.start():match.end()]
            hint = f"，应为“{fixed}”" if fixed else "，应为“机关代字〔四位年份〕序号号”"
            yield self.at(para.span(match.start(), match.end()), f"发文字号“{shown}”格式错误{hint}",
                          expected=fixed, actual=shown, anchor=shown, fix=fixed)


_OFFICIAL = "政府信息公开工作年度报告"
_TITLE_YEAR = re.compile(rf"({TITLE_YEAR})年(度)?")
#: a space between two Han characters (a space beside a digit, ``2024 年``, is a converter's spacing)
_INNER_SPACE = re.compile(rf"(?<={HAN})[ \t\u3000\xa0]+(?={HAN})")
_TRAILING_NOTE = re.compile(r"[（(][^（()）]*[）)]$")


def title_problems(title: str, spacing: bool = True) -> list[str]:
    """What is wrong with a report's title, in words (empty when it is right): it names the agency, the report
    year, and 政府信息公开工作年度报告 exactly once, without a stray space inside (``spacing``: when the copy
    keeps the author's spaces, which text extracted from a PDF does not; a title spaced out letter by letter
    is a style, not a stray space)."""
    text = re.sub(r"\s+", "", fold(title))
    year = _TITLE_YEAR.search(text)
    start = text.find("政府信息公开")
    tail = _TRAILING_NOTE.sub("", text[start:]) if start >= 0 else ""
    problems = []
    if start >= 0 and not text[:start].replace(year.group() if year else "", "", 1):
        problems.append("未写明单位名称")
    if year is None:
        problems.append("未写明报告年度")
    if tail == _OFFICIAL:
        if year and year.group(2):
            problems.append("“年度”重复")
    elif tail == "政府信息公开工作报告":
        problems.append("“年度”应在“工作”之后" if year and year.group(2) else "缺“年度”")
    elif tail == "政府信息公开年度报告":
        problems.append("缺“工作”")
    elif sorted(tail) == sorted(_OFFICIAL):
        problems.append(f"“{tail}”字序颠倒")
    else:
        problems.append("不是规定的名称")
    gaps = len(_INNER_SPACE.findall(fold(title)))
    if spacing and 0 < gaps <= max(1, len(re.findall(HAN, text)) // 4):
        problems.append("中间有空格")
    return problems


class TitleWording(Rule):
    """报告没有可识别的标题，或标题不是“单位名称××××年政府信息公开工作年度报告”。

    **检查内容。** 报告自己的标题行（不是网页的“名称:”“标题:”键、面包屑导航或“栏目:”；单位名称单独印在上一行时与下一行合为一个
    标题）写明单位名称、报告年度和“政府信息公开工作年度报告”：缺“年度”、缺“工作”、“年度”写在“工作”之前、“年度”重复、
    字序颠倒、汉字之间夹空格、没有年份、没有单位名称，都报告一次，并写出应有的标题。副本只有标题而未识别出章节时也检查标题。

    **原因。** 标题说明报告属于哪个单位、哪一年；《条例》第四十九条、第五十条称之为“政府信息公开工作年度报告”。

    **错误示例。** ``某某镇人民政府2019年政府信息公开工作报告``（缺“年度”）；``某某局2023年政府信息公开年度报告``（缺“工作”）；
    ``某某街道2022年度 政府信息公开工作年度报告``（“年度”重复、夹空格）；``某某局政府信息公开工作年度报告``（没有年份）；
    第一行就是章节的报告（可能是从标题之后开始的摘录）。

    **正确示例。** ``某某镇人民政府2019年政府信息公开工作年度报告``；``2024 年某某局政府信息公开工作年度报告``（数字旁的空格
    不报告）。爬虫的 ``标题:`` 键、网页标题后附的网站名（``……年度报告-某某局``）和面包屑导航不属于标题。

    **选项。** 无。
    """

    code, name, severity = "M603", "meta.title-wording", WARNING
    needs = ()
    summary = "报告标题缺失或措辞不规范"

    def check(self, report):
        if report.several:
            return  # parse.several-reports
        if not report.is_report:
            if report.title is not None and len(_titles(report)) == 1:
                yield from self._wording(report)  # a copy with the report's title and no part read: the title is
            return                                # all there is to check (a page listing several reports is none)
        if report.title is None:
            yield self.at(None, "未找到报告标题：标题应为“单位名称××××年政府信息公开工作年度报告”"
                                "（如是从标题之后开始的摘录，可忽略）", anchor="no-title")
            return
        yield from self._wording(report)

    def _wording(self, report):
        problems = title_problems(report.title_text, spacing=report.source.kind != "pdf")
        if problems:
            expected = f"{report.agency or '单位名称'}{report.year or '××××'}年{_OFFICIAL}"
            yield self.at(report.title, f"标题“{report.title_text}”：{'、'.join(problems)}，应为“{expected}”",
                          expected=expected, actual=report.title_text)


def _titles(report) -> set[str]:
    """The distinct titles printed before the first section (a crawler's ``标题:`` key repeating the title is
    the same title)."""
    return {re.sub(r"\s+", "", clean_title(b.text)) for b in report.document.front
            if isinstance(b, Piece) and b.type == TITLE}


_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期间|统计时间|统计区间|所列数据)[^。；]{0,12}?(?:自|为|从)?\s*"
                     r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:起)?\s*(?:至|到|—|-|～|~)\s*"
                     r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")


class StatisticalPeriod(Rule):
    """所写统计期限不是报告年度的自然年。

    **检查内容。** “本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止”这类表述写的是报告年度的1月1日至12月31日。

    **原因。** 报告反映公开前一个自然年的情况（docs/formats.md §1，第四十九条）；照抄往年的期限或只写部分年份，会让每个数字都可疑。

    **错误示例。** 2023 年度报告中的“统计期限自2022年1月1日起至2022年12月31日止”。

    **正确示例。** “……自2023年1月1日起至2023年12月31日止”。

    **选项。** 无。
    """

    code, name, severity = "M604", "meta.statistical-period", ERROR
    needs = ("report", "year")
    summary = "统计期限与报告年度不符"

    def check(self, report):
        year = report.year
        for para, match, text in phrases(report, _PERIOD):
            y1, m1, d1, y2, m2, d2 = match.groups()
            if (int(y1), int(m1), int(d1), int(y2 or y1), int(m2), int(d2)) != (year, 1, 1, year, 12, 31):
                stated = text[match.start(1):match.end()]
                yield self.at(para.span(match.start(1), match.end()),
                              f"统计期限应为{year}年1月1日至{year}年12月31日，实为“{stated}”",
                              expected=f"{year}-01-01/{year}-12-31", actual=stated, anchor=match.group())


#: a year before 年: four digits, or three that begin as this era's years do (``202年``, a digit lost); a longer
#: number is never a year (``46290000471年``: figures of a table run into a 年), nor one of three digits else
#: (``600年``)
_DATE_LIKE = re.compile(r"(?<!\d)(\d{4}|(?:19|20)\d)年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")
#: a year run into its month, 年 lost: ``20201月1日``, ``202012月31日`` (four digits of the year, then the month)
_RUN_IN = re.compile(r"(?<![\d.])((?:19|20)\d{2})(1[0-2]|0?[1-9])月(?:(\d{1,2})日)?")


class MalformedDate(Rule):
    """正文中的日期不可能存在，或年份与月份连在一起缺了“年”。

    **检查内容。** 年份为四位（不是 ``202年``；多于四位的数字不是年份，不当作日期），月份 1–12，日期在该月中存在（不是 ``2月30日``）；年份与月份之间有“年”
    （不是 ``20201月1日``）。后一种只在连写的四位年份是报告年度或其前后一年、且月份日期存在时报告（更长的数字串不是年份，
    表格中的数字不在正文中）；同一报告中多处这样写，只在第一处报告一次，并列出其余各处。``2020.1.1``、``2020-01-01`` 这类写法不报告。

    **原因。** 错误的日期是编辑在发布前想看到的录入错误；统计期限中缺“年”的日期会让读者无法确认统计期间。

    **错误示例。** “202年”“2023年13月”“2023年2月30日”；2020 年度报告中的“统计期限自20201月1日起至202012月31日止”。

    **正确示例。** “2023年12月31日”；“自2020年1月1日起至2020年12月31日止”。

    **选项。** 无。
    """

    code, name, severity = "M605", "meta.malformed-date", ERROR
    summary = "日期格式错误或日期不存在"

    def check(self, report):
        for para, match, _ in phrases(report, _DATE_LIKE):
            year, month, day = match.group(1), match.group(2), match.group(3)
            problem = None
            if len(year) != 4:
                problem = f"年份“{year}”不是四位数"
            elif month and not 1 <= int(month) <= 12:
                problem = f"月份“{month}”不存在"
            elif day:
                try:
                    dt.date(int(year), int(month), int(day))
                except ValueError:
                    problem = f"日期“{match.group()}”不存在"
            if problem:
                yield self.at(para.span(match.start(), match.end()), f"日期“{match.group()}”有误：{problem}",
                              actual=match.group(), anchor=match.group())
        if report.year is not None:
            yield from self._run_in(report)

    def _run_in(self, report):
        """Dates whose year runs into the month, on one line: a year of the report's time (the report year, the
        year before or the year it is published in) and a month and day that exist; anything else is no date
        to correct. One finding, at the first, for the habit of writing them so: the others are named in it."""
        found = []
        for para, match, _ in phrases(report, _RUN_IN):
            year, month, day = match.group(1), int(match.group(2)), match.group(3)
            if abs(int(year) - report.year) > 1 or para.piece_at(match.start()) is not para.piece_at(match.end() - 1):
                continue  # not the report's time; or digits of one line run into the month of the next
            try:
                dt.date(int(year), month, int(day or 1))
            except ValueError:
                continue
            fixed = f"{year}年{month}月" + (f"{int(day)}日" if day else "")
            found.append((para.span(match.start(), match.end()), para.text[match.start():match.end()], fixed))
        if not found:
            return
        (span, written, fixed), others = found[0], found[1:]
        more = "、".join(f"{_where(report, where)}“{text}”" for where, text, _ in others)
        yield self.at(span, f"日期“{written}”有误：年份与月份之间缺“年”，应为“{fixed}”" +
                      (f"（{more}同样缺“年”）" if more else ""), expected=fixed, actual=written, anchor=written)


def _where(report, span) -> str:
    """A place named in a message, as the editor finds it in the file (a line, or a Word paragraph, a page)."""
    line, column = span[:2]
    return report.source.map.place(line, column) or f"第{report.source.map.position(line, column)[0]}行"


_LEADING_YEAR = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]\s*)?(\d{4})\s*年度?\s*[，,、]")
#: a year opening a sentence or clause of the body: ``2024年，我局共主动公开…``, ``…。2024年制作…``
_CLAUSE_YEAR = re.compile(r"(?:^|[。；;!！]|[（(][一二三四五六七八九十\d]+[)）])\s*((?:19|20)\d{2})\s*年(度)?\s*[，,]?")
#: what makes the year a reference, not the time of what the sentence states: a date, a period or a point of
#: time (以来, 底…), a document or report of that year, a comparison, a plan, a citation
_REFERENCE_AFTER = re.compile(r"^(?:\d{1,2}\s*月|以来|来|底|初|末|前|后|起|至|之前|之后|以前|的|第|上半年|下半年|报告|年报|"
                              r"工作要点|政务公开工作要点|同期)")
_REFERENCE_IN = re.compile(r"相比|相较|较|同比|环比|比上年|上年|去年|增长|减少|下降|上升|持平|增加|分别|将|计划|拟|预计|力争|《|"
                           r"报告|要点|规划|方案|本年|今年|结转|延续|跨年")
#: a statement of the year's own work with its figure: 公开…120条, 受理…5件
_STATED_FIGURE = re.compile(r"(?:公开|发布|制作|制发|受理|收到|接收|接到|办理|答复|更新|新增|处理|举办|开展|组织)"
                            r"[^，,。；;]{0,20}?\d+\s*(?:条|件|篇|次|项|份|个|期|场)")


class OtherYear(Rule):
    """正文中写本年度工作的句子，年份不是报告年度。

    **检查内容。** 第一至四部分中：以往年年份开头的段落（2023 年度报告中的“2022年，我局坚持……”）；以其他年份（不是报告年度及其下一年）开头、写本单位
    工作数字的句子（2025 年度报告中的“2024年，我局共主动公开政府信息120条”“……。2024年制作政策解读5篇”）。每段只报告一次。
    年份是引用时不报告：日期（“2024年12月31日”）、统计期限的起点、“2021年以来”“2024年底”、文件和报告（《……2022年……要点》、
    “2024年度报告”）、比较（“与2024年相比”“较上年”）、计划（“将”“计划”），以及同一句中也写了本年度的。报告年度的下一年
    （计划、发布时间）不报告。第五、六部分回顾上一年问题的整改，不检查。

    **原因。** 这是把往年报告只改标题年份就重新发布的最常见痕迹：读者会把往年的数字当作本年的。无法确定时不报告，因此是警告。

    **错误示例。** 2023 年度报告中的“2022年，我局坚持……”；2025 年度报告中的“2024年，我局共主动公开政府信息120条。”

    **正确示例。** “2025年，我局共主动公开政府信息120条，较2024年增加10条。”

    **选项。** 无。
    """

    code, name, severity = "M606", "meta.other-year", WARNING
    needs = ("report", "year")
    summary = "正文写本年度工作的年份不是报告年度"

    def check(self, report):
        for para in report.paragraphs():
            if para.section not in ("s1", "s2", "s3", "s4"):
                continue
            text = fold(para.text)
            finding = self._leading(report, para, text) or self._stated(report, para, text)
            if finding is not None:
                yield finding

    def _leading(self, report, para, text):
        """A paragraph that opens with an earlier year (``2022年，我局坚持…``)."""
        match = _LEADING_YEAR.match(text)
        if match and int(match.group(1)) not in (report.year, report.year + 1):
            return self.at(para.span(match.start(1), match.end(1) + 1),
                           f"本报告为{report.year}年度，此段以“{match.group(1)}年”开头（可能沿用了往年报告的文字）",
                           expected=report.year, actual=int(match.group(1)), anchor=para.text[:20])
        return None

    def _stated(self, report, para, text):
        """A sentence that opens with another year and states the work of a year with its figure."""
        for match in _CLAUSE_YEAR.finditer(text):
            year = int(match.group(1))
            sentence = re.split(r"[。；;!！]", text[match.end():], maxsplit=1)[0]
            if year in (report.year, report.year + 1) or _REFERENCE_AFTER.match(sentence) or _REFERENCE_IN.search(sentence) \
                    or f"{report.year}年" in sentence or not _STATED_FIGURE.search(sentence):
                continue
            shown = para.text[match.start(1):match.end() + min(len(sentence), 16)]
            return self.at(para.span(match.start(1), match.end(1) + 1),
                           f"本报告为{report.year}年度，此句写的是{year}年的工作数字：“{shown}…”（可能沿用了往年报告的文字）",
                           expected=report.year, actual=year, anchor=shown)
        return None


class HeaderYear(Rule):
    """表头说明中写的年份不对。

    **检查内容。** 省级模板在表二表头后附加的说明会写年份：``上一年项目数量(指2019年事项数)`` 应写报告年度的上一年，
    ``本年增/减(指2020年…)`` 和 ``处理决定数量(指2020年办件量)`` 应写报告年度。

    **原因。** 表头中残留往年模板的年份，说明表格（或标题）没有更新。

    **错误示例。** 2020 年度报告中的 ``上一年项目数量(指2018年事项数)``。

    **正确示例。** ``上一年项目数量(指2019年事项数)``。

    **选项。** 无。
    """

    code, name, severity = "M607", "meta.header-year", ERROR
    needs = ("report", "year")
    summary = "表头注释中的年份与报告年度不符"

    def check(self, report):
        for pieces in report.headers.values():
            for piece in pieces:
                text = fold(piece.text)
                expected = report.year - 1 if text.startswith("上一年") else report.year
                for match in re.finditer(r"(\d{4})年", text):
                    if int(match.group(1)) != expected:
                        yield self.at(piece, f"表头“{piece.text}”中的年份应为{expected}年，实为{match.group(1)}年",
                                      expected=expected, actual=int(match.group(1)))


_MEASURES = re.compile(r"整改措施|改进措施|下一步|今后|下一年度|明年")


class MeasuresYear(Rule):
    """第五部分的改进措施写的是报告年度本身。

    **检查内容。** 在 ``五、存在的主要问题及改进情况`` 中，“整改措施”“改进措施”“下一步”之后，写本单位在报告年度内采取行动的句子
    （2023 年度报告中的“2023年我局加大……”）：改进措施应着眼于下一年。

    **原因。** 沿用往年报告的文字会保留往年的计划只改年份，或年份没有更新；无论哪种，读者看到的年份都不对。因此是警告。

    **错误示例。** 2023 年度报告中的“（二）整改措施。……2023年我局加大贯彻落实……”。

    **正确示例。** “（二）整改措施。2024年，我局将加大……”。

    **选项。** 无。
    """

    code, name, severity = "M608", "meta.measures-year", WARNING
    needs = ("report", "year")
    summary = "整改措施写的是报告年度"

    def check(self, report):
        year = report.year
        dated = re.compile(rf"{year}年(?:度)?(?!以来|底|初|末|度?报告|度?工作|的|存在)[，,]?\s*"
                           r"(?=我|本|将|要|继续|进一步|加大|加强|着力|持续|全面|重点)")
        for para in report.paragraphs("s5"):
            text = fold(para.text)
            measures = _MEASURES.search(text)
            if measures is None:
                continue
            for match in dated.finditer(text, measures.end()):
                yield self.at(para.span(match.start(), match.start() + len(str(year)) + 1),
                              f"第五部分的{measures.group()}写“{para.text[match.start():match.end() + 4]}…”：本报告为"
                              f"{year}年度，整改措施应是{year + 1}年的打算", expected=year + 1, actual=year,
                              anchor=para.text[match.start():match.end() + 4])
