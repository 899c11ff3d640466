"""A copy that stops is one finding: generated reports of both editions, in every layout, cut anywhere.

Whatever the place of the cut (a paragraph of 一, between a heading and its table, a table's header, any row,
a value of table 四, section 五), the copy gets exactly one structure.cut-off and nothing about what the cut
removed; a report whose last section is there is never cut. The inputs are generated, never corpus files.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclint.api import lint_bytes
from disclint.synth import generate

LAST_SECTION = "六、其他需要报告的事项"
ABOUT_WHAT_IS_MISSING = {"S101", "S106", "T201", "T202", "T203", "T211"}


def _lint(text: str, layout: str):
    return lint_bytes("r.html" if layout == "html" else "r.txt", text.encode("utf-8"))


def _assert_one_cut(text: str, result) -> None:
    """A copy without section 六 has exactly one error, structure.cut-off, on or before its last line; a copy
    that reaches 六 has none."""
    errors = [f for f in result.findings if f.severity == "error"]
    if LAST_SECTION in text:
        assert errors == [], [(f.code, f.line, f.message) for f in errors]
        return
    assert [f.code for f in errors] == ["S111"], [(f.code, f.line, f.message) for f in errors]
    assert errors[0].line <= text.count("\n") + 1
    assert not ABOUT_WHAT_IS_MISSING & {f.code for f in result.findings}
    assert "中断" in errors[0].message and "缺少" in errors[0].message


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("layout", ["cells", "pipes", "html"])
def test_a_report_cut_after_any_line_is_one_cut_off(edition, layout):
    text = generate(seed=2, edition=edition, layout=layout, blank_lines=False).text
    assert [f for f in _lint(text, layout).findings if f.severity == "error"] == []
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if "一、总体情况" in line) + 1
    for end in range(start, len(lines)):
        cut = "\n".join(lines[:end]) + "\n"
        _assert_one_cut(cut, _lint(cut, layout))


@settings(max_examples=60, deadline=None)
@given(edition=st.sampled_from(["2019", "2021"]), layout=st.sampled_from(["cells", "pipes"]),
       busy=st.booleans(), split=st.booleans(), where=st.floats(0, 1))
def test_a_report_cut_inside_a_line_is_one_cut_off(edition, layout, busy, split, where):
    """Cut part-way through a line (a label, a number, a sentence): nothing is built on the broken piece."""
    text = generate(seed=3, edition=edition, layout=layout, busy=busy, split_labels=split).text
    start = text.index("一、总体情况") + len("一、总体情况")
    cut = text[:start + int(where * (len(text) - start))]
    _assert_one_cut(cut, _lint(cut, layout))


@settings(max_examples=40, deadline=None)
@given(edition=st.sampled_from(["2019", "2021"]), where=st.floats(0, 1))
def test_a_crawled_page_cut_anywhere_is_one_cut_off(edition, where):
    """A page a crawler ran into one line, cut anywhere after its first table's caption."""
    text = generate(seed=2, edition=edition, layout="crawler").text
    start = text.index("第二十条第（一）项")
    cut = text[:start + int(where * (len(text) - start))]
    _assert_one_cut(cut, _lint(cut, "crawler"))


def test_a_label_cut_part_way_that_reads_as_another_table_header_starts_no_table():
    """``其他对外管理服务…`` cut part-way reads as table 三's header ``其他`` and a fragment: the copy stops in 表二."""
    text = generate(seed=2, edition="2019", layout="crawler").text
    cut = text[:text.index("其他对外管理服务") + len("其他对外管理服务")]
    [error] = [f for f in _lint(cut, "crawler").findings if f.severity == "error"]
    assert error.code == "S111" and error.message.startswith("报告在表二第二十条第（五）项“行政许可”行之后中断")


@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_a_word_draft_or_pdf_cut_off_is_one_cut_off(form):
    from documents import as_docx, as_pdf

    lines = generate(seed=4, layout="pipes", blank_lines=False).text.split("\n")
    for end in (12, 33, 47, 70):
        cut = "\n".join(lines[:end]) + "\n"
        result = lint_bytes(f"r.{form}", as_docx(cut) if form == "docx" else as_pdf(cut))
        assert [f.code for f in result.findings if f.severity == "error"] == ["S111"], lines[end - 1]


def test_a_report_lacking_only_section_five_is_not_cut():
    text = generate(seed=1, blank_lines=False, busy=False).text
    start = text.index("五、存在的主要问题及改进情况")
    text = text[:start] + text[text.index(LAST_SECTION):]
    errors = [f for f in _lint(text, "cells").findings if f.severity == "error"]
    assert [(f.code, f.message) for f in errors] == [("S101", "缺少第五部分“五、存在的主要问题及改进情况”")]


def test_a_blank_table_the_copy_stops_in_is_still_blank():
    """A table whose rows before the cut are there without a value was blank in the copy, whatever the cut."""
    lines = generate(seed=1, blank_lines=False, busy=False).text.split("\n")
    first = lines.index("一、本年新收政府信息公开申请数量")
    stop = lines.index("（四）无法提供")
    kept = lines[:first] + [line for line in lines[first:stop] if line != "0"]
    result = _lint("\n".join(kept) + "\n", "cells")
    assert sorted(f.code for f in result.findings if f.severity == "error") == ["S111", "T203"]


