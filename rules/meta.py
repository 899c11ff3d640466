"""Rules on the report's metadata: its publication date and the document numbers it cites."""
from __future__ import annotations

import datetime as dt
import re

from disclint.findings import ERROR, WARNING
from disclint.labels import HAN, fold
from disclint.metadata import agency_kind

from .base import Rule, phrases


class LatePublication(Rule):
    """The report was published after the statutory deadline.

    **What it checks.** The report's publication date (the page's or document's 发布日期/发布时间/公开日期/成文日期,
    failing that the date the report is signed with; never a crawler's 采集时间/抓取时间 or a site's clock; the
    finding says which date it used) against 条例第四十九条:
    a department of a 县级以上 government publishes its report by 31 January of the year after the report
    year; the report of a 县级以上 people's government as a whole (titled by its jurisdiction, e.g. 某某市,
    某某区人民政府) by 31 March. When the kind of agency cannot be told — and for 乡镇/街道, whose deadline
    local notices set — 31 January is applied as a warning.

    **Why.** Late publication is one of the failures 国办公开办函〔2021〕30号 “（四）明确责任” holds people to
    account for.

    **Fails.** A 2020 report of a 局 published 2021-02-12.

    **Passes.** Published 2021-01-12.

    **Options.** None.
    """

    code, name, severity = "M601", "meta.late-publication", ERROR
    needs = ("report", "year")
    summary = "报告发布时间晚于法定期限"

    def check(self, report):
        if report.published is None:
            return
        kind = agency_kind(report.agency)
        deadline = dt.date(report.year + 1, 3 if kind == "government" else 1, 31)
        if report.published <= deadline:
            return
        who = {"government": "县级以上人民政府年度报告应于", "department": "政府部门年度报告应于",
               "township": "乡镇、街道的发布时限由地方规定，按部门时限应于"}.get(kind, "无法判断报告主体，按部门时限应于")
        yield self.at(report.published_piece,
                      f"{report.published_source} {report.published.isoformat()} 晚于法定期限：{who}{deadline.year}年"
                      f"{deadline.month}月31日前公开（条例第四十九条）", severity=ERROR if kind in ("government", "department") else WARNING,
                      expected=deadline.isoformat(), actual=report.published.isoformat())


_DOC_NUMBER = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,5}\s*号")
_CANDIDATE = re.compile(rf"({HAN}{{1,12}})[〔\[［【(（]\s*(\d[\d ]*)(?:([〕\]］】)）])\s*(\d{{0,5}}))?\s*号")
class MalformedDocumentNumber(Rule):
    """A cited document number (发文字号) is malformed.

    **What it checks.** Document numbers cited in the text are written ``机关代字〔年份〕序号号`` (GB/T 9704):
    a four-digit year in brackets, then the serial number. A missing bracket that runs the year into the
    serial number (``米府办发〔202049号``), a year of other than four digits, or a missing serial number is
    reported.

    **Why.** A broken document number cannot be looked up; it is a typing error an editor wants to see.

    **Fails.** ``（米府办发〔202049号）``.

    **Passes.** ``（米府办发〔2020〕49号）``; ``国办公开办函〔2021〕30 号``.

    **Options.** None.
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


class TitleWording(Rule):
    """The report has no recognisable title, or its title is not “…年政府信息公开工作年度报告”.

    **What it checks.** Before the first section there is a title naming the agency, the year and
    “政府信息公开工作年度报告”.

    **Why.** The title tells which agency and which year the report covers; 条例第四十九条 and 第五十条 call it
    the 政府信息公开工作年度报告.

    **Fails.** ``某某镇人民政府2019年政府信息公开工作报告`` (缺“年度”); ``某某局2023年政府信息公开年度报告``
    (缺“工作”); a report whose first line is a section.

    **Passes.** ``某某镇人民政府2019年政府信息公开工作年度报告``; ``…2019年度政府信息公开工作年度报告``. A crawler's
    ``标题:`` key and a site name appended to the page title (``…年度报告-某某局``) are not part of the title.

    **Options.** None.
    """

    code, name, severity = "M603", "meta.title-wording", WARNING
    summary = "报告标题缺失或措辞不规范"

    def check(self, report):
        if not report.document.sections:
            return
        if report.title is None:
            yield self.at(None, "未找到报告标题（应为“××××年政府信息公开工作年度报告”）", anchor="no-title")
            return
        title = report.title_text
        text = re.sub(r"\s+", "", fold(title))
        if "政府信息公开工作年度报告" not in text:
            if "政府信息公开年度报告" in text:
                problem = "缺“工作”"
            elif "政府信息公开工作报告" in text:
                problem = "缺“年度”"
            else:
                problem = "不是规定的名称"
            yield self.at(report.title, f"标题“{title}”{problem}，应为“××××年政府信息公开工作年度报告”",
                          expected="政府信息公开工作年度报告", actual=title)
        elif not re.search(r"(?:19|20)\d{2}年", text):
            yield self.at(report.title, f"标题未写明报告年度：“{title}”")


_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期间|统计时间|统计区间|所列数据)[^。；]{0,12}?(?:自|为|从)?\s*"
                     r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:起)?\s*(?:至|到|—|-|～|~)\s*"
                     r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")


class StatisticalPeriod(Rule):
    """The statistical period stated is not the calendar year of the report.

    **What it checks.** A statement such as “本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止”
    names 1 January to 31 December of the report year.

    **Why.** The report covers the calendar year before publication (docs/formats.md §4: the calendar year); a period copied from last
    year's report, or a partial year, makes every figure suspect.

    **Fails.** “统计期限自2022年1月1日起至2022年12月31日止” in the 2023 report.

    **Passes.** “…自2023年1月1日起至2023年12月31日止”.

    **Options.** None.
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


