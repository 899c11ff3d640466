"""Word documents disclint writes: the template an editor fills (``disclint template --format docx``) and a
reviewed copy of a draft with a comment on each finding (``disclint check draft.docx --annotate out.docx``).

Both are written as WordprocessingML directly (the standard library's zipfile and string building, no
python-docx): the template's tables carry the official format's merged header cells (申请人情况 over the seven
applicant columns, 法人或其他组织 over five, 自然人 and 总计 two rows tall; 行政复议 and 行政诉讼 over their
groups), and the reviewed copy is the draft's own package with its document part changed only where a
comment is anchored (byte for byte elsewhere), so that what Word or WPS shows is the draft as it was.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


class Cell(NamedTuple):
    text: str
    span: int = 1               # grid columns it spans (w:gridSpan)
    merge: str | None = None    # "restart" or "continue": a cell two or more rows tall (w:vMerge)


# -- the template ---------------------------------------------------------------------------------------

def _run(text: str, bold: bool = False, size: int = 21) -> str:
    if not text:
        return ""
    weight = "<w:b/>" if bold else ""
    return (f'<w:r><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/>{weight}'
            f'<w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def _paragraph(text: str, *, bold: bool = False, center: bool = False, size: int = 21) -> str:
    align = '<w:jc w:val="center"/>' if center else ""
    return f'<w:p><w:pPr><w:spacing w:line="360" w:lineRule="auto"/>{align}</w:pPr>{_run(text, bold, size)}</w:p>'


def _cell(cell: Cell, width: int) -> str:
    properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.span > 1:
        properties += f'<w:gridSpan w:val="{cell.span}"/>'
    if cell.merge:
        properties += f'<w:vMerge w:val="{cell.merge}"/>' if cell.merge == "restart" else "<w:vMerge/>"
    return f'<w:tc><w:tcPr>{properties}<w:vAlign w:val="center"/></w:tcPr>{_paragraph(cell.text, size=18)}</w:tc>'


#: The width of the text column of a page (A4, margins of an inch), in twentieths of a point; a value
#: column's least width (four figures of 9 points and the cell's margins).
_PAGE_WIDTH, _VALUE_WIDTH = 9000, 600


def _widths(rows: list[list[Cell]], labels: int) -> list[int]:
    """Column widths: in a table of one label column or none, equal; in a grouped table (表三), value columns
    as narrow as their figures allow and the ``labels`` leading label columns sharing the rest, the last (the
    innermost labels, the longest) the widest, so that a label wraps into two or three lines, not six."""
    columns = max(sum(c.span for c in row) for row in rows)
    if labels <= 1:  # 表二's sub-tables, 表四: columns of equal width
        return [max(_VALUE_WIDTH, _PAGE_WIDTH // columns)] * columns
    values = [_VALUE_WIDTH] * (columns - labels)
    rest = _PAGE_WIDTH - sum(values)
    outer = [min(1100, rest // (labels + 1))] * (labels - 1)  # vertical group cells: a few characters a line
    return outer + [rest - sum(outer)] + values


def _table(rows: list[list[Cell]], labels: int = 1, header: int = 0) -> str:
    """A Word table (a ``Grid``'s rows, labels and header)."""
    widths = _widths(rows, labels)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    body = []
    for index, row in enumerate(rows):
        cells, at = [], 0
        for cell in row:
            cells.append(_cell(cell, sum(widths[at:at + cell.span])))
            at += cell.span
        repeat = "<w:trPr><w:tblHeader/></w:trPr>" if index < header else ""
        body.append(f"<w:tr>{repeat}{''.join(cells)}</w:tr>")
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>{borders}'
            f'</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(body)}</w:tbl>')


def header(table, labels: int = 1) -> list[list[Cell]]:
    """The header rows of a template table with the format's merged cells (editions.Table); the note over
    the label column spans the ``labels`` columns of a grouped table."""
    rows = table.header_rows
    if len(rows) == 1:  # 信息内容 | the columns
        return [[Cell(text) for text in rows[0]]]
    depth = len(rows)
    if table.label_less:  # table 四: 行政复议 over its columns; 行政诉讼 over its two groups of columns
        out: list[list[Cell]] = [[], [], []]
        size, remaining = len(table.columns), list(table.rows)
        for top in rows[0]:
            own = [r for r in remaining if r.label == top]
            members = own[:1] or [r for r in remaining if r.label not in rows[0]]
            for member in members:
                remaining.remove(member)
            out[0].append(Cell(top, size * len(members)))
            if own:  # its columns stand two rows tall under it
                out[1] += [Cell(c.label, merge="restart") for c in table.columns]
                out[2] += [Cell("", merge="continue") for _ in table.columns]
            else:
                out[1] += [Cell(m.label, size) for m in members]
                out[2] += [Cell(c.label) for _ in members for c in table.columns]
        return out
    # table 三: the note over the label column, the title over every column, then groups and columns
    out = [[Cell(rows[0][0], labels, merge="restart"), Cell(rows[0][1], len(table.columns))]]
    middle, last = [Cell("", labels, merge="continue")], [Cell("", labels, merge="continue")]
    for column in table.columns:
        if column.group is None:
            middle.append(Cell(column.label, merge="restart"))
            last.append(Cell("", merge="continue"))
        else:
            if middle[-1].text != column.group:
                middle.append(Cell(column.group, 0))
            middle[-1] = middle[-1]._replace(span=middle[-1].span + 1)
            last.append(Cell(column.label))
    return out + [middle, last][:depth - 1]


