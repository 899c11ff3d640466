"""A file that holds more than one report (two one after the other, a comparison of two, two printed side by
side) gets one finding saying so (parse.several-reports) and is not linted as one report; in every form."""
from __future__ import annotations

import pytest
from documents import as_docx, as_pdf, side_by_side

from disclint.api import lint_bytes
from disclint.synth import generate

pytest.importorskip("reportlab")


def _two(edition_a="2021", edition_b="2021"):
    first = generate(seed=1, edition=edition_a, year=2023 if edition_a == "2021" else 2020, layout="pipes").text
    second = generate(seed=2, edition=edition_b, year=2022 if edition_b == "2021" else 2019, layout="pipes").text
    return first, second


def _only_several(result):
    assert [f.code for f in result.findings] == ["P011"]
    assert result.status == "not-a-report"
    return result.findings[0]


@pytest.mark.parametrize("editions", [("2021", "2021"), ("2021", "2019"), ("2019", "2019")])
def test_two_reports_one_after_the_other_in_text_word_and_pdf(editions):
    first, second = _two(*editions)
    joined = first + "\n" + second
    for name, data in (("two.txt", joined.encode("utf-8")), ("two.docx", as_docx(joined)), ("two.pdf", as_pdf(joined))):
        assert "两份（或更多）年度报告" in _only_several(lint_bytes(name, data)).message, name


def test_two_reports_printed_side_by_side_are_read_column_by_column_and_said_to_be_two():
    first, second = _two()
    _only_several(lint_bytes("compare.pdf", side_by_side(first, second)))


def test_one_report_is_one_and_its_pdf_is_read_as_one_column():
    first, _ = _two()
    assert lint_bytes("one.pdf", as_pdf(first)).findings == []
    assert lint_bytes("one.txt", first.encode("utf-8")).findings == []


def _tables_side_by_side(left: str, right: str) -> bytes:
    """A landscape A3 page with table 三 of one report beside table 三 of another, under one heading."""
    import io

    from documents import _story
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.platypus import SimpleDocTemplate, Table

    def table_three(text):
        start = text.index("三、收到和处理政府信息公开申请情况")
        return text[:start + len("三、收到和处理政府信息公开申请情况\n")], text[start:text.index("四、政府信息公开行政复议")]

    head, first = table_three(left)
    _, second = table_three(right)
    width = landscape(A3)[0] / 2 - 60
    [one], [other] = (_story("\n".join(t.split("\n")[1:]), width) for t in (first, second))
    out = io.BytesIO()
    story = _story(head, landscape(A3)[0] - 144) + [Table([[one, other]], colWidths=[width + 12, width + 12])]
    SimpleDocTemplate(out, pagesize=landscape(A3)).build(story)
    return out.getvalue()


def test_two_reports_tables_side_by_side_are_said_to_be_two():
    first, second = _two()
    finding = _only_several(lint_bytes("tables.pdf", _tables_side_by_side(first, second)))
    assert "同一张表格的各行出现了两次、数值不同" in finding.message


def test_a_table_copied_twice_with_the_same_figures_is_one_report():
    first, _ = _two()
    start, end = first.index("（本列数据的勾稽关系"), first.index("四、政府信息公开行政复议")
    twice = first[:end] + first[start:end] + first[end:]
    assert "P011" not in {f.code for f in lint_bytes("copy.txt", twice.encode("utf-8")).findings}
