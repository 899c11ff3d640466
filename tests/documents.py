"""Word drafts and PDFs made from generated pipe-layout reports, the way an editor's word processor makes
them: for the tests of the readers (a test module, not a test)."""
from __future__ import annotations

import io
import re


def as_docx(pipes: str) -> bytes:
    """A pipe-layout report as a Word draft: paragraphs, and a table per run of rows, a shorter row's last
    cell spanning the rest, as a word processor writes them (disclint's own Word writer, linter/word.py)."""
    from disclint.word import from_pipes

    return from_pipes(pipes)


_NUMBER = re.compile(r"^[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?$")


def as_pdf(pipes: str, footer: bool = True, encrypt: str | None = None) -> bytes:
    """A pipe-layout report as the PDF a word processor exports: paragraphs, and ruled tables whose long
    labels wrap inside their cells, whose captions and short rows span the table's width, and whose header
    rows repeat where a table breaks across pages; with ``footer`` a page number (— 1 —) at each page's foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    story = _story(pipes, A4[0] - 144)

    def number(canvas, document):
        if footer:
            canvas.setFont("STSong-Light", 9)
            canvas.drawCentredString(A4[0] / 2, 30, f"— {document.page} —")

    out = io.BytesIO()
    options = {}
    if encrypt:
        from reportlab.lib import pdfencrypt

        options["encrypt"] = pdfencrypt.StandardEncryption(encrypt, canPrint=1)
    SimpleDocTemplate(out, pagesize=A4, **options).build(story, onFirstPage=number, onLaterPages=number)
    return out.getvalue()


def side_by_side(left: str, right: str) -> bytes:
    """Two pipe-layout reports printed side by side on landscape pages, page by page, as a review tool prints
    a comparison of two: each report flows down its own column."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Frame

    width, height = landscape(A4)
    column = width / 2 - 54
    stories = [_story(left, column - 12), _story(right, column - 12)]
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(width, height))
    while any(stories):
        for k, story in enumerate(stories):
            frame = Frame(36 + k * (column + 36), 36, column, height - 72)
            while story:  # as much as the column holds, a table split where the column ends
                if frame.add(story[0], page, trySplit=0):
                    story.pop(0)
                    continue
                parts = frame.split(story[0], page)
                if not parts:
                    break
                story[0:1] = parts
        page.showPage()
    page.save()
    return out.getvalue()


def _story(pipes: str, usable: float) -> list:
    """The flowables of a pipe-layout report in a column ``usable`` points wide (for ``as_pdf``)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = ParagraphStyle("text", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    story, rows = [], []

    def flush():
        if not rows:
            return
        width = max(len(r) for r in rows)
        data_rows = [r for r in rows if any(_NUMBER.match(c) for c in r)]
        labelled = width > 1 and any(not _NUMBER.match(r[0]) for r in data_rows)  # table 四 has no label column
        label_width = min(usable * 0.4, 150) if labelled else usable / width
        value_width = (usable - label_width) / max(1, width - 1)
        data, spans = [], []
        for r, cells in enumerate(rows):
            padded = [Paragraph(c, cell) if c and not _NUMBER.match(c) else c for c in cells] + [""] * (width - len(cells))
            data.append(padded)
            if len(cells) < width:  # a caption, a grouping cell or a short header row: its last cell spans the rest
                spans.append(("SPAN", (len(cells) - 1, r), (width - 1, r)))
        header = 0
        while header < len(rows) and not any(_NUMBER.match(c) for c in rows[header]):
            header += 1
        table = Table(data, colWidths=[label_width] + [value_width] * (width - 1), repeatRows=header)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 7),
                                   *spans]))
        story.append(table)
        rows.clear()

    for line in pipes.split("\n"):
        if line.rstrip().endswith("|"):
            rows.append([c.strip() for c in line.rstrip().rstrip("|").split(" | ")])
        elif line.strip():
            flush()
            story.append(Paragraph(line, text))
    flush()
    return story


def as_official_pdf(pipes: str, edition: str, repeat: bool = True) -> bytes:
    """A generated report in the official layout (``disclint.word.layout``, as the Word template draws it:
    vertical group cells in 表三, merged header cells) as a PDF drawn by reportlab, whose page breaks fall
    between rows; with ``repeat`` the header rows repeat where a table breaks."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from disclint.word import Grid, layout

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = ParagraphStyle("text", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("title", parent=text, fontSize=16, leading=24, alignment=1)
    small = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    story = []
    for block in layout(pipes, edition):
        if not isinstance(block, Grid):
            story.append(Paragraph(block.text, title if block.title else text))
            continue
        widths = [w / 20 for w in block.widths()]
        data = [[""] * len(widths) for _ in block.rows]
        spans, opened = [], {}  # opened: column → the row its vertical cell starts on
        for r, row in enumerate(block.rows):
            column = 0
            for cell in row:
                if cell.merge == "continue":
                    spans = [s for s in spans if s[1] != (column, opened[column])]
                    spans.append(("SPAN", (column, opened[column]), (column + cell.span - 1, r)))
                else:
                    data[r][column] = Paragraph(cell.text, small) if cell.text else ""
                    opened[column] = r
                    if cell.span > 1:
                        spans.append(("SPAN", (column, r), (column + cell.span - 1, r)))
                column += cell.span
        table = Table(data, colWidths=widths, repeatRows=block.header if repeat else 0)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   *spans]))
        story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def with_scanned_page(data: bytes, index: int) -> bytes:
    """The PDF with page ``index`` (0-based) replaced by a scan: an image of the page, no text."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    if index:
        out.import_pages(source, list(range(index)))
    width, height = source[index].get_size()
    page = out.new_page(width, height)
    image = pdfium.PdfImage.new(out)
    bitmap = pdfium.PdfBitmap.new_native(40, 60, pdfium.raw.FPDFBitmap_BGR)
    bitmap.fill_rect((200, 200, 200, 255), 0, 0, 40, 60)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width - 100, height - 100).translate(50, 50))
    page.insert_obj(image)
    page.gen_content()
    if index + 1 < len(source):  # an empty list of pages imports every page
        out.import_pages(source, list(range(index + 1, len(source))))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()

