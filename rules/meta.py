"""Rules on the report's metadata: its publication date and the document numbers it cites."""
from __future__ import annotations

import datetime as dt
import re

from disclint.findings import ERROR, WARNING
from disclint.labels import fold

from .base import Rule

_GOVERNMENT = re.compile(r"(?:省|自治区|市|州|盟|区|县|旗)(?:人民政府)?$")
_TOWNSHIP = re.compile(r"(?:镇|乡|苏木|街道|街道办事处|办事处)(?:人民政府)?$")
_DEPARTMENT = re.compile(r"(?:办公室|办公厅|局|委员会|委|厅|中心|院|署|办|所|站|处|会|队|馆|部)$")


def agency_kind(agency: str | None) -> str | None:
    """'government' (a 县级以上 people's government as a whole), 'department', 'township' or None."""
    if not agency:
        return None
    if _TOWNSHIP.search(agency):
        return "township"
    if _DEPARTMENT.search(agency):
        return "department"
    if _GOVERNMENT.search(agency):
        return "government"
    return None


class LatePublication(Rule):
    """The report was published after the statutory deadline.

    **What it checks.** The publication date in the page metadata (发布时间/发布日期/日期) against 条例第四十九条:
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
    summary = "报告发布时间晚于法定期限"

    def check(self, report):
        if report.published is None or report.year is None:
            return
        kind = agency_kind(report.agency)
        deadline = dt.date(report.year + 1, 3 if kind == "government" else 1, 31)
        if report.published <= deadline:
            return
        who = {"government": "县级以上人民政府年度报告应于", "department": "政府部门年度报告应于",
               "township": "乡镇、街道的发布时限由地方规定，按部门时限应于"}.get(kind, "无法判断报告主体，按部门时限应于")
        yield self.at(report.published_piece,
                      f"发布时间 {report.published.isoformat()} 晚于法定期限：{who}{deadline.year}年{deadline.month}月31日前"
                      "公开（条例第四十九条）", severity=ERROR if kind in ("government", "department") else WARNING,
                      expected=deadline.isoformat(), actual=report.published.isoformat())


_DOC_NUMBER = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,5}\s*号")
_CANDIDATE = re.compile(r"([\u4e00-\u9fff]{1,12})[〔\[［【(（]\s*(\d[\d ]*)(?:([〕\]］】)）])\s*(\d{0,5}))?\s*号")
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

    def check(self, report):
        for para in report.paragraphs():
            text = fold(para.text)
            for match in _CANDIDATE.finditer(text):
                if _DOC_NUMBER.match(text, match.end(1)):
                    continue
                agency, digits, closing, serial = match.groups()
                digits = digits.replace(" ", "")
                fixed = None
                if not closing and not serial and len(digits) > 4 and digits[:2] in ("19", "20"):
                    fixed = f"{agency}〔{digits[:4]}〕{digits[4:]}号"  # the closing bracket was lost
                shown = para.text[match.start():match.end()]
                hint = f"，应为“{fixed}”" if fixed else "，应为“机关代字〔四位年份〕序号号”"
                yield self.at(para.span(match.start(), match.end()),
                              f"发文字号“{shown}”格式错误{hint}", expected=fixed, actual=shown, anchor=shown)
