"""Scanned reports read by the OCR extra (linter/readers/ocr.py), and how far findings on them are trusted.

The scans are made here from generated reports: a PDF (tests/documents.py), its pages rendered to images and
put back into a PDF with no text layer, as a scanner gives it. Reading them needs the extra (a dependency of
the ``test`` extra, so CI reads them); without it those tests skip, and the tests of what is said without the
extra, of the ruling lines, of the cell reading and of the trust the engine gives run everywhere.
"""
from __future__ import annotations

import json

import pytest
from documents import as_pdf, as_scan, with_scanned_page

from disclint.api import lint_bytes, select_rules
from disclint.engine import lint_source
from disclint.findings import ERROR, WARNING
from disclint.readers import Doubt, Reading, ocr, read
from disclint.synth import generate

pytest.importorskip("reportlab")
numpy = pytest.importorskip("numpy")  # comes with the extra; the tests of the image helpers need it alone
needs_ocr = pytest.mark.skipif(not ocr.available(), reason='the OCR extra is not installed: pip install ".[ocr]"')


# ---- without the extra -----------------------------------------------------------------------------------

def test_without_the_extra_a_scan_is_one_finding_that_names_the_extra(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = as_scan(as_pdf(generate(seed=3, layout="pipes").text), dpi=40)
    [finding] = lint_bytes("scan.pdf", scan).findings
    assert finding.code == "P001" and "没有可读取的文字层" in finding.message
    assert 'pip install "disclint[ocr]"' in finding.message


def test_without_the_extra_a_scanned_page_among_text_pages_names_the_extra(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    data = with_scanned_page(as_pdf(generate(seed=3, busy=True, layout="pipes").text), 1)
    [finding] = lint_bytes("report.pdf", data).findings
    assert finding.code == "P003" and finding.message.startswith("第 2 页没有文字层")
    assert 'pip install "disclint[ocr]"' in finding.message


def test_an_extra_that_cannot_load_is_one_finding_saying_so(monkeypatch):
    def broken():
        raise ImportError("libGL.so.1: cannot open shared object file")

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", broken)
    scan = as_scan(as_pdf(generate(seed=3, layout="pipes").text), dpi=40)
    [finding] = lint_bytes("scan.pdf", scan).findings
    assert finding.code == "P001" and finding.message.startswith("OCR 扩展已安装但无法加载（libGL.so.1")


def test_with_the_extra_installed_the_extra_is_not_offered(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: True)
    assert ocr.hint() == ""


# ---- the image helpers ------------------------------------------------------------------------------------

def test_the_ruling_lines_of_an_image_give_the_grid_of_its_table():
    from disclint.readers.lattice import tables

    gray = numpy.full((400, 600), 255, dtype=numpy.uint8)
    for y in (50, 100, 150):
        gray[y:y + 3, 40:542] = 0        # three rules three pixels thick
    for x in (40, 240, 540):
        gray[50:153, x:x + 2] = 0
    gray[120:124, 300:358] = 0           # a stroke shorter than MIN_RULE (15 pt = 30 px here): not a rule
    [table] = tables(ocr.rulings(gray, 2.0))
    assert len(table.grid()) == 2 and all(len(row) == 2 for row in table.grid())
    first = min(table.cells, key=lambda c: (c.top, c.x0))
    assert first.x0 == pytest.approx(20.25, abs=0.6) and first.top == pytest.approx(25.75, abs=0.6)
    assert first.x1 == pytest.approx(120.25, abs=0.6) and first.bottom == pytest.approx(50.75, abs=0.6)


def test_a_cell_is_read_line_by_line_and_a_glyph_the_scan_broke_stays_one_line():
    gray = numpy.full((200, 300), 255, dtype=numpy.uint8)
    gray[20:44, 30:200] = 0   # a line of text, 24 rows
    gray[54:78, 30:150] = 0   # the next line: 10 blank rows between
    assert ocr._ink_lines(gray, 0, 0, 300, 100) == [(30, 20, 200, 44), (30, 54, 150, 78)]
    gray[:] = 255
    gray[20:24, 30:50] = 0    # a 7's bar …
    gray[25:44, 40:46] = 0    # … and its stem, one blank row below
    assert ocr._ink_lines(gray, 0, 0, 300, 100) == [(30, 20, 50, 44)]
    gray[60:62, 100:102] = 0  # a speck under it joins the line
    assert ocr._ink_lines(gray, 0, 0, 300, 100) == [(30, 20, 102, 62)]
    assert ocr._ink_lines(numpy.full((100, 100), 255, dtype=numpy.uint8), 0, 0, 100, 100) == []  # blank cell


@pytest.mark.parametrize("read_as, figure", [("o", "0"), ("。", "0"), ("°", "0"), ("l", "1"), ("4.", "4"), ("1O", "10")])
def test_a_lone_figure_misread_is_mended_but_never_trusted(read_as, figure):
    text, confidence = ocr._figure(read_as, 0.99)
    assert text == figure and confidence < ocr.UNSURE


@pytest.mark.parametrize("text", ["12", "0", "其他", "1.属于国家秘密", "O型"])
def test_other_texts_are_left_as_read(text):
    assert ocr._figure(text, 0.97) == (text, 0.97)


@pytest.mark.parametrize("read_as, number", [("—3一", "3"), ("一 12 一", "12"), ("-3-", "3"), ("一、总体情况", None)])
def test_a_page_number_between_dashes_is_known_however_its_dashes_are_read(read_as, number):
    found = ocr._PAGE_NUMBER.match(read_as)
    assert (found and found.group(1)) == number


def test_a_scanned_page_whose_image_holds_no_text_stays_unread():
    data = with_scanned_page(as_pdf(generate(seed=3, busy=True, layout="pipes").text), 1)  # a plain gray image
    [finding] = lint_bytes("report.pdf", data).findings
    assert finding.code == "P003" and finding.message.startswith("第 2 页没有文字层")


def _page_with_text():
    """A white A4 page at 300 dpi with a line of figures across the lower edge of the detector's first band
    (where it is cut) and another lower down; and where each is."""
    cv2 = pytest.importorskip("cv2")
    page = numpy.full((3508, 2480), 255, dtype=numpy.uint8)
    edge = round(ocr.BAND * 3508 / ocr.DETECT)  # the first band's lower edge, in the page's pixels
    cv2.putText(page, "2023 12345 67890", (300, edge + 25), cv2.FONT_HERSHEY_SIMPLEX, 2.5, 0, 6)
    cv2.putText(page, "4567 8901", (300, 1500), cv2.FONT_HERSHEY_SIMPLEX, 2.5, 0, 6)
    return page, edge


def test_a_page_without_ink_outside_the_cells_is_never_given_to_the_detector(monkeypatch):
    page, _ = _page_with_text()
    page[:1300] = 255                 # only the lower line is left, inside a cell
    monkeypatch.setattr(ocr, "_engine", lambda: pytest.fail("the detector was run"))
    assert ocr._detect(page, [(250, 1400, 1200, 1560)]) == []


@needs_ocr
def test_a_line_across_the_edge_of_a_detection_band_is_found_once_and_whole():
    page, edge = _page_with_text()
    boxes = ocr._detect(page, [])
    assert len(boxes) == 2
    upper = min(boxes, key=lambda box: box[:, 1].min())
    assert upper[:, 1].min() < edge - 25 and upper[:, 1].max() > edge + 25
    assert upper[:, 0].min() == pytest.approx(300, abs=15) and upper[:, 0].max() == pytest.approx(990, abs=30)
    assert [text for text, *_ in ocr.recognise(page)] == ["2023 12345 67890 ", "4567 8901 "]


@needs_ocr
def test_text_in_a_cell_is_read_from_the_cell_and_not_detected_again():
    page, _ = _page_with_text()
    read = ocr.recognise(page, [(250, 1400, 1200, 1560)])
    assert sorted(text for text, *_ in read) == ["2023 12345 67890 ", "4567 8901"]


@needs_ocr
def test_pieces_read_together_read_as_each_alone(monkeypatch):
    cv2 = pytest.importorskip("cv2")
    pieces = []
    for text in ("0", "0", "7", "10", "0", "2023", "7", "0", "1"):
        piece = numpy.full((36, 20 + 30 * len(text)), 255, dtype=numpy.uint8)
        cv2.putText(piece, text, (10, 30), cv2.FONT_HERSHEY_SIMPLEX, 1, 0, 2)
        pieces.append(piece)
    alone = [ocr._read([piece])[0] for piece in pieces]
    assert alone[5][0] == "2023"
    engine, calls = ocr._engine(), []
    recognise = engine.text_rec
    monkeypatch.setattr(engine, "text_rec", lambda images: calls.append(len(images)) or recognise(images))
    assert ocr._read(pieces) == alone
    assert sorted(calls) == [1, 1, 7]  # by width: 2023; 10; the figures alone


# ---- trust: the engine marks what OCR read, and no error rests on a doubtful figure ---------------------------

BROKEN = {"s3.new.natural": "55"}


def _as_if_read_by_ocr(doubt_on: str | None = None, confidence: float | None = 0.3):
    """A generated report with a broken equation, its lines as if OCR had read them all from page 1, with one
    doubtful figure: the cell ``doubt_on``, or none."""
    text = generate(seed=9, busy=True, layout="pipes", overrides=BROKEN).text
    source = read("report.txt", text.encode())
    rules = [rule() for rule in select_rules()]
    plain = lint_source(source, rules)
    doubts = ()
    if doubt_on:
        piece = plain.report.cells[doubt_on].piece
        doubts = (Doubt(piece.line, piece.column - 1, piece.column - 1 + len(piece.text), piece.text, 1, confidence),)
    everything = frozenset(range(1, len(source.lines) + 1))
    return plain, lint_source(source._replace(reading=Reading("ocr", everything, doubts)), rules)


def _equation(result):
    return next(f for f in result.findings if f.code.startswith("B3") and "s3.new.natural" in {c.id for c in f.cells})


def test_a_finding_on_lines_read_by_ocr_says_so_in_its_message_and_its_json():
    plain, scanned = _as_if_read_by_ocr()
    before, after = _equation(plain), _equation(scanned)
    assert after.severity == before.severity == ERROR and after.unsure == ()
    assert after.message == before.message + "〔文字由 OCR 从扫描件识别〕"
    assert after.to_json()["source"] == "ocr" and "unsure" not in after.to_json()
    assert "source" not in before.to_json()
    assert [f.code for f in scanned.findings] == [f.code for f in plain.findings]


def test_an_error_resting_on_a_doubtful_figure_is_a_warning_naming_it():
    _, scanned = _as_if_read_by_ocr("s3.new.natural", 0.31)
    finding = _equation(scanned)
    assert finding.severity == WARNING
    assert "（OCR 识别把握不大：第1页“55”，请对照原件核对）" in finding.message
    assert finding.to_json()["unsure"] == [{"text": "55", "page": 1, "confidence": 0.31}]


def test_a_doubt_on_a_cell_the_equation_does_not_involve_changes_nothing():
    _, scanned = _as_if_read_by_ocr("s4.review.total")
    assert _equation(scanned).severity == ERROR


def test_lines_not_read_by_ocr_are_left_alone():
    text = generate(seed=9, busy=True, layout="pipes", overrides=BROKEN).text
    source = read("report.txt", text.encode())
    rules = [rule() for rule in select_rules()]
    plain = lint_source(source, rules)
    piece = plain.report.cells["s3.new.natural"].piece
    elsewhere = frozenset({piece.line + 40})
    other = lint_source(source._replace(reading=Reading("ocr", elsewhere, ())), rules)
    assert _equation(other) == _equation(plain)


# ---- reading scans (the extra) ------------------------------------------------------------------------------

def _scan_with_broken_total(edition: str, year: int):
    generated = generate(seed=1, edition=edition, year=year, busy=True, layout="pipes")
    wrong = generated.values["s3.total.total"] + 3
    printed = generate(seed=1, edition=edition, year=year, busy=True, layout="pipes",
                       overrides={"s3.total.total": str(wrong)})
    expected = {**generated.values, "s3.total.total": wrong}
    return lint_bytes("scan.pdf", as_scan(as_pdf(printed.text), dpi=200)), expected


def _check_scan(result, expected):
    table3 = {cid: v for cid, v in expected.items() if cid.startswith("s3.")}
    assert {cid: result.cells[cid]["value"] for cid in table3} == table3  # every figure of table 三 right
    assert all(result.cells[cid].get("source") == "ocr" for cid in table3)
    [equation] = [f for f in result.findings if f.code.startswith("B3")]
    assert "s3.total.total" in {c.id for c in equation.cells} and equation.source == "ocr"
    assert "为扫描件，文字由 OCR 识别" in equation.message
    assert equation.severity == ERROR or ("OCR 识别把握不大" in equation.message and equation.unsure)
    assert [f for f in result.findings if f.severity == ERROR and f is not equation] == []  # no other error
    return equation


@pytest.fixture(scope="module")
def scan_2021():
    return _scan_with_broken_total("2021", 2023)


@needs_ocr
def test_a_scan_is_read_with_every_figure_of_table_three_and_its_broken_equation_found(scan_2021):
    result, expected = scan_2021
    equation = _check_scan(result, expected)
    assert json.loads(json.dumps(equation.to_json()))["source"] == "ocr"
    assert result.status == "checked" and result.kind == "pdf"


@needs_ocr
def test_extract_marks_the_cells_read_by_ocr(scan_2021):
    from disclint.outputs.csv import long_rows

    result, _ = scan_2021
    rows = long_rows([result])
    assert rows[0][-1] == "source"
    placed = [row for row in rows[1:] if row[5]]
    assert placed and {row[-1] for row in placed} == {"ocr"}


@needs_ocr
@pytest.mark.slow
def test_a_scan_of_the_2019_edition_is_read_too():
    _check_scan(*_scan_with_broken_total("2019", 2020))


@needs_ocr
@pytest.mark.slow
@pytest.mark.parametrize("seed, edition, year", [(1, "2021", 2023), (2, "2019", 2020)])
def test_a_poor_scan_of_a_compliant_report_gives_no_error(seed, edition, year):
    """At 150 dpi OCR misreads some figures and drops some marks of the labels; what it is unsure of, or could
    not find among what it read, is never the basis of an error: warnings naming what to check, no error."""
    generated = generate(seed=seed, edition=edition, year=year, busy=True, layout="pipes")
    result = lint_bytes("scan.pdf", as_scan(as_pdf(generated.text), dpi=150))
    assert [f.code for f in result.findings if f.severity == ERROR] == []
    assert all(f.source == "ocr" for f in result.findings)


def test_a_pdf_with_text_on_every_page_loads_nothing_of_the_ocr_engine(tmp_path):
    """The OCR engine (and OpenCV, NumPy, ONNX Runtime under it) is imported only for a page without text: a
    check of a text PDF pays nothing for the extra, installed or not."""
    import subprocess
    import sys

    path = tmp_path / "report.pdf"
    path.write_bytes(as_pdf(generate(seed=3, layout="pipes").text))
    script = ("import sys; from disclint.cli import main\n"
              "code = main(['check', '--format', 'json', sys.argv[1]])\n"
              "sys.stderr.write('\\n' + ' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('rapidocr_onnxruntime', 'cv2', 'numpy', 'onnxruntime'))))")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True)
    assert done.stderr.rsplit("\n", 1)[-1] == "", done.stderr[-500:]
    assert json.loads(done.stdout)["files"][0]["status"] == "checked"
