"""Machine-readable output: the contract's JSON documents (docs/data-contract.md), concise lines, CSV.

Formatters only format: every figure comes from the engine's results.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re

from .findings import ERROR, INFO, WARNING
from .fixes import FIXABLE
from .paths import harmless, uri
from .version import __version__

TOOL = {"name": "disclint", "version": __version__}


def summary(results, run=None) -> dict:
    """The counts of a run; ``unreadable`` (added to the contract) counts the files that could not be read
    (a scan, an old .doc, a damaged file: parse.unreadable), which were not checked, and ``failed`` (added)
    those on which disclint itself failed (parse.internal-error); ``not_reports`` (added) the files that
    are no annual report, ``excluded`` (added) those the configuration excluded (not read, not in
    ``files``)."""
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for result in results:
        for finding in result.findings:
            counts[finding.severity] += 1
    unreadable = sum(any(f.code == "P001" for f in r.findings) for r in results)
    return {"files": len(results), "errors": counts[ERROR], "warnings": counts[WARNING], "infos": counts[INFO],
            "unreadable": unreadable, "failed": sum(r.failed for r in results),
            "not_reports": sum(r.status == "not-a-report" for r in results),
            "excluded": len(run.excluded) if run is not None else 0}


def _about(r) -> dict:
    """What a file entry says of the file besides its findings (contract §3, added): its status, the
    agency and title as the report names them, its publication date and where it was read, its sha256."""
    return {"status": r.status, "agency": r.agency, "title": r.title, "published": r.published,
            "published_source": r.published_source, "sha256": r.sha256}


def check_json(results, run=None, statistics: bool = False) -> str:
    """The check document (contract §3); with the run (api.Results), its series, notes, excluded files and
    the files that could not be opened (added); with ``statistics``, the count per rule (added)."""
    def entry(r) -> dict:
        out = {"path": r.path, "edition": r.edition, "report_year": r.report_year,
               "findings": [f.to_json() for f in r.findings], **_about(r)}
        if r.previous is not None:
            out["previous"] = {"path": r.previous[0], "report_year": r.previous[1]}
        return out

    document = {"tool": TOOL, "files": [entry(r) for r in results], "summary": summary(results, run)}
    if run is not None:
        if run.series or run.notes:
            document["series"] = [s.to_json() for s in run.series]
            document["notes"] = list(run.notes)
        if run.excluded:
            document["excluded"] = list(run.excluded)
        if run.errors:
            document["errors"] = list(run.errors)
    if statistics:
        document["statistics"] = rule_counts(results)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def where(finding) -> str:
    """A finding's place as every output names it: ``line:column`` in a text or HTML file, the place in a
    file without lines (a Word draft's 表3 第5行 第2列, a PDF's 第3页)."""
    return finding.place or f"{finding.line}:{finding.column}"


_NUMBERED_PLACE = re.compile(r"^第(\d+)[段页]")


def concise_position(finding) -> str:
    """``line:column`` as tools parse it (``path:line:col:``), for every form: in a text or a web page its
    own; in a Word draft the paragraph (第12段 → 12:1), in a PDF the page (第3页 → 3:1); a Word table cell,
    which has neither, 1:1. The place itself then opens the message."""
    if finding.place is None:
        return f"{finding.line}:{finding.column}"
    numbered = _NUMBERED_PLACE.match(finding.place)
    return f"{numbered.group(1) if numbered else 1}:1"


def concise(results) -> str:
    """One line per finding, ``path:line:col: CODE [severity] message`` (a place without lines first in the
    message), then the total (as ``disclint check`` says it at the end of its human output). A file name or
    a message that holds a newline or a control character shows it escaped: one finding, one line."""
    totals = summary(results)
    return "".join(f"{harmless(r.path)}:{concise_position(f)}: {f.code} [{f.severity}] "
                   f"{harmless(f'{f.place}：{f.message}' if f.place else f.message)}\n"
                   for r in results for f in r.findings) \
        + f"检查了 {totals['files']} 个文件：{totals['errors']} 个错误，{totals['warnings']} 个警告\n"


#: The columns of the findings table (CSV and the 问题 sheet of xlsx): key, heading.
FINDING_COLUMNS = (("path", "文件"), ("agency", "单位"), ("title", "标题"), ("report_year", "年度"),
                   ("edition", "格式版本"), ("code", "代码"), ("severity", "级别"), ("rule", "规则"),
                   ("place", "位置"), ("line", "行"), ("column", "列"), ("message", "问题"))


def finding_rows(results) -> list[tuple]:
    """One row per finding, in FINDING_COLUMNS' order; a place is named as every output names it."""
    from .findings import SEVERITY_WORDS

    return [(r.path, r.agency or "", r.title or "", r.report_year or "", r.edition or "", f.code,
             SEVERITY_WORDS[f.severity], f.rule, where(f), f.line, f.column, f.message)
            for r in results for f in r.findings]


