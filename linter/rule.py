"""The rule interface: the shape of a rule (its code, options, needs, and ``at`` to place a finding), the
helpers every rule family shares (citing a cell, finding phrases in the narrative, writing a number), and the
pipeline's own findings.

It lives in the core because the core runs rules and makes findings of its own; the families in ``rules/``
subclass ``Rule``. The core never imports ``rules/``: the package's face (the CLI, the library API, the docs
generator) names the registry and passes the rules down (tests/test_imports.py).

The pipeline's own findings are what the engine says about a file before or instead of the rules' findings:
a file that cannot be read (P001, ``Unreadable``: made by the engine when decoding fails), one in which no
part of an annual report is found (P002, ``NotAReport``), one that holds more than one report (P011,
``SeveralReports``), a PDF with pages that have no text (P003,
``UnreadPages``), and disclint's own failure on a file (P004, ``InternalError``: made by the engine when a
stage raises). They are rules in shape (a code, a name, a Chinese doc; the registry lists them first, the
configuration can set their level), but the core makes and reads them (the engine, the pairing stage, the
outputs that tell a file's status). They are here rather than in a module of their own so that start-up
loads no more modules than before (docs/performance.md).
"""
from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping
from typing import ClassVar, NamedTuple

from .findings import ERROR, WARNING, CellRef, Finding, Span
from .labels import fold
from .lexer import Piece
from .model import Report

#: Whether a report meets a need (Rule.needs); a pair is never met by one report.
_MET = {"report": lambda report: report.is_report, "template": lambda report: report.template is not None,
        "year": lambda report: report.year is not None, "published": lambda report: report.published is not None,
        "pair": lambda report: False, "region": lambda report: False}


class Option(NamedTuple):
    """A setting of a rule that the configuration file may change (``rules: {B301: {tolerance: 1}}``): the
    configuration checks a value against ``type``, ``disclint rule CODE``, docs/rules.md and the configuration's
    JSON schema show ``default`` and ``text`` (Chinese, for editors)."""

    name: str
    type: builtins.type | tuple[builtins.type, ...]
    default: object
    text: str


def declare(*declared: Option) -> Mapping[str, Option]:
    """A rule's ``options``: its Option declarations by name."""
    return {option.name: option for option in declared}


class Rule:
    """A check with a stable code and name. Subclasses set the class attributes and ``check``.

    The docstring of a rule is its documentation for users (docs/rules.md and ``disclint rule`` are
    generated from it), in Chinese, with the sections 检查内容 (what it checks), 原因 (why, citing the 条例
    or the format), 错误示例 (a failing example), 正确示例 (a passing example) and 选项 (options).
    """

    code: ClassVar[str]
    name: ClassVar[str]       # family.kebab-name
    severity: ClassVar[str]
    summary: ClassVar[str]    # one line, Chinese
    enabled_by_default: ClassVar[bool] = True   # False: runs only when selected
    #: whether some of its findings carry a safe fix (the text that replaces their span: --diff, --fix)
    fixable: ClassVar[bool] = False
    #: option name → its declaration (``declare(Option(…), …)``); set per rule in the configuration file
    options: ClassVar[Mapping[str, Option]] = {}
    #: What the rule needs of a report to say anything; the engine skips it otherwise: ``report`` (some part
    #: of an annual report was found: a file that is not one gets parse.not-a-report alone), ``template``
    #: (the edition is known, so are the cells), ``year`` (the report year is known), ``published`` (its
    #: publication date was read), ``pair`` (last year's report of the agency: rules/pair.py, run by the
    #: pairing stage, never on one report), ``region`` (the other reports of a region: disclint region). A
    #: need not met is what coverage says the rule could not check.
    needs: ClassVar[tuple[str, ...]] = ("report",)
    #: the equation family of the edition the rule evaluates (E1…E4, rules/balance.py), if any: on a report where
    #: no equation of the family can be checked (model.Report.checkable) coverage counts the rule as not run
    equation: ClassVar[str | None] = None
    #: what the rule measures beside its findings (its ``measure``, recorded in coverage ``measures`` and read by
    #: scorecards), in Chinese with its unit; empty: it measures nothing
    measures: ClassVar[str] = ""
    #: whether the rule reports where a copy is cut; every other rule's findings on the copy's last piece,
    #: which may itself be cut part-way, are dropped by the engine (model.Report.on_cut_edge)
    reports_the_cut: ClassVar[bool] = False

    def __init__(self, settings: dict | None = None):
        self.settings = {name: option.default for name, option in self.options.items()}
        self.settings.update({k: v for k, v in (settings or {}).items() if k in self.options})
        #: the level the configuration sets (error, warning, info), which every finding of the rule takes
        self.level: str | None = (settings or {}).get("level") if (settings or {}).get("level") != "off" else None

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]

    def number(self, option: str) -> int | float:
        """The value of a numeric option (the configuration checked it against the Option's type)."""
        value = self.settings[option]
        assert isinstance(value, (int, float)), f"{self.code} option {option} is not a number"
        return value

    def applies(self, report: Report) -> bool:
        return self.unmet(report) is None

    def unmet(self, report: Report) -> str | None:
        """The first of the rule's needs the report does not meet (None: the rule runs on it)."""
        for need in self.needs:
            if not _MET[need](report):
                return need
        return None

    def check(self, report: Report) -> Iterator[Finding]:
        raise NotImplementedError

    def at(self, where: Piece | Span | None, message: str, *, report: Report | None = None,
           cells=(), expected=None, actual=None, severity: str | None = None, anchor: str = "",
           fix: str | None = None) -> Finding:
        """A finding at a piece (or an explicit span, or line 1); ``fix``: the text that replaces the span (which
        holds ``actual``), for a rule sure of it."""
        if isinstance(where, Piece):
            span = where.span
            anchor = anchor or where.text
        elif where is None:
            span = Span(1, 1, 1, 1)
        else:
            span = where
        refs = tuple(cite(report, c) if isinstance(c, str) else c for c in cells)
        return Finding(self.code, self.name, self.level or severity or self.severity, message, *span, cells=refs,
                       expected=expected, actual=actual, anchor=anchor, file_level=where is None,
                       fix=fix if self.fixable else None)


