"""What a rule reports: a finding, with its place in the file and the cells it involves."""
from __future__ import annotations

from typing import NamedTuple

ERROR, WARNING, INFO = "error", "warning", "info"
#: How the outputs for people name the severities.
SEVERITY_WORDS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
#: How the outputs for people name what became of a file (engine.FileResult.status).
STATUS_WORDS = {"checked": "已检查", "not-assessable": "不可评估", "not-a-report": "不是年度报告", "unreadable": "无法读取",
                "failed": "内部错误"}


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``, from CPython's own small module where it has one: ``hashlib`` loads
    OpenSSL, 3 ms and 4 MB on every run that records a file's digest."""
    try:
        from _sha2 import sha256 as algorithm  # type: ignore[import-not-found]  # Python 3.12+; private: no stubs
    except ImportError:
        try:
            from _sha256 import sha256 as algorithm  # type: ignore[import-not-found]  # 3.9–3.11; no stubs
        except ImportError:
            from hashlib import sha256 as algorithm
    return algorithm(data).hexdigest()


class Span(NamedTuple):
    """A stretch of a file's text: from (line, column) to (end_line, end_column), 1-based, the end exclusive.
    Findings, tokens, fixes and the places the pairing of years compares all name their place with it."""

    line: int
    column: int
    end_line: int
    end_column: int


class CellRef(NamedTuple):
    id: str
    line: int | None
    label: str | None = None   # the cell as the printed table names it (表三“（七）总计”行“自然人”列)

    def to_json(self) -> dict:
        return {"id": self.id, "line": self.line, **({"label": self.label} if self.label else {})}


def labelled(finding: Finding, template) -> Finding:
    """The finding with every cited cell named as the printed table names it, and a Word table's place with
    the name the report gives that table (``表3 第5行 第2列（表三）``: Word counts its tables, the message names
    the report's). One place does this for all rules: the engine, with the report's template."""
    if not finding.cells or template is None:
        return finding
    cells = tuple(c._replace(label=template.cell_label(c.id)) if c.id in template.columns_by_cell else c
                  for c in finding.cells)
    place = finding.place
    if place and place.startswith("表") and cells[0].id in template.columns_by_cell:
        place = f"{place}（{template.table_of(cells[0].id).name}）"
    return finding._replace(cells=cells, place=place)


class Related(NamedTuple):
    """A place in another file that a finding is about too (last year's cell a pair rule compares with)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str              # what is there: 2023年度报告 表三“四、结转下年度继续办理”行“自然人”列为 3
    place: str | None = None
    page: int | None = None
    cell: str | None = None   # the cell id, when it is a cell
    value: int | float | None = None
    label: str | None = None  # the cell as the printed table names it

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)

    def to_json(self) -> dict:
        out = {"path": self.path, "line": self.line, "column": self.column, "end_line": self.end_line,
               "end_column": self.end_column, "message": self.message}
        out.update({k: v for k, v in (("place", self.place), ("page", self.page), ("cell", self.cell),
                                      ("value", self.value), ("label", self.label)) if v is not None})
        return out


class Finding(NamedTuple):
    code: str
    rule: str                 # family.kebab-name
    severity: str
    message: str              # Chinese: what was found and what was expected
    line: int
    column: int
    end_line: int
    end_column: int
    cells: tuple[CellRef, ...] = ()
    expected: int | float | str | None = None
    actual: int | float | str | None = None
    anchor: str = ""          # text the finding is about, for a fingerprint that survives line shifts
    file_level: bool = False  # about the file as a whole (a missing section): placed at 1:1
    place: str | None = None  # where it is in a file without lines (a Word draft: “表3 第5行 第2列”)
    page: int | None = None   # the page, in a file that has pages
    related: tuple[Related, ...] = ()  # places in other files it is about (the other year of a pair)
    fix: str | None = None    # what replaces the span (``actual``) when the rule is sure of it (linter/fixes.py)

    @property
    def family(self) -> str:
        return self.rule.split(".", 1)[0]

    @property
    def span(self) -> Span:
        """Where it is (the data contract writes the four numbers as fields of the finding, and so of this
        record; so does Related)."""
        return Span(self.line, self.column, self.end_line, self.end_column)

    def fingerprint(self) -> str:
        """Stable across inserted lines: the code and the cell ids, or the code and the anchor text."""
        basis = self.code + "|" + (",".join(c.id for c in self.cells) or self.anchor or self.message)
        return sha256(basis.encode("utf-8"))[:16]

    def sort_key(self):
        """Document order; findings at the same place keep the order the rules emitted them in."""
        return (self.line, self.column)

    def to_json(self) -> dict:
        """The finding as in docs/data-contract.md §3 (``expected``/``actual`` only where a number was expected)."""
        out = {"code": self.code, "rule": self.rule, "severity": self.severity, "message": self.message,
               "line": self.line, "column": self.column, "end_line": self.end_line, "end_column": self.end_column,
               "cells": [c.to_json() for c in self.cells]}
        if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (self.expected, self.actual)):
            out["expected"] = self.expected
            out["actual"] = self.actual
        if self.place is not None:
            out["place"] = self.place
        if self.page is not None:
            out["page"] = self.page
        if self.related:
            out["related"] = [r.to_json() for r in self.related]
        if self.fix is not None:
            out["fix"] = {"replace": str(self.actual), "with": self.fix}
        return out
