"""Word drafts (.docx) as report text, read straight from the package's XML.

Editors check drafts before publication, so a draft is read like a web page: each paragraph is a line,
each table row one ``a | b | c`` line (a cell merged across columns is one cell; the rows a vertically
merged cell continues into do not repeat it, as a web table's rowspan does not). Word has no lines and
columns, so positions are given as places an editor can find: “第12段”, “表3 第5行 第2列”; findings keep the
number of the generated line in machine output.

The document part is streamed through expat with the standard library, not loaded as a tree: a draft is
what subordinates send, and may be damaged or hostile. Limits hold whatever the package declares: the
part's uncompressed size (a zip bomb is refused before anything is inflated), the number of elements
(50 MB of empty paragraphs), the text's length (one 1 GB text node), the tokens the report may have, and
no DOCTYPE or entity declarations at all (Word never writes one; a billion-laughs file does).
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from . import MAX_BYTES, MAX_TOKENS, PositionMap, Source, SourceError, too_many
from .html import EMPTY_CELL

#: The largest document part inflated (uncompressed bytes, as the package declares and as read).
MAX_PART = 64 * 1024 * 1024
#: The most XML elements read in the document part: a long report has some hundred thousand.
MAX_ELEMENTS = 1_000_000

#: The WordprocessingML namespaces (transitional, as Word and WPS write it, and strict), as expat joins them.
_NAMESPACES = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main ",
               "http://purl.oclc.org/ooxml/wordprocessingml/main ")
_OFFICE_DOCUMENT = re.compile(rb'<Relationship\b[^>]*Type="[^"]*/officeDocument"[^>]*>')
_TARGET = re.compile(rb'Target="([^"]+)"')
#: Elements whose content Word shows as part of the enclosing block (content controls, custom XML).
_TRANSPARENT = {"sdt", "sdtContent", "customXml", "smartTag"}
_SEPARATORS = {"tab": "\t", "ptab": "\t", "noBreakHyphen": "-"}


def looks_like_docx(path: str, data: bytes) -> bool:
    if path.lower().endswith(".docx"):
        return True
    if not data.startswith(b"PK\x03\x04"):
        return False
    package = _package(data)
    return package is not None and "word/document.xml" in package.namelist()


def _package(data: bytes) -> zipfile.ZipFile | None:
    """The zip package, or None if it cannot be opened: a damaged central directory fails in many ways
    (BadZipFile, NotImplementedError for a version byte, UnicodeDecodeError for a name, struct.error…)."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        return None


def read(path: str, data: bytes) -> Source:
    lines, places = _lines(data)
    return Source(path, "docx", None, tuple(lines), DocxMap(places), tuple(lines))


class DocxMap(PositionMap):
    """Word has no lines: a position is a paragraph or a table cell, as Word shows them."""

    def __init__(self, places: list[list[tuple[int, int, str]]]):
        self.places = places

    def place(self, line: int, column: int) -> str | None:
        if not 0 < line <= len(self.places):
            return None
        offset = column - 1
        chosen = self.places[line - 1][0][2]
        for start, end, name in self.places[line - 1]:
            if start <= offset:
                chosen = name
            if start <= offset < end:
                break
        return chosen


def _lines(data: bytes) -> tuple[list[str], list[list[tuple[int, int, str]]]]:
    """The draft as lines, and for each line the places of its characters: (start, end, place)."""
    package = _package(data)
    try:
        info = package.getinfo(document_part(package)) if package is not None else None
    except KeyError:
        info = None
    if package is None or info is None:
        raise SourceError("不是有效的 Word 文档（压缩包已损坏，或其中没有正文部分 word/document.xml）")
    if info.flag_bits & 0x1:
        raise SourceError("Word 文档已加密，无法读取；请提供未加密的文档") from None
    if info.file_size > MAX_PART:
        raise SourceError(f"Word 文档正文解压后有 {info.file_size / 1048576:.0f} MB，超过 {MAX_PART // 1048576} MB "
                          "上限（可能是压缩炸弹），未检查")
    builder = _Builder()
    try:
        for chunk in _inflated(package, info):
            builder.feed(chunk)
        builder.close()
    except builder.errors as exc:
        raise SourceError(f"不是有效的 Word 文档（正文 XML 第 {exc.lineno} 行有误：{_expat_message(exc)}）") from None
    return builder.lines, builder.places


