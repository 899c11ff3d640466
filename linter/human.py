"""Findings for a person, printed with Rich: per file, in document order, with the source line."""
from __future__ import annotations

from .findings import ERROR, INFO, SEVERITY_WORDS, STATUS_WORDS, WARNING
from .formats import summary
from .formats import where as place

_STYLE = {ERROR: "bold red", WARNING: "yellow", INFO: "cyan"}
#: Files with findings the summary table lists; it says how many more there are.
SHOWN = 40
def _excerpt(line: str, column: int, end_column: int, context: int) -> tuple[str, int, int]:
    """A window of a long line around the span (``context`` characters each side), and the span's
    offsets within the window."""
    start = max(0, column - 1 - context)
    stop = min(len(line), max(end_column - 1, column) + context)
    prefix = "…" if start > 0 else ""
    suffix = "…" if stop < len(line) else ""
    text = prefix + line[start:stop] + suffix
    offset = len(prefix) + column - 1 - start
    width = max(1, min(end_column, stop + 1) - column) if end_column > column else 1
    return text, offset, width


def render(results, console, show_source: bool = True, everything=None, statistics: bool = False,
           notes=(), excluded=()) -> None:
    """Print ``results`` (the files to show); the summary counts ``everything`` (all files checked);
    ``notes`` are what the pairing of years says about the run (a missing year, two reports of one)."""
    from rich.padding import Padding
    from rich.text import Text

    everything = results if everything is None else everything
    for result in results:
        head = Text(result.path, style="bold")
        details = []
        if result.edition:
            details.append(f"{result.edition} 版格式")
        if result.report_year:
            details.append(f"{result.report_year} 年度")
        if details:
            head.append("  (" + "，".join(details) + ")", style="dim")
        console.print(head)
        if not result.findings:
            console.print(Text("  未发现问题", style="green"))
        lines = result.lines
        for finding in result.findings:
            where = place(finding)
            line = Text(f"  {where}  ")
            line.append(f"{SEVERITY_WORDS[finding.severity]}", style=_STYLE[finding.severity])
            line.append(f"  {finding.code}", style="bold")
            line.append(f"  {finding.rule}", style="dim")
            console.print(line)
            console.print(Padding(Text(finding.message), (0, 0, 0, 4)), overflow="fold")
            for other in finding.related:
                related = Text("    另见 ", style="dim")
                related.append(f"{other.path}:{other.place or f'{other.line}:{other.column}'}", style="bold")
                related.append(f"  {other.message}")
                console.print(related, overflow="fold")
            line_text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            if show_source and line_text.strip():
                end = finding.end_column if finding.end_line == finding.line else len(line_text) + 1
                # Chinese characters take two terminal cells: keep the excerpt on one line of the console
                context = max(6, (console.width - 14) // 4 - min(end - finding.column, 20) // 2)
                text, offset, width = _excerpt(line_text, finding.column, end, context)
                gutter = f"  {finding.line:>6} │ "
                shown = Text(gutter, style="dim")
                shown.append(text[:offset])
                shown.append(text[offset:offset + width], style="reverse")
                shown.append(text[offset + width:])
                console.print(shown, overflow="fold")
        console.print()
    if len(everything) > 1:
        _batch_table(everything, console)
    if statistics:
        _rule_table(everything, console)
    for note in notes:
        console.print(Text(f"注意：{note}", style="yellow"), overflow="fold")
    if excluded:
        shown = "、".join(excluded[:5]) + (f" 等 {len(excluded)} 个" if len(excluded) > 5 else "")
        console.print(Text(f"按配置排除、未检查：{shown}", style="dim"), overflow="fold")
    totals = summary(everything)
    tail = Text(f"检查了 {totals['files']} 个文件：")
    tail.append(f"{totals['errors']} 个错误", style=_STYLE[ERROR] if totals["errors"] else "green")
    tail.append(f"，{totals['warnings']} 个警告", style=_STYLE[WARNING] if totals["warnings"] else "")
    if totals["infos"]:
        tail.append(f"，{totals['infos']} 个提示")
    if totals["unreadable"]:
        tail.append(f"；其中 {totals['unreadable']} 个文件无法读取，未检查（见 P001）", style=_STYLE[ERROR])
    if totals["failed"]:
        tail.append(f"；{totals['failed']} 个文件检查时发生内部错误，结果不完整（见 P004）", style=_STYLE[ERROR])
    console.print(tail)


def _batch_table(results, console) -> None:
    """Per file with findings (or not checked): status, errors and warnings, worst first; a reviewer reads
    one screen, and is told how many more there are."""
    from rich.table import Table
    from rich.text import Text

    rows = [(r.path, sum(f.severity == ERROR for f in r.findings), sum(f.severity == WARNING for f in r.findings),
             STATUS_WORDS[r.status]) for r in results]
    table = Table(title=f"汇总：{len(results)} 个文件，{sum(1 for r in rows if r[1])} 个有错误", title_justify="left")
    table.add_column("文件")
    table.add_column("状态")
    table.add_column("错误", justify="right")
    table.add_column("警告", justify="right")
    listed = [r for r in sorted(rows, key=lambda r: (-r[1], -r[2], r[0])) if r[1] or r[2] or r[3] != STATUS_WORDS["checked"]]
    for path, errors, warnings, status in listed[:SHOWN]:
        table.add_row(path, status, str(errors), str(warnings))
    if table.row_count:
        console.print(table)
    if len(listed) > SHOWN:
        console.print(Text(f"另有 {len(listed) - SHOWN} 个文件有问题未列出（完整清单：--format csv、xlsx 或 json）",
                           style="yellow"))


def _rule_table(results, console) -> None:
    from collections import Counter

    from rich.table import Table

    counts = Counter((f.code, f.rule) for r in results for f in r.findings)
    table = Table(title="按规则统计", title_justify="left")
    for name in ("代码", "规则", "数量"):
        table.add_column(name, justify="right" if name == "数量" else "left")
    for (code, rule), n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        table.add_row(code, rule, str(n))
    console.print(table)
