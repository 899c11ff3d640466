"""PDFs: read as exactly as the Word draft, and refused with one clear finding when they cannot be read.
The PDFs are made by the tests (tests/documents.py, reportlab's built-in Chinese font)."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import SHARED
from documents import as_docx, as_pdf, with_scanned_page

from disclint.api import lint_bytes
from disclint.readers import read
from disclint.synth import generate

pytest.importorskip("reportlab")

DEFECTS = {"s3.new.natural": "55", "s2.20-6.penalty.decisions": "/", "s4.review.total": "99", "s3.r2.legal": ""}


def findings(result):
    return sorted((f.code, tuple(c.id for c in f.cells)) for f in result.findings)


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_a_pdf_gives_the_cells_and_findings_of_its_word_draft(edition):
    pipes = generate(seed=9, edition=edition, busy=True, layout="pipes", overrides=DEFECTS).text
    draft = lint_bytes("draft.docx", as_docx(pipes))
    published = lint_bytes("report.pdf", as_pdf(pipes))
    assert findings(published) == findings(draft)
    assert {"B301", "T204", "B304", "T212"} <= {code for code, _ in findings(published)}
    assert {k: v["value"] for k, v in published.cells.items()} == {k: v["value"] for k, v in draft.cells.items()}


def test_a_table_over_two_pages_wrapped_labels_and_footers_read_as_written():
    generated = generate(seed=9, busy=True, layout="pipes")
    data = as_pdf(generated.text)
    source = read("report.pdf", data)
    result = lint_bytes("report.pdf", data)
    assert result.findings == []
    assert all(result.cells[c]["value"] == v for c, v in generated.values.items())
    report = result.report
    pages = {source.map.page(report.cells[c].piece.line) for c in ("s3.new.natural", "s3.forward.total")}
    assert pages == {1, 2}  # table 三 breaks across the pages, and its header rows repeated there are dropped
    assert sum("申请人情况" in line for line in source.lines) == 1
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形） |" in "\n".join(source.lines)  # wrapped in its cell
    assert not any("—" in line and line.strip("— 0123456789") == "" for line in source.lines)  # footers gone


def test_a_blank_cell_is_a_blank_on_its_page():
    pipes = generate(seed=9, busy=True, layout="pipes", overrides={"s3.forward.legal": ""}).text
    result = lint_bytes("report.pdf", as_pdf(pipes))
    [finding] = result.findings
    assert finding.code == "T212" and finding.cells[0].id == "s3.forward.legal"
    assert finding.place == "第2页" and finding.page == 2 and finding.to_json()["page"] == 2


@pytest.mark.parametrize("edition, year", [("2019", 2020), ("2021", 2023)])
def test_a_blank_first_cell_of_a_one_row_table_is_a_blank_not_a_label(edition, year):
    """表四 has one row of figures under its three header rows: its first figure left blank must not make the
    blank cell a label column (the row's other figures would then each stand one column to the left)."""
    pipes = generate(seed=301, edition=edition, year=year, layout="pipes", overrides={"s4.review.upheld": ""}).text
    result = lint_bytes("report.pdf", as_pdf(pipes))
    assert [(f.code, [c.id for c in f.cells]) for f in result.findings] == [("T212", ["s4.review.upheld"])]
    assert result.cells["s4.review.corrected"]["value"] == generate(seed=301, edition=edition, year=year).values[
        "s4.review.corrected"]


def test_the_place_of_a_finding_in_a_pdf_is_its_page_in_every_output(tmp_path, capsys):
    from disclint.cli import main

    path = tmp_path / "report.pdf"
    path.write_bytes(as_pdf(generate(seed=9, busy=True, layout="pipes", overrides={"s3.forward.legal": ""}).text))
    main(["check", str(path), "--format", "human"])
    assert "第2页  警告  T212" in capsys.readouterr()[0]
    main(["check", str(path), "--format", "json"])
    assert json.loads(capsys.readouterr()[0])["files"][0]["findings"][0]["page"] == 2


def _text_pdf(write) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    write(page)
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_scan_gets_one_finding_saying_so():
    def scan(page):  # an image of a page, no text
        from reportlab.lib.utils import ImageReader

        png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cf"
                            "c000000301010018dd8db00000000049454e44ae426082")
        page.drawImage(ImageReader(io.BytesIO(png)), 50, 50, 500, 700)

    result = lint_bytes("scan.pdf", _text_pdf(scan))
    [finding] = result.findings
    assert finding.code == "P001" and "没有可读取的文字层（可能是扫描件或图片）" in finding.message


def test_text_that_does_not_decode_as_chinese_gets_one_finding():
    def garbage(page):  # what a font without a text encoding decodes to
        page.setFont("Helvetica", 10)
        for row in range(40):
            page.drawString(40, 800 - row * 18, "Ë¾ÏØ¼¼ÊõÕþ¸®ÐÅÏ¢¹«¿ª¹¤×÷Äê¶È±¨¸æ" * 2)

    [finding] = lint_bytes("odd.pdf", _text_pdf(garbage)).findings
    assert finding.code == "P001" and "不是可读的中文" in finding.message


def test_an_encrypted_a_damaged_pdf_and_an_old_word_file_each_get_one_clear_finding():
    pipes = generate(seed=1, layout="pipes").text
    [locked] = lint_bytes("locked.pdf", as_pdf(pipes, encrypt="secret")).findings
    assert locked.code == "P001" and "PDF 已加密" in locked.message
    [broken] = lint_bytes("broken.pdf", as_pdf(pipes)[:600]).findings
    assert broken.code == "P001" and "PDF 文件已损坏或无法解析" in broken.message
    [old] = lint_bytes("draft.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512).findings
    assert old.code == "P001" and "请另存为 .docx 或导出 PDF" in old.message


def test_a_folder_of_pdfs_is_checked_not_skipped(tmp_path, capsys):
    from disclint.cli import main

    (tmp_path / "a.pdf").write_bytes(as_pdf(generate(seed=2, layout="pipes").text))
    (tmp_path / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    main(["check", str(tmp_path), "--format", "json"])
    files = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in json.loads(capsys.readouterr()[0])["files"]}
    assert files == {"a.pdf": [], "b.doc": ["P001"]}
    main(["check", str(tmp_path), "--format", "human"])
    assert "检查了 2 个文件：1 个错误，0 个警告；其中 1 个文件无法读取，未检查" in capsys.readouterr()[0]


def test_the_real_published_pdf_reads_clean():
    path = SHARED / "corpus" / "2024_huaian-shi-zhengfu_1.pdf"
    if not path.exists():
        pytest.skip("the corpus (../shared) is not beside this checkout")
    result = lint_bytes(path.name, path.read_bytes())
    assert (result.findings, result.edition, result.report_year) == ([], "2021", 2024)
    report = result.report
    for cell_id in report.template.cell_ids:
        if cell_id.startswith(("s3.", "s4.")):
            assert report.cells[cell_id].value is not None, cell_id  # tables 三 and 四: every cell read


def test_a_scanned_page_among_text_pages_is_named_once_and_causes_nothing_else():
    pipes = generate(seed=9, busy=True, layout="pipes").text
    result = lint_bytes("report.pdf", with_scanned_page(as_pdf(pipes), 1))
    assert [(f.code, f.message[:14]) for f in result.findings] == [("P003", "第 2 页没有文字层（可能是")]
