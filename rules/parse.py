"""Input that is not a readable report. ``Unreadable`` is raised by the engine when decoding fails;
``NotAReport`` checks the parsed result."""
from __future__ import annotations

from disclint.findings import ERROR, WARNING

from .base import Rule


class Unreadable(Rule):
    """The file is not text the linter can read.

    **What it checks.** A text file decodes as UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, the
    encoding an HTML page declares, or GB18030 whose hanzi read as Chinese (not Big5 or Shift-JIS, which
    are named); it has no NUL byte. A Word draft is an intact package whose document part inflates to at
    most 64 MB with at most 1,000,000 elements and no DOCTYPE; a PDF has a text layer on most pages and no
    password. Any file is at most 20 MB with at most 100,000 cells and lines (docs/performance.md, Limits).
    Nothing else is checked in a file that fails this.

    **Why.** A binary file (a PDF, a Word file with the wrong extension), a damaged download, a file in
    another encoding or a data dump is not a report that can be checked; one finding says why.

    **Fails.** A PDF renamed ``report.txt``; a report saved in Big5; a zip bomb named ``.docx``.

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


class UnreadPages(Rule):
    """Pages of a PDF have no text layer (scanned), so what is on them was not checked.

    **What it checks.** Every page of a PDF has text disclint can read. When most pages do and some do not
    (a scanned page inserted, a seal page), the file is read and these pages are named once; parts of the
    report that may stand on them (a section, a table) are then not reported missing. A PDF most of whose
    pages are scans is refused as a whole (parse.unreadable).

    **Why.** A scan is an image: its figures cannot be checked, and nothing should be reported about what
    cannot be seen.

    **Fails.** A 7-page PDF whose page 5 is a scanned image.

    **Passes.** The PDF exported from the Word draft.

    **Options.** None.
    """

    code, name, severity = "P003", "parse.unread-pages", WARNING
    summary = "PDF 部分页面没有文字层，未检查"
    needs = ()

    def check(self, report):
        gaps = report.source.gaps
        if gaps:
            pages = "、".join(map(str, gaps))
            yield self.at(None, f"第 {pages} 页没有文字层（可能是扫描件），这些页的内容未检查；"
                                "请提供 Word 原稿或导出带文字的 PDF", anchor="unread-pages")


class InternalError(Rule):
    """disclint itself failed on part of this file: a defect of the linter, not of the report.

    **What it checks.** Nothing: the engine gives this finding when reading the file, or one rule, raised an
    error it should not have. The message names the stage (reading the report, or the rule's code) and the
    error. The other rules' findings on the file, and the other files of a batch, are reported as usual; the
    run exits 2, as for a file that could not be read, so that an unattended batch notices.

    **Why.** One bad file, or one rule's defect, must never end a batch of hundreds: it is that file's finding.

    **Fails.** Only on a defect of disclint; please report it with the file.

    **Passes.** Every file.

    **Options.** None.
    """

    code, name, severity = "P004", "parse.internal-error", ERROR
    summary = "disclint 检查此文件时发生内部错误（请报告此问题）"
    needs = ()

    def check(self, report):
        return iter(())  # given by the engine when a stage raises

    def failed(self, stage: str, exc: BaseException):
        """The finding for an error raised in ``stage`` (reading, or a rule's code)."""
        text = str(exc).replace("\n", " ")[:200]
        return self.at(None, f"disclint 在{stage}时发生内部错误（{type(exc).__name__}: {text}），"
                             "此文件的检查结果不完整；请把此文件附上报告此问题", anchor=stage)
