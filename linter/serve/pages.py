"""The pages of the review service, in Chinese for editors who have never seen disclint.

Every text that comes from a report or a client (a file name, a title, an agency) goes through ``page_text``
(the review page's own escaping: markup, quotes, and characters that hide or reorder text). The pages use
no inline script (the Content-Security-Policy allows only /static/app.js) and work without it: the forms
post, the batch page refreshes itself; the script adds dropping a file, the progress bar, sorting and
filtering. A report's own page is the review page of ``--format html`` (outputs/html.py), with the verdict
and the downloads above it.
"""
from __future__ import annotations

from urllib.parse import quote

from ..findings import ERROR, INFO, WARNING
from ..outputs.html import page_text

#: The forms an editor may drop, as the file chooser offers them (.doc/.wps are told to save as .docx).
ACCEPT = ".docx,.pdf,.html,.htm,.txt,.md,.doc,.wps"

#: The downloads of a report's page: key, button, for what kind of file.
DOWNLOAD_WORDS = {"word": "下载带批注的 Word 文档", "fixed": "下载已修复的文本", "xlsx": "下载问题清单（Excel）",
                  "json": "下载 JSON"}


def layout(title: str, body: str, refresh: bool = False) -> str:
    """A page of the service around ``body`` (already escaped HTML)."""
    meta = "<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>" if refresh else ""
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">{meta}"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{page_text(title)}</title>"
            "<link rel=\"stylesheet\" href=\"/static/app.css\"><script src=\"/static/app.js\" defer></script></head><body>"
            "<header><a href=\"/\">检查一份报告</a><a href=\"/office\">批量检查</a></header>"
            f"<main>{body}</main></body></html>")


def editor(message: str = "") -> str:
    """The editor's page: choose or drop a report, optionally last year's too."""
    return layout("disclint：检查政府信息公开工作年度报告", f"""
<h1>检查政府信息公开工作年度报告</h1>
{_problem(message)}
<form id="check" method="post" action="/review" enctype="multipart/form-data">
<label id="drop" class="drop" for="file"><strong>把报告拖到这里</strong>，或点击选择文件<br>
<small>Word（.docx）、PDF、网页（.html）、文本（.txt、.md）；旧版 .doc/.wps 请先在 Word 或 WPS 中另存为 .docx</small>
<input id="file" name="file" type="file" accept="{ACCEPT}" required></label>
<p><label>上一年度的报告（可选，用于核对上年结转、现行有效件数和照抄上年的文字）：
<input name="previous" type="file" accept="{ACCEPT}"></label></p>
<p><button type="submit">开始检查</button> <span id="busy" hidden>正在检查，请稍候…</span></p>
</form>
<p class="hint">检查结果先写明有几个错误和警告，再逐条写明位置（表/行/列、段、页）、错在哪里、应该是多少。
Word 文档可下载带批注的副本，在 Word 或 WPS 中逐条修改；原文件不会被改动。检查结果保存在服务器上，
只有知道结果页地址的人才能看到，不再需要时可在结果页上删除。</p>""")


def office(message: str = "", limits: str = "") -> str:
    """The office's page: many files or a .zip of a folder, checked as one batch."""
    return layout("disclint：批量检查", f"""
<h1>批量检查</h1>
{_problem(message)}
<form id="batch" method="post" action="/batches" enctype="multipart/form-data">
<label id="drop" class="drop" for="files"><strong>把多份报告或一个 .zip 压缩包拖到这里</strong>，或点击选择文件<br>
<small>同一单位相邻年度的报告会相互比较。{page_text(limits)}</small>
<input id="files" name="files" type="file" accept="{ACCEPT},.zip" multiple required></label>
<p><button type="submit">开始检查</button> <span id="busy" hidden>正在上传…</span></p>
</form>
<p class="hint">检查完成后显示一张汇总表（单位、标题、年度、状态、各类问题数），可排序、筛选，并可下载 Excel 和 CSV。
请收藏批次页面的地址：只有知道地址的人才能看到这一批的结果。</p>""")


def _problem(message: str) -> str:
    return f"<p class=\"problem\" role=\"alert\">{page_text(message)}</p>" if message else ""


def verdict(counts: dict) -> str:
    """The first thing a report's page says: how many errors and warnings, or that nothing was found."""
    errors, warnings, infos = counts.get(ERROR, 0), counts.get(WARNING, 0), counts.get(INFO, 0)
    if not errors and not warnings:
        return "未发现问题" + (f"（另有 {infos} 条提示）" if infos else "")
    said = [f"{n} 个{word}" for n, word in ((errors, "错误"), (warnings, "警告")) if n]
    return "发现 " + "、".join(said) + (f"（另有 {infos} 条提示）" if infos else "")


