"""Crawler copies of reports are read as reports: headings inside running text, table labels inside a line, a
row's digits cut only where one cut fits (linter/runon.py, linter/digitruns.py), and never "not a report".

The copies are made from generated reports of both editions (synth layout ``crawler-<style>``: the site's
furniture and keys before the title, the page on one line, broken at random places, or without any line
break), so that every property is checked against the values the report was built from.
"""
from __future__ import annotations

import json
import random
import re

import pytest
from conftest import codes, lint_text, only
from hypothesis import given, settings
from hypothesis import strategies as st

from disclint.cli import main
from disclint.digitruns import cuts, valid_apart, written
from disclint.editions import load
from disclint.runon import segments
from disclint.synth import CRAWLS, as_crawler, generate

SECTIONS = ["s1", "s2", "s3", "s4", "s5", "s6"]
#: What a crawl must never give for parts it holds: a missing row, section or table, or "not a report".
NEVER = ("T201", "S101", "S106", "P002", "P005")


def sections(result) -> list[str]:
    return [s.heading.section.section.id for s in result.report.document.sections]


def read_values(result, generated) -> dict:
    """The cells read from the copy, each checked against the value the report was built from."""
    read = {c: cell["value"] for c, cell in result.cells.items() if cell["value"] is not None}
    wrong = {c: (v, generated.values[c]) for c, v in read.items() if v != generated.values[c]}
    assert wrong == {}, wrong  # a value is read right or not at all, never guessed
    return read


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), edition=st.sampled_from(["2019", "2021"]), style=st.sampled_from(CRAWLS),
       busy=st.booleans())
def test_a_crawl_is_read_as_the_report_it_copies(seed, edition, style, busy):
    generated = generate(seed=seed, edition=edition, busy=busy, layout=f"crawler-{style}")
    result = lint_text(generated.text)
    assert sections(result) == SECTIONS
    assert codes(result, "error") == []
    assert not set(codes(result)) & set(NEVER)
    read = read_values(result, generated)
    if not busy:  # zeros run together cut one way only: every cell is read
        assert set(read) == set(generated.values)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), edition=st.sampled_from(["2019", "2021"]), style=st.sampled_from(CRAWLS))
def test_a_broken_equation_is_still_reported_when_the_cells_are_read(seed, edition, style):
    """（七）总计 one more in 自然人 and in 总计: the row still adds up (so its digits cut as before), the column
    no longer does."""
    plain = generate(seed=seed, edition=edition, busy=False)
    overrides = {c: str(plain.values[c] + 1) for c in ("s3.total.natural", "s3.total.total")}
    generated = generate(seed=seed, edition=edition, busy=False, layout=f"crawler-{style}", overrides=overrides)
    result = lint_text(generated.text)
    assert result.cells["s3.total.natural"]["value"] == 1 and result.cells["s3.total.total"]["value"] == 1
    balance = [f for f in result.findings if f.family == "balance"]
    assert balance and all("（七）总计" in f.message for f in balance)
    assert not set(codes(result)) & set(NEVER)


def crawl(text: str, style: str, seed: int = 1) -> str:
    return as_crawler(text, random.Random(seed), style)


