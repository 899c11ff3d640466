"""Input that is not a readable report. ``Unreadable`` is raised by the engine when decoding fails;
``NotAReport`` checks the parsed result."""
from __future__ import annotations

from disclint.findings import ERROR

from .base import Rule


class Unreadable(Rule):
    """The file is not text the linter can read.

    **What it checks.** The file decodes as UTF-8 (with or without BOM), UTF-16 with a BOM or GB18030, has no
    NUL byte, and is smaller than 20 MB. Nothing else is checked in a file that fails this.

    **Why.** A binary file (a PDF, a Word file with the wrong extension) or a damaged download is not a report.

    **Fails.** A PDF renamed ``report.txt``.

    **Passes.** The report saved as text.

    **Options.** None.
    """

    code, name, severity = "P001", "parse.unreadable", ERROR
    summary = "文件无法作为文本读取"
    needs = ()

    def check(self, report):
        return iter(())  # raised by the engine while reading, before there is a report


class NotAReport(Rule):
    """No part of an annual report was found.

    **What it checks.** At least one section heading or one table of the format is recognised.

    **Why.** An empty file, an unrelated article, a JSON or CSV file would otherwise yield a finding for every
    missing part; one finding says what is wrong.

    **Fails.** An empty file; a news article.

    **Passes.** Any text with the report's headings or tables.

    **Options.** None.
    """

    code, name, severity = "P002", "parse.not-a-report", ERROR
    summary = "未识别出年度报告的任何章节或表格"
    needs = ()

    def check(self, report):
        if not report.is_report:
            yield self.at(None, "未识别出政府信息公开工作年度报告的任何章节标题或统计表格")
