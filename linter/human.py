"""Findings for a person, printed with Rich: per file, in document order, with the source line."""
from __future__ import annotations

from .findings import ERROR, INFO, WARNING
from .formats import summary

_STYLE = {ERROR: "bold red", WARNING: "yellow", INFO: "cyan"}
_WORD = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
#: Characters of a long line shown around the finding's column.
_CONTEXT = 24


def _excerpt(line: str, column: int, end_column: int) -> tuple[str, int, int]:
    """A window of a long line around the span, and the span's offsets within the window."""
    start = max(0, column - 1 - _CONTEXT)
    stop = min(len(line), max(end_column - 1, column) + _CONTEXT)
    prefix = "…" if start > 0 else ""
    suffix = "…" if stop < len(line) else ""
    text = prefix + line[start:stop] + suffix
    offset = len(prefix) + column - 1 - start
    width = max(1, min(end_column, stop + 1) - column) if end_column > column else 1
    return text, offset, width


def render(results, console, show_source: bool = True) -> None:
    from rich.text import Text

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
        source = getattr(getattr(result, "report", None), "source", None)
        for finding in result.findings:
            line = Text(f"  {finding.line}:{finding.column}  ")
            line.append(f"{_WORD[finding.severity]}", style=_STYLE[finding.severity])
            line.append(f"  {finding.code}", style="bold")
            line.append(f"  {finding.rule}", style="dim")
            console.print(line)
            console.print(Text("    " + finding.message), overflow="fold")
            if show_source and source is not None and finding.line <= len(source.lines) and source.line(finding.line).strip():
                end = finding.end_column if finding.end_line == finding.line else len(source.line(finding.line)) + 1
                text, offset, width = _excerpt(source.line(finding.line), finding.column, end)
                gutter = f"  {finding.line:>6} │ "
                shown = Text(gutter, style="dim")
                shown.append(text[:offset])
                shown.append(text[offset:offset + width], style="reverse")
                shown.append(text[offset + width:])
                console.print(shown, overflow="fold")
        console.print()
    totals = summary(results)
    tail = Text(f"检查了 {totals['files']} 个文件：")
    tail.append(f"{totals['errors']} 个错误", style=_STYLE[ERROR] if totals["errors"] else "green")
    tail.append(f"，{totals['warnings']} 个警告", style=_STYLE[WARNING] if totals["warnings"] else "")
    if totals["infos"]:
        tail.append(f"，{totals['infos']} 个提示")
    console.print(tail)