#: What makes a spreadsheet read a cell as a formula (or a DDE call), in Excel, LibreOffice and Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def inert(value):
    """A spreadsheet cell that cannot run: text from a report or a file name that begins as a formula
    does gets a leading ``'`` (OWASP, “CSV injection”), so that ``=HYPERLINK(…)`` in a title stays text;
    a signed number stays a number."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _csv(rows) -> str:
    """CSV as Excel on a Chinese Windows opens it: UTF-8 with a byte-order mark; no cell a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([inert(value) for value in row] for row in rows)
    return "\ufeff" + out.getvalue()


def findings_csv(results) -> str:
    return _csv([[heading for _, heading in FINDING_COLUMNS], *finding_rows(results)])


def extract_record(result) -> dict:
    return {"path": result.path, "edition": result.edition, "report_year": result.report_year,
            "title": result.title, "published": result.published, **_about(result), "cells": result.cells}


def extract_json(results) -> str:
    return json.dumps({"tool": TOOL, "files": [extract_record(r) for r in results]}, ensure_ascii=False, indent=2) + "\n"


def cell_ids() -> list[str]:
    """Every cell id of every edition, each once, in template order."""
    from .editions import editions, load

    ids = []
    for edition in editions():
        ids.extend(i for i in load(edition).cell_ids if i not in ids)
    return ids


#: The columns of a file's row before its cells (as the contract has them), and after them (added).
EXTRACT_COLUMNS = ("path", "edition", "report_year", "title", "published")
EXTRACT_ADDED = ("status", "agency", "sha256")


def extract_rows(results) -> list[list]:
    """One row per file, one column per cell id (the union over editions, in template order), headed."""
    ids = cell_ids()
    rows = [[*EXTRACT_COLUMNS, *ids, *EXTRACT_ADDED]]
    for result in results:
        record = extract_record(result)
        values = [record["cells"].get(i, {}).get("value") for i in ids]
        rows.append([*("" if record[k] is None else record[k] for k in EXTRACT_COLUMNS),
                     *("" if v is None else v for v in values),
                     *("" if record[k] is None else record[k] for k in EXTRACT_ADDED)])
    return rows


def extract_csv(results) -> str:
    return _csv(extract_rows(results))


LONG_COLUMNS = ("path", "id", "label", "value", "raw", "place")


def long_rows(results) -> list[list]:
    """One row per cell of each file: its id, its label as the printed table names it, value, raw text, place."""
    from .editions import load

    rows = [list(LONG_COLUMNS)]
    for result in results:
        if result.edition is None:
            continue
        template = load(result.edition)
        for cell_id, cell in result.cells.items():
            place = "" if cell["line"] is None else f"第{cell['page']}页" if "page" in cell else \
                f"{cell['line']}:{cell['column']}"
            rows.append([result.path, cell_id, template.cell_label(cell_id), "" if cell["value"] is None else cell["value"],
                         cell["raw"], place])
    return rows


def extract_long(results) -> str:
    return _csv(long_rows(results))


CODEBOOK_COLUMNS = ("id", "table", "row", "column", "edition", "unit")


def codebook_rows() -> list[list]:
    """What each cell id means: its table, row and column as printed, the editions that have it, its unit."""
    from .editions import editions, load

    seen: dict[str, list] = {}
    for edition in editions():
        template = load(edition)
        for table in template.tables.values():
            for row in table.rows:
                for column in table.columns:
                    cell_id = table.cell_id(row.id, column.id)
                    unit = column.unit or ("万元" if column.amount else "件")
                    entry = [cell_id, table.name, row.name, (f"{column.group}·" if column.group else "") + column.label,
                             edition, unit]
                    if cell_id in seen and seen[cell_id][1:4] == entry[1:4]:
                        seen[cell_id][4] += f",{edition}"
                    else:
                        seen.setdefault(cell_id, entry)
    return [list(CODEBOOK_COLUMNS), *seen.values()]


def codebook_csv() -> str:
    return _csv(codebook_rows())


def rule_counts(results) -> list[dict]:
    """Count per rule, most frequent first: [{code, rule, count}] (JSON ``statistics``, SARIF run properties)."""
    from collections import Counter

    counts = Counter((f.code, f.rule) for r in results for f in r.findings)
    return [{"code": code, "rule": rule, "count": n} for (code, rule), n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def statistics(results) -> str:
    """Count per rule, most frequent first: ``  12  B301  balance.carry-over``."""
    return "".join(f"{c['count']:>6}  {c['code']}  {c['rule']}\n" for c in rule_counts(results))


_SARIF_LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}


