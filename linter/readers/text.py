"""Text files (and Markdown): bytes to lines, each position the file's own.

Decoding follows what government pages are saved as: UTF-8 (with or without BOM), UTF-16 or UTF-32
with a BOM, the encoding an HTML page declares, and GB18030 (a superset of GBK/GB2312) otherwise. GB18030
decodes almost any bytes, so its result is checked to be Chinese as reports write it: nearly every hanzi
of a report is among the 3,755 common ones (GB2312 level 1), where Big5 or Shift-JIS bytes read as GBK give
mostly rare ones. Such a file is refused, naming the encoding it seems to be in, instead of being read as
gibberish and called no report; so is a page saved as UTF-7, or as UTF-8 encoded twice (``æ”¿åºœ``). Line breaks may be LF, CRLF or CR; lines are split on exactly those (not
on the other separators ``str.splitlines`` knows), so line numbers match what an editor shows.
"""
from __future__ import annotations

import codecs
import re

from . import Source, SourceError, TextMap

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HAN = re.compile("[\u4e00-\u9fff]")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|table)\b", re.I | re.S)


def looks_like_html(path: str, data: bytes) -> bool:
    """An HTML page, by its name or by how it starts (pages are often saved as .txt)."""
    return path.lower().endswith((".html", ".htm", ".shtml", ".xhtml")) or \
        bool(_HTML_START.match(data[:2048].lstrip(b"\xef\xbb\xbf")))


def _position_of_byte(data: bytes, offset: int, encoding: str | None = None) -> tuple[int, int]:
    """Line and column (1-based) of a byte offset, counting characters as far as they decode in
    ``encoding`` (by default UTF-8 if what comes before is UTF-8, else GBK, as an editor would read the
    file) and lines as ``split_lines`` does (CR, LF or CRLF)."""
    head = data[:offset]
    if encoding is None:
        try:
            head.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
    lines = split_lines(head.decode(encoding, errors="replace"))
    return len(lines), len(lines[-1]) + 1


#: BOMs, longest first (a UTF-32 LE BOM begins with the UTF-16 LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: Encodings a declaration may name that GB18030 reads as well (it is their superset).
_GB = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"}
#: Declarations that cannot be true of a Chinese page (one byte per character, no hanzi): a page that is
#: not UTF-8 and says it is Latin-1 is GBK that a server mislabelled.
_WESTERN = re.compile(r"(cp12\d\d|iso8859_\d+|latin_1|ascii|mac_\w+|cp437|cp850)$")


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode report bytes (``declared``: the encoding the file names, as an HTML page does); returns
    (text, encoding name) or raises SourceError."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise SourceError(f"{name.upper()} 文本无法解码（第 {exc.start} 字节）") from None
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[len(codecs.BOM_UTF8):], "utf-8-sig"
    else:
        body, encoding = data, "utf-8"
    nul = body.find(b"\x00")
    if nul >= 0:
        line, column = _position_of_byte(body, nul)
        raise SourceError("文件含有 NUL 字节，不是文本文件（可能是二进制或未带 BOM 的 UTF-16）", line, column)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        if encoding == "utf-8-sig":
            line, column = _position_of_byte(body, utf8_error.start)
            raise SourceError("带 UTF-8 BOM 的文件中有无法解码的字节", line, column) from None
        declared = _codec(declared)
        if declared and declared not in _GB and not _WESTERN.match(declared):
            try:  # bytes that are not UTF-8, in the encoding the page declares (a Big5 page)
                return body.decode(declared), declared
            except UnicodeDecodeError:
                pass  # a wrong declaration: read the bytes as if there were none
        try:
            text = body.decode("gb18030")
        except UnicodeDecodeError as gb_error:  # where the GBK reading fails, as a GBK editor counts
            line, column = _position_of_byte(body, gb_error.start, "gb18030")
            raise SourceError("文件既不是 UTF-8/UTF-16 也不是 GB18030 编码的文本", line, column) from None
        if not _reads_as_chinese(text):
            other = next((name for codec, name in (("big5", "Big5（繁体）"), ("shift_jis", "Shift-JIS（日文）"),
                                                   ("euc_jp", "EUC-JP（日文）")) if _decodes(body, codec)), None)
            raise SourceError(f"文件不是 UTF-8 或 GBK 编码的中文{f'，看来是 {other}编码' if other else ''}："
                              "按 GBK 读出的是乱码；请另存为 UTF-8 后再检查") from None
        return text, "gb18030"
    problem = _misencoded(text)
    if problem:
        raise SourceError(problem)
    return text, encoding


