"""``--format html``, the review page: one self-contained HTML file an editor opens in a browser.

A summary at the top, the findings as a list whose entries link to their marks, the tables of the report
drawn as tables with every cited cell marked (an equation's cells show the expected and actual values),
and the report as written with each finding's span highlighted. No scripts and no network: it prints well
and opens anywhere. For a batch, an index page links each report's page with its agency, title, year and
counts by family, sortable and filtered in the page (a small inline script; still no network). Every page
declares a Content-Security-Policy that allows nothing else, and shows what reports bring only escaped.
"""
from __future__ import annotations

import os
from collections import defaultdict
from html import escape

from ..coverage import short, summary
from ..errors import UsageError
from ..findings import ERROR, INFO, SEVERITY_WORDS, STATUS_WORDS, WARNING
from ..paths import harmless
from ..readers import OWN_LINES
from . import emit
from .common import rule_summary

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:70em;color:#222;line-height:1.5}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
.summary span{display:inline-block;margin-right:1.5em;font-weight:bold}
.error{color:#b00020}.warning{color:#8a6d00}.info{color:#005a9c}
ol.findings li{margin:.3em 0}.code{font-family:monospace;font-weight:bold}
table.grid{border-collapse:collapse;margin:.8em 0;font-size:.92em}
table.grid td,table.grid th{border:1px solid #999;padding:.15em .5em;text-align:right}
table.grid th{background:#f3f3f3;font-weight:normal;text-align:left}
td.flag-error{background:#ffd6dc;outline:2px solid #b00020}td.flag-warning{background:#fff3c4;outline:2px solid #8a6d00}
td.blank{color:#999}
pre.source{white-space:pre-wrap;font-family:inherit;font-size:.95em}
.ln{display:inline-block;width:4em;color:#999;text-align:right;margin-right:1em;user-select:none}
mark.error{background:#ffd6dc;color:inherit}mark.warning{background:#fff3c4;color:inherit}mark.info{background:#dbeeff}
small.where{color:#666}
@media print{a{color:inherit;text-decoration:none}}
"""


def page_text(value) -> str:
    """Anything a report or a file name brings, as page text: markup escaped (quotes too, for attributes),
    and bidi overrides, zero-width and control characters shown as ``\\u202e`` (paths.harmless), so that
    no title, label, quote or name can inject markup or hide and reorder what the page says."""
    return escape(harmless(str(value)))


def _head(title: str, style: str = "", script: str = "") -> str:
    """The head of a page: its charset, its Content-Security-Policy (nothing from the network, no script
    but the page's own inline one, named by its digest; no form, no base, no frame) and its style."""
    import base64
    import hashlib

    scripts = f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'" if script else "'none'"
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; script-src {scripts}; img-src 'none'; "
              "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\"><title>{title}</title>"
            f"<style>{_CSS}{style}</style></head><body>")


def _severity(findings) -> str:
    return ERROR if any(f.severity == ERROR for f in findings) else WARNING if findings else INFO


def page(result, rules=(), scored=None) -> str:
    """The review page of one file; ``scored``: its entry under a scorecard (``disclint score``), listed first."""
    findings = result.findings
    counts = {s: sum(f.severity == s for f in findings) for s in (ERROR, WARNING, INFO)}
    by_cell = defaultdict(list)  # a finding that names one value is about its first cell, else about all it cites
    for index, finding in enumerate(findings):
        for cell in finding.cells[:1] if finding.expected is not None else finding.cells:
            by_cell[cell.id].append(index)
    out = [_head(f"disclint：{page_text(result.path)}"),
           f"<h1>{page_text(result.title or result.path)}</h1>",
           f"<p><small class=\"where\">{page_text(result.path)} · "
           f"{page_text(result.edition or '?')} 版格式 · {result.report_year or '?'} 年度"
           f"{' · 发布 ' + page_text(result.published) if result.published else ''}</small></p>",
           "<p class=\"summary\">" + "".join(f"<span class=\"{s}\">{SEVERITY_WORDS[s]} {n}</span>" for s, n in counts.items())
           + "</p>"]
    if result.coverage is not None:  # what was checked: zero findings on unread tables is not “clean”
        assessed = result.status != "not-assessable"
        out.append(f"<p class=\"{'' if assessed else 'warning'}\">{'' if assessed else '不可评估：'}"
                   f"{page_text(summary(result.coverage))}</p>")
    out += _scored(scored)
    out.append("<h2>问题清单</h2>")
    if findings:
        out.append("<ol class=\"findings\">")
        for index, f in enumerate(findings):
            target = f"cell-{f.cells[0].id}" if f.cells and f.cells[0].id in result.cells and \
                result.cells[f.cells[0].id]["line"] is not None and f.family in ("table", "balance") else f"f{index}"
            # a value that is not known is not shown (never “应为 None”), nor one the message quotes already
            said = [f"{word} {page_text(value)}" for word, value in (("应为", f.expected), ("实为", f.actual))
                    if value is not None and f"“{value}”" not in f.message]
            numbers = f" <small>（{'，'.join(said)}）</small>" if said else ""
            out.append(f"<li id=\"item{index}\"><a href=\"#{target}\"><span class=\"{f.severity}\">{SEVERITY_WORDS[f.severity]}</span> "
                       f"<span class=\"code\">{f.code}</span></a> {page_text(f.message)}{numbers} "
                       f"<small class=\"where\">{page_text(f.place or f'第 {f.line} 行第 {f.column} 列')} · {page_text(rule_summary(f.code, rules))}</small></li>")
        out.append("</ol>")
    else:
        out.append("<p>未发现问题。</p>")
    out += _years(result, findings)
    out += _tables(result, by_cell, findings)
    out += _source(result, findings)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _scored(entry) -> list[str]:
    """The report's score and each item's result, as the scorecard gives them."""
    if entry is None:
        return []
    from ..scorecard import fmt_points, said

    head = f"<h2>评分：{fmt_points(entry['score'])} / {fmt_points(entry['total'])}" + \
        ("" if entry["complete"] else "（有无法评估的项目，得分不完整）") + "</h2>"
    rows = "".join(f"<tr><th>{page_text(i['name'])}</th><td style=\"text-align:left\">{page_text(said(i))}</td></tr>"
                   for i in entry["items"])
    return [head, f"<table class=\"grid\">{rows}</table>"]


def _years(result, findings) -> list[str]:
    """This year's and last year's cells side by side, for each finding of a pair rule that compares cells."""
    compared = [f for f in findings if any(r.cell for r in f.related)]
    if not compared or result.previous is None or result.edition is None:
        return []
    from ..editions import load

    template = load(result.edition)
    path, year = result.previous
    out = ["<h2>与上年报告对照</h2>", f"<p><small class=\"where\">上年报告：{page_text(path)}（{year}年度）</small></p>",
           f"<table class=\"grid\"><tr><th>问题</th><th>本年（{result.report_year}年度）</th><th>数值</th>"
           f"<th>上年（{year}年度）</th><th>数值</th></tr>"]
    for f in compared:
        index = findings.index(f)
        mine = [(c.id, result.cells.get(c.id, {}).get("raw", "")) for c in f.cells]
        theirs = [(r.label, r.value) for r in f.related if r.cell]
        for k in range(max(len(mine), len(theirs))):
            here = (page_text(template.cell_label(mine[k][0])), page_text(mine[k][1])) if k < len(mine) else ("", "")
            there = (page_text(theirs[k][0]), page_text(theirs[k][1])) if k < len(theirs) else ("", "")
            code = f"<a href=\"#item{index}\">{f.code}</a>" if k == 0 else ""
            out.append(f"<tr><td>{code}</td><td style=\"text-align:left\">{here[0]}</td><td class=\"flag-{f.severity}\">"
                       f"{here[1]}</td><td style=\"text-align:left\">{there[0]}</td><td>{there[1]}</td></tr>")
    out.append("</table>")
    return out


def _tables(result, by_cell, findings) -> list[str]:
    if not result.cells or result.edition is None:
        return []
    from ..editions import load

    template = load(result.edition)
    out = ["<h2>表格</h2>"]
    for table in template.tables.values():
        section = next(s for s in template.sections if s.id == table.section)
        title = table.caption or f"{section.number}、{section.title}"
        out.append(f"<table class=\"grid\"><caption>{page_text(title)}</caption><tr><th></th>"
                   + "".join(f"<th>{page_text(c.label)}</th>" for c in table.columns) + "</tr>")
        for row in table.rows:
            group = f"<small>{page_text(row.group)}</small> " if row.group else ""  # （三）不予公开 beside 1.属于国家秘密
            out.append(f"<tr><th>{group}{page_text(row.label)}</th>")
            for column in table.columns:
                cell_id = table.cell_id(row.id, column.id)
                cell = result.cells[cell_id]
                cited = [findings[i] for i in by_cell.get(cell_id, ())]
                shown = page_text(cell["raw"]) if cell["raw"] else "空"
                classes = [f"flag-{_severity(cited)}"] if cited else []
                if not cell["raw"]:
                    classes.append("blank")
                tip = "；".join(f"{f.code} {f.message}" for f in cited)
                links = "".join(f" <a href=\"#item{i}\">{findings[i].code}</a>" for i in by_cell.get(cell_id, ()))
                attrs = f" class=\"{' '.join(classes)}\"" if classes else ""
                attrs += f" title=\"{page_text(tip)}\"" if tip else ""
                out.append(f"<td id=\"cell-{cell_id}\" data-cell=\"{cell_id}\"{attrs}>{shown}{links}</td>")
            out.append("</tr>")
        out.append("</table>")
    return out


def _source(result, findings) -> list[str]:
    marks = defaultdict(list)
    for index, f in enumerate(findings):
        if not f.file_level and f.line == f.end_line and f.end_column > f.column:
            marks[f.line].append((f.column, f.end_column, index))
    out = ["<h2>报告原文</h2>", "<pre class=\"source\">"]
    for number, line in enumerate(result.lines, 1):
        text, cursor = [], 0
        for start, end, index in sorted(marks.get(number, [])):
            start, end = start - 1, end - 1
            if start < cursor:
                continue
            text.append(page_text(line[cursor:start]))
            text.append(f"<mark id=\"f{index}\" class=\"{findings[index].severity}\" "
                        f"title=\"{page_text(findings[index].code + ' ' + findings[index].message)}\">"
                        f"{page_text(line[start:end])}</mark>")
            cursor = end
        text.append(page_text(line[cursor:]))
        anchors = "".join(f"<a id=\"f{i}\"></a>" for i, f in enumerate(findings)
                          if f.line == number and not any(i == m[2] for m in marks.get(number, [])))
        shown = number if result.kind in (None, *OWN_LINES) else ""  # a draft's places are 第N段, not line numbers
        out.append(f"<span id=\"L{number}\" class=\"ln\">{shown}</span>{anchors}{''.join(text)}")
    out.append("</pre>")
    return out


#: The families, in the order the index shows their counts, and how it heads them.
FAMILIES = (("parse", "读取"), ("structure", "结构"), ("table", "表格"), ("balance", "勾稽"), ("arith", "计算"),
             ("consistency", "一致"), ("meta", "日期文号"), ("text", "文字"), ("pair", "跨年度"))
#: Sorting by a column (click its heading) and filtering the rows by a text box: inline, no network.
_SCRIPT = """
const table=document.getElementById('files'),body=table.tBodies[0];
table.tHead.querySelectorAll('th').forEach((th,k)=>th.addEventListener('click',()=>{
 const up=th.dataset.up!=='1';th.dataset.up=up?'1':'0';
 const rows=[...body.rows],num=th.classList.contains('n');
 rows.sort((a,b)=>{const x=a.cells[k].dataset.v??a.cells[k].textContent,y=b.cells[k].dataset.v??b.cells[k].textContent;
  const c=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y,'zh');return up?c:-c;});
 rows.forEach(r=>body.appendChild(r));}));
document.getElementById('filter').addEventListener('input',e=>{const q=e.target.value.trim();
 [...body.rows].forEach(r=>{r.hidden=q!==''&&!r.textContent.includes(q);});});
"""


def index(results, pages: list[str], run=None) -> str:
    """The batch's index: a row per file with its agency, title, year, status and counts by severity and
    family, sortable by any column and filtered by a text box (an inline script; the page works without it)."""
    scored = {e["path"]: e for e in (run.scores if run is not None else ()) if e["path"] is not None}
    head = "".join(f"<th>{h}</th>" for h in ("文件", "单位", "标题", "年度", "格式", "状态", "已核对勾稽关系")) + \
        ("<th class=\"n\">得分</th>" if scored else "") + \
        "".join(f"<th class=\"n\">{h}</th>" for h in ("错误", "警告")) + \
        "".join(f"<th class=\"n\">{name}</th>" for _, name in FAMILIES)
    rows = []
    for result, name in zip(results, pages):
        errors = sum(f.severity == ERROR for f in result.findings)
        warnings = sum(f.severity == WARNING for f in result.findings)
        families = [sum(f.family == family for f in result.findings) for family, _ in FAMILIES]
        rows.append(f"<tr><td style=\"text-align:left\"><a href=\"{page_text(name)}\">{page_text(result.path)}</a></td>"
                    f"<td style=\"text-align:left\">{page_text(result.agency or '')}</td>"
                    f"<td style=\"text-align:left\">{page_text(result.title or '')}</td>"
                    f"<td>{result.report_year or ''}</td><td>{result.edition or ''}</td>"
                    f"<td>{STATUS_WORDS[result.status]}</td><td title=\"{page_text(summary(result.coverage))}\">"
                    f"{short(result.coverage)}</td>" + (_score_cell(scored.get(result.path)) if scored else "") +
                    f"<td class=\"{'error' if errors else ''}\">{errors}</td><td>{warnings}</td>"
                    + "".join(f"<td>{n or ''}</td>" for n in families) + "</tr>")
    notes = "".join(f"<li>{page_text(note)}</li>" for note in (run.notes if run is not None else ()))
    excluded = run.excluded if run is not None else ()
    return (_head("disclint 检查结果", "th{cursor:pointer}", _SCRIPT) + f"<h1>检查结果：{len(results)} 个文件</h1>"
            "<p><label>筛选：<input id=\"filter\" type=\"search\" placeholder=\"单位、标题、文件名…\"></label> "
            "<small class=\"where\">点击表头排序</small></p>"
            f"<table class=\"grid\" id=\"files\"><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows)
            + "</tbody></table>"
            + (f"<h2>注意</h2><ul>{notes}</ul>" if notes else "")
            + _statistics(results)
            + _region_sums(results)
            + (f"<p><small class=\"where\">按配置排除、未检查：{page_text('、'.join(excluded))}</small></p>" if excluded else "")
            + f"<script>{_SCRIPT}</script></body></html>\n")


def _statistics(results) -> str:
    """The year's figures by level as charts (``disclint stats``; the figures from linter/stats.py), below the
    files: nothing when no report's year was read."""
    from ..stats import compute
    from .stats import charts_html

    return charts_html(compute(results))


def _region_sums(results) -> str:
    """Each government's tables 三 and 四 against its departments' reports in the batch (``disclint region`` by
    the reports' names, R101), below the charts: nothing when the batch holds no government with departments."""
    from ..region import check

    checks = check(results)
    if not checks:
        return ""
    items = []
    for c in checks:
        said = [f"合计 {len(c.used)} 份所属单位报告：{page_text('、'.join(a for a, _ in c.used))}"]
        if c.missing:
            said.append(f"缺少报告：{page_text('、'.join(c.missing))}")
        found = "".join(f"<li><span class=\"warning\">警告</span> <span class=\"code\">{f.code}</span> "
                        f"{page_text(f.message)}</li>" for f in c.findings) or "<li>表三、表四与所属单位报告之和一致</li>"
        items.append(f"<li>{page_text(c.agency)} {c.year} 年度（{page_text(c.path)}）：{'；'.join(said)}<ul>{found}</ul></li>")
    return "<h2>本级政府报告与所属部门报告之和</h2><ul class=\"region\">" + "".join(items) + "</ul>"


def _entry_of(run, result):
    """A file's entry under the run's scorecard (None when the run was not scored)."""
    return next((e for e in run.scores if e["path"] == result.path), None)


def _score_cell(entry) -> str:
    """The index's 得分 cell of a scored run: the score, its items in the tooltip; 不完整 when an item could not
    be assessed."""
    if entry is None:
        return "<td></td>"
    from ..scorecard import fmt_points, said

    tip = "；".join(f"{i['name']}：{said(i)}" for i in entry["items"])
    flag = "" if entry["complete"] else "（不完整）"
    return f"<td data-v=\"{entry['score']}\" title=\"{page_text(tip)}\">{fmt_points(entry['score'])}{flag}</td>"


def write_score(run, options) -> None:
    """The review pages of a scored run: the index has each report's score (``write``)."""
    write(run, options)


def write(run, options) -> None:
    """One page for one file (to the output file or stdout); for several, or when the output names a
    folder (``review/``, or one that exists), a folder of pages and an index."""
    results, output_file = run.files, options.output_file
    folder = bool(output_file) and (output_file.endswith(("/", os.sep)) or os.path.isdir(output_file))
    if len(results) <= 1 and not folder:
        emit(page(results[0], options.rules, _entry_of(run, results[0])) if results else index([], [], run), output_file)
        return
    if not output_file or (not folder and output_file.lower().endswith((".html", ".htm"))):
        raise UsageError(f"检查多个文件时 --format html 需要 --output-file 目录（如 review/）"
                         f"{'，而不是页面文件名' if output_file else ''}：每个文件一页，另有 index.html")
    os.makedirs(output_file, exist_ok=True)
    names = []
    for number, result in enumerate(results, 1):
        name = f"{number:04d}-{os.path.splitext(os.path.basename(result.path))[0]}.html"
        names.append(name)
        with open(os.path.join(output_file, name), "w", encoding="utf-8") as handle:
            handle.write(page(result, options.rules, _entry_of(run, result)))
    with open(os.path.join(output_file, "index.html"), "w", encoding="utf-8") as handle:
        handle.write(index(results, names, run))
