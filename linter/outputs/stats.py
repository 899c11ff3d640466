"""``disclint stats``: the year's figures as a table for people, JSON, CSV, a workbook with a chart per
figure, and the same charts as inline SVG (for the review index page, and ``--format html``).

Every figure comes from linter/stats.py; the rows are made here once (``level_rows``, ``report_rows``) and
the CSV and the workbook hold the same rows. A ratio below the minimum denominator is its counts (``12/20``)
in every format, and no bar in a chart (the counts written on its axis).
"""
from __future__ import annotations

from html import escape

from ..errors import UsageError
from ..stats import LEVEL_WORDS, Statistics, ratios
from . import emit

#: the figures of a level, in the order tables and charts show them: (key, heading)
FIGURES = (("reports", "报告数"), ("received", "本年新收申请"), ("disclosure", "实质公开率"), ("correction", "纠错率"),
           ("late", "逾期公开"), ("broken", "勾稽关系不成立"), ("not_assessable", "无法评估"))
#: the charts: a figure each, the bars of this year and last year per level
CHARTS = FIGURES[1:]


def _value(summary, key: str):
    """A figure as a table shows it: a count, or a ratio as text."""
    value = getattr(summary, key)
    return str(value) if key in ("disclosure", "correction") else value


def _bar(summary, key: str) -> float | None:
    """A figure as a chart draws it: the count, the percentage, or None (a ratio below the minimum)."""
    if summary is None:
        return None
    value = getattr(summary, key)
    return value.rate if key in ("disclosure", "correction") else value


def level_rows(stats: Statistics) -> list[list]:
    """级别, then each figure this year and last year."""
    heading = ["级别"] + [h for _, h in FIGURES] + [f"上年{h}" for _, h in FIGURES]
    rows = [heading]
    for level, (this, last) in stats.levels.items():
        rows.append([LEVEL_WORDS[level]] + [_value(this, k) for k, _ in FIGURES]
                    + [_value(last, k) if last else "" for k, _ in FIGURES])
    return rows


def _report_cells(f, minimum: int) -> list:
    """A report's path, applications received, 实质公开率, 纠错率 (text), late, broken, not assessable."""
    if f is None:
        return [""] * 7
    disclosure, correction = ratios(f, minimum)
    return [f.path, "" if f.received is None else f.received, str(disclosure or ""), str(correction or ""),
            f.late, f.broken, not f.assessable]


def report_rows(stats: Statistics) -> list[list]:
    """A row per report of the year, last year's report of the agency beside it."""
    names = ("本年新收申请", "实质公开率", "纠错率", "逾期公开", "勾稽关系不成立", "无法评估")
    rows: list[list] = [["单位", "级别", "年度", "文件", *names, "上年文件", *(f"上年{n}" for n in names)]]

    def cells(f):
        return [(("是" if v else "") if k > 3 else v) for k, v in enumerate(_report_cells(f, stats.minimum))]

    for row in stats.rows:
        this = cells(row.this)
        rows.append([row.this.agency or "", LEVEL_WORDS[row.this.level], row.this.year, *this, *cells(row.previous)])
    return rows


def _beside(this, last) -> str:
    """This year's figure, last year's after it when there is one: ``159（上年 82）``."""
    return f"{this}（上年 {last}）" if last not in (None, "") else str(this)


def human(stats: Statistics) -> str:
    """Two tables, last year's figures beside this year's in each cell: the levels, then the reports."""
    import io

    from rich.console import Console
    from rich.table import Table

    if stats.year is None:
        return "未找到可以统计的报告（未能识别任何报告的年度）。\n"
    buffer = io.StringIO()
    console = Console(file=buffer, width=160, highlight=False)
    levels = Table(title=f"{stats.year} 年度统计（按级别；括号中为 {stats.year - 1} 年度）")
    for _, heading in ((None, "级别"), *FIGURES):
        levels.add_column(heading)
    for level, (this, last) in stats.levels.items():
        levels.add_row(LEVEL_WORDS[level], *(_beside(_value(this, k), last and _value(last, k)) for k, _ in FIGURES))
    console.print(levels)
    reports = Table(title="各单位")
    for heading in ("单位", "级别", "文件", "本年新收申请", "实质公开率", "纠错率", "问题"):
        reports.add_column(heading, overflow="fold")
    for row in stats.rows:
        mine, theirs = _report_cells(row.this, stats.minimum), _report_cells(row.previous, stats.minimum)
        reports.add_row(row.this.agency or "", LEVEL_WORDS[row.this.level], row.this.path,
                        *(_beside(a, b) for a, b in zip(mine[1:4], theirs[1:4] if row.previous else ("",) * 3)),
                        "、".join(w for w, flag in zip(("逾期公开", "勾稽关系不成立", "无法评估"), mine[4:]) if flag))
    console.print(reports)
    console.print(f"比率的分母少于 {stats.minimum} 时显示为“分子/分母”，不计算百分比；“—”表示分母为 0。")
    return buffer.getvalue()


def csv_text(stats: Statistics) -> str:
    """The levels' table, a blank line, the reports' table (UTF-8 with a BOM, as Excel opens it)."""
    import csv
    import io

    from .csv import inert

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in level_rows(stats) + [[]] + report_rows(stats):
        writer.writerow([inert(v) for v in row])
    return "\ufeff" + out.getvalue()


