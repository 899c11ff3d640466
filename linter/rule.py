"""The rule interface: the shape of a rule (its code, options, needs, and ``at`` to place a finding), and the
helpers every rule family shares (citing a cell, finding phrases in the narrative, writing a number).

It lives in the core because the core runs rules and makes findings of its own (pipeline_findings.py); the
families in ``rules/`` subclass it. The core never imports ``rules/``: the package's face (the CLI, the
library API, the docs generator) names the registry and passes the rules down (tests/test_imports.py)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .findings import CellRef, Finding
from .labels import fold
from .lexer import Piece
from .model import Report


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
    #: option name → (type, default, description); set per rule in the configuration file.
    options: ClassVar[dict[str, tuple[type, object, str]]] = {}
    #: What the rule needs of a report to say anything; the engine skips it otherwise: ``report`` (some part
    #: of an annual report was found: a file that is not one gets parse.not-a-report alone), ``template``
    #: (the edition is known, so are the cells), ``year`` (the report year is known), ``pair`` (last year's
    #: report of the agency: rules/pair.py, run by the pairing stage, never on one report).
    needs: ClassVar[tuple[str, ...]] = ("report",)
    #: whether the rule reports where a copy is cut; every other rule's findings on the copy's last piece,
    #: which may itself be cut part-way, are dropped by the engine (model.Report.on_cut_edge)
    reports_the_cut: ClassVar[bool] = False

    def __init__(self, settings: dict | None = None):
        self.settings = {name: default for name, (_, default, _) in self.options.items()}
        self.settings.update({k: v for k, v in (settings or {}).items() if k in self.options})
        #: the level the configuration sets (error, warning, info), which every finding of the rule takes
        self.level: str | None = (settings or {}).get("level") if (settings or {}).get("level") != "off" else None

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]

    def applies(self, report: Report) -> bool:
        return all({"report": report.is_report, "template": report.template is not None,
                    "year": report.year is not None}[need] for need in self.needs)

    def check(self, report: Report) -> Iterator[Finding]:
        raise NotImplementedError

    def at(self, where: Piece | tuple[int, int, int, int] | None, message: str, *, report: Report | None = None,
           cells=(), expected=None, actual=None, severity: str | None = None, anchor: str = "",
           fix: str | None = None) -> Finding:
        """A finding at a piece (or an explicit (line, column, end_line, end_column), or line 1); ``fix``: the
        text that replaces the span (which holds ``actual``), for a rule sure of it."""
        if isinstance(where, Piece):
            span = (where.line, where.column, where.end_line, where.end_column)
            anchor = anchor or where.text
        elif where is None:
            span = (1, 1, 1, 1)
        else:
            span = where
        refs = tuple(cite(report, c) if isinstance(c, str) else c for c in cells)
        return Finding(self.code, self.name, self.level or severity or self.severity, message, *span, cells=refs,
                       expected=expected, actual=actual, anchor=anchor, file_level=where is None,
                       fix=fix if self.fixable else None)


def cite(report: Report, cell_id: str) -> CellRef:
    """A reference to a cell, with the line it is written on (None if it was not placed)."""
    cell = report.cells.get(cell_id)
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
