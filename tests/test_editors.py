"""What an editor sees: output that survives a pipe, lines that fit a terminal without splitting a name or
a number."""
from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from disclint.human import wrapped
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


def run(capsys, *args):
    from disclint.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


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
