"""Reading: encodings, line breaks, and positions in the original file."""
from __future__ import annotations

import codecs

import pytest

from disclint.api import lint_bytes
from disclint.readers import SourceError
from disclint.readers import read as from_bytes
from disclint.readers.text import decode
from disclint.synth import generate

TEXT = "一、总体情况\n米府办发〔202049号\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("gb18030"), "gb18030"),
])
def test_encodings(data, encoding):
    assert decode(data) == (TEXT, encoding)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_breaks_keep_line_numbers(newline):
    source = from_bytes("x", TEXT.replace("\n", newline).encode("utf-8"))
    assert source.lines[:2] == ("一、总体情况", "米府办发〔202049号")


def test_other_separators_do_not_break_lines():
    assert from_bytes("x", "a\u2028b\x0cc\nd".encode("utf-8")).lines == ("a\u2028b\x0cc", "d")


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("gb18030"),
    lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.encode("utf-16"),
])
def test_positions_are_the_same_in_every_encoding(encode):
    text = generate(seed=1, busy=False, blank_lines=False).text.replace("某府办发〔2023〕12号", "某府办发〔202312号")
    finding = [f for f in lint_bytes("x", encode(text)).findings if f.code == "M602"][0]
    line = text.split("\n")[finding.line - 1]
    assert line[finding.column - 1:finding.end_column - 1] == "某府办发〔202312号"


def test_nul_byte_is_not_text_and_says_where():
    with pytest.raises(SourceError) as error:
        decode("一、总体\n情况\x00".encode())
    assert error.value.line == 2 and error.value.column == 3


def test_undecodable_bytes():
    with pytest.raises(SourceError):
        decode(b"abc\x80 def")  # not UTF-8, and 0x80 alone is not GB18030


def test_binary_input_is_a_finding_not_an_exception():
    result = lint_bytes("x.txt", b"GIF89a\n\x00\x01\x02binary")
    assert [(f.code, f.line) for f in result.findings] == [("P001", 2)]
    [pdf] = lint_bytes("x.txt", b"%PDF-1.7\n\x00\x01\x02binary").findings  # a PDF saved as .txt is read as one
    assert pdf.code == "P001" and "PDF 文件已损坏" in pdf.message


def test_a_file_over_the_size_limit_is_refused_without_being_read(tmp_path):
    from disclint.api import lint_path
    from disclint.readers import MAX_BYTES

    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    result = lint_path(str(path))
    assert [(f.code, f.line) for f in result.findings] == [("P001", 1)] and "过大" in result.findings[0].message


@pytest.mark.parametrize("name, data", [
    ("data.json", b'{"title": "report", "rows": [1, 2, 3]}'),
    ("table.csv", b"path,edition\nr.txt,2021\n"),
    ("empty.txt", b""),
    ("news.txt", "今日，我县召开春耕生产工作会议。\n会议强调要抓好农时。\n".encode()),
])
def test_files_of_another_kind_get_one_clear_finding(name, data):
    result = lint_bytes(name, data)
    assert [(f.code, f.line) for f in result.findings] == [("P002", 1)]