def _inflated(package: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part's bytes in chunks of 1 MB, at most MAX_PART of them. A damaged stream fails in whatever way
    its compression library fails (zlib.error, lzma.LZMAError, a CRC's BadZipFile, EOFError…): all of
    them, and only while inflating, are a damaged file."""
    read = 0
    try:
        with package.open(info) as part:
            while chunk := part.read(1 << 20):
                read += len(chunk)
                if read > MAX_PART:
                    raise SourceError(f"Word 文档正文解压后超过 {MAX_PART // 1048576} MB 上限，未检查")
                yield chunk
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(f"不是有效的 Word 文档（压缩包已损坏：{type(exc).__name__}）") from None


def document_part(package: zipfile.ZipFile) -> str:
    """The name of the main document part, as the package's relationships give it (word/document.xml)."""
    try:
        rels = package.getinfo("_rels/.rels")
    except KeyError:
        return "word/document.xml"
    if rels.file_size > 1 << 20:
        return "word/document.xml"
    relationship = _OFFICE_DOCUMENT.search(b"".join(_inflated(package, rels)))
    target = _TARGET.search(relationship.group(0)) if relationship else None
    if not target:
        return "word/document.xml"
    return posixpath.normpath(target.group(1).decode("utf-8", "replace").lstrip("/"))


def _expat_message(exc) -> str:
    from xml.parsers.expat import ErrorString

    return ErrorString(exc.code) if getattr(exc, "code", None) else str(exc)


class _Builder:
    """Lines from the document part's XML events: body paragraphs, and the rows of body tables."""

    def __init__(self):
        from xml.parsers import expat

        self.errors = expat.ExpatError
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        parser.buffer_text = True
        self.parser = parser
        self.lines: list[str] = []
        self.places: list[list[tuple[int, int, str]]] = []
        self.ns = ""                # the namespace of the root, one of _NAMESPACES
        self.elements = 0
        self.characters = 0
        self.body = False           # inside w:body
        self.paragraphs = 0         # body paragraphs so far, for “第N段”
        self.tables = 0             # body tables so far, for “表N”
        self.depth = 0              # element depth
        self.paragraph: list[str] | None = None   # text of the open body paragraph
        self.nested = 0             # paragraphs and tables open inside it (text boxes)
        self.table_depth = 0        # tables open (a nested table's rows belong to its cell)
        self.row: list[tuple[int, str]] | None = None   # (column, text) of the open row of a body table
        self.rows = 0
        self.columns = 0
        self.cell: list[str] | None = None
        self.continued = False      # the open cell continues a vertical merge
        self.in_text = False

    def feed(self, chunk: bytes) -> None:
        self.parser.Parse(chunk, False)

    def close(self) -> None:
        self.parser.Parse(b"", True)

    def _refuse(self, *args) -> None:
        raise SourceError("Word 文档正文含有 DOCTYPE 或实体声明（Word 从不写入，可能是恶意构造的文件），未读取")

    def _start(self, name: str, attrs: dict) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise SourceError(f"Word 文档正文有超过 {MAX_ELEMENTS} 个 XML 元素，不是一份年度报告的规模，未检查")
        self.depth += 1
        if self.depth == 1:
            ns = next((ns for ns in _NAMESPACES if name == ns + "document"), None)
            if ns is None:
                raise SourceError("不是有效的 Word 文档（正文部分不是 Word 的 w:document）")
            self.ns = ns
        if not name.startswith(self.ns):
            return
        local = name[len(self.ns):]
        if self.paragraph is not None:  # inside a body paragraph: its text, not that of its text boxes
            if local == "p" or local == "tbl":
                self.nested += 1
            elif local == "t":
                self.in_text = True
            elif not self.nested and local in _SEPARATORS:
                self.paragraph.append(_SEPARATORS[local])
            elif not self.nested and local in ("br", "cr"):
                self.paragraph.append("\n")
        elif local == "body" and self.depth == 2:
            self.body = True
        elif not self.body or local in _TRANSPARENT:
            return
        elif local == "t":
            self.in_text = True
        elif local == "tbl":
            self.table_depth += 1
            if self.table_depth == 1:
                self.tables += 1
                self.rows = 0
        elif local == "tr" and self.table_depth == 1:
            self.rows += 1
            self.row, self.columns = [], 0
        elif local == "tc" and self.table_depth == 1 and self.row is not None:
            self.columns += 1
            self.cell, self.continued = [], False
        elif local == "vMerge" and self.table_depth == 1 and self.cell is not None:
            self.continued = attrs.get(self.ns + "val", "continue") == "continue"
        elif local == "p" and not self.table_depth:
            self.paragraph, self.nested = [], 0
            self.paragraphs += 1

    def _end(self, name: str) -> None:
        self.depth -= 1
        if not self.body or not name.startswith(self.ns):
            return
        local = name[len(self.ns):]
        if local == "t":
            self.in_text = False
        elif self.paragraph is not None:
            if local in ("p", "tbl") and self.nested:
                self.nested -= 1
            elif local == "p":
                for text in "".join(self.paragraph).split("\n"):
                    if text.strip():
                        self._add(text.strip(), [(0, len(text.strip()), f"第{self.paragraphs}段")])
                self.paragraph = None
        elif local == "body":
            self.body = False
        elif local == "tbl":
            self.table_depth -= 1
        elif local == "tc" and self.table_depth == 1 and self.cell is not None:
            if not self.continued and self.row is not None:
                self.row.append((self.columns, "".join(self.cell).strip()))
            self.cell = None
        elif local == "tr" and self.table_depth == 1 and self.row is not None:
            self._row(self.row)
            self.row = None

    def _data(self, text: str) -> None:
        if not self.in_text:
            return
        self.characters += len(text)
        if self.characters > MAX_BYTES:
            raise SourceError(f"Word 文档的文字超过 {MAX_BYTES // 1048576}M 字，不是一份年度报告的规模，未检查")
        if self.cell is not None:
            self.cell.append(text)
        elif self.paragraph is not None and not self.nested:
            self.paragraph.append(text)

    def _row(self, cells: list[tuple[int, str]]) -> None:
        if not any(text for _, text in cells):
            return
        text = ""
        spans: list[tuple[int, int, str]] = []  # (start, end, place) of each cell in the line
        for column, cell in cells:
            if spans:
                text += " | "
            spans.append((len(text), len(text) + max(len(cell), 1), f"表{self.tables} 第{self.rows}行 第{column}列"))
            text += cell or EMPTY_CELL  # a blank cell stays a cell, also at the end of the row
        self._add(text + " |", spans)

    def _add(self, line: str, spans: list[tuple[int, int, str]]) -> None:
        if len(self.lines) >= MAX_TOKENS:
            raise too_many(None)
        self.lines.append(line)
        self.places.append(spans)
