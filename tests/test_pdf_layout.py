"""Reports in the official layout (as ``disclint template --format docx`` draws them: 表三's group cells standing
as vertical cells over their rows, merged header cells repeated on each page) exported to PDF as agencies
publish them, by LibreOffice (when installed; skipped otherwise) and by reportlab, with page breaks falling
inside tables 三 and 四 at many places: every cell read exactly, no missing or unknown row, and a broken
equation reported as the text of the same report reports it."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from documents import as_official_pdf, as_pdf

from disclint.api import lint_bytes
from disclint.readers.pdf import _lines
from disclint.synth import generate
from disclint.word import Grid, layout

pytest.importorskip("reportlab")

HEADINGS = {"三": "三、收到和处理政府信息公开申请情况\n", "四": "四、政府信息公开行政复议、行政诉讼情况\n"}
#: Defects that break equations of tables 三 and 四 (a figure of a row whose total no longer adds up).
BROKEN = {"s3.new.natural": "55", "s4.review.total": "99"}


def _report(edition: str, section: str, fill: int, overrides=None):
    """A busy generated report with ``fill`` paragraphs after the heading of ``section``: the page break then
    falls at another row of the table below it."""
    generated = generate(seed=3, edition=edition, layout="pipes", busy=True, overrides=overrides or {})
    text = generated.text.replace(HEADINGS[section], HEADINGS[section] + "本节说明。\n" * fill)
    return generated, text


def _findings(result):
    return sorted((f.code, tuple(c.id for c in f.cells)) for f in result.findings)


def _pages(result, *cells):
    report = result.report
    return {report.source.map.page(report.cells[c].piece.line) for c in cells}


def _read_exactly(result, generated):
    assert result.findings == []
    assert {c: result.cells[c]["value"] for c in generated.values} == generated.values


def test_the_template_draws_table_three_in_the_official_layout():
    for edition, under in (("2019", 20), ("2021", 22)):
        [grid] = [b for b in layout(generate(seed=1, edition=edition, layout="pipes").text, edition)
                  if isinstance(b, Grid) and b.labels == 3]
        assert grid.header == 3 and grid.rows[0][0].span == 3  # the note over the three label columns
        body = grid.rows[grid.header:]
        outer = [row[0] for row in body]
        assert [c.text for c in outer[:3]] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果"]
        assert outer[2].merge == "restart" and [c.merge for c in outer[3:2 + under]] == ["continue"] * (under - 1)
        assert outer[2 + under].text == "四、结转下年度继续办理" and outer[2 + under].span == 3
        withheld = next(row for row in body if row[1].text == "（三）不予公开")
        assert withheld[1].merge == "restart" and withheld[2].text == "1.属于国家秘密" and withheld[2].span == 1
        widths = grid.widths()
        assert sum(widths) == 9000 and widths[2] > 2 * widths[3]  # the item labels' column is the widest


def test_a_row_cut_by_a_page_break_and_the_rest_of_a_cut_group_cell_are_one_row():
    """Two pages of 表三 as the reader gets them: the page break cuts row 2 of （六） (its label goes on
    after the break) and the group cell （六）其他处理 (the rest of its text stands above on page 2)."""
    values = ["0", "9", "0", "4", "4", "3", "20"]
    lefts = [70.0, 128.0, 180.0] + [300.0 + 30 * k for k in range(7)]
    first = [[None, "（六）其", "1.申请人无正当理由逾期不补正", *values],
             [None, None, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处", *["0"] * 7]]
    second = [[None, "他处理", "理其政府信息公开申请", *[""] * 7],
              [None, None, "3.其他", *values]]
    cut = {lefts[0]: "三、本年度办理结果", lefts[1]: "（六）其"}
    pages = [[(0.0, "table", first, 400.0, lefts, cut)], [(0.0, "table", second, 400.0, lefts, {})]]
    assert [line.text for line in _lines(pages)] == [
        "（六）其 | 1.申请人无正当理由逾期不补正 | 0 | 9 | 0 | 4 | 4 | 3 | 20 |",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "3.其他 | 0 | 9 | 0 | 4 | 4 | 3 | 20 |"]
    # a row after the break that starts an item is a row of its own, and the group cell's rest is left out
    second[:] = [[None, "他处理", "3.其他", *values]]
    assert [line.text for line in _lines(pages)][1:] == [
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "3.其他 | 0 | 9 | 0 | 4 | 4 | 3 | 20 |"]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_reportlab_exports_with_breaks_inside_tables_three_and_four_read_exactly(edition):
    spread = {"三": False, "四": False}
    for section, repeat, fills in (("三", True, range(0, 30, 3)), ("四", False, range(9, 24, 3))):
        for fill in fills:
            generated, text = _report(edition, section, fill)
            result = lint_bytes("report.pdf", as_official_pdf(text, edition, repeat))
            _read_exactly(result, generated)
            report = result.report
            if section == "三":
                spread[section] |= len(_pages(result, "s3.new.natural", "s3.forward.total")) == 2
            else:  # its header rows on one page, its figures on the next
                spread[section] |= _pages(result, "s4.review.upheld") != {report.source.map.page(report.tables["s4"].line)}
    assert spread == {"三": True, "四": True}  # the breaks did fall inside both tables
    generated, text = _report(edition, "三", 0, BROKEN)
    result = lint_bytes("report.pdf", as_official_pdf(text, edition))
    assert _findings(result) == _findings(lint_bytes("report.txt", text.encode("utf-8")))
    assert {"B301"} <= {code for code, _ in _findings(result)}


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    """Word documents in the official layout converted to PDF by LibreOffice in one run (a private profile,
    a timeout): {name: (pdf bytes, generated report, its text)}."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from disclint.word import from_pipes

    folder = tmp_path_factory.mktemp("office")
    made = {}
    for edition in ("2019", "2021"):
        cases = [(f"{edition}-{fill}", fill, None) for fill in range(0, 24, 4)] + [(f"{edition}-broken", 6, BROKEN)]
        for name, fill, overrides in cases:
            generated, text = _report(edition, "三", fill, overrides)
            (folder / f"{name}.docx").write_bytes(from_pipes(text, edition))
            made[name] = (generated, text)
    names = sorted(f"{name}.docx" for name in made)
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                        *names], cwd=folder, capture_output=True, timeout=300, check=True,
                       env={**os.environ, "HOME": str(folder)})
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"LibreOffice did not convert: {exc}")
    return {name: ((folder / f"{name}.pdf").read_bytes(), *made[name]) for name in made}


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_libreoffice_exports_with_breaks_inside_table_three_read_exactly(libreoffice, edition):
    spread = False
    for name, (data, generated, _) in libreoffice.items():
        if name.startswith(edition) and not name.endswith("broken"):
            result = lint_bytes(f"{name}.pdf", data)
            _read_exactly(result, generated)
            spread |= len(_pages(result, "s3.new.natural", "s3.forward.total")) == 2
    assert spread


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_a_broken_equation_in_a_libreoffice_export_is_reported_as_in_the_text(libreoffice, edition):
    data, _, text = libreoffice[f"{edition}-broken"]
    result = lint_bytes("report.pdf", data)
    assert _findings(result) == _findings(lint_bytes("report.txt", text.encode("utf-8")))
    assert {"B301"} <= {code for code, _ in _findings(result)}


@pytest.mark.parametrize("seed, official", [(1, True), (3, False)])
def test_a_break_inside_table_two_after_a_header_is_not_a_cut_row(seed, official):
    """The page break falls after 表二's sub-table （六）'s caption and header rows (and, drawn as one table,
    the continuation repeats 第二十条第（一）项's): the row after the break is its own, not the rest of a header."""
    generated = generate(seed=seed, edition="2021", layout="pipes", busy=True)
    head, tail = generated.text.split("二、主动公开政府信息情况", 1)
    text = head + head.split("一、总体情况", 1)[1] * 16 + "二、主动公开政府信息情况" + tail
    data = as_official_pdf(text, "2021") if official else as_pdf(text)
    result = lint_bytes("report.pdf", data)
    _read_exactly(result, generated)
    assert len(_pages(result, "s2.20-6.penalty.decisions", "s2.20-6.coercion.decisions", "s2.20-1.rules.made")) == 2