def report(batch: str, n: int, page: str, row: dict, back: str | None) -> str:
    """A report's page: the review page with, above it, the verdict and the downloads."""
    counts = row["counts"]
    level = "error" if counts.get(ERROR) else "warning" if counts.get(WARNING) else "ok"
    links = "".join(f"<a class=\"button\" href=\"/b/{batch}/{n}/{what}\" download>{DOWNLOAD_WORDS[what]}</a>"
                    for what in DOWNLOAD_WORDS if what in row["downloads"])
    # a file of an office's batch is deleted with its batch; an editor's review on its own
    forget = "" if back else f" · <a href=\"/b/{batch}/delete\">删除本次检查结果</a>"
    back = f"<a href=\"{back}\">返回批次汇总表</a> · " if back else ""
    bar = (f"<nav class=\"serve\" style=\"border:1px solid #ccc;padding:.6em 1em;margin-bottom:1em\">"
           f"<p id=\"verdict\" class=\"{level}\" style=\"font-size:1.3em;font-weight:bold;margin:.2em 0\">"
           f"{page_text(verdict(counts))}</p><p style=\"margin:.4em 0\">{links}</p>"
           f"<p style=\"margin:.2em 0\"><small>{back}<a href=\"/\">检查另一份报告</a>{forget}</small></p></nav>"
           "<style>a.button{display:inline-block;margin:.2em .6em .2em 0;padding:.3em .8em;border:1px solid #005a9c;"
           "border-radius:4px;text-decoration:none}p.ok{color:#1a7f37}</style>")
    return page.replace("<body>", "<body>" + bar, 1)


def batch_progress(batch: dict, done: int) -> str:
    total = batch["total"]
    return layout("disclint：正在检查", f"""
<h1>正在检查 {total} 个文件</h1>
<p><progress id="progress" max="{total}" value="{done}" data-batch="{batch['id']}"></progress>
<span id="count">{done}</span> / {total}</p>
<p class="hint">检查完成后本页自动显示汇总表。请收藏本页地址，以后可以随时回来查看。</p>""", refresh=True)


def batch_table(batch: dict, rows: list[dict]) -> str:
    """The batch table: one row per file, the columns the workbook's 文件 sheet has (outputs/csv.py) and
    the count of findings of each family; each row opens that report's page."""
    bid = batch["id"]
    number = " class=\"n\""  # a column of counts: sorted as numbers, aligned right
    head = "".join(f"<th{number if numeric else ''}>{page_text(name)}</th>" for name, numeric in batch["columns"])
    body = []
    for row in rows:
        cells = []
        for k, (value, (_, numeric)) in enumerate(zip(row["row"], batch["columns"])):
            shown = page_text("" if value is None else value)
            if k == 0:
                shown = f"<a href=\"/b/{bid}/{row['n']}\">{shown}</a>"
            cells.append(f"<td{number if numeric else ''} title=\"{page_text(value)}\">{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f"<li>{page_text(note)}</li>" for note in batch["notes"])
    return layout("disclint：批次汇总表", f"""
<h1>检查结果：{len(rows)} 个文件</h1>
<p><a class="button" href="/b/{bid}/xlsx" download>下载 Excel</a> <a class="button" href="/b/{bid}/csv" download>下载 CSV</a>
<a class="button" href="/b/{bid}/json" download>下载 JSON</a></p>
<p><label>筛选：<input id="filter" type="search" placeholder="单位、标题、文件名…"></label>
<small>点击表头排序；点击文件名查看该报告的问题</small></p>
<div class="wide"><table id="table" class="grid"><thead><tr>{head}</tr></thead><tbody>
{''.join(body)}
</tbody></table></div>
{f'<h2>注意</h2><ul>{notes}</ul>' if notes else ''}
<form method="post" action="/b/{bid}/delete"><p><button type="submit" class="danger">删除这一批次的全部结果</button></p></form>""")


def deleting(batch: dict) -> str:
    """Whether to delete a batch: the button that does it."""
    what = "这一批次的全部结果" if batch["kind"] == "batch" else "本次检查的结果（问题清单、带批注的 Word 文档等）"
    return layout("disclint：删除", f"""<h1>删除{what}？</h1><p>删除后无法恢复，此地址将不再可用。</p>
<form method="post" action="/b/{batch['id']}/delete"><p><button type="submit" class="danger">删除</button></p></form>""")


def message(title: str, text: str, status_link: str = "/") -> str:
    return layout(f"disclint：{title}", f"<h1>{page_text(title)}</h1>{_problem(text)}<p><a href=\"{status_link}\">返回</a></p>")


def attachment(name: str, what: str) -> str:
    """The Content-Disposition of a download named after the uploaded file (a label, quoted as RFC 6266 asks)."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "report"
    suffix = {"word": "-审阅稿.docx", "fixed": "-已修复." + (name.rsplit(".", 1)[-1] if "." in name else "txt"),
              "xlsx": "-问题.xlsx", "json": "-问题.json", "csv": "-问题.csv"}[what]
    return f"attachment; filename=\"disclint{suffix[suffix.index('.'):]}\"; filename*=UTF-8''{quote(stem + suffix)}"
