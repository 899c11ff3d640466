"""Hostile and huge input: every input is data, one file's failure is that file's finding, and limits hold.

Each test stands for a failure found by trying disclint as an adversary would (issue 15).
"""
from __future__ import annotations

import io
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import zipfile

import pytest
from conftest import run
from documents import as_docx

from disclint.api import lint_bytes
from disclint.readers import MAX_TOKENS
from disclint.synth import generate

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
#: defects that give B301, B303, T204 and B304
DEFECTS = {"s3.new.natural": "55", "s3.r1.total": "77", "s2.20-6.penalty.decisions": "/", "s4.review.total": "99"}



def replaced(text: str, old: str, new: str, after: str = "三、收到和处理") -> str:
    """``text`` with the first line equal to ``old`` after ``after`` replaced by ``new``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(after))
    index = next(i for i in range(start, len(lines)) if lines[i].strip() == old)
    lines[index] = new
    return "\n".join(lines)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


# numbers of any size -------------------------------------------------------------------------------------

@pytest.mark.parametrize("digits", [16, 400, 5000])
def test_a_cell_of_too_many_digits_is_not_a_number(digits):
    report = generate(seed=3, busy=True)
    text = replaced(report.text, str(report.values["s3.new.total"]), "9" * digits)
    result = lint_bytes("r.txt", text.encode())
    assert codes(result) == ["T205"]  # and no balance finding on an absurd value
    assert f"实为 {digits} 位数字（超过 15 位，不是有效数值" in result.findings[0].message
    assert len(result.findings[0].message) < 200
    assert result.cells["s3.new.total"]["value"] is None


def test_fifteen_digits_are_still_a_number():
    report = generate(seed=3, busy=True)
    text = replaced(report.text, str(report.values["s3.new.total"]), "123456789012345")
    result = lint_bytes("r.txt", text.encode())
    assert result.cells["s3.new.total"]["value"] == 123456789012345
    assert "T205" not in codes(result)


@pytest.mark.parametrize("zero", ["-0", "−0", "-0.0"])
def test_minus_zero_is_zero(zero):
    report = generate(seed=3, busy=False)
    text = replaced(report.text, "0", zero, after="二、")
    value = next(c["value"] for c in lint_bytes("r.txt", text.encode()).cells.values() if c["raw"] == zero)
    assert value == 0 and str(value) in ("0", "0.0")


def test_narrative_figures_of_any_size_are_read_or_left_alone():
    huge = "1" + "0" * 400
    text = generate(seed=3, busy=True).text.replace(
        "一、总体情况\n", f"一、总体情况\n预算金额{huge}万元，节约资金1万元，节约率3.5%。共收到申请{huge}件，其中{huge}件、2件。"
                        f"预算金额0.00000000000001万元，节约资金1万元，节约率3.5%。\n", 1)
    result = lint_bytes("r.txt", text.encode())
    assert "P004" not in codes(result)
    rates = [f for f in result.findings if f.code == "A402"]
    assert len(rates) == 1 and "节约率应为 10000000000000000.00%（1 ÷ 0.00000000000001）" in rates[0].message


def test_a_long_run_of_digits_in_a_crawler_row_is_not_cut():
    from disclint.digitruns import cuts
    from disclint.editions import Column

    columns = tuple(Column(str(i), str(i)) for i in range(7))
    assert cuts("1" * 7 * 16, columns) == []


# one file's failure is that file's finding ----------------------------------------------------------------

def test_a_rule_that_raises_loses_only_its_own_findings(capsys, tmp_path, monkeypatch):
    from disclint.rules import balance

    def broken(self, report):
        raise ValueError("boom")

    monkeypatch.setattr(balance.CarryOver, "check", broken)
    path = tmp_path / "r.txt"
    path.write_text(generate(seed=2, busy=True, overrides=DEFECTS).text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", "--jobs", "1", path)
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 2
    assert [f["code"] for f in findings if f["code"] == "P004"] == ["P004"]
    assert "运行规则 B301（balance.carry-over）时发生内部错误（ValueError: boom）" in findings[0]["message"]
    assert {f["code"] for f in findings} == {"P004", "B303", "T204", "B304"}  # the other rules still report


def test_a_file_that_breaks_the_parser_is_its_finding_and_the_batch_goes_on(capsys, tmp_path, monkeypatch):
    import disclint.binder as binder

    real = binder.bind

    def bind(source, edition=None):
        if source.path.endswith("bad.txt"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(source, edition)

    monkeypatch.setattr(binder, "bind", bind)
    (tmp_path / "bad.txt").write_text(generate(seed=1).text, encoding="utf-8")
    (tmp_path / "good.txt").write_text(generate(seed=2, overrides=DEFECTS).text, encoding="utf-8")
    for fmt in ("json", "sarif", "concise", "github", "human"):
        code, out, _ = run(capsys, "check", "--format", fmt, "--jobs", "1", tmp_path)
        assert code == 2, fmt
        assert "解析报告结构时发生内部错误（RecursionError" in out and "B304" in out, fmt
    summary = json.loads(run(capsys, "check", "--format", "json", "--jobs", "1", tmp_path)[1])["summary"]
    assert (summary["files"], summary["failed"]) == (2, 1)
    assert "1 个文件检查时发生内部错误，结果不完整" in run(capsys, "check", "--jobs", "1", tmp_path)[1]
    code, out, err = run(capsys, "extract", "--jobs", "1", tmp_path)
    assert code == 2 and "bad.txt: disclint 在解析报告结构时发生内部错误" in err
    files = {os.path.basename(f["path"]): f for f in json.loads(out)["files"]}
    assert files["good.txt"]["cells"]["s3.new.natural"]["value"] == 55 and files["bad.txt"]["cells"] == {}


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the fault is injected into forked workers")
def test_a_file_that_kills_its_worker_is_its_finding(capsys, tmp_path, monkeypatch):
    import disclint.engine as engine

    real = engine.lint_bytes

    def lint_bytes(path, data, rules=None, edition=None):
        if path.endswith("die.txt"):
            os._exit(9)
        return real(path, data, rules, edition)

    monkeypatch.setattr(engine, "lint_bytes", lint_bytes)
    for name in ("a.txt", "die.txt", "z.txt"):
        (tmp_path / name).write_text(generate(seed=1).text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", "--jobs", "2", tmp_path)
    files = json.loads(out)["files"]
    assert code == 2 and [os.path.basename(f["path"]) for f in files] == ["a.txt", "die.txt", "z.txt"]
    assert [f["code"] for f in files[1]["findings"]] == ["P004"] and "检查进程意外终止" in files[1]["findings"][0]["message"]
    assert files[0]["findings"] == [] and files[2]["findings"] == []


# files that are not files ---------------------------------------------------------------------------------

def test_pipes_sockets_and_devices_are_refused_without_being_opened(capsys, tmp_path):
    (tmp_path / "ok.txt").write_text(generate(seed=1).text, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.txt"))
    try:
        code, out, err = run(capsys, "check", "--format", "json", "--jobs", "1", tmp_path, "/dev/zero")
    finally:
        server.close()
    assert code == 2
    assert [os.path.basename(f["path"]) for f in json.loads(out)["files"]] == ["ok.txt"]
    for name in ("pipe.txt", "sock.txt", "/dev/zero"):
        assert f"{name}: 不是普通文件（管道、设备或套接字），未读取" in err


def test_a_folder_that_cannot_be_listed_is_said(capsys, tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text(generate(seed=1).text, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("x", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(capsys, "check", "--format", "json", "--jobs", "1", tmp_path)
    assert code == 2 and f"{locked}: 无法读取目录（Permission denied），其中的文件未检查" in err
    assert [os.path.basename(f["path"]) for f in json.loads(out)["files"]] == ["ok.txt"]


def test_a_file_larger_than_the_limit_is_refused_from_standard_input_too(capsys, monkeypatch):
    from disclint.readers import MAX_BYTES

    class Stdin:
        buffer = io.BytesIO(b"0\n" * (MAX_BYTES // 2 + 1))

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, _ = run(capsys, "check", "--format", "concise", "-")
    assert code == 1 and out == "-:1:1: P001 [error] 文件过大，超过 20 MB 上限，未检查\n检查了 1 个文件：1 个错误，0 个警告\n"


# names and streams ----------------------------------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_keeps_every_output_valid(tmp_path):
    name = os.fsdecode(b"bad\xb1name.txt")
    (tmp_path / name).write_text(generate(seed=2, overrides={"s3.new.natural": "1"}).text, encoding="utf-8")
    for fmt in ("json", "sarif", "concise", "github", "human"):
        out = subprocess.run([sys.executable, "-m", "disclint", "check", "--format", fmt, name], cwd=tmp_path,
                             capture_output=True, check=False).stdout.decode("utf-8")  # valid UTF-8
        if fmt == "json":
            out = json.loads(out)["files"][0]["path"]
        elif fmt == "sarif":  # an IRI: the backslash percent-encoded
            out = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            out = out.replace("%5C", "\\")
        assert "bad\\xb1name.txt" in out, fmt  # the byte shown as \xb1
    target = tmp_path / "out.json"
    subprocess.run([sys.executable, "-m", "disclint", "check", "--format", "json", "--output-file", target, name],
                   cwd=tmp_path, capture_output=True, check=False)
    assert json.loads(target.read_text(encoding="utf-8"))["files"][0]["path"] == "bad\\xb1name.txt"


def test_closed_streams_and_an_ascii_terminal(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(generate(seed=2, overrides=DEFECTS).text, encoding="utf-8")
    command = [sys.executable, "-m", "disclint", "check", str(path)]
    closed_out = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
                                preexec_fn=lambda: os.close(1))
    assert closed_out.returncode == 1 and closed_out.stderr == b""
    closed_in = subprocess.run([*command[:-1], "-"], capture_output=True, check=False, preexec_fn=lambda: os.close(0))
    assert closed_in.returncode == 2 and "标准输入已关闭".encode() in closed_in.stderr
    ascii_out = subprocess.run([*command[:-1], "--format", "human", str(path)], capture_output=True, check=False,
                               env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert ascii_out.returncode == 1 and ascii_out.stderr == b"" and b"B304" in ascii_out.stdout
    assert b"\\u8868\\u56db" in ascii_out.stdout  # 表四, escaped for a terminal without Chinese
    machine = subprocess.run([*command[:-1], "--format", "json", str(path)], capture_output=True, check=False,
                             env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert "表四" in machine.stdout.decode("utf-8")  # machine output is UTF-8 whatever the terminal


# sizes ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data", [
    ("zeros.txt", b"0\n" * (MAX_TOKENS + 1)),
    ("wide.md", b"| " + b"0 | " * (MAX_TOKENS + 1) + b"\n"),
    ("rows.html", b"<table>" + b"<tr><td>0</td></tr>" * (MAX_TOKENS + 1) + b"</table>"),
])
def test_more_tokens_than_any_report_is_refused(name, data):
    result = lint_bytes(name, data)
    assert codes(result) == ["P001"] and "个单元格和行，不是一份年度报告的规模" in result.findings[0].message


def test_leading_empty_cells_are_dropped():
    from disclint.lexer import lex

    pieces = lex(["|" * 50_000 + " 总计 | 3 |"])
    assert [p.text for p in pieces] == ["总计", "3"]


def test_one_long_html_row_keeps_its_positions():
    cells = "".join(f"<td>{i}</td>" for i in range(5000))
    result = lint_bytes("w.html", f"<p>一、总体情况</p>\n<table><tr>{cells}</tr></table>".encode())
    assert "P004" not in codes(result)
    from disclint.readers import read

    source = read("w.html", f"<table><tr>{cells}</tr></table>".encode())
    offset = source.lines[0].index("4999")
    assert source.map.position(1, offset + 1) == (1, f"<table><tr>{cells}".index("<td>4999") + 5)


# Word drafts ------------------------------------------------------------------------------------------------

GOOD = as_docx(generate(seed=1, busy=True, layout="pipes").text)


def draft(body: bytes = b"", *, document: bytes | None = None, stream=None) -> bytes:
    """The good draft with another document part (``body`` inside w:body, or the whole ``document``)."""
    document = document if document is not None else \
        b'<?xml version="1.0"?><w:document ' + W.encode() + b"><w:body>" + body + b"</w:body></w:document>"
    source = zipfile.ZipFile(io.BytesIO(GOOD))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                package.writestr(info, source.read(info))
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            if stream is None:
                part.write(document)
            else:
                part.write(b'<?xml version="1.0"?><w:document ' + W.encode() + b"><w:body>")
                for chunk in stream:
                    part.write(chunk)
                part.write(b"</w:body></w:document>")
    return out.getvalue()


def message(data: bytes) -> str:
    result = lint_bytes("d.docx", data)
    assert codes(result) == ["P001"], codes(result)
    return result.findings[0].message


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    block = b"<w:p/>" * (1 << 17)
    data = draft(stream=(block for _ in range((100 << 20) // len(block))))
    assert len(data) < 1 << 20
    assert "解压后有 100 MB，超过 64 MB 上限（可能是压缩炸弹）" in message(data)


def test_billion_laughs_and_foreign_roots_are_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              b"<w:document " + W.encode() + b"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    assert "DOCTYPE 或实体声明" in message(draft(document=laughs))
    assert "正文部分不是 Word 的 w:document" in message(draft(document=b"<foo><w:body/></foo>"))
    assert "正文 XML 第 1 行有误" in message(draft(document=b"<w:document " + W.encode() + b"><w:body><w:p>"))
    assert "压缩包已损坏" in message(GOOD[: len(GOOD) // 2])
    assert "压缩包已损坏" in message(b"not a zip at all")


def test_element_and_text_limits():
    from disclint.readers.docx import MAX_ELEMENTS

    assert f"超过 {MAX_ELEMENTS} 个 XML 元素" in message(draft(stream=[b"<w:p/>" * (MAX_ELEMENTS + 1)]))
    text = b"<w:p><w:r><w:t>" + b"a" * (21 << 20) + b"</w:t></w:r></w:p>"
    assert "Word 文档的文字超过 20M 字" in message(draft(text))


def test_word_structure_is_read_as_word_shows_it():
    from disclint.readers.docx import _lines

    body = ("<w:p><w:r><w:t>一、总体情况</w:t></w:r><w:r><w:br/><w:t>本年度</w:t></w:r>"
            "<w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:del><w:r><w:delText>删去</w:delText></w:r></w:del>"
            "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>"
            "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
            "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p/></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>").encode()
    lines, places = _lines(draft(body))
    assert lines == ["一、总体情况", "本年度新增", "控件中的段落", "甲 | \u200b | 内 |", "1 | 2 |"]
    assert [p[0][2] for p in places] == ["第1段", "第1段", "第2段", "表1 第1行 第1列", "表1 第2行 第2列"]
    strict = draft(document=b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>'
                            b"<w:p><w:r><w:t>\xe4\xb8\x80</w:t></w:r></w:p></w:body></w:document>")
    assert _lines(strict)[0] == ["一"]


def test_sarif_uris_are_iris():
    from disclint.paths import printable, uri

    assert uri("报告/第 1#稿%.txt") == "报告/第%201%23稿%25.txt"
    assert printable(os.fsdecode(b"a\xb1\xb2.txt")) == "a\\xb1\\xb2.txt" and printable("报告.txt") == "报告.txt"


# encodings --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-32"])
def test_the_encodings_reports_come_in_are_read(encoding):
    report = generate(seed=4, busy=True, overrides={"s3.new.natural": "55"})
    result = lint_bytes("r.txt", report.text.encode(encoding))
    assert codes(result) == ["B301"] and result.cells["s3.new.natural"]["value"] == 55


@pytest.mark.parametrize("encoding, named", [("big5", "Big5（繁体）"), ("shift_jis", "Shift-JIS（日文）")])
def test_other_encodings_are_said_not_misread(encoding, named):
    text = {"big5": "政府資訊公開工作年度報告。本機關全年受理申請案件共計十二件，均已依法答復，無行政復議及訴訟案件。" * 3,
            "shift_jis": "政府の情報公開に関する年次報告書です。本年度は申請を十二件受け付け、すべて回答しました。" * 3}[encoding]
    result = lint_bytes("r.txt", text.encode(encoding))
    assert codes(result) == ["P001"]
    assert result.findings[0].message == f"文件不是 UTF-8 或 GBK 编码的中文，看来是 {named}编码：按 GBK 读出的是乱码；请另存为 UTF-8 后再检查"


def test_an_html_page_is_read_in_the_encoding_it_declares():
    from disclint.readers import read

    page = '<html><head><meta charset="big5"></head><body><p>政府資訊公開</p></body></html>'
    source = read("p.html", page.encode("big5"))
    assert source.lines == ("政府資訊公開",) and source.encoding == "big5"
    # a page that is not UTF-8 and claims Latin-1 is GBK a server mislabelled
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
            "<body><p>政府信息公开</p></body></html>")
    assert read("p.html", page.encode("gbk")).lines == ("政府信息公开",)
    # UTF-8 bytes are UTF-8 whatever the page says
    assert read("p.html", page.replace("iso-8859-1", "gbk").encode("utf-8")).lines == ("政府信息公开",)


# configurations and baselines -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, said", [
    ("a.yaml", b"extends: b.yaml\n", "“extends”形成循环（"),
    ("self.yaml", b"extends: self.yaml\n", "“extends”形成循环（"),
    ("big.yaml", ("rules:\n  A401:\n    tolerance: " + "9" * 5000 + "\n").encode(), "配置文件中有无法读取的值"),
    ("nan.yaml", b"rules:\n  A401:\n    tolerance: .nan\n", ":3: 选项 tolerance 应为数值，实为“nan”"),
    ("inf.yaml", b"rules:\n  A401:\n    tolerance: 1e400\n", "选项 tolerance 应为数值，实为“1e400”"),
    ("deep.yaml", ("select: " + "[" * 2000 + "]" * 2000 + "\n").encode(), "配置文件不是有效的 YAML"),
    ("nul.yaml", b"select: [balance]\n\x00\n", "配置文件无法解码"),
    ("pyproject.toml", b'tool = "x"\n', "没有 [tool.disclint] 配置"),
    ("gbk.toml", "# 中文\n[tool.disclint]\nselect = ['balance']\n".encode("gbk"), "TOML 文件须为 UTF-8 编码"),
    ("deep.toml", ("[tool.disclint]\nselect = " + "[" * 3000 + "]" * 3000 + "\n").encode(),
     "配置文件中有无法读取的值（RecursionError"),
])
def test_bad_configurations_are_config_errors_naming_the_file(capsys, tmp_path, name, content, said):
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    (tmp_path / "r.txt").write_text(generate(seed=1).text, encoding="utf-8")
    code, out, err = run(capsys, "check", "--config", tmp_path / name, tmp_path / "r.txt")
    assert code == 2 and out == ""
    assert err.startswith(f"disclint: 配置错误: {tmp_path}") and said in err, err
    assert err.count("\n") == 1


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_a_yaml_configuration_saved_by_notepad_is_read(capsys, tmp_path, encoding):
    (tmp_path / ".disclint.yaml").write_bytes("# 只查勾稽关系\nselect: [balance]\n".encode(encoding))
    (tmp_path / "r.txt").write_text(generate(seed=2, overrides=DEFECTS).text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", tmp_path / "r.txt")
    assert code == 1 and {f["code"] for f in json.loads(out)["files"][0]["findings"]} == {"B301", "B303", "B304"}


@pytest.mark.parametrize("content", ['{"findings": ' + "[" * 1100 + "]" * 1100 + "}", '{"findings": 5}',
                                     '{"findings": [{"path": [1], "code": "B301", "fingerprint": "x"}]}', "[]"])
def test_a_malformed_baseline_is_a_config_error(capsys, tmp_path, content):
    (tmp_path / "base.json").write_text(content, encoding="utf-8")
    (tmp_path / "r.txt").write_text(generate(seed=1).text, encoding="utf-8")
    code, out, err = run(capsys, "check", "--baseline", tmp_path / "base.json", tmp_path / "r.txt")
    assert code == 2 and err == f"disclint: 配置错误: {tmp_path / 'base.json'}: 不是 disclint 基线文件（应由 --write-baseline 生成）\n"


def test_damaged_word_packages_are_unreadable_not_internal_errors():
    package = zipfile.ZipFile(io.BytesIO(GOOD))
    info = package.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for at in (start + 10, start + info.compress_size // 2, start + info.compress_size - 3):
        damaged = bytearray(GOOD)
        damaged[at] ^= 0x5A  # inside the deflated stream: zlib.error, or a CRC mismatch
        assert message(bytes(damaged)).startswith("不是有效的 Word 文档"), at
    directory = GOOD.rindex(b"PK\x01\x02")  # the central directory's last entry
    damaged = bytearray(GOOD)
    damaged[directory + 6] = 0xFF  # a version no zip reader knows (NotImplementedError)
    assert "压缩包已损坏" in message(bytes(damaged))


@pytest.mark.parametrize("markup", [b"<![\x01", b"<p>a</p><![ x]>b", b"<![CA!# C ]'", b";<![a/a-]A", b"<![if !supportLists]>1<![endif]>"])
def test_a_marked_section_pythons_parser_refuses_is_read_as_a_browser_reads_it(markup):
    """``<![`` without a keyword the standard library's parser knows made it raise (an internal error); a browser
    reads a bogus comment there, and so does the page reader."""
    from disclint.api import lint_bytes

    result = lint_bytes("r.html", markup + "<p>某某局2023年政府信息公开工作年度报告</p>".encode())
    assert "P004" not in [f.code for f in result.findings]
