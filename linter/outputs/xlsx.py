"""``--format xlsx``: workbooks for offices, what the CSV outputs hold, as Excel opens it well.

openpyxl is imported only here, and only for this format (it costs 150 ms to import); it is a dependency,
and should an install lack it a clear usage error says how to add it. Every
sheet has Chinese headings, a frozen heading row and filters; the rows come from the csv format's module,
so the workbook and the CSV never differ.
"""
from __future__ import annotations

from ..errors import UsageError
from .csv import CODEBOOK_COLUMNS, FILE_COLUMNS, FINDING_COLUMNS, codebook_rows, extract_rows, file_rows, finding_rows, inert

CODEBOOK_HEADINGS = {"id": "代码", "table": "表", "row": "行", "column": "列", "edition": "格式版本", "unit": "单位"}
EXTRACT_HEADINGS = {"path": "文件", "status": "状态", "agency": "单位", "edition": "格式版本", "report_year": "年度",
                    "title": "标题", "published": "发布日期", "sha256": "SHA-256"}


def new_workbook():
    try:
        from openpyxl import Workbook
    except ImportError:
        raise UsageError("--format xlsx 需要 openpyxl，此安装中缺少：pip install openpyxl") from None
    book = Workbook()
    for sheet in book.worksheets:  # the empty sheet a new workbook has: the writers add their own
        book.remove(sheet)
    return book


def add_sheet(book, title: str, rows: list, widths: dict | None = None) -> None:
    """A sheet of ``rows`` (the first is the heading): frozen heading, filters over every column. No cell is
    a formula (csv.inert), and the control characters a workbook cannot hold (a vertical tab, U+0003 in
    a title or a file name) are shown as U+FFFD instead of failing the whole workbook."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in map(inert, row)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if rows and rows[0]:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{max(1, len(rows))}"
    for column, width in (widths or {}).items():
        sheet.column_dimensions[column].width = width


def findings_xlsx(results, path) -> None:
    """A check as a workbook (saved to ``path``, a file name or a binary stream): 文件 (each file: status and
    counts) and 问题 (each finding)."""
    book = new_workbook()
    add_sheet(book, "文件", [[heading for _, heading in FILE_COLUMNS], *file_rows(results)], {"A": 40, "B": 24, "C": 48, "L": 80})
    add_sheet(book, "问题", [[heading for _, heading in FINDING_COLUMNS], *finding_rows(results)],
           {"A": 40, "B": 24, "C": 48, "I": 18, "L": 100})
    book.save(path)


def extract_xlsx(results, path: str) -> None:
    """Extracted tables as a workbook: 数据 (a row per file, a column per cell id) and 代码表 (what each id
    means), so that the ids of the headings can be read beside them."""
    book = new_workbook()
    rows = extract_rows(results)
    rows[0] = [EXTRACT_HEADINGS.get(h, h) for h in rows[0]]  # cell ids stay ids: the 代码表 says what they are
    add_sheet(book, "数据", rows, {"A": 40, "D": 48})
    codebook = codebook_rows()
    codebook[0] = [CODEBOOK_HEADINGS[h] for h in CODEBOOK_COLUMNS]
    add_sheet(book, "代码表", codebook, {"A": 30, "B": 28, "C": 48, "D": 30})
    book.save(path)


def write(run, options) -> None:
    findings_xlsx(run.files, options.output_file)


def write_score(run, options) -> None:
    """Scores as a workbook: 得分 (a row per report, a column per item) and 扣分明细 (a row per report and item)."""
    from .csv import item_rows, score_rows

    book = new_workbook()
    add_sheet(book, "得分", score_rows(run), {"A": 40, "B": 24})
    add_sheet(book, "扣分明细", item_rows(run), {"A": 40, "B": 24, "D": 30, "I": 40})
    book.save(options.output_file)


def write_extract(run, options) -> None:
    extract_xlsx(run.files, options.output_file)
