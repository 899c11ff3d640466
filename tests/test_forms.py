"""One report in every form it reaches a reviewer in gives the same findings and the same cells."""
from __future__ import annotations

import pytest
from documents import as_docx
from transforms import as_tabs

from disclint.api import lint_bytes
from disclint.synth import generate

DEFECTS = {"s3.new.natural": "55", "s3.r1.total": "77", "s2.20-6.penalty.decisions": "/", "s4.review.total": "99"}


def forms(edition: str, overrides=None):
    options = dict(seed=9, edition=edition, busy=True, overrides=overrides)
    pipes = generate(layout="pipes", **options).text
    return {
        "cells, blank lines": ("r.txt", generate(layout="cells", blank_lines=True, **options).text),
        "cells, split labels": ("r.txt", generate(layout="cells", blank_lines=False, split_labels=True, **options).text),
        "pipes": ("r.md", pipes),
        "tabs": ("r.txt", as_tabs(pipes)),
        "html": ("r.html", generate(layout="html", **options).text),
    }


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_every_form_gives_the_same_findings_and_cells(edition):
    expected = generate(seed=9, edition=edition, busy=True, overrides=DEFECTS)
    outcomes = {}
    for name, (path, text) in forms(edition, DEFECTS).items():
        result = lint_bytes(path, text.encode("utf-8"))
        cells = {cid: c["value"] for cid, c in result.cells.items()}
        outcomes[name] = (sorted((f.code, tuple(c.id for c in f.cells)) for f in result.findings), cells)
    first = next(iter(outcomes.values()))
    assert {code for code, _ in first[0]} >= {"B301", "B303", "T204", "B304"}
    for name, outcome in outcomes.items():
        assert outcome == first, name
    assert first[1]["s3.new.natural"] == 55 and first[1]["s2.20-6.penalty.decisions"] is None
    assert first[1]["s3.r2.total"] == expected.values["s3.r2.total"] and first[1]["s3.r1.total"] == 77


HTML = """<html><body><div id="zoom">
<p>某某县某某局2023年政府信息公开工作年度报告</p>
<p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td><span>规</span><span>章</span></td><td>0</td><td>&nbsp;</td><td>3</td></tr>
<tr><td>行政规范性文件</td><td>1</td><td>0</td><td>-2</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td rowspan="22">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
</table>
</div></body></html>
"""


def test_html_positions_point_into_the_file():
    result = lint_bytes("page.html", HTML.encode("utf-8"))
    lines = HTML.split("\n")
    by_code = {f.code: f for f in result.findings}
    empty = by_code["T212"]
    assert lines[empty.line - 1][empty.column - 1:].startswith("&nbsp;")
    negative = by_code["T206"]
    assert lines[negative.line - 1][negative.column - 1:negative.end_column - 1] == "-2"
    total = by_code["B303"]
    assert lines[total.line - 1][total.column - 1] == "2" and total.line == 12


def test_html_cells_and_labels_split_into_spans():
    result = lint_bytes("page.html", HTML.encode("utf-8"))
    assert result.cells["s2.20-1.rules.valid"] == {"value": 3, "raw": "3", "line": 7,
                                                   "column": HTML.split("\n")[6].index(">3<") + 2}
    assert result.cells["s2.20-1.rules.repealed"]["value"] is None
    assert result.cells["s3.r1.natural"]["value"] == 1


def test_html_is_sniffed_without_the_extension():
    assert lint_bytes("page.txt", HTML.encode("utf-8")).cells["s3.r1.natural"]["value"] == 1


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_a_word_draft_gives_the_same_findings_and_cells(edition):
    text_result = lint_bytes("r.md", generate(seed=9, edition=edition, busy=True, layout="pipes",
                                              overrides=DEFECTS).text.encode("utf-8"))
    pipes = generate(seed=9, edition=edition, busy=True, layout="pipes", overrides=DEFECTS).text
    result = lint_bytes("draft.docx", as_docx(pipes))
    assert sorted((f.code, tuple(c.id for c in f.cells)) for f in result.findings) == \
        sorted((f.code, tuple(c.id for c in f.cells)) for f in text_result.findings)
    assert {k: v["value"] for k, v in result.cells.items()} == {k: v["value"] for k, v in text_result.cells.items()}


def test_word_places_are_shown_to_the_editor(capsys, tmp_path):
    from disclint.cli import main

    pipes = generate(seed=9, busy=True, layout="pipes", overrides={"s2.20-6.penalty.decisions": "/"}).text
    path = tmp_path / "draft.docx"
    path.write_bytes(as_docx(pipes))
    assert main(["check", str(path), "--format", "human"]) == 0
    out = capsys.readouterr()[0]
    assert "表1 第10行 第2列（表二第二十条第（六）项）  警告  T204" in out  # Word's first table, the report's 表二


def test_a_damaged_word_file_is_a_finding(tmp_path):
    result = lint_bytes("draft.docx", b"PK\x03\x04 not really a zip")
    assert [f.code for f in result.findings] == ["P001"]


def test_a_blank_total_cell_at_the_end_of_a_web_table_row_stays_a_cell():
    page = generate(seed=3, edition="2019", busy=True, layout="html",
                    overrides={"s3.r1.total": "", "s3.r1.commercial": ""}).text
    result = lint_bytes("page.html", page.encode("utf-8"))
    [finding] = result.findings  # the row's blank cells, once
    assert finding.code == "T212" and [c.id for c in finding.cells] == ["s3.r1.commercial", "s3.r1.total"]
    assert finding.message == "表三“（一）予以公开”行“商业企业”、“总计”为空，应填写数值（无则填 0）"
    lines = page.split("\n")
    assert lines[finding.line - 1][finding.column - 1:].startswith("&nbsp;")


def spacer_page(**options) -> str:
    """A generated web page whose header rows are drawn as the format's merged cells leave them in HTML:
    empty spacer cells beside 商业企业…其他 and under 行政复议's five columns (a large city's 2025 page)."""
    page = generate(layout="html", **options).text
    organisations = "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    five = "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
    assert organisations in page and f"<tr>{five}{five}</tr>" in page
    page = page.replace(organisations, organisations.replace("<tr>", "<tr><td>&nbsp;</td>").replace("</tr>", "<td>&nbsp;</td></tr>"))
    return page.replace(f"<tr>{five}{five}</tr>", "<tr>" + "<td>&nbsp;</td>" * 5 + f"{five}{five}</tr>")


def test_spacer_cells_of_header_rows_are_not_values():
    generated = generate(seed=4, busy=True, layout="html")
    result = lint_bytes("page.html", spacer_page(seed=4, busy=True).encode("utf-8"))
    assert result.findings == []
    for cell_id in ("s3.new.commercial", "s4.review.upheld", "s4.suit_after_review.total"):
        assert result.cells[cell_id]["value"] == generated.values[cell_id]


def test_a_blank_cell_at_the_end_of_a_word_row_stays_a_cell():
    pipes = generate(seed=9, busy=True, layout="pipes", overrides={"s3.r1.total": ""}).text
    result = lint_bytes("draft.docx", as_docx(pipes))
    assert [f.code for f in result.findings] == ["T212"] and result.findings[0].cells[0].id == "s3.r1.total"