def test_a_copy_that_stops_at_the_first_row_of_a_table_is_not_called_blank():
    lines = generate(seed=1, blank_lines=False, busy=False).text.split("\n")
    text = "\n".join(lines[:lines.index("一、本年新收政府信息公开申请数量") + 1]) + "\n"
    [error] = [f for f in _lint(text, "cells").findings if f.severity == "error"]
    assert error.code == "S111" and "缺少其后全部 24 行" in error.message
    assert "最后一行有 0 个数值（应有 7 个）" in error.message


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("broken", [2, 3, 6])
@pytest.mark.parametrize("form", ["text", "html", "docx", "pdf"])
def test_a_copy_that_stops_in_a_header_written_out_of_order_is_one_cut_off(edition, broken, form):
    """A table's header copied cell by cell, its cells broken over lines in another order (社会法律 / 公益服务其他,
    as a page's merged header cells come out), and the copy stops there: one cut-off, not a blank table and
    missing sections."""
    lines = generate(seed=1, edition=edition, blank_lines=False).text.split("\n")
    heading = lines.index("三、收到和处理政府信息公开申请情况")
    header = ["申请人情况", "法人或其他组织", "（本列数据的勾稽关系为：第一项加第二项之和，"]
    words = "社会公益组织法律服务机构其他商业企业科研机构"
    header += [words[k:k + broken] for k in range(0, len(words), broken)][::-1]
    text = "\n".join(lines[:heading + 1] + header) + "\n"
    if form == "text":
        result = _lint(text, "cells")
    else:
        from documents import as_docx, as_pdf
        from transforms import in_form

        result = lint_bytes(*{"html": lambda: in_form("html", text), "docx": lambda: ("r.docx", as_docx(text)),
                              "pdf": lambda: ("r.pdf", as_pdf(text))}[form]())
    [error] = [f for f in result.findings if f.severity == "error"]
    assert error.code == "S111" and "报告在表三的表头之后中断" in error.message


def test_a_sentence_after_a_tables_header_is_not_a_cut_header():
    """What follows a table's start and is a sentence (or holds figures) is no header cell: the copy did not just
    stop in the header, and the missing parts are missing."""
    lines = generate(seed=1, blank_lines=False).text.split("\n")
    heading = lines.index("三、收到和处理政府信息公开申请情况")
    prose = ["本单位全年未收到政府信息公开申请。", "没有需要说明的事项。", "全年工作平稳有序。", "特此报告。"]
    result = _lint("\n".join(lines[:heading + 1] + ["申请人情况", "自然人"] + prose) + "\n", "cells")
    assert "S111" not in {f.code for f in result.findings}


def test_a_number_cut_part_way_is_not_checked():
    """The copy stops inside the last number of a row (2 of 25): the row's sum is not checked on it."""
    text = generate(seed=2, layout="pipes", busy=True).text
    line = "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 25 | 25 |"
    cut = text[:text.index(line) + len(line) - 3]
    errors = [f for f in _lint(cut, "pipes").findings if f.severity == "error"]
    assert [f.code for f in errors] == ["S111"], [(f.code, f.message) for f in errors]


def _without_repeated_lines(text: str) -> str:
    """The copy a web page gives when it drops every line it has shown before (only the first ``0`` stays)."""
    seen, kept = set(), []
    for line in text.split("\n"):
        if line.strip() and line in seen:
            continue
        seen.add(line)
        kept.append(line)
    return "\n".join(kept)


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("seed, busy", [(1, False), (2, True), (3, True)])
def test_a_copy_that_lost_its_repeated_lines_says_so_once_per_table(edition, seed, busy):
    result = _lint(_without_repeated_lines(generate(seed=seed, edition=edition, busy=busy, blank_lines=False).text),
                   "cells")
    lost = [f for f in result.findings if f.code == "T218"]
    assert lost and all(f.severity == "warning" for f in lost)
    assert len({f.anchor for f in lost}) == len(lost)  # one per table
    assert not {"T202", "T203"} & {f.code for f in result.findings}
    assert [f for f in result.findings if f.severity == "error"] == []


def test_a_copy_that_lost_lines_and_stops_is_one_cut_off_and_one_finding_per_table():
    text = _without_repeated_lines(generate(seed=1, edition="2019", blank_lines=False, busy=False).text)
    cut = text[:text.index("（七）总计") + len("（七）总计")]
    result = _lint(cut, "cells")
    [error] = [f for f in result.findings if f.severity == "error"]
    assert error.code == "S111" and "最后一行" not in error.message  # its values were lost, not cut: T218 says so
    assert "T218" in {f.code for f in result.findings} and not {"T202", "T203"} & {f.code for f in result.findings}


def test_a_blank_table_in_a_complete_copy_is_still_an_empty_table():
    lines = generate(seed=1, edition="2019", blank_lines=False, busy=False).text.split("\n")
    first, last = lines.index("一、本年新收政府信息公开申请数量"), lines.index("四、政府信息公开行政复议、行政诉讼情况")
    text = "\n".join(lines[:first] + [line for line in lines[first:last] if line != "0"] + lines[last:])
    result = _lint(text, "cells")
    assert [(f.code, f.message) for f in result.findings if f.severity == "error"] == \
        [("T203", "表三没有填写任何数值（空白单元格应填 0）")]
    assert "T218" not in {f.code for f in result.findings}
