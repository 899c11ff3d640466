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
                   ("place", "位置"), ("line", "行"), ("column", "列"), ("message", "问题"),
                   ("status", "状态"), ("coverage", "已核对勾稽关系"))


def finding_rows(results) -> list[tuple]:
    """One row per finding, in FINDING_COLUMNS' order; a place is named as every output names it. The file's
    status and the equations checked of all (added, last) tell a report without findings on its unread
    tables from a sound one."""
    from ..coverage import short
    from ..findings import SEVERITY_WORDS, STATUS_WORDS

    return [(r.path, r.agency or "", r.title or "", r.report_year or "", r.edition or "", f.code,
             SEVERITY_WORDS[f.severity], f.rule, where(f), f.line, f.column, f.message, STATUS_WORDS[r.status],
             short(r.coverage))
            for r in results for f in r.findings]


#: The columns of the table of files (the 文件 sheet of xlsx, the review service's batch table): key, heading.
FILE_COLUMNS = (("path", "文件"), ("agency", "单位"), ("title", "标题"), ("report_year", "年度"), ("edition", "格式版本"),
                ("status", "状态"), ("errors", "错误"), ("warnings", "警告"), ("infos", "提示"), ("sha256", "SHA-256"),
                ("coverage", "已核对勾稽关系"), ("checked", "核对情况"))


def file_rows(results) -> list[tuple]:
    """One row per file, in FILE_COLUMNS' order: what it is, what became of it, its counts by severity, and
    how much of it was checked (linter/coverage.py)."""
    from ..coverage import short, summary
    from ..findings import ERROR, INFO, STATUS_WORDS, WARNING

    return [(r.path, r.agency or "", r.title or "", r.report_year or "", r.edition or "", STATUS_WORDS[r.status],
             *(sum(f.severity == s for f in r.findings) for s in (ERROR, WARNING, INFO)), r.sha256 or "",
             short(r.coverage), summary(r.coverage))
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

    ids: list[str] = []
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


#: ``source`` (added): ``ocr`` for a value read from a scanned page by OCR, else empty.
LONG_COLUMNS = ("path", "id", "label", "value", "raw", "place", "source")


def long_rows(results) -> list[list]:
    """One row per cell of each file: its id, its label as the printed table names it, value, raw text, place,
    and how it was read (``ocr``, or empty for a text layer)."""
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
                         cell["raw"], place, cell.get("source", "")])
    return rows


def extract_long(results) -> str:
    return _csv(long_rows(results))


CODEBOOK_COLUMNS = ("id", "table", "row", "column", "edition", "unit")


def codebook_rows() -> list[list]:
    """What each cell id means: its table, row and column as printed, the editions that have it, its unit."""
    from ..editions import editions, load

    # one row per cell id and wording: a cell the editions print in other words (2019's 处理决定数量 is 2021's
    # 本年处理决定数量) gets a row for each wording, so every edition's cells are all listed under its own name
    seen: dict[tuple, list] = {}
    for edition in editions():
        template = load(edition)
        for table in template.tables.values():
            for row in table.rows:
                for column in table.columns:
                    cell_id = table.cell_id(row.id, column.id)
                    unit = column.unit or ("万元" if column.amount else "件")
                    entry = [cell_id, table.name, row.name, (f"{column.group}·" if column.group else "") + column.label,
                             edition, unit]
                    key = (cell_id, *entry[1:4])
                    if key in seen:
                        seen[key][4] += f",{edition}"
                    else:
                        seen[key] = entry
    return [list(CODEBOOK_COLUMNS), *seen.values()]


def codebook_csv() -> str:
    return _csv(codebook_rows())


#: The columns of the scores table (CSV and the 得分 sheet of xlsx) before one column per item of the card.
SCORE_COLUMNS = ("文件", "单位", "年度", "状态", "得分", "满分", "扣分", "各项均可评估")
#: The columns of the deductions table (the 扣分明细 sheet of xlsx): one row per report and item.
ITEM_COLUMNS = ("文件", "单位", "年度", "扣分项", "结果", "扣分", "处数", "测得", "说明")


def score_rows(run) -> list[list]:
    """One row per scored report (and per missing report), one column per item of the card: the points it
    deducted, or 无法评估 (never 0: an item that could not be assessed is not one that passed)."""
    from ..scorecard import NOT_ASSESSABLE, STATE_WORDS, status_word

    rows = [[*SCORE_COLUMNS, *(item.name for item in run.scorecard.items)]]
    for e in run.scores:
        rows.append([e["path"] or "", e["agency"] or "", e["report_year"] or "", status_word(e["status"]), e["score"],
                     e["total"], e["deducted"], "是" if e["complete"] else "否",
                     *(STATE_WORDS[NOT_ASSESSABLE] if i["state"] == NOT_ASSESSABLE else i["deduction"] for i in e["items"])])
    return rows


def item_rows(run) -> list[list]:
    """One row per report and item: its state, deduction, count of findings, measured value, and why."""
    from ..scorecard import STATE_WORDS

    rows = [list(ITEM_COLUMNS)]
    for e in run.scores:
        for i in e["items"]:
            rows.append([e["path"] or "", e["agency"] or "", e["report_year"] or "", i["name"], STATE_WORDS[i["state"]],
                         i["deduction"], "" if i["count"] is None else i["count"],
                         "" if i["value"] is None else i["value"], i["reason"]])
    return rows


def write_score(run, options) -> None:
    emit(_csv(score_rows(run)), options.output_file)


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
