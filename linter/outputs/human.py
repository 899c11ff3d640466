"""``--format human``, the default: findings for a person, printed with Rich: per file, in document order, with the source line. What a
report or a file name brings (its lines, titles, names) is shown harmless (paths.harmless): it can never
repaint the editor's screen."""
from __future__ import annotations

from ..coverage import short
from ..coverage import summary as coverage_summary
from ..findings import ERROR, INFO, SEVERITY_WORDS, STATUS_WORDS, WARNING
from ..fixes import FIXABLE
from ..paths import harmless
from ..readers import OWN_LINES
from .common import rule_counts, rule_summary, summary
from .common import where as place

_STYLE = {ERROR: "bold red", WARNING: "yellow", INFO: "cyan"}

#: The rule whose findings mark a report skeleton not yet filled in (【请填写】): the summary counts them.
UNFILLED = "text.unfilled-placeholder"

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


#: where a line may break: after these, outside quotes (a cell's name 表三“（七）总计”行“自然人”列 and a number
#: stay whole)
_BREAK_AFTER = set("，。；：、！？）」』,;:!?) ")


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells (a Chinese character takes two), broken after
    punctuation or a space outside “…” quotes; a run longer than a line breaks between two characters
    that are not both digits or letters, so that no number or name of a cell is split where it can be
    helped. No line ends with a space."""
    from rich.cells import cell_len

    units, current, depth = [], "", 0
    for k, char in enumerate(text):
        current += char
        depth += (char == "“") - (char == "”" and depth > 0)
        after = text[k + 1] if k + 1 < len(text) else ""
        ends_name = char in "行列" and current.endswith(("”行", "”列")) and after not in "“为"
        if depth == 0 and (char in _BREAK_AFTER or ends_name):
            units.append(current)
            current = ""
    if current:
        units.append(current)
    lines, line = [], ""
    for unit in units:
        while cell_len(unit) > width:  # longer than a line: cut it where two characters may part
            cut = _cut(line + unit, width)
            lines.append((line + unit)[:cut].rstrip())
            unit, line = (line + unit)[cut:], ""
        if line and cell_len(line + unit.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _cut(text: str, width: int) -> int:
    """The longest prefix of ``text`` within ``width`` cells that does not end between two digits or letters."""
    from rich.cells import cell_len

    cut = 1
    while cut < len(text) and cell_len(text[:cut + 1]) <= width:
        cut += 1

    def parts(at: int) -> bool:  # two characters that may part: not within a number, a name or a word
        return at >= len(text) or not (text[at - 1].isascii() and text[at].isascii() and not text[at - 1].isspace()
                                       and not text[at].isspace())

    return next((at for at in range(cut, 0, -1) if parts(at)), cut)


def row_view(result, finding) -> str | None:
    """The row of the finding's first cell as the printed table has it, the cells it is about marked:
    表三“（一）予以公开”行：自然人 0，商业企业 0，…，总计【3】; None for a finding on no cell."""
    if not finding.cells or result.edition is None or not result.cells:
        return None
    from ..editions import load

    template = load(result.edition)
    first = finding.cells[0].id
    if first not in template.columns_by_cell:
        return None
    table, row_id = template.table_of(first), first.rsplit(".", 2)[1]
    # a finding that names one value (expected/actual) is about its first cell; else about all it cites
    cited = {first} if finding.expected is not None else {c.id for c in finding.cells}
    parts = []
    for column in table.columns:
        cell_id = table.cell_id(row_id, column.id)
        raw = (result.cells.get(cell_id) or {}).get("raw") or "空"
        parts.append(f"{column.label} {f'【{raw}】' if cell_id in cited else raw}")
    return f"{table.name}“{table.row(row_id).name}”{'' if table.label_less else '行'}：" + "，".join(parts)


def visible(line: str) -> str:
    """A line of a web page as the browser shows it: tags dropped, entities read, spaces collapsed."""
    import html
    import re

    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>?", " ", line))).strip()


def render(results, console, show_source: bool = True, everything=None, statistics: bool = False,
           notes=(), excluded=(), wrap: bool = True, rules=()) -> None:
    """Print ``results`` (the files to show); the summary counts ``everything`` (all files checked);
    ``notes`` are what the pairing of years says about the run (a missing year, two reports of one);
    ``rules`` are the rule classes of the run (each finding is shown with its rule's summary).
    ``wrap``: lines fit the terminal, broken where no name or number is split (``wrapped``); else (a pipe,
    a file) each message is one line, as long as it is, with no padding."""
    from rich.text import Text

    def say(text: str, indent: int, style: str = "") -> None:
        text = harmless(text)
        lines = wrapped(text, max(20, console.width - indent)) if wrap else [text]
        for line in lines:
            console.print(Text(" " * indent + line, style=style), soft_wrap=True)

    everything = results if everything is None else everything
    for result in results:
        head = Text(harmless(result.path), style="bold")
        details = []
        if result.edition:
            details.append(f"{result.edition} 版格式")
        if result.report_year:
            details.append(f"{result.report_year} 年度")
        if details:
            head.append("  (" + "，".join(details) + ")", style="dim")
        console.print(head)
        assessed = result.status != "not-assessable"
        if not result.findings and assessed:
            console.print(Text("  未发现问题", style="green"))
        if result.coverage is not None:  # what was checked: zero findings on unread tables is not “clean”
            say(("" if assessed else "不可评估：") + coverage_summary(result.coverage), 2,
                "dim" if assessed else _STYLE[WARNING])
        lines = result.lines
        for finding in result.findings:
            where = place(finding)
            line = Text(f"  {where}  ")
            line.append(f"{SEVERITY_WORDS[finding.severity]}", style=_STYLE[finding.severity])
            line.append(f"  {finding.code}", style="bold")
            line.append(f"  {rule_summary(finding.code, rules)}", style="dim")
            if finding.fix is not None and result.kind in FIXABLE:
                line.append("  可用 --fix 自动修复", style="green")
            console.print(line, soft_wrap=True)
            say(finding.message, 4)
            for other in finding.related:
                say(f"另见 {other.path}:{other.place or f'{other.line}:{other.column}'}  {other.message}", 4, "dim")
            row = row_view(result, finding) if show_source else None
            line_text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            if result.kind == "html":  # a saved page: what it shows, never its markup
                line_text = visible(line_text)
                finding = finding._replace(column=1, end_column=len(line_text) + 1, end_line=finding.line)
            if row is not None:
                say(row, 4, "dim")
            elif show_source and line_text.strip():
                end = finding.end_column if finding.end_line == finding.line else len(line_text) + 1
                # Chinese characters take two terminal cells: keep the excerpt on one line of the console
                context = max(6, (console.width - 14) // 4 - min(end - finding.column, 20) // 2)
                text, offset, width = _excerpt(line_text, finding.column, end, context)
                # a Word draft or a PDF has no lines of its own: its place is given above, not a line number
                gutter = f"  {finding.line:>6} │ " if result.kind in (None, *OWN_LINES) else "         │ "
                shown = Text(gutter, style="dim")
                shown.append(harmless(text[:offset]))
                shown.append(harmless(text[offset:offset + width]), style="reverse")
                shown.append(harmless(text[offset + width:]))
                console.print(shown, soft_wrap=True)
        console.print()
    if len(everything) > 1:
        _batch_table(everything, console, wrap)
    if statistics:
        _rule_table(everything, console, wrap)
    for note in notes:
        say(f"注意：{note}", 0, "yellow")
    if excluded:
        listed = "、".join(excluded[:5]) + (f" 等 {len(excluded)} 个" if len(excluded) > 5 else "")
        say(f"按配置排除、未检查：{listed}", 0, "dim")
    totals = summary(everything)
    tail = Text(f"检查了 {totals['files']} 个文件：")
    tail.append(f"{totals['errors']} 个错误", style=_STYLE[ERROR] if totals["errors"] else "green")
    tail.append(f"，{totals['warnings']} 个警告", style=_STYLE[WARNING] if totals["warnings"] else "")
    if totals["infos"]:
        tail.append(f"，{totals['infos']} 个提示")
    if totals["unreadable"]:
        tail.append(f"；其中 {totals['unreadable']} 个文件无法读取，未检查（见 P001）", style=_STYLE[ERROR])
    if totals["not_assessable"]:
        tail.append(f"；{totals['not_assessable']} 个文件的表格未能读取，不可评估", style=_STYLE[WARNING])
    if totals["failed"]:
        tail.append(f"；{totals['failed']} 个文件检查时发生内部错误，结果不完整（见 P004）", style=_STYLE[ERROR])
    code = next((rule.code for rule in rules if rule.name == UNFILLED), None)
    unfilled = [sum(f.code == code for f in r.findings) for r in everything]
    if any(unfilled):  # a skeleton from ``disclint template``, or a report begun from one
        tail.append(f"；{sum(n > 0 for n in unfilled)} 个文件尚未填完报告框架（{sum(unfilled)} 处“【请填写】”，"
                    f"见 {code}）", style=_STYLE[WARNING])
    console.print(tail, soft_wrap=True)


def _table(console, title: str, headings: list[str], rows: list[list[str]], wrap: bool, right=()) -> None:
    """A Rich table in a terminal; elsewhere (a pipe, a file) plain lines, columns apart by two spaces,
    so that nothing is padded or boxed."""
    from rich.table import Table
    from rich.text import Text

    if not rows:
        return
    if not wrap:
        console.print(Text(title), soft_wrap=True)
        for row in [headings, *rows]:
            console.print(Text("  " + "  ".join(row)), soft_wrap=True)
        return
    table = Table(title=title, title_justify="left")
    for heading in headings:
        table.add_column(heading, justify="right" if heading in right else "left")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _batch_table(results, console, wrap: bool = True) -> None:
    """Per file with findings (or not checked): status, errors and warnings, worst first; a reviewer reads
    one screen, and is told how many more there are."""
    from rich.text import Text

    rows = [(r.path, sum(f.severity == ERROR for f in r.findings), sum(f.severity == WARNING for f in r.findings),
             STATUS_WORDS[r.status], short(r.coverage)) for r in results]
    listed = [r for r in sorted(rows, key=lambda r: (-r[1], -r[2], r[0])) if r[1] or r[2] or r[3] != STATUS_WORDS["checked"]]
    _table(console, f"汇总：{len(results)} 个文件，{sum(1 for r in rows if r[1])} 个有错误",
           ["文件", "状态", "错误", "警告", "已核对勾稽关系"],
           [[harmless(path), status, str(errors), str(warnings), checked]
            for path, errors, warnings, status, checked in listed[:SHOWN]], wrap, right=("错误", "警告", "已核对勾稽关系"))
    if len(listed) > SHOWN:
        console.print(Text(f"另有 {len(listed) - SHOWN} 个文件有问题未列出（完整清单：--format csv、xlsx 或 json）",
                           style="yellow"), soft_wrap=True)


def _rule_table(results, console, wrap: bool = True) -> None:
    _table(console, "按规则统计", ["代码", "规则", "数量"],
           [[c["code"], c["rule"], str(c["count"])] for c in rule_counts(results)], wrap, right=("数量",))


def write(run, options) -> None:
    """On a terminal, wrapped to its width; into a pipe or a file (``output_file``), each message on one
    line, nothing padded and no colour. ``quiet`` shows only the files with findings (and those not
    assessable: no finding there is not a clean report); the summary still counts them all."""
    from rich.console import Console

    results = run.files
    shown = [r for r in results if r.findings or r.status == "not-assessable"] if options.quiet else results
    if options.output_file:
        with open(options.output_file, "w", encoding="utf-8") as handle:
            render(shown, Console(file=handle, width=120, no_color=True, soft_wrap=True), options.source, results,
                   options.statistics, run.notes, run.excluded, wrap=False, rules=options.rules)
    else:
        console = Console(highlight=False)
        console.soft_wrap = not console.is_terminal  # a pipe or a file: no wrapping, no padding
        render(shown, console, options.source, results, options.statistics, run.notes, run.excluded,
               wrap=console.is_terminal, rules=options.rules)


def write_score(run, options) -> None:
    """Each report's score and the items behind it, then the batch's figures; plain lines (a sheet is read
    down the page, and copied into a memo)."""
    from ..scorecard import CLEAR, fmt_points, said, status_word
    from ..scorecard import summary as figures
    from . import emit

    card, lines = run.scorecard, []
    lines.append(f"评分表：{card.name}（满分 {fmt_points(card.total)}）")
    for e in run.scores:
        lines.append("")
        what = "，".join(str(x) for x in (e["agency"], f"{e['report_year']} 年度" if e["report_year"] else None) if x)
        lines.append(harmless(e["path"] or f"（缺少报告）{what}") + (f"  ({harmless(what)})" if e["path"] and what else ""))
        unassessed = sum(i["state"] not in ("deducted", CLEAR) for i in e["items"])
        tail = f"；{unassessed} 项无法评估，得分不完整" if unassessed else ""
        lines.append(f"  得分 {fmt_points(e['score'])} / {fmt_points(e['total'])}（扣 {fmt_points(e['deducted'])}{tail}）"
                     + ("" if e["status"] == "checked" else f"  [{status_word(e['status'])}]"))
        for i in e["items"]:
            lines.append(f"    {i['name']}：{harmless(said(i))}")
    totals = figures(run.scores)
    lines.append("")
    mean = "—" if totals["mean"] is None else fmt_points(totals["mean"])
    lines.append(f"共 {totals['reports']} 份报告，平均得分 {mean}；{totals['reports'] - totals['complete']} 份有无法评估的项目")
    lines += [f"注意：{note}" for note in run.notes]
    emit("\n".join(lines) + "\n", options.output_file)