def _help(rule) -> tuple[str, str]:
    """(full description, help as Markdown) of a rule for GitHub's panel: the Chinese summary first, then
    the rule's documentation (docs/rules.md's section) and how to see it."""
    import inspect

    doc = inspect.cleandoc(rule.__doc__ or "")
    first = doc.split("\n\n")[0]
    full = f"{rule.summary}。{first}" if first else rule.summary
    markdown = (f"**{rule.code} {rule.name}**：{rule.summary}\n\n{doc}\n\n"
                f"本机查看：`disclint rule {rule.code}`；全部规则：disclint 的 docs/rules.md。")
    return full, markdown


def sarif(results, statistics: bool = False, base: str | None = None) -> str:
    """SARIF 2.1.0 with what GitHub code scanning reads: rules with Chinese descriptions and their
    documentation as help, one physical location per result (and the other year's as related locations),
    partial fingerprints that survive lines being inserted above. Paths under ``base`` (the folder disclint
    ran in) are relative to ``%SRCROOT%`` (``originalUriBaseIds``), so that GitHub maps them onto the
    repository; no ``helpUri`` or ``informationUri``, since disclint has no public page to point to."""
    from disclint.rules.registry import RULES

    rules = []
    for rule in RULES:
        full, markdown = _help(rule)
        rules.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": full},
            "help": {"text": markdown, "markdown": markdown},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity], "enabled": rule.enabled_by_default},
            "properties": {"tags": [rule.name.split(".")[0]]},
        })
    index = {rule.code: i for i, rule in enumerate(RULES)}
    run_results = []
    for result in results:
        for f in result.findings:
            run_results.append({
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f"{f.place}：{f.message}" if f.place else f.message},
                **({"properties": {k: v for k, v in (("place", f.place), ("page", f.page)) if v is not None}}
                   if f.place else {}),
                "locations": [{"physicalLocation": (where := _physical(result.path, f, base))}],
                **({"fixes": [{"description": {"text": f"改为“{f.fix}”"}, "artifactChanges": [{
                    "artifactLocation": where["artifactLocation"],
                    "replacements": [{"deletedRegion": where["region"], "insertedContent": {"text": f.fix}}]}]}]}
                   if f.fix is not None and result.kind in FIXABLE else {}),
                **({"relatedLocations": [{"id": k, "physicalLocation": _physical(r.path, r, base),
                                          "message": {"text": r.message}} for k, r in enumerate(f.related)]}
                   if f.related else {}),
                "partialFingerprints": {"disclint/v1": f.fingerprint()},
            })
    run = {"tool": {"driver": {"name": "disclint", "version": __version__, "rules": rules}},
           "columnKind": "unicodeCodePoints", "results": run_results}
    if base is not None:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": _file_uri(base) + "/"}}
    if statistics:
        run["properties"] = {"statistics": rule_counts(results)}
    document = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _file_uri(path: str) -> str:
    """An absolute path as a file: URI (``file:///home/a/reports``)."""
    absolute = uri(os.path.abspath(path))
    return "file://" + ("" if absolute.startswith("/") else "/") + absolute


def _physical(path: str, at, base: str | None = None) -> dict:
    """A SARIF physical location of a finding or a related place: relative to ``%SRCROOT%`` when the file
    is under ``base``, else as given (``-``, a path outside)."""
    location = {"uri": uri(path)}
    if base is not None and path != "-":
        relative = os.path.relpath(os.path.abspath(path), base)
        if not relative.startswith(".."):
            location = {"uri": uri(relative), "uriBaseId": "%SRCROOT%"}
    return {"artifactLocation": location,
            "region": {"startLine": at.line, "startColumn": at.column, "endLine": at.end_line,
                       "endColumn": max(at.end_column, at.column)}}


def _escape_data(text: str) -> str:
    text = harmless(text)  # a workflow log is a terminal too
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results) -> str:
    """GitHub Actions workflow commands, grouped per file."""
    out = []
    for result in results:
        if not result.findings:
            continue
        out.append(f"::group::{_escape_data(result.path)}\n")
        for f in result.findings:
            level = {ERROR: "error", WARNING: "warning", INFO: "notice"}[f.severity]
            props = (f"file={_escape_property(result.path)},line={f.line},col={f.column},endLine={f.end_line},"
                     f"endColumn={f.end_column},title={_escape_property(f.code + ' ' + f.rule)}")
            message = f"{f.place}：{f.message}" if f.place else f.message
            out.append(f"::{level} {props}::{_escape_data(message)}\n")
        out.append("::endgroup::\n")
    return "".join(out)