def cite(report: Report | None, cell_id: str) -> CellRef:
    """A reference to a cell, with the line it is written on (None if it was not placed, or no report is
    given)."""
    cell = report.cells.get(cell_id) if report is not None else None
    return CellRef(cell_id, cell.line if cell else None)


def phrases(report: Report, pattern, folded: bool = True):
    """(paragraph, match, text) for every match of ``pattern`` in the narrative; the text is folded
    (full-width ASCII to half-width, one character for one, so offsets are those of the original)
    unless ``folded`` is False."""
    for para in report.paragraphs():
        text = fold(para.text) if folded else para.text
        for match in pattern.finditer(text):
            yield para, match, text


def fmt(value) -> str:
    """A number as a person writes it: 12, 120.9 (no trailing .0)."""
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


# The pipeline's own findings ---------------------------------------------------------------------------------------

class Unreadable(Rule):
    """文件不是 disclint 能读取的文本。

    **检查内容。** 文本文件须能按 UTF-8（带或不带 BOM）、带 BOM 的 UTF-16 或 UTF-32、网页声明的编码，或汉字读来确是中文的
    GB18030 解码（Big5、Shift-JIS 会被指明），且不含 NUL 字节。Word 文档须是完整的压缩包，正文部分解压后不超过 64 MB、
    不超过 1,000,000 个元素、没有 DOCTYPE；PDF 须大多数页面有文字层且未加密。任何文件不超过 20 MB、不超过 100,000 个单元格
    和行（见 docs/performance.md“Limits”）。不满足的文件不再做其他检查。

    **原因。** 二进制文件（改了扩展名的 PDF、Word 文件）、下载损坏的文件、其他编码的文件或数据导出文件都不是可检查的报告；
    用一条问题说明原因，而不是报出一串缺失。

    **错误示例。** 改名为 ``report.txt`` 的 PDF；以 Big5 保存的报告；扩展名为 ``.docx`` 的压缩炸弹。

    **正确示例。** 以文本保存的报告。

    **选项。** 无。
    """

    code, name, severity = "P001", "parse.unreadable", ERROR
    summary = "文件无法作为文本读取"
    needs = ()

    def check(self, report):
        return iter(())  # raised by the engine while reading, before there is a report


