"""Linting one file: read, bind, run the rules, and collect sorted findings.

This is the one place that ties the pipeline together (source → lexer/parser → binder → rules); the
CLI only chooses files and an output format.
"""
from __future__ import annotations

import os

from .findings import Finding
from .readers import MAX_BYTES, Source, SourceError
from .readers import read as read_source


class FileResult:
    """What one file gave: findings, and what the outputs need of the report. Picklable, so batch
    workers can send it back; ``report`` (the whole bound model) is kept only in-process."""

    def __init__(self, path: str, edition: str | None = None, report_year: int | None = None,
                 findings: list[Finding] | None = None, lines: tuple[str, ...] = (), title: str | None = None,
                 published: str | None = None, cells: dict | None = None, report: object | None = None):
        self.path, self.edition, self.report_year = path, edition, report_year
        self.findings = findings if findings is not None else []
        self.lines = lines                   # the lines findings are shown in (readers.Source.shown)
        self.title = title
        self.published = published           # ISO date
        self._cells = cells
        self.report = report

    @property
    def cells(self) -> dict:
        """cell id → {value, raw, line, column} (contract §4), positions in the file; made from the report
        when first asked for (most outputs never ask)."""
        if self._cells is None:
            self._cells = _extracted(self.report) if self.report is not None else {}
        return self._cells

    @cells.setter
    def cells(self, value: dict) -> None:
        self._cells = value


class ReadError(Exception):
    """The file could not be opened (missing, a folder, no permission): a usage problem, exit 2."""


def read(path: str) -> bytes:
    try:
        if os.path.getsize(path) > MAX_BYTES:
            raise SourceError(f"文件过大（{os.path.getsize(path) / 1048576:.1f} MB），超过 {MAX_BYTES // 1048576} MB 上限，未检查")
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ReadError(f"{path}: 文件不存在") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: 是目录而不是文件") from None
    except PermissionError:
        raise ReadError(f"{path}: 没有读取权限") from None
    except OSError as exc:
        raise ReadError(f"{path}: 无法读取（{exc.strerror}）") from None


def lint_bytes(path: str, data: bytes, rules=None, edition: str | None = None) -> FileResult:
    """Lint report bytes; ``rules`` are rule instances (default: all), ``edition`` forces one."""
    from disclint.rules.parse import Unreadable
    from disclint.rules.registry import RULES

    try:
        source = read_source(path, data)
    except SourceError as exc:
        finding = Unreadable().at((exc.line or 1, exc.column or 1, exc.line or 1, exc.column or 1), str(exc))
        return FileResult(path, findings=[finding])
    return lint_source(source, [r() for r in RULES if r.enabled_by_default] if rules is None else rules, edition)


def lint_source(source: Source, rules, edition: str | None = None) -> FileResult:
    from .binder import bind

    report = bind(source, edition)
    findings = [source.map.locate(f, report) for rule in rules if rule.applies(report) for f in rule.check(report)]
    findings.sort(key=Finding.sort_key)
    return FileResult(source.path, report.edition, report.year, findings, source.shown, report.title_text,
                      report.published.isoformat() if report.published else None, None, report)


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


def lint_path(path: str, rules=None, edition: str | None = None) -> FileResult:
    try:
        data = read(path)
    except SourceError as exc:
        from disclint.rules.parse import Unreadable
        return FileResult(path, findings=[Unreadable().at(None, str(exc))])
    return lint_bytes(path, data, rules, edition)