#: A row label's level in a grouped table by its numbering: ``一、`` 0, ``（一）`` 1, ``1.`` 2.
_LEVELS = (re.compile(r"^[一二三四五六七八九十]+、"), re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), re.compile(r"^\d+[.．、]"))


def _level(label: str) -> int | None:
    return next((level for level, pattern in enumerate(_LEVELS) if pattern.match(label)), None)


def _grouped(rows: list[list[str]]) -> list[list[Cell]]:
    """The body of a table whose rows stand under grouping cells (表三: 三、本年度办理结果 over the results,
    （三）不予公开 over its items), as the official format draws it: one label column per level, a grouping
    cell standing in its column as one vertical cell over every row under it, a row's label spanning the
    columns of the levels below its own. ``rows`` are the pipe rows, a grouping cell a row of its own."""
    depth = 3
    out: list[list[Cell]] = []
    groups: list[tuple[int, str, bool]] = []  # the open grouping cells: (level, text, drawn yet)
    for cells in rows:
        level = _level(cells[0])
        if len(cells) == 1 and level is not None and level < depth - 1:  # a grouping cell: opens before its rows
            groups = [g for g in groups if g[0] < level] + [(level, cells[0], False)]
            continue
        if level is None:
            level = groups[-1][0] + 1 if groups else 0
        groups = [g for g in groups if g[0] < level]
        row = []
        for k, (group_level, text, drawn) in enumerate(groups):
            row.append(Cell("" if drawn else text, merge="continue" if drawn else "restart"))
            groups[k] = (group_level, text, True)
        row.append(Cell(cells[0], depth - len(groups)))
        out.append(row + [Cell(c) for c in cells[1:]])
    return out


class Paragraph(NamedTuple):
    text: str
    title: bool = False


class Grid(NamedTuple):
    """A table as drawn: its rows of cells (every row as wide as the grid), its leading label columns, the
    header rows that repeat on each page it runs onto."""
    rows: list[list[Cell]]
    labels: int = 1
    header: int = 0

    def widths(self, page: int = _PAGE_WIDTH) -> list[int]:
        """Its column widths for a text column ``page`` wide (twentieths of a point by default)."""
        return [round(w * page / _PAGE_WIDTH) for w in _widths(self.rows, self.labels)]


def layout(pipes: str, edition: str | None = None) -> list[Paragraph | Grid]:
    """A pipe-layout report as a word processor lays it out: each line a paragraph, each run of ``a | b |``
    rows a table whose shorter rows' last cell spans the rest (a caption, a grouping cell). With ``edition``
    (the template, ``disclint template --format docx``), each of its tables is a table of its own in the
    official layout: headed by the edition's merged header cells, repeated on each page it runs onto, the
    grouping cells of 表三 standing as vertical cells over their rows (``_grouped``), columns as wide as their
    labels need; the first line is a title. Without (the tests' Word drafts, made as an editor's word
    processor makes them), the rows are drawn as written."""
    from .editions import load

    tables = load(edition).tables.values() if edition else ()
    headers = {tuple(t.header_rows[0]): t for t in tables}
    captions = {t.caption for t in tables if t.caption}
    lines = pipes.split("\n")
    body: list[Paragraph | Grid] = []
    rows: list[list[Cell]] = []
    first = edition is not None
    current: list = [None, 0]  # the edition's table being written, its header rows

    def flush():
        table, heading = current
        if rows:
            if table is not None and any(r.opens for r in table.rows):
                body.append(Grid(header(table, 3) + _grouped([[c.text for c in r] for r in rows[heading:]]), 3, heading))
            else:
                width = max(sum(c.span for c in r) for r in rows)
                body.append(Grid([r if sum(c.span for c in r) == width else
                                  r[:-1] + [r[-1]._replace(span=r[-1].span + width - sum(c.span for c in r))]
                                  for r in rows], 1, heading))
            rows.clear()
        current[:] = [None, 0]

    index = 0
    while index < len(lines):
        line = lines[index]
        if line.rstrip().endswith("|"):
            cells = [c.strip() for c in line.rstrip().rstrip("|").split(" | ")]
            table = headers.get(tuple(cells))
            if table is not None and len(cells) == len(table.header_rows[0]):
                if len(cells) > 1 and rows and len(rows[-1]) != 1:
                    flush()  # a new table starts with its header (a caption row, if any, stays with it)
                rows.extend(header(table))
                current[:] = [table, len(rows)]
                index += len(table.header_rows)
                continue
            if len(cells) == 1 and cells[0] in captions:
                flush()  # a sub-table of 表二 starts with its caption
            rows.append([Cell(c) for c in cells])
        elif line.strip():
            flush()
            body.append(Paragraph(line, first))
            first = False
        index += 1
    flush()
    return body


