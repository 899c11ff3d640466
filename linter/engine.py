"""Linting one file: read, bind, run the rules, and collect sorted findings.

This is the one place that ties the pipeline together (source → lexer/parser → binder → rules); the
CLI only chooses files and an output format. It runs the rules it is given (the library API chooses them
from the registry) and makes the pipeline's own findings (rule.py).
"""
from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .findings import Finding, Span, labelled
from .paths import printable
from .readers import MAX_BYTES, Source, SourceError
from .readers import read as read_source
from .rule import InternalError, NotAReport, Unreadable

if TYPE_CHECKING:
    from .model import Report
    from .pairs import Side


class FileResult(NamedTuple):
    """What one file gave: findings, and what the outputs need of the report. Immutable: a step that adds
    to it (the batch worker slimming it, the pairing of years adding findings) makes a new one
    (``_replace``). Picklable, so batch workers can send it back; ``report`` (the whole bound model) is kept
    only in-process. A named tuple rather than a dataclass: ``dataclasses`` imports ``inspect``, 10 ms of
    every start (docs/performance.md)."""

    path: str                            # as outputs show it (printable: the engine makes it so)
    edition: str | None = None
    report_year: int | None = None
    findings: Sequence[Finding] = ()
    lines: tuple[str, ...] = ()          # the lines findings are shown in (readers.Source.shown)
    title: str | None = None
    published: str | None = None         # ISO date
    #: the cells as kept for the outputs (``cells``); None: made from ``report`` when asked for
    kept_cells: dict | None = None
    report: Report | None = None
    side: Side | None = None             # what the pairing of years needs, when it runs
    previous: tuple[str, int | None] | None = None   # (path, year) of last year's report it was compared with
    agency: str | None = None            # as the report names itself (its title's words before the year)
    published_source: str | None = None  # the key the date was read from (发布日期…), or 落款日期
    sha256: str | None = None            # of the bytes checked, when the output records it
    rules: tuple[str, ...] = ()          # the codes of the rules run on it, when the output lists them
    skipped: bool = False                # not a report, and the run checks reports only (--only-reports)
    is_report: bool | None = None        # whether any part of an annual report was found (None: not read)
    kind: str | None = None              # the form it was read as: text, html, docx, pdf
    #: what was checked and what could not be (linter/coverage.py); None for a file not read as a report
    #: (unreadable, failed, not a report)
    coverage: dict | None = None

    @property
    def status(self) -> str:
        """What became of the file: ``checked``; ``not-assessable`` (a report whose tables could not be read:
        a table holding equations had none of them checked, coverage.assessable; never clean, whatever it
        found); ``not-a-report`` (parse.not-a-report, or skipped as one); ``unreadable`` (parse.unreadable:
        not checked); ``failed`` (disclint failed on it)."""
        codes = {f.code for f in self.findings}
        if self.failed:
            return "failed"
        if Unreadable.code in codes:
            return "unreadable"
        if self.skipped or NotAReport.code in codes or self.is_report is False:
            return "not-a-report"
        from .coverage import assessable

        return "checked" if assessable(self.coverage) else "not-assessable"

    @property
    def failed(self) -> bool:
        """Whether disclint itself failed on this file (a parse.internal-error finding): the run exits 2."""
        return any(f.code == InternalError.code for f in self.findings)

    @property
    def cells(self) -> dict:
        """cell id → {value, raw, line, column} (contract §4), positions in the file: as kept, or made from
        the report when asked for (most outputs never ask; a batch keeps them only for those that do)."""
        if self.kept_cells is not None:
            return self.kept_cells
        return _extracted(self.report) if self.report is not None else {}


class ReadError(Exception):
    """The file could not be opened (missing, a folder, no permission): a usage problem, exit 2."""


def read(path: str) -> bytes:
    """The bytes of a regular file, at most MAX_BYTES + 1 of them (more is refused by ``lint_bytes``).
    Pipes, devices and sockets are refused without being opened: opening a FIFO blocks, a device never ends."""
    shown = printable(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise ReadError(f"{shown}: 是目录而不是文件")
        if not stat.S_ISREG(mode):
            raise ReadError(f"{shown}: 不是普通文件（管道、设备或套接字），未读取")
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ReadError(f"{shown}: 文件不存在") from None
    except PermissionError:
        raise ReadError(f"{shown}: 没有读取权限") from None
    except OSError as exc:
        raise ReadError(f"{shown}: 无法读取（{exc.strerror}）") from None


def lint_bytes(path: str, data: bytes, rules, edition: str | None = None) -> FileResult:
    """Lint report bytes with ``rules`` (rule instances: api.lint_bytes gives those on by default);
    ``edition`` forces one."""
    if len(data) > MAX_BYTES:
        return FileResult(printable(path), findings=[Unreadable().at(None, f"文件过大，超过 {MAX_BYTES // 1048576} MB 上限，未检查")])
    try:
        source = read_source(path, data)
    except SourceError as exc:
        finding = Unreadable().at(Span(exc.line or 1, exc.column or 1, exc.line or 1, exc.column or 1), str(exc))
        return FileResult(printable(path), findings=[finding])
    except Exception as exc:  # a defect of a reader: this file's finding, never the batch's end
        return failed(path, "读取文件", exc)
    return lint_source(source, rules, edition)


def failed(path: str, stage: str, exc: BaseException) -> FileResult:
    """The result of a file on which disclint itself failed in ``stage``: one parse.internal-error."""
    return FileResult(printable(path), findings=[InternalError().failed(stage, exc)])


def lint_source(source: Source, rules, edition: str | None = None) -> FileResult:
    """Bind the source and run the rules. A rule that raises loses its own findings only: the others are
    kept and the failure is one parse.internal-error naming the rule."""
    from .binder import bind

    try:
        report = bind(source, edition)
    except SourceError as exc:  # more than the lexer takes
        line, column = source.map.position(exc.line or 1, 1)
        return FileResult(printable(source.path), findings=[Unreadable().at(Span(line, column, line, column + 1), str(exc))])
    except Exception as exc:
        return failed(source.path, "解析报告结构", exc)
    findings: list[Finding] = []
    unmet: dict[str, str | None] = {}
    for rule in rules:
        try:
            unmet[rule.code] = need = rule.unmet(report)  # the need it lacks (coverage), None: it applies
            if need is None:
                findings.extend(labelled(source.map.locate(f, report), report.template) for f in rule.check(report)
                                if rule.reports_the_cut or not report.on_cut_edge(f))
        except Exception as exc:
            findings.append(InternalError().failed(f"运行规则 {rule.code}（{rule.name}）", exc))
    findings.sort(key=Finding.sort_key)
    from .coverage import measure

    return FileResult(printable(source.path), report.edition, report.year, findings, source.shown, report.title_text,
                      report.published.isoformat() if report.published else None, report=report,
                      agency=report.agency, published_source=report.published_source, is_report=report.is_report,
                      kind=source.kind, coverage=measure(report, rules, unmet) if report.is_report else None)


def _extracted(report) -> dict:
    """The report's cells as the contract extracts them, with positions in the file."""
    cells = report.extracted()
    for value in cells.values():
        if value["line"] is not None:
            page = report.source.map.page(value["line"], value["column"])
            value["line"], value["column"] = report.source.map.position(value["line"], value["column"])
            if page is not None:
                value["page"] = page  # a PDF's cells say their page (data contract §4, added)
    return cells