class NotAReport(Rule):
    """文件中找不到年度报告的任何部分。

    **检查内容。** 文件中至少有年度报告的一个部分：报告的标题（单独一行的 ``某某局2023年政府信息公开工作年度报告``）、
    格式中的一个章节标题、一张统计表格、表格的题注（``第二十条第（一）项``）或带数值的栏目行。爬虫把整页连成一行、
    标题与正文连写的副本，只要其中有这些部分之一，就按年度报告检查。

    **原因。** 空文件、无关文章、JSON 或 CSV 文件否则会对每个缺失部分各报一条；一条问题说明真正的原因。反过来，
    把一份读得不全的报告当作“不是年度报告”会让它整份不被检查（提交前检查会把它静默跳过）。

    **错误示例。** 空文件；一篇新闻稿；只在句子中提到“年度报告”的通知。

    **正确示例。** 含有报告标题、章节标题或表格的任何文本。

    **选项。** 无。
    """

    code, name, severity = "P002", "parse.not-a-report", ERROR
    summary = "未识别出年度报告的标题、章节或表格"
    needs = ()

    def check(self, report):
        if not report.is_report and not report.several:
            yield self.at(None, "未识别出政府信息公开工作年度报告的标题、章节标题或统计表格")


class SeveralReports(Rule):
    """文件中不止一份年度报告（两份报告前后相连、两份报告的比对、两份并排打印），不按一份报告检查。

    **检查内容。** 格式的六个章节中有三个或更多各出现两次、两次下面都有内容，或者同一张表格有五行以上出现两次、其中有的数值
    不同：文件中是两份报告（或更多），例如两个年度的报告合在一个文件中、审查工具生成的比对稿（``比对``、``重复率``）、两栏
    并排打印的 PDF（两栏依次读取）、两份报告的表格并列。这时只给出这一条问题，
    不再按一份报告检查（否则两份报告的表格数字会被当作一份的数字，两栏文字被当作重复的文字）。报告前的目录只列出章节标题、
    标题下没有内容，不算第二份；一个章节写了两次由 structure.duplicate-section 报告；同一张表格数值相同地出现两次（网页连同
    打印版一起保存）仍是一份。

    **原因。** 一份报告的勾稽关系、日期和章节只能在这份报告之内核对；把两份报告当作一份，会得出一串错误的问题。

    **错误示例。** 把 2022 年和 2023 年的报告放在同一个文件中；“年度报告比对（重复率 35%）”的打印件。

    **正确示例。** 每份报告一个文件，分别检查（``--previous`` 可以比较相邻两年的报告）。

    **选项。** 无。
    """

    code, name, severity = "P011", "parse.several-reports", ERROR
    summary = "文件中不止一份年度报告，未按一份报告检查"
    needs = ()

    def check(self, report):
        if report.several:
            compared = any("比对" in line or "重复率" in line for line in report.source.lines)
            what = "两份报告的比对" if compared else "两份（或更多）年度报告"
            shown = "格式的章节各出现了两次" if report.several == "sections" else "同一张表格的各行出现了两次、数值不同（两份报告的表格并列或前后相连）"
            yield self.at(None, f"文件中是{what}：{shown}，未按一份报告检查；"
                                "请把每份报告分别保存为一个文件再检查（相邻两年的报告可用 --previous 比较）")


class UnreadPages(Rule):
    """PDF 有些页面没有文字层（扫描页），这些页面上的内容未经检查。

    **检查内容。** PDF 每一页都有可读取的文字。大多数页面可读而少数不可读时（插入的扫描页、盖章页），照常读取文件并一次性
    列出这些页面；可能位于这些页面上的部分（章节、表格）不再报告缺失。大多数页面为扫描件的 PDF 整体不予检查
    （parse.unreadable）。

    **原因。** 扫描页是图片：其中的数字无法核对，看不见的内容不应报告问题。

    **错误示例。** 共 7 页、第 5 页为扫描图片的 PDF。

    **正确示例。** 由 Word 原稿导出的 PDF。

    **选项。** 无。
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
    """disclint 在检查此文件的某一部分时自身出错：这是检查工具的缺陷，不是报告的问题。

    **检查内容。** 不检查任何内容：读取文件或运行某条规则时出现了不应出现的错误，引擎给出这条问题，消息写明出错的环节
    （读取报告、解析结构、跨年度比较或规则代码）和错误。此文件其他规则的结果、批量检查中的其他文件照常报告；运行以 2 退出
    （与无法打开文件相同），以便无人值守的批量检查能够发现。

    **原因。** 一个有问题的文件或一条规则的缺陷，绝不能让数百份报告的批量检查中断：它只是这个文件的问题。

    **错误示例。** 只在 disclint 自身有缺陷时出现；请连同文件报告此问题。

    **正确示例。** 所有文件。

    **选项。** 无。
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