def xlsx(stats: Statistics, path: str) -> None:
    """A workbook: 按级别 (the levels), 各单位 (the reports), 图表 (a bar chart per figure, this year and last
    year per level, from a data sheet beside them)."""
    from openpyxl.chart import BarChart, Reference

    from .xlsx import add_sheet, new_workbook

    book = new_workbook()
    add_sheet(book, "按级别", level_rows(stats), {"A": 14})
    add_sheet(book, "各单位", report_rows(stats), {"A": 28, "D": 40})
    data = book.create_sheet("图表")
    levels = list(stats.levels.items())
    for k, (key, heading) in enumerate(CHARTS):
        top = 1 + k * 20
        data.cell(top, 1, heading)
        data.cell(top, 2, f"{stats.year}年度")
        data.cell(top, 3, f"{(stats.year or 0) - 1}年度")
        for i, (level, (this, last)) in enumerate(levels, 1):
            data.cell(top + i, 1, LEVEL_WORDS[level])
            data.cell(top + i, 2, _bar(this, key))
            data.cell(top + i, 3, _bar(last, key))
        chart = BarChart()
        chart.title = heading + ("（%）" if key in ("disclosure", "correction") else "")
        chart.y_axis.title = "%" if key in ("disclosure", "correction") else "份" if key != "received" else "件"
        chart.add_data(Reference(data, min_col=2, max_col=3, min_row=top, max_row=top + len(levels)), titles_from_data=True)
        chart.set_categories(Reference(data, min_col=1, min_row=top + 1, max_row=top + len(levels)))
        chart.height, chart.width = 7, 14
        data.add_chart(chart, f"E{top}")
    book.save(path)


def svg(stats: Statistics, key: str, heading: str, width: int = 360, height: int = 200) -> str:
    """One figure as an inline SVG bar chart: per level, this year's bar and last year's (lighter)."""
    levels = [(LEVEL_WORDS[lv], this, last) for lv, (this, last) in stats.levels.items()]
    top = max([v for _, a, b in levels for v in (_bar(a, key), _bar(b, key)) if v is not None] + [1])
    left, bottom, plot = 10, height - 34, height - 74
    slot = (width - 2 * left) / max(1, len(levels))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
           f'aria-label="{escape(heading)}" font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(heading)}</text>',
           f'<line x1="{left}" y1="{bottom}" x2="{width - left}" y2="{bottom}" stroke="#888"/>']
    percent = key in ("disclosure", "correction")
    for i, (name, this, last) in enumerate(levels):
        x = left + i * slot
        for j, (summary, colour) in enumerate(((this, "#2b6cb0"), (last, "#a3bffa"))):
            bar_x, value = x + slot * (0.15 + 0.35 * j), _bar(summary, key)
            if summary is None:
                continue
            size = plot * value / top if value is not None else 0
            # below the minimum denominator: no bar, the counts written on the axis
            shown = (f"{value:.1f}%" if percent else f"{value:g}") if value is not None else str(getattr(summary, key))
            out.append(f'<rect x="{bar_x:.1f}" y="{bottom - size:.1f}" width="{slot * 0.33:.1f}" height="{size:.1f}" '
                       f'fill="{colour}"><title>{escape(name)} {shown}</title></rect>')
            out.append(f'<text x="{bar_x + slot * 0.165:.1f}" y="{bottom - size - 3:.1f}" text-anchor="middle" '
                       f'font-size="9">{shown}</text>')
        out.append(f'<text x="{x + slot / 2:.1f}" y="{bottom + 14}" text-anchor="middle">{escape(name)}</text>')
    year = stats.year or 0
    out.append(f'<rect x="{left}" y="{height - 14}" width="10" height="8" fill="#2b6cb0"/>'
               f'<text x="{left + 14}" y="{height - 6}">{year}年度</text>'
               f'<rect x="{left + 80}" y="{height - 14}" width="10" height="8" fill="#a3bffa"/>'
               f'<text x="{left + 94}" y="{height - 6}">{year - 1}年度</text></svg>')
    return "".join(out)


def charts_html(stats: Statistics) -> str:
    """Every figure's chart, for a page; a note on the ratios shown as counts."""
    if stats.year is None or not stats.levels:
        return ""
    return (f'<section class="stats"><h2>{stats.year} 年度统计</h2><div>'
            + "".join(svg(stats, key, heading) for key, heading in CHARTS)
            + f"</div><p><small>比率按级别合计（各报告分子之和除以分母之和）；分母少于 {stats.minimum} 时不画柱形，"
              "表中显示为“分子/分母”。</small></p></section>")


def page(stats: Statistics) -> str:
    """``--format html``: a page of the charts and the levels' table, which a browser opens (no script)."""
    rows = level_rows(stats)
    table = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">" + "".join(
        "<tr>" + "".join(f"<{'th' if i == 0 else 'td'}>{escape(str(v))}</{'th' if i == 0 else 'td'}>" for v in row)
        + "</tr>" for i, row in enumerate(rows)) + "</table>"
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>disclint 统计</title>'
            '<style>body{font-family:sans-serif;margin:1em}svg{margin:0 1em 1em 0}</style></head><body>'
            + charts_html(stats) + table + "</body></html>\n")


FORMATS = ("human", "json", "csv", "xlsx", "html")


def write(stats: Statistics, form: str, output_file: str | None) -> None:
    """Write the statistics in ``form`` to ``output_file`` (standard output when None; xlsx needs a file)."""
    import json

    if form == "xlsx":
        if output_file is None:
            raise UsageError("--format xlsx 需要 --output-file 文件名")
        xlsx(stats, output_file)
        return
    text = {"human": human, "csv": csv_text, "html": page,
            "json": lambda s: json.dumps(s.to_json(), ensure_ascii=False, indent=2) + "\n"}[form](stats)
    emit(text, output_file)

