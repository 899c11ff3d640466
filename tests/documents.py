"""Word drafts and PDFs made from generated pipe-layout reports, the way an editor's word processor makes
them: for the tests of the readers (a test module, not a test)."""
from __future__ import annotations

import io
import re

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PACKAGE = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>',
}


def as_docx(pipes: str) -> bytes:
    """A pipe-layout report as a Word draft: paragraphs, and a table per run of rows, written as Word
    writes them (runs with East Asian fonts, a table grid, a shorter row's last cell spanning the rest)."""
    import zipfile
    from xml.sax.saxutils import escape

    def run(text: str) -> str:
        return (f'<w:r><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:eastAsia="宋体"/><w:sz w:val="21"/></w:rPr>'
                f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>') if text else ""

    def paragraph(text: str) -> str:
        return f'<w:p><w:pPr><w:spacing w:line="360" w:lineRule="auto"/></w:pPr>{run(text)}</w:p>'

    body: list[str] = []
    rows: list[list[str]] = []

    def flush():
        if not rows:
            return
        width = max(len(r) for r in rows)
        grid = "".join('<w:gridCol w:w="1200"/>' for _ in range(width))
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
               f"<w:tblGrid>{grid}</w:tblGrid>"]
        for cells in rows:
            out.append("<w:tr>")
            for index, text in enumerate(cells):
                span = width - len(cells) + 1 if index == len(cells) - 1 and len(cells) < width else 1
                properties = f'<w:tcW w:w="{1200 * span}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
                out.append(f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraph(text)}</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        body.append("".join(out))
        rows.clear()

    for line in pipes.split("\n"):
        if line.rstrip().endswith("|"):
            rows.append([c.strip() for c in line.rstrip().rstrip("|").split(" | ")])
        elif line.strip():
            flush()
            body.append(paragraph(line))
    flush()
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
                + "".join(body) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, part in _PACKAGE.items():
            package.writestr(name, part)
        package.writestr("word/document.xml", document)
    return out.getvalue()


_NUMBER = re.compile(r"^[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?$")


def as_pdf(pipes: str, footer: bool = True, encrypt: str | None = None) -> bytes:
    """A pipe-layout report as the PDF a word processor exports: paragraphs, and ruled tables whose long
    labels wrap inside their cells, whose captions and short rows span the table's width, and whose header
    rows repeat where a table breaks across pages; with ``footer`` a page number (— 1 —) at each page's foot."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = ParagraphStyle("text", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    story, rows = [], []
    usable = A4[0] - 144

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


def with_scanned_page(data: bytes, index: int) -> bytes:
    """The PDF with page ``index`` (0-based) replaced by a scan: an image of the page, no text."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
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
    out.import_pages(source, list(range(index + 1, len(source))))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