@pytest.mark.parametrize("style", CRAWLS)
@pytest.mark.parametrize("heading", ["四、因政府信息公开申请行政复议、提起行政诉讼的情况",
                                     "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                                     "四．政府信息公开行政复议、行政诉讼情况"])
def test_a_heading_in_a_wording_of_its_own_is_found_in_running_text(style, heading):
    text = generate(seed=2, busy=False, layout="pipes").text.replace("四、政府信息公开行政复议、行政诉讼情况", heading)
    result = lint_text(crawl(text, style))
    assert sections(result) == SECTIONS and "S101" not in codes(result)


def test_a_misnumbered_heading_in_running_text_is_found_and_its_number_reported():
    text = generate(seed=2, busy=False, layout="pipes").text.replace("六、其他需要报告的事项", "五、其他需要报告的事项")
    result = lint_text(crawl(text, "line"))
    assert sections(result) == SECTIONS and "S101" not in codes(result)
    [numbering] = only(result, "S103")
    assert numbering.message == "章节序号应为“六、”，实为“五、”"


def test_headings_after_the_title_a_space_or_a_figure_are_cut_but_not_inside_a_sentence():
    line = ("某某县市场监督管理局2022年政府信息公开工作年度报告一、总体情况2022年，本局坚持公开为常态。本报告包括总体情况"
            "等六个部分，详见二、主动公开政府信息情况一节 三、收到和处理政府信息公开申请情况")
    cells = [(text, kind) for text, _, _, kind in segments(line)]
    assert cells == [("某某县市场监督管理局2022年政府信息公开工作年度报告", "text"), ("一、总体情况", "cell"),
                     ("2022年，本局坚持公开为常态。本报告包括总体情况等六个部分，详见二、主动公开政府信息情况一节", "text"),
                     ("三、收到和处理政府信息公开申请情况", "cell")]


def test_a_line_that_begins_with_a_label_is_a_row_of_its_table():
    assert [(t, k) for t, _, _, k in segments("4.保护第三方合法权益　0000000")] == [
        ("4.保护第三方合法权益", "cell"), ("0000000", "run")]
    assert [(t, k) for t, _, _, k in segments("（七）总计00 000 0 0四、结转下年度继续办理0 000 000")] == [
        ("（七）总计", "cell"), ("00 000 0 0", "run"), ("四、结转下年度继续办理", "cell"), ("0 000 000", "run")]


@pytest.mark.parametrize("line", ["行政许可0件，行政处罚3件。", "行政许可方面，全年办理事项1200件。", "行政复议行政诉讼",
                                  "其中行政处罚12件、行政强制0件", "行政处罚"])
def test_a_label_in_a_sentence_or_a_line_of_words_is_not_cut(line):
    assert segments(line) is None


def test_a_row_split_two_ways_is_not_read_and_named_once_for_its_table():
    table = load("2021").tables["s2.20-1"]
    assert [c.id for c in table.columns] == ["made", "repealed", "valid"]
    text = generate(seed=5, busy=False, layout="crawler-flat").text
    text, count = re.subn(r"(?<=规章)[0 \u3000]+(?=\D)", "1234", text, count=1)
    text, more = re.subn(r"(?<=行政规范性文件)[0 \u3000]+(?=\D)", "7777166", text, count=1)
    assert count == more == 1
    result = lint_text(text)
    [finding] = only(result, "T214")
    assert "“规章”行（1234）、“行政规范性文件”行（7777166）" in finding.message
    assert result.cells["s2.20-1.rules.made"]["value"] is None
    assert codes(result, "error") == [] and not set(codes(result)) & set(NEVER)


def test_a_crawl_with_no_line_break_is_a_report_the_pre_commit_hook_checks(tmp_path, capsys):
    path = tmp_path / "page.txt"
    path.write_text(generate(seed=11, edition="2021", layout="crawler-flat").text.replace("\n", ""), encoding="utf-8")
    assert main(["check", str(path), "--only-reports", "--format", "json"]) == 0
    entry = json.loads(capsys.readouterr().out)["files"][0]
    assert entry["status"] == "checked"


def test_the_title_alone_makes_a_report():
    result = lint_text("栏目: 政府信息公开年报\n某某县市场监督管理局2022年政府信息公开工作年度报告\n本页内容正在更新。\n")
    assert result.report.is_report and codes(result) == ["P005"]


@pytest.mark.parametrize("style", CRAWLS)
def test_a_row_with_a_space_between_every_two_values_is_read_as_written_even_when_it_does_not_add_up(style):
    """One value per column in the spaces: no cut to search, no equation to satisfy; the balance rules say
    that the row does not add up."""
    text = generate(seed=1, busy=False, layout="pipes").text
    text = text.replace("（一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "（一）予以公开 | 5 | 0 | 0 | 0 | 0 | 0 | 6 |")
    text = re.sub(r"（一）予以公开[560 \u3000]+", "（一）予以公开 5 0 0 0 0 0 6", crawl(text, style), count=1)
    result = lint_text(text)
    assert result.cells["s3.r1.natural"]["value"] == 5 and result.cells["s3.r1.total"]["value"] == 6
    assert "T214" not in codes(result)
    [balance] = [f for f in result.findings if f.family == "balance"]
    assert "“（一）予以公开”行：总计 = 自然人与法人或其他组织各列之和（6 ≠ 5 + 0" in balance.message


def test_numbers_spaced_apart_are_what_is_written_and_valid_only_without_a_leading_zero():
    assert [(p.text, p.start) for p in written("12 0  7")] == [("12", 0), ("0", 3), ("7", 6)]
    assert [p.text for p in written("127")] == ["127"] and not valid_apart(written("127")) and written("12 7a") is None
    assert [p.text for p in written("1 -2 3.5万元")] == ["1", "-2", "3.5万元"] and valid_apart(written("1 -2 3.5万元"))
    assert [p.text for p in written("12 07 7")] == ["12", "07", "7"] and not valid_apart(written("12 07 7"))


def test_valid_numbers_spaced_apart_are_cut_only_where_a_sum_confirms_it():
    """``12 3`` in a row of three columns without an equation is 12 and 3 with a blank lost as likely as 1, 2, 3:
    not read; in table 三, where the row must add up, ``100000 1`` is 1, 0, 0, 0, 0, 0, 1."""
    three = load("2019").tables["s2.20-5"].columns
    assert cuts("12 3", three) == [] and [[p.text for p in c] for c in cuts("0 00", three)] == [["0", "0", "0"]]
    seven = load("2021").tables["s3"].columns
    assert [[p.text for p in c] for c in cuts("100000 1", seven, [((6,), (0, 1, 2, 3, 4, 5))])] == \
        [["1", "0", "0", "0", "0", "0", "1"]]
    text = generate(seed=1, busy=False, layout="cells", blank_lines=False, edition="2019").text
    result = lint_text(text.replace("行政许可\n0\n0\n0\n", "行政许可 12 3\n", 1))
    assert [result.cells[f"s2.20-5.licensing.{c}"]["value"] for c in ("previous", "change", "decisions")] == [None] * 3
    [shape] = only(result, "T202")  # the values written, one too few: a blank lost
    assert codes(result) == ["T202"] and "只有 2 个数值，应有 3 个" in shape.message


def test_a_list_of_the_parts_names_in_the_introduction_is_not_six_headings():
    listed = ("本报告由一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、"
              "行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项等六部分组成。")
    for layout in ("cells", "crawler-line", "crawler-flat"):
        text = generate(seed=1, busy=False, layout=layout).text.replace("扎实推进政府信息公开工作。",
                                                                        "扎实推进政府信息公开工作。" + listed, 1)
        result = lint_text(text)
        assert sections(result) == SECTIONS, layout
        assert not {"S102", "S107"} & set(codes(result)), layout


def test_a_header_in_a_wording_of_its_own_does_not_end_the_table():
    """（八）'s only row is followed by a heading: the zone its caption opened must reach it."""
    plain = generate(seed=1, busy=True, edition="2021", layout="pipes")
    text = crawl(plain.text.replace("本年收费金额（单位：万元）", "收费金额（万元）"), "flat")
    result = lint_text(text)
    assert ("s2.20-8", "fees") in result.report.rows
    assert result.cells["s2.20-8.fees.amount"]["value"] == plain.values["s2.20-8.fees.amount"]
    assert "T203" not in codes(result) and not set(codes(result)) & set(NEVER)


def test_rows_after_a_page_footer_in_running_text_are_still_rows():
    """A label, figures and a label make a table's rows wherever they stand; a label quoted in a sentence
    does not."""
    cells = [(t, k) for t, _, _, k in segments("二、主动公开政府信息情况 — 4 — 行政许可3 0 12行政处罚0")]
    assert cells == [("二、主动公开政府信息情况", "cell"), ("— 4 —", "text"), ("行政许可", "cell"), ("3 0 12", "run"),
                     ("行政处罚", "cell"), ("0", "run")]
    for sentence in ("本年度行政许可12件，行政处罚3件。", "本年度通过门户网站、政务新媒体等渠道公开行政许可行政处罚等信息。"):
        assert [k for _, _, _, k in segments("二、主动公开政府信息情况 " + sentence)] == ["cell", "text"]


def test_a_crawlers_run_with_a_stray_space_is_run_together_not_a_lost_blank():
    text = generate(seed=5, busy=False, layout="crawler-line").text
    text, count = re.subn(r"(?<=行政规范性文件)[0 \u3000]+(?=\D)", "23 18", text, count=1)
    assert count == 1
    result = lint_text(text)
    [finding] = only(result, "T214")
    assert "“行政规范性文件”行（23 18）" in finding.message and "T202" not in codes(result)


@pytest.mark.parametrize("row", ["行政许可 0 - 0", "行政许可 0 － 0", "行政许可 0 —— 0"])
def test_a_placeholder_between_spaces_is_a_cell_not_part_of_a_run(row):
    text = generate(seed=1, busy=False, layout="cells", blank_lines=False, edition="2019").text
    result = lint_text(text.replace("行政许可\n0\n0\n0\n", row + "\n", 1))
    assert [result.cells[f"s2.20-5.licensing.{c}"]["value"] for c in ("previous", "change", "decisions")] == [0, None, 0]
    assert codes(result) == ["T204"]


def spaced_copy(seed: int, edition: str, row: str, values: str) -> str:
    """A generated report (pipes) whose first line beginning with ``row`` is replaced by ``values``."""
    text = generate(seed=seed, edition=edition, busy=False, layout="pipes").text
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(row))
    lines[index] = values
    return "\n".join(lines)


@pytest.mark.parametrize("values, expected", [
    ("1  0  0  0  1  0  0  0  0  0  0  0  0  0  0", {"s4.review.upheld": 1, "s4.review.total": 1}),
    ("0\u30001\u30000\u30000\u30001\u3000无\u30000\u30000\u30000\u30000\u30000\u30000\u30000\u30000\u30000",
     {"s4.review.corrected": 1, "s4.suit_direct.upheld": None}),
])
def test_table_fours_values_written_with_spaces_are_its_cells(values, expected):
    result = lint_text(spaced_copy(3, "2021", "0 | 0 | 0", values))
    assert {c: result.cells[c]["value"] for c in expected} == expected
    assert not {"T202", "T203", "S106", "T214"} & set(codes(result))


def test_a_number_with_its_thousands_spaced_apart_is_one_number():
    assert segments("1 000 000") is None and segments("12 000") is None
    assert [(t, k) for t, _, _, k in segments("0 000 0")] == [("0 000 0", "run")]


@pytest.mark.parametrize("seed", range(4))
def test_the_title_just_before_the_first_heading_is_the_reports_after_the_sites_furniture(seed):
    generated = generate(seed=seed, edition="2019", year=2019, agency="某某县人民政府", layout="crawler-flat")
    result = lint_text("- 设为首页 " + generated.text)
    assert (result.title, result.agency, result.report_year) == ("某某县人民政府2019年政府信息公开工作年度报告", "某某县人民政府", 2019)