_DATE_LIKE = re.compile(r"(\d{3,})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")


class MalformedDate(Rule):
    """A date in the text is impossible.

    **What it checks.** Years of four digits (not ``202020年``), months 1–12, and days that exist in their month
    (not ``2月30日``).

    **Why.** A broken date is a typing error an editor wants to see before publication.

    **Fails.** “202020年”, “2023年13月”, “2023年2月30日”.

    **Passes.** “2023年12月31日”.

    **Options.** None.
    """

    code, name, severity = "M605", "meta.malformed-date", ERROR
    summary = "日期格式错误或日期不存在"

    def check(self, report):
        for para, match, text in phrases(report, _DATE_LIKE):
            if match.start() and text[match.start() - 1].isdigit():
                continue
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


_LEADING_YEAR = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]\s*)?(\d{4})\s*年度?\s*[，,、]")


class OtherYear(Rule):
    """A paragraph opens with a year other than the report year.

    **What it checks.** Paragraphs of sections 一 to 四 that open “2022年，…” in a 2023 report. Years in
    citations (《…2022年…要点》), in plans (the following year) and in phrases such as “2021年以来” are not
    reported.

    **Why.** The most common trace of a report re-published from last year's text with the year changed only
    in the title.

    **Fails.** “2022年，我局坚持……” in the 2023 report.

    **Passes.** “2023年，我局坚持……”.

    **Options.** None.
    """

    code, name, severity = "M606", "meta.other-year", WARNING
    needs = ("report", "year")
    summary = "正文段落开头的年份不是报告年度"

    def check(self, report):
        for para in report.paragraphs():
            if para.section not in ("s1", "s2", "s3", "s4"):
                continue
            match = _LEADING_YEAR.match(fold(para.text))
            if match and int(match.group(1)) not in (report.year, report.year + 1):
                yield self.at(para.span(match.start(1), match.end(1) + 1),
                              f"本报告为{report.year}年度，此段以“{match.group(1)}年”开头（可能沿用了往年报告的文字）",
                              expected=report.year, actual=int(match.group(1)), anchor=para.text[:20])


class HeaderYear(Rule):
    """A year written in a table header's note is not the year it should be.

    **What it checks.** Notes appended to table-二 headers by provincial templates name years:
    ``上一年项目数量(指2019年事项数)`` must name the year before the report year, ``本年增/减(指2020年…)`` and
    ``处理决定数量(指2020年办件量)`` the report year.

    **Why.** A header year left from last year's template shows the table was not updated (or the title was).

    **Fails.** ``上一年项目数量(指2018年事项数)`` in the 2020 report.

    **Passes.** ``上一年项目数量(指2019年事项数)``.

    **Options.** None.
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
    """Section 五's measures are dated in the report year.

    **What it checks.** In ``五、存在的主要问题及改进情况``, after 整改措施/改进措施/下一步, a sentence that has the
    agency act in the report year itself (“2023年我局加大…” in the 2023 report): measures look ahead to the
    next year.

    **Why.** Text carried over from last year's report keeps last year's plans with the year changed, or
    the year was not updated; either way the reader is told the wrong year. A warning.

    **Fails.** “（二）整改措施。……2023年我局加大贯彻落实……” in the 2023 report.

    **Passes.** “（二）整改措施。2024年，我局将加大……”.

    **Options.** None.
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
