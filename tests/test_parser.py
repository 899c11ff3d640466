"""The lexer and the grammar: the tree of a report in each layout, joined labels, chrome, positions."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from disclint.ast import Row
from disclint.lexer import lex
from disclint.parser import parse

REPORT = """某某市某某区某某局2023年政府信息公开工作年度报告
www.example.gov.cn   发布时间:2024-01-12   来源:某某局   选择阅读字号:[ ]   阅读次数:
一、总体情况
2023年，我局坚持公开为常态。
二、主动公开政府信息情况
第二十条第(一)项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
0
0
0
三、收到和处理政府信息公开申请情况
(二)部分公开(区分处理
的,只计这一情形,不计其他
情形)
1
2
商业
企业
— 3 —
点击下载此文件
"""


def tree(text):
    return parse(lex(text.split("\n")))


def test_front_matter_title_and_metadata():
    document = tree(REPORT)
    assert [(p.type, p.line) for p in document.front] == [("TITLE", 1), ("META", 2)]


def test_sections_and_rows():
    document = tree(REPORT)
    assert [s.heading.text for s in document.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    rows = [b for b in document.sections[1].blocks if isinstance(b, Row)]
    assert [(r.label.text, [v.text for v in r.values]) for r in rows] == [("规章", ["0", "0", "0"])]
    kinds = [b.type for b in document.sections[1].blocks if not isinstance(b, Row)]
    assert kinds == ["CAPTION", "HEADER", "HEADER", "HEADER", "HEADER"]


def test_label_broken_over_three_lines_is_one_row_with_its_span():
    row = next(b for b in tree(REPORT).sections[2].blocks if isinstance(b, Row))
    assert row.label.text == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    assert (row.label.line, row.label.end_line) == (16, 18)
    assert [(v.text, v.line) for v in row.values] == [("1", 19), ("2", 20)]


def test_split_header_is_joined_and_chrome_is_dropped():
    blocks = tree(REPORT).sections[2].blocks
    assert [b.text for b in blocks if not isinstance(b, Row)] == ["商业企业"]


def test_pipe_rows_give_the_same_row_with_columns():
    text = "二、主动公开政府信息情况\n第二十条第(一)项 |\n| 规章 | 0 | 1 | 2 |\n"
    row = next(b for b in tree(text).sections[0].blocks if isinstance(b, Row))
    assert [(v.text, v.line, v.column) for v in row.values] == [("0", 3, 8), ("1", 3, 12), ("2", 3, 16)]


def test_label_and_values_separated_by_spaces():
    text = "二、主动公开政府信息情况\n行政处罚 12\n"
    row = next(b for b in tree(text).sections[0].blocks if isinstance(b, Row))
    assert row.label.text == "行政处罚" and [(v.text, v.column) for v in row.values] == [("12", 6)]


def test_table_row_label_is_not_a_section_heading():
    text = "三、收到和处理政府信息公开申请情况\n三、本年度办理结果\n四、结转下年度继续办理\n0\n"
    document = tree(text)
    assert len(document.sections) == 1
    assert [b.label.text for b in document.sections[0].blocks] == ["三、本年度办理结果", "四、结转下年度继续办理"]


def test_numbered_work_items_are_not_sections():
    text = "五、存在的主要问题及改进情况\n一是进一步提升政策公开质效。\n二、加强组织领导。\n"
    document = tree(text)
    assert len(document.sections) == 1 and len(document.sections[0].blocks) == 2


def test_anything_parses():
    for text in ["", "\n\n", "0\n0\n", "规章\n规章\n", "六、其他需要报告的事项\n一、总体情况\n|||\n"]:
        tree(text)


TOKEN_TYPES = ["TITLE", "META", "SECTION", "CAPTION", "HEADER", "LABEL", "NUMBER", "PLACEHOLDER", "EMPTY",
               "CELLTEXT", "TEXT"]


def _lark_tree(types):
    """The same token types parsed by Lark itself, as (rule, children) with token indexes as leaves."""
    from importlib import resources

    from lark import Lark, Token, Tree
    from lark.lexer import Lexer

    class Tokens(Lexer):
        def __init__(self, conf):
            pass

        def lex(self, data):
            return (Token(t, t, start_pos=i) for i, t in enumerate(data))

    grammar = resources.files("disclint.grammar").joinpath("report.lark").read_text("utf-8")
    tree = Lark(grammar, parser="lalr", lexer=Tokens, maybe_placeholders=False).parse(types)

    def convert(node):
        return (node.data, [convert(c) if isinstance(c, Tree) else c.start_pos for c in node.children])
    return convert(tree)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_TYPES), max_size=60))
def test_the_table_driver_builds_the_tree_lark_builds(types):
    from disclint.parser import _run

    assert _run(types) == _lark_tree(types)