def from_pipes(pipes: str, edition: str | None = None) -> bytes:
    """A pipe-layout report as a Word document laid out by ``layout``."""
    body = "".join(_table(b.rows, b.labels, b.header) if isinstance(b, Grid) else
                   _paragraph(b.text, bold=b.title, center=b.title, size=32 if b.title else 21)
                   for b in layout(pipes, edition))
    document = (f'{_XML}<w:document xmlns:w="{W}"><w:body>' + body
                + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
                'w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>')
    return _package({"word/document.xml": document})


def _package(parts: dict[str, str | bytes]) -> bytes:
    content_types = (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (f'{_XML}<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_OFFICE}/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", rels)
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


# -- review comments --------------------------------------------------------------------------------------

_PLACE = re.compile(r"^(?:第(\d+)段|表(\d+) 第(\d+)行 第(\d+)列)")


def _anchors(xml: bytes) -> dict[tuple, tuple[int, int, str]]:
    """Where each place a finding can name is in the document part: place key → (offset where a comment's
    range starts, offset where it ends, the WordprocessingML prefix). The places are counted by the reader's
    own builder (readers/docx.py), so that 第12段 and 表3 第5行 第2列 are the paragraph and cell it reads:
    ("段", N) is a body paragraph, ("表", t, r, c) the first paragraph of a table cell."""
    from .readers.docx import _Builder

    found: dict[tuple, tuple[int, int, str]] = {}
    opened: dict[int, tuple] = {}

    class Anchors(_Builder):
        def _start(self, name, attrs):
            counted = self.paragraphs
            super()._start(name, attrs)
            if not name.endswith(" p"):
                return
            key: tuple | None = None  # ("段", paragraph) or ("表", table, row, column)
            if self.paragraph is not None and self.paragraphs != counted:  # a body paragraph opens
                key = ("段", self.paragraphs)
            elif self.cell is not None and self.table_depth == 1 and ("表", self.tables, self.rows, self.columns) not in found:
                key = ("表", self.tables, self.rows, self.columns)
            if key is not None:
                opened[self.depth] = (key, self.parser.CurrentByteIndex)

        def _end(self, name):
            depth = self.depth
            super()._end(name)
            if name.endswith(" p") and depth in opened:
                key, start = opened.pop(depth)
                end = self.parser.CurrentByteIndex
                tag = xml[start:xml.index(b">", start) + 1]
                if tag.endswith(b"/>"):
                    return  # an empty paragraph: nothing to comment on
                prefix = tag[1:].split(b" ")[0].split(b">")[0][:-1].decode()  # "w:" of <w:p …>
                content = start + len(tag)
                if xml.startswith(f"<{prefix}pPr".encode(), content):
                    content = xml.index(f"</{prefix}pPr>".encode(), content) + len(f"</{prefix}pPr>")
                found.setdefault(key, (content, end, prefix))

    builder = Anchors()
    builder.feed(xml)
    builder.close()
    return found


def _key(place: str | None):
    match = _PLACE.match(place or "")
    if not match:
        return None
    if match.group(1):
        return ("段", int(match.group(1)))
    return ("表", int(match.group(2)), int(match.group(3)), int(match.group(4)))


def _relationships(rels: str) -> dict[str, tuple[str, str]]:
    """A relationships part's relationships: id → (type, target), whatever the order of their attributes."""
    from xml.etree import ElementTree

    return {r.get("Id", ""): (r.get("Type", ""), r.get("Target", "")) for r in ElementTree.fromstring(rels.encode("utf-8"))
            if r.tag.endswith("Relationship") and r.get("TargetMode") != "External"}


def _resolved(folder: str, target: str) -> str:
    """A relationship's target as a part name: relative to the folder of the part it belongs to, or from the
    package's root when it begins with ``/``."""
    import posixpath

    return posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))


