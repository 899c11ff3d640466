"""Crawler copies: a whole page run into one line, a row's values run together (linter/runon.py,
linter/digitruns.py). Inputs are generated in the crawler's style (synth layout ``crawler``)."""
from __future__ import annotations

import re

from conftest import codes, only
from hypothesis import given, settings
from hypothesis import strategies as st

from disclint.api import lint_bytes
from disclint.digitruns import cuts
from disclint.editions import load
from disclint.synth import generate


def crawler(edition="2021", busy=False, seed=3, rows=None, said=None) -> str:
    """A generated crawler copy; ``rows`` replaces the run of digits after a row label (``四`` stands for
    table 四's row of values); ``said`` replaces the zero report's sentence on applications."""
    text = generate(seed=seed, edition=edition, busy=busy, layout="crawler-line").text
    if said:
        text = text.replace("本年度未收到政府信息公开申请。", said)
    for label, run in (rows or {}).items():
        pattern = r"(?<=总计)[0-9 ]+(?=五、)" if label == "四" else re.escape(label) + r"[0-9 ]+(?=\D)"
        text, count = re.subn(pattern, lambda m: run if label == "四" else label + run, text, count=1)
        assert count == 1, label
    return text


def lint(text: str):
    return lint_bytes("copy.txt", text.encode("utf-8"))


def test_a_crawler_copy_is_one_line_under_a_header():
    text = crawler()
    assert len(text.strip().split("\n")) == 7 and "。二、主动公开政府信息情况第二十条第（一）项" in text


def test_headings_inside_running_text_are_the_sections():
    result = lint(crawler())
    assert result.findings == []
    sections = [s.heading.section.section.id for s in result.report.document.sections]
    assert sections == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert result.title.endswith("政府信息公开工作年度报告") and result.published == "2024-01-12"


BALANCED = {"一、本年新收政府信息公开申请数量": "200 000121", "（一）予以公开": "20000 0121",
            "（七）总计": "20 0 00 0 121"}
SAID = "全年共收到政府信息公开申请21件。"


def test_a_row_with_one_cut_is_recovered():
    result = lint(crawler(rows=BALANCED, said=SAID))
    assert codes(result, "error") == []
    values = {c: result.cells[c]["value"] for c in ("s3.new.natural", "s3.new.other", "s3.new.total", "s3.total.total")}
    assert values == {"s3.new.natural": 20, "s3.new.other": 1, "s3.new.total": 21, "s3.total.total": 21}
    line = result.lines[result.cells["s3.new.natural"]["line"] - 1]
    column = result.cells["s3.new.natural"]["column"]
    assert line[column - 1:column + 1] == "20"  # the recovered value points at its digits in the line


def test_a_real_imbalance_in_recovered_rows_is_reported_once_without_a_guess():
    result = lint(crawler(rows={**BALANCED, "（七）总计": "19 0 00 0 120"}, said=SAID))
    balance = [f for f in result.findings if f.family == "balance"]
    [finding] = balance  # the 自然人 and 总计 columns of one row: one defect, one finding
    assert finding.code == "B301" and finding.expected is None
    assert "没有单独一格能使各式同时成立" in finding.message and "已按列数和行内合计还原" in finding.message
    assert "“自然人”列：本年新收 + 上年结转 = （七）总计 + 结转下年度（20 + 0 = 20 ≠ 19 + 0 = 19）" in finding.message


def test_a_row_with_several_cuts_is_left_unplaced_and_named_once():
    result = lint(crawler(rows={"行政规范性文件": "7777166", "规章": "1234"}))
    [finding] = only(result, "T214")
    assert finding.message.startswith("表二第二十条第（一）项数值连写，无法分列：“规章”行（1234）、“行政规范性文件”行（7777166）")
    assert codes(result, "error") == [] and only(result, "T202") == [] and only(result, "T203") == []
    assert result.cells["s2.20-1.normative.valid"]["value"] is None


def test_a_run_of_table_four_is_cut_by_its_blocks():
    result = lint(crawler(rows={"四": "110020000000000"}))
    assert codes(result, "error") == []
    assert [result.cells[f"s4.review.{c}"]["value"] for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [1, 1, 0, 0, 2]


def test_a_caption_quoted_in_the_narrative_does_not_open_a_table():
    text = generate(seed=1, busy=False).text.replace(
        "落实三审制度。", "落实三审制度。对照条例第二十条第（一）项规定，及时公开规章和规范性文件，确保应公开尽公开。")
    assert lint(text).findings == []


def test_cuts_respect_spaces_zeros_and_the_row_sum():
    columns = load("2021").tables["s3"].columns
    row_sum = [((6,), (0, 1, 2, 3, 4, 5))]
    assert [[p.text for p in c] for c in cuts("200 000121", columns, row_sum)] == [["20", "0", "0", "0", "0", "1", "21"]]
    assert len(cuts("1234567891", columns, row_sum)) != 1
    two = load("2019").tables["s2.20-8"].columns  # 上一年项目数量, 本年增/减 (signed)
    assert [[p.text for p in c] for c in cuts("35-15", two)] == [["35", "-15"]]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), edition=st.sampled_from(["2019", "2021"]), busy=st.booleans())
def test_a_crawler_copy_never_gets_a_wrong_value_or_an_error(seed, edition, busy):
    generated = generate(seed=seed, edition=edition, busy=busy, layout="crawler")
    result = lint(generated.text)
    assert codes(result, "error") == []
    for cell_id, cell in result.cells.items():
        if cell["value"] is not None:
            assert cell["value"] == generated.values[cell_id], cell_id

