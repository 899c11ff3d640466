"""What an editor sees: output that survives a pipe, lines that fit a terminal without splitting a name or
a number."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import run
from hypothesis import given
from hypothesis import strategies as st

from disclint.outputs.human import wrapped
from disclint.synth import generate

MESSAGE = ("表三“二、上年结转政府信息公开申请数量”行与上年报告（b-2023.txt，2023年度）“四、结转下年度继续办理”行不一致："
           "“自然人”列本年 0、上年 3，“总计”列本年 25、上年 10。请核对两份报告中哪一份有误")


def test_piped_output_has_one_line_per_message_and_no_trailing_space(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(generate(seed=2, overrides={"s3.new.natural": "7", "s3.r1.total": "3"}).text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "disclint", "check", str(path), str(path)], capture_output=True,
                         text=True, env={"COLUMNS": "40", "PATH": "/usr/bin:/bin"})
    lines = run.stdout.splitlines()
    assert run.returncode == 1 and not [line for line in lines if line != line.rstrip()]
    message = next(line for line in lines if "按勾稽关系应为" in line)
    assert message.startswith("    表三“") and message.endswith("只改这一格即可使上述各式成立")  # whole, on one line
    assert not any(c in run.stdout for c in "┏┃━│╇") or "│ " in run.stdout  # no table boxes, only the source gutter
    assert "  文件  状态  错误  警告" in run.stdout


def test_lines_fit_the_terminal_and_break_where_a_reader_would():
    lines = wrapped(MESSAGE, 60)
    assert lines == ["表三“二、上年结转政府信息公开申请数量”行",
                     "与上年报告（b-2023.txt，2023年度）“四、结转下年度继续办理”行",
                     "不一致：“自然人”列本年 0、上年 3，“总计”列本年 25、上年 10。",
                     "请核对两份报告中哪一份有误"]


@given(st.text(alphabet="表三“”（七）总计行列自然人0123456789 ，。、ab.", max_size=200), st.integers(20, 100))
def test_wrapping_loses_nothing_splits_no_number_and_fits(text, width):
    from rich.cells import cell_len

    lines = wrapped(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(line == line.rstrip() for line in lines)
    assert all(cell_len(line) <= width for line in lines)
    for number in re.findall(r"[0-9a-b.]+", text.replace(" ", "\n")):  # a run of digits and letters stays whole
        if cell_len(number) < width:
            assert any(number in line for line in lines), (number, lines)



def test_a_finding_on_a_cell_shows_its_row_as_printed(capsys, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(generate(seed=2, overrides={"s3.r1.total": "3"}).text, encoding="utf-8")
    _, out, _ = run(capsys, "check", path)
    assert "    表三“（一）予以公开”行：自然人 0，商业企业 0，科研机构 0，社会公益组织 0，法律服务机构 0，其他 7，总计 【3】" in out
    assert "│ 3\n" not in out  # not the lone cell


def test_a_saved_page_is_quoted_as_the_browser_shows_it(capsys, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(generate(seed=2, layout="html").text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施"),
                    encoding="utf-8")
    _, out, _ = run(capsys, "check", path)
    excerpt = next(line for line in out.splitlines() if "整改措施" in line and "│" in line)
    assert excerpt.endswith("│ 五、存在的主要问题及整改措施") and "<" not in excerpt


def test_a_word_table_is_named_as_the_report_names_it(capsys, tmp_path):
    from documents import as_docx

    path = tmp_path / "draft.docx"
    path.write_bytes(as_docx(generate(seed=2, layout="pipes", overrides={"s3.r1.total": "3"}).text))
    _, out, _ = run(capsys, "check", path, "--format", "json")
    import json

    finding = next(f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "B303")
    assert finding["place"].endswith("（表三）") and finding["place"].startswith("表")


# Word: review comments and the template ----------------------------------------------------------------------

def _draft(tmp_path):
    from documents import as_docx

    text = generate(seed=2, layout="pipes", overrides={"s3.r1.total": "3", "s2.20-6.penalty.decisions": "/"}).text
    path = tmp_path / "draft.docx"
    path.write_bytes(as_docx(text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")))
    return path


def test_annotate_writes_a_comment_on_each_finding_where_it_is(capsys, tmp_path):
    docx = __import__("pytest").importorskip("docx")
    draft = _draft(tmp_path)
    original = draft.read_bytes()
    reviewed = tmp_path / "reviewed.docx"
    code, out, err = run(capsys, "check", draft, "--annotate", reviewed)
    assert code == 1 and "已把 3 条批注写入" in err and draft.read_bytes() == original
    document = docx.Document(str(reviewed))
    comments = {c.comment_id: c for c in document.comments}
    assert [(c.author, c.text.split("（")[0]) for c in comments.values()] == [
        ("disclint", "T204 警告"), ("disclint", "B303 错误"), ("disclint", "S104 警告")]

    def anchored(element):
        return [int(i) for i in element.xpath(".//w:commentRangeStart/@w:id")]

    # T204 on 表1 第10行 第2列, B303 on 表2 第7行 第8列, S104 on 第13段: as the terminal named them
    assert "表1 第10行 第2列" in out and "表2 第7行 第8列" in out and "第13段" in out
    tables = document.element.body.xpath("./w:tbl")
    assert anchored(tables[0].xpath("./w:tr")[9].xpath("./w:tc")[1]) == [0]
    assert anchored(tables[1].xpath("./w:tr")[6].xpath("./w:tc")[7]) == [1]
    assert anchored(document.element.body.xpath("./w:p")[12]) == [2]
    # the copy reads as the draft did: same findings at the same places
    _, again, _ = run(capsys, "check", reviewed, "--format", "json")
    _, before, _ = run(capsys, "check", draft, "--format", "json")
    import json

    assert [(f["code"], f["place"]) for f in json.loads(again)["files"][0]["findings"]] == \
        [(f["code"], f["place"]) for f in json.loads(before)["files"][0]["findings"]]


def test_annotate_is_refused_for_other_forms_and_for_the_draft_itself(capsys, tmp_path):
    draft = _draft(tmp_path)
    text = tmp_path / "r.txt"
    text.write_text(generate(seed=2).text, encoding="utf-8")
    code, _, err = run(capsys, "check", text, "--annotate", tmp_path / "out.docx")
    assert code == 2 and "只用于检查一个 Word 文档" in err
    code, _, err = run(capsys, "check", draft, "--annotate", draft)
    assert code == 2 and "不能是被检查的文件本身" in err


def test_the_soffice_can_open_the_annotated_copy(capsys, tmp_path):
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        __import__("pytest").skip("LibreOffice is not installed")
    reviewed = tmp_path / "reviewed.docx"
    run(capsys, "check", _draft(tmp_path), "--annotate", reviewed)
    converted = subprocess.run([soffice, "--headless", "--convert-to", "odt", "--outdir", str(tmp_path), str(reviewed)],
                               capture_output=True, timeout=120)
    assert converted.returncode == 0 and (tmp_path / "reviewed.odt").exists()


def test_the_template_as_a_word_document(capsys, tmp_path):
    docx = __import__("pytest").importorskip("docx")
    target = tmp_path / "template.docx"
    code, _, err = run(capsys, "template", "--year", 2025, "--agency", "某某市某某局", "--format", "docx",
                       "--output-file", target)
    assert code == 0 and "已写入" in err
    code, out, _ = run(capsys, "check", target, "--format", "json")
    import json

    findings = json.loads(out)["files"][0]["findings"]
    assert code == 0 and {f["code"] for f in findings} == {"W707"}  # only the placeholders are left to fill
    document = docx.Document(str(target))
    s3 = next(t for t in document.tables if "申请人情况" in t._tbl.xml)
    first = s3._tbl.xpath("./w:tr")[0].xpath("./w:tc")
    assert [c.xpath("string(.)") for c in first][1] == "申请人情况" and \
        first[1].xpath("./w:tcPr/w:gridSpan/@w:val") == ["7"]
    second = s3._tbl.xpath("./w:tr")[1].xpath("./w:tc")
    assert [c.xpath("string(.)") for c in second] == ["", "自然人", "法人或其他组织", "总计"]
    assert second[2].xpath("./w:tcPr/w:gridSpan/@w:val") == ["5"] and second[1].xpath("./w:tcPr/w:vMerge/@w:val") == ["restart"]


def test_the_template_invents_no_figure(capsys):
    code, text, _ = run(capsys, "template", "--year", 2025, "--agency", "某某市某某局")
    narrative = text.split("二、主动公开政府信息情况")[0] + text.split("五、存在的主要问题及改进情况")[1]
    figures = re.findall(r"\d+(?=[条件次个宗%万])", narrative)
    assert code == 0 and figures == [] and "【请填写】条" in narrative and "发布时间" not in text


# safe fixes ---------------------------------------------------------------------------------------------------

def _fixable(tmp_path, name="r.txt", encoding="utf-8", newline="\n"):
    text = generate(seed=2, overrides={"s2.20-6.penalty.decisions": "/"}).text
    text = text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    text = text.replace("（某府办发〔2023〕12号）", "（某府办发〔202312号）")
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path, text


def test_diff_shows_exactly_the_safe_fixes_and_changes_nothing(capsys, tmp_path):
    path, text = _fixable(tmp_path)
    before = path.read_bytes()
    code, out, _ = run(capsys, "check", path, "--diff")
    assert code == 1 and path.read_bytes() == before
    changed = [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("---", "+++"))]
    assert changed == ["-（三）政府信息管理方面。严格执行《某县人民政府办公室关于加强政府信息发布审核工作的通知》（某府办发〔202312号），落实三审制度。",
                       "+（三）政府信息管理方面。严格执行《某县人民政府办公室关于加强政府信息发布审核工作的通知》（某府办发〔2023〕12号），落实三审制度。",
                       "-/", "+0", "-五、存在的主要问题及整改措施", "+五、存在的主要问题及改进情况"]
    assert out.startswith(f"--- {path}\t修复前\n+++ {path}\t修复后\n")


def test_fixing_then_relinting_removes_exactly_those_findings(capsys, tmp_path):
    import json

    path, _ = _fixable(tmp_path, encoding="gb18030", newline="\r\n")
    _, out, _ = run(capsys, "check", path, "--format", "json")
    before = [f["code"] for f in json.loads(out)["files"][0]["findings"]]
    fixable = [f["code"] for f in json.loads(out)["files"][0]["findings"] if "fix" in f]
    assert sorted(fixable) == ["M602", "S104", "T204"]
    code, _, err = run(capsys, "check", path, "--fix", "--format", "json")
    assert "已修复 3 处" in err
    _, out, _ = run(capsys, "check", path, "--format", "json")
    after = [f["code"] for f in json.loads(out)["files"][0]["findings"]]
    assert sorted(after) == sorted(c for c in before if c not in fixable)
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"") and "〔2023〕12号".encode("gb18030") in data


def test_a_read_only_file_and_a_word_draft_are_refused_clearly(capsys, tmp_path, monkeypatch):
    import os

    path, _ = _fixable(tmp_path)
    os.chmod(path, 0o444)
    if os.access(path, os.W_OK):  # root may write any file: the system's refusal, as a user meets it
        real = os.access
        monkeypatch.setattr(os, "access", lambda file, mode, **kw: str(file) != str(path) and real(file, mode, **kw))
    code, _, err = run(capsys, "check", path, "--fix")
    monkeypatch.undo()
    assert code == 2 and "无法写入" in err and "未修复" in err
    draft = _draft(tmp_path)
    original = draft.read_bytes()
    code, _, err = run(capsys, "check", draft, "--fix")
    assert "Word 文档、PDF 和标准输入不会被自动修改（Word 文档可用 --annotate 写入批注副本）" in err
    assert draft.read_bytes() == original


def test_a_web_page_is_fixed_where_its_text_stands(capsys, tmp_path):
    path = tmp_path / "page.html"
    page = generate(seed=2, layout="html").text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    path.write_text(page, encoding="utf-8")
    run(capsys, "check", path, "--fix")
    assert path.read_text(encoding="utf-8") == page.replace("五、存在的主要问题及整改措施", "五、存在的主要问题及改进情况")


def test_fixes_are_in_json_and_sarif(capsys, tmp_path):
    import json

    path, _ = _fixable(tmp_path)
    _, out, _ = run(capsys, "check", path, "--format", "json")
    t204 = next(f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "T204")
    assert t204["fix"] == {"replace": "/", "with": "0"}
    _, out, _ = run(capsys, "check", path, "--format", "sarif")
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "T204")
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["replacements"][0]["insertedContent"] == {"text": "0"}


# labels, not ids ----------------------------------------------------------------------------------------------

LABELS = {
    ("2021", "s2.20-1.rules.made"): "表二第二十条第（一）项“规章”行“本年制发件数”列",
    ("2019", "s2.20-1.normative.total_published"): "表二第二十条第（一）项“规范性文件”行“对外公开总数量”列",
    ("2021", "s2.20-5.licensing.decisions"): "表二第二十条第（五）项“行政许可”行“本年处理决定数量”列",
    ("2021", "s2.20-6.coercion.decisions"): "表二第二十条第（六）项“行政强制”行“本年处理决定数量”列",
    ("2019", "s2.20-6.penalty.previous"): "表二第二十条第（六）项“行政处罚”行“上一年项目数量”列",
    ("2019", "s2.20-8.fees.previous"): "表二第二十条第（八）项“行政事业性收费”行“上一年项目数量”列",
    ("2021", "s2.20-8.fees.amount"): "表二第二十条第（八）项“行政事业性收费”行“本年收费金额（单位：万元）”列",
    ("2019", "s2.20-5.other_services.change"): "表二第二十条第（五）项“其他对外管理服务事项”行“本年增/减”列",
    ("2019", "s2.20-9.procurement.amount"): "表二第二十条第（九）项“政府集中采购”行“采购总金额”列",
    ("2021", "s3.total.natural"): "表三“（七）总计”行“自然人”列",
    ("2021", "s3.r3-1.commercial"): "表三“（三）不予公开·1.属于国家秘密”行“商业企业”列",
    ("2021", "s3.r6-2.total"): "表三“（六）其他处理·2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”行“总计”列",
    ("2019", "s3.r6.other"): "表三“（六）其他处理”行“其他”列",
    ("2019", "s3.forward.total"): "表三“四、结转下年度继续办理”行“总计”列",
    ("2021", "s4.review.upheld"): "表四“行政复议”“结果维持”",
    ("2019", "s4.suit_after_review.pending"): "表四“行政诉讼（复议后起诉）”“尚未审结”",
}


def test_cells_are_named_as_the_printed_tables_name_them():
    from disclint.editions import load

    for (edition, cell), label in LABELS.items():
        assert load(edition).cell_label(cell) == label
    for edition in ("2019", "2021"):  # every table of both editions has a name of its own for each cell
        template = load(edition)
        for table in template.tables.values():
            names = [template.cell_label(c) for c in table.cells]
            assert len(set(names)) == len(names) and all(n.startswith(table.name) for n in names)


def test_no_message_on_the_real_reports_spells_a_cell_id(capsys):
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not corpus.is_dir():
        __import__("pytest").skip("the shared corpus is not beside the checkout")
    ids = re.compile(r"\bs[234]\.[\w-]+\.\w+")
    for fmt in ("human", "concise", "github", "sarif"):
        _, out, _ = run(capsys, "check", corpus, "--format", fmt, "--jobs", "1")
        shown = out if fmt != "sarif" else " ".join(r["message"]["text"] for r in
                                                     __import__("json").loads(out)["runs"][0]["results"])
        assert not ids.search(shown), (fmt, ids.search(shown).group())


def test_the_review_page_of_a_word_draft_names_places_not_line_numbers(capsys, tmp_path):
    _, page, _ = run(capsys, "check", _draft(tmp_path), "--format", "html")
    assert "第13段 · 章节标题措辞与格式不符" in page and "表2 第7行 第8列（表三） · 表三某行总计不等于各申请人类别之和" in page
    assert re.findall(r'class="ln">(\d*)<', page) and not any(re.findall(r'class="ln">(\d+)<', page))


def test_annotate_on_a_damaged_draft_says_so_and_writes_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not a package")
    code, out, err = run(capsys, "check", bad, "--annotate", tmp_path / "out.docx")
    assert code == 1 and "P001" in out and "文件无法读取，未写批注副本" in err and not (tmp_path / "out.docx").exists()