#: The bytes 0x80–0x9F as Windows-1252 shows them: UTF-8 read as 1252 and saved again as UTF-8 has these;
#: the five bytes 1252 leaves undefined may have become U+FFFD, read back as some continuation byte.
_CP1252 = {**{char: byte for byte in range(0x80, 0xA0) for char in [bytes([byte]).decode("cp1252", errors="ignore")]
              if char}, "\ufffd": 0x8F}


def _misencoded(text: str) -> str | None:
    """What is wrong with a UTF-8 text that holds (almost) no Chinese but would, read as it was meant to be:
    a page saved as UTF-7 (``+ZS9T4g-``: ASCII only), or UTF-8 read as Latin-1/Windows-1252 and saved as
    UTF-8 again (``æ”¿åºœ`` for 政府). None for every other text (checked cheaply: a report has hanzi)."""
    if _hanzi(text[:5000]) >= 20:
        return None
    if text.isascii():
        if "+" not in text:
            return None
        meant = text.encode("ascii").decode("utf-7", errors="replace")
        if _hanzi(meant) >= 20 and _reads_as_chinese(meant):
            return ("文件是 UTF-7 编码（中文写成 “+ZS9T4g-” 这样的字母串），不是常用的中文编码："
                    "请用浏览器或编辑器按 UTF-7 打开，另存为 UTF-8 后再检查")
        return None
    try:
        raw = bytes(ord(c) if ord(c) < 0x100 else _CP1252[c] for c in text)
    except KeyError:
        return None  # a character Latin-1 and Windows-1252 do not have: not UTF-8 read as either
    meant = raw.decode("utf-8", errors="replace")
    if _hanzi(meant) >= 20 and _reads_as_chinese(meant):
        return ("文件是两次编码的 UTF-8 乱码（“æ”¿åºœ”这样的字符，原为“政府”）：UTF-8 文本曾被当作 Latin-1/Windows-1252 "
                "读入再保存；请取原始文件，或用编辑器按 Windows-1252 读入、按 UTF-8 另存还原后再检查")
    return None


def _hanzi(text: str) -> int:
    return len(_HAN.findall(text))


def _codec(name: str | None) -> str | None:
    """The codec a declared encoding name stands for (``GB2312`` → ``gb2312``), or None if unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name).name.replace("-", "_").replace("utf_8", "utf-8")
    except LookupError:
        return None


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _reads_as_chinese(text: str, sample: int = 2000) -> bool:
    """Whether the hanzi of a text are those Chinese prose uses: at least 80% of the first ``sample`` among
    the common ones (GB2312 level 1). Reports are above 99%, Big5 read as GBK near 30%, Shift-JIS 0%."""
    hanzi = []
    for char in text:
        if "\u4e00" <= char <= "\u9fff":
            hanzi.append(char)
            if len(hanzi) == sample:
                break
    if len(hanzi) < 20:
        return True  # too little to judge
    return sum(_common(char) for char in hanzi) >= 0.8 * len(hanzi)


def _common(char: str) -> bool:
    try:
        lead = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= lead <= 0xD7


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(_LINE_BREAK.split(text))


def with_lf(text: str) -> str:
    """The text with every line break (CR, CRLF) as LF: the lines ``split_lines`` gives, for parsers that
    count lines by LF alone."""
    return _LINE_BREAK.sub("\n", text)


def read(path: str, data: bytes) -> Source:
    text, encoding = decode(data)
    lines = split_lines(text)
    return Source(path, "text", encoding, lines, TextMap(), lines)