def _opened(text: str, name: str, namespace: str) -> tuple[str, str, int]:
    """A part whose root element is ``name`` of ``namespace``, ready for children to be added: (its text,
    with an empty root ``<w:comments …/>`` opened, the root's prefix (``w:``, another, or none), the offset
    of the root's end tag, where new children go). Any other root is refused with ValueError."""
    root = re.search(rf"<(?:(\w+):)?{name}\b([^>]*?)(/?)>", text)
    if root is None or f'xmlns{":" + root.group(1) if root.group(1) else ""}="{namespace}"' not in root.group(2):
        raise ValueError(f"the part's root is not {name} of {namespace}")
    prefix = f"{root.group(1)}:" if root.group(1) else ""
    if root.group(3):
        text = text[:root.end() - 2] + f"></{prefix}{name}>" + text[root.end():]
    return text, prefix, text.rindex(f"</{prefix}{name}>")


def annotate(data: bytes, findings, words: dict[str, str], rules) -> tuple[bytes, int]:
    """A copy of the Word draft ``data`` with a comment (author disclint) on the paragraph or table cell of
    each finding, the comment saying the code, severity, the rule's Chinese summary and the message; a
    finding about the file as a whole is commented on the first paragraph. ``words`` names the severities,
    ``rules`` are the rule classes the summaries come from. Returns (the copy, comments made).
    Everything in the package but the document part, its relationships, the content types and the
    comments part is copied as it is."""
    from .outputs.common import rule_summary
    from .readers.docx import document_part

    source = zipfile.ZipFile(io.BytesIO(data))
    part = document_part(source)
    xml = source.read(part)
    anchors = _anchors(xml)
    if not anchors:
        return data, 0
    first = min(anchors.values())
    folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
    rels_name = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    rels = source.read(rels_name).decode("utf-8") if rels_name in source.namelist() else \
        f'{_XML}<Relationships xmlns="{_RELS}"></Relationships>'
    relations = _relationships(rels)
    existing = next((target for kind, target in relations.values() if kind.endswith("/comments")), None)
    comments_name = _resolved(folder, existing or "comments.xml")
    comments = source.read(comments_name).decode("utf-8") if comments_name in source.namelist() else \
        f'{_XML}<w:comments xmlns:w="{W}"></w:comments>'
    comments, w, end_of_comments = _opened(comments, "comments", W)
    taken = re.findall(rf'<{w}comment\b[^>]*\b{w}id="(\d+)"', comments)  # and those the draft refers to:
    taken += re.findall(r'comment(?:RangeStart|RangeEnd|Reference)\b[^>]*\bid="(\d+)"', xml.decode("utf-8", "replace"))
    number = max(map(int, taken), default=-1) + 1
    inserts: list[tuple[int, int, str]] = []  # (offset, order, text)
    added = []
    for finding in findings:
        at = anchors.get(_key(finding.place)) if not finding.file_level else None
        start, end, prefix = at or first
        text = f"{finding.code} {words[finding.severity]}（{rule_summary(finding.code, rules)}）：{finding.message}"
        inserts.append((start, 1, f'<{prefix}commentRangeStart {prefix}id="{number}"/>'))
        inserts.append((end, 0, f'<{prefix}commentRangeEnd {prefix}id="{number}"/><{prefix}r><{prefix}rPr>'
                                f'<{prefix}rStyle {prefix}val="CommentReference"/></{prefix}rPr>'
                                f'<{prefix}commentReference {prefix}id="{number}"/></{prefix}r>'))
        added.append(f'<{w}comment {w}id="{number}" {w}author="disclint" {w}initials="DL"><{w}p><{w}r>'
                     f'<{w}t xml:space="preserve">{escape(text)}</{w}t></{w}r></{w}p></{w}comment>')
        number += 1
    pieces, cursor = [], 0
    for offset, _, text in sorted(inserts, key=lambda i: (i[0], i[1])):
        pieces += [xml[cursor:offset], text.encode("utf-8")]
        cursor = offset
    pieces.append(xml[cursor:])
    changed = {part: b"".join(pieces),
               comments_name: (comments[:end_of_comments] + "".join(added) + comments[end_of_comments:]).encode("utf-8")}
    if not existing:
        target = comments_name[len(folder) + 1:] if folder else comments_name
        free = next(f"rIdDisclintComments{k or ''}" for k in range(len(relations) + 1)
                    if f"rIdDisclintComments{k or ''}" not in relations)
        rels, r, end = _opened(rels, "Relationships", _RELS)
        changed[rels_name] = (rels[:end] + f'<{r}Relationship Id="{free}" Type="{_OFFICE}/comments" '
                              f'Target={quoteattr(target)}/>' + rels[end:]).encode("utf-8")
    types = source.read("[Content_Types].xml").decode("utf-8")
    if f'PartName="/{comments_name}"' not in types:
        changed["[Content_Types].xml"] = types.replace(
            "</Types>", f'<Override PartName="/{comments_name}" ContentType="{_COMMENTS_TYPE}"/></Types>').encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info, changed.pop(info.filename, b"") or source.read(info.filename))
        for name, data in changed.items():  # parts the draft did not have
            copy.writestr(name, data)
    return out.getvalue(), len(added)
