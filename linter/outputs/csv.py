"""``--format csv``: a row per finding; and for ``extract``, a row per file, a row per cell, and the
codebook. CSV as Excel on a Chinese Windows opens it: UTF-8 with a byte-order mark, no cell a formula.
The rows are made here once; the workbooks (xlsx) hold the same rows."""
from __future__ import annotations

import csv
import io
import re

from . import emit
from .common import extract_record, statistics_beside, where

#: The columns of the findings table (CSV and the 问题 sheet of xlsx): key, heading.
FINDING_COLUMNS = (("path", "文件"), ("agency", "单位"), ("title", "标题"), ("report_year", "年度"),
                   ("edition", "格式版本"), ("code", "代码"), ("severity", "级别"), ("rule", "规则"),
                   ("place", "位置"), ("line", "行"), ("column", "列"), ("message", "问题"))


def finding_rows(results) -> list[tuple]:
    """One row per finding, in FINDING_COLUMNS' order; a place is named as every output names it."""
    from ..findings import SEVERITY_WORDS

    return [(r.path, r.agency or "", r.title or "", r.report_year or "", r.edition or "", f.code,
             SEVERITY_WORDS[f.severity], f.rule, where(f), f.line, f.column, f.message)
            for r in results for f in r.findings]


#: The columns of the table of files (the 文件 sheet of xlsx, the review service's batch table): key, heading.
FILE_COLUMNS = (("path", "文件"), ("agency", "单位"), ("title", "标题"), ("report_year", "年度"), ("edition", "格式版本"),
                ("status", "状态"), ("errors", "错误"), ("warnings", "警告"), ("infos", "提示"), ("sha256", "SHA-256"))


def file_rows(results) -> list[tuple]:
    """One row per file, in FILE_COLUMNS' order: what it is, what became of it, its counts by severity."""
    from ..findings import ERROR, INFO, STATUS_WORDS, WARNING

    return [(r.path, r.agency or "", r.title or "", r.report_year or "", r.edition or "", STATUS_WORDS[r.status],
             *(sum(f.severity == s for f in r.findings) for s in (ERROR, WARNING, INFO)), r.sha256 or "")
            for r in results]


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


def cell_ids() -> list[str]:
    """Every cell id of every edition, each once, in template order."""
    from ..editions import editions, load

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
    from ..editions import load

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
    from ..editions import editions, load

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


def write(run, options) -> None:
    text = findings_csv(run.files)
    statistics_beside(run.files, options)
    emit(text, options.output_file)


def write_extract(run, options) -> None:
    emit(extract_csv(run.files), options.output_file)


def write_long(run, options) -> None:
    emit(extract_long(run.files), options.output_file)


def write_codebook(run, options) -> None:
    emit(codebook_csv(), options.output_file)
