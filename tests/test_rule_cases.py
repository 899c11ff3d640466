"""One YAML case file per rule (tests/cases/<code>.yaml): snippets that must pass or fail that rule.

A case builds its input from ``text`` (written out in full) or ``synth`` (arguments of
``disclint.synth.generate``: a compliant report), then applies ``edit`` (pairs of old → new text, each
replaced once) and ``truncate_after`` (cut the text after the first occurrence of that text), and
expects exactly the listed findings of the file's rule, in order. A finding is given
by ``line`` (a number), ``line_of`` (the first, or ``nth``, line containing that text) or ``at_cell`` (the line the
cell is written on), and optionally ``message`` (text the message must contain), ``severity``,
``cells`` (ids that must be cited). ``select`` runs only the rules listed (as ``--select`` does), for
rules that are off by default. ``form: pdf`` lints the (pipe-layout) input as the PDF a word processor
exports (tests/documents.py), ``scanned_page`` replacing that page (0-based) by a scan. ``fault: CODE`` makes
that rule raise, standing for a defect of disclint (parse.internal-error). A pair rule's case gives
``pair`` (arguments of ``disclint.synth.series``: last year's and this year's reports of one agency, the
one following from the other) or ``previous`` (last year's input, built as a case is); ``edit_previous``
edits last year's, and the pair is linted as ``disclint check this --previous last`` would.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from disclint.api import select_rules
from disclint.engine import lint_bytes
from disclint.rules.registry import RULES
from disclint.synth import generate

CASES = Path(__file__).parent / "cases"


def _load():
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{path.stem}:{case['name']}")


def build(case, text: str | None = None, edits: str = "edit") -> str:
    if text is not None:
        pass
    elif "text" in case:
        text = case["text"]
    else:
        text = generate(**{"blank_lines": False, "busy": False, "seed": 1, **case.get("synth", {})}).text
    for old, new in case.get(edits, []):
        assert old in text, f"edit target not in the input: {old!r}"
        text = text.replace(old, new, 1)
    if "truncate_after" in case:  # a report cut off part-way, as copies of web pages often are
        text = text[:text.index(case["truncate_after"]) + len(case["truncate_after"])]
    return text


def expected_line(spec, text: str, result) -> int:
    if "line" in spec:
        return spec["line"]
    if "line_of" in spec:
        lines = [i for i, line in enumerate(text.split("\n"), 1) if spec["line_of"] in line]
        return lines[spec.get("nth", 1) - 1]
    if result.report is None:  # linted through the API, which keeps the cells and not the report
        return result.cells[spec["at_cell"]]["line"]
    return result.report.cells[spec["at_cell"]].line


def _broken(rule):
    class Broken(rule):
        def check(self, report):
            yield from super().check(report)
            raise RuntimeError("injected fault")

    return Broken


def _paired(case, tmp_path):
    """This year's text and its result, linted with last year's report as --previous."""
    from disclint.api import lint
    from disclint.synth import series

    if "pair" in case:
        before, now = (r.text for r in series(**case["pair"])[-2:])
        text, previous = build(case, now), build(case, before, "edit_previous")
    else:
        text, previous = build(case), build(case["previous"], None, "edit_previous")
    (tmp_path / "this.txt").write_text(text, encoding="utf-8")
    (tmp_path / "last.txt").write_text(previous, encoding="utf-8")
    results = lint([str(tmp_path / "this.txt")], previous=[str(tmp_path / "last.txt")], jobs=1,
                   select=case.get("select", ()), keep=("cells",))
    assert not results.errors
    return text, results.files[0]


@pytest.mark.parametrize("code, case", list(_load()))
def test_rule_case(code, case, tmp_path):
    if "pair" in case or "previous" in case:
        text, result = _paired(case, tmp_path)
        _expect(code, case, text, result)
        return
    text = build(case)
    chosen = select_rules(case["select"], []) if "select" in case else [r for r in RULES if r.enabled_by_default]
    rules = [_broken(rule)() if rule.code == case.get("fault") else rule() for rule in chosen]
    data, path = text.encode("utf-8"), case.get("path", "report.txt")
    if case.get("form") == "pdf":
        from documents import as_pdf, with_scanned_page

        data, path = as_pdf(text), "report.pdf"
        if "scanned_page" in case:
            data = with_scanned_page(data, case["scanned_page"])
    _expect(code, case, text, lint_bytes(path, data, rules))


def _expect(code, case, text, result):
    found = [f for f in result.findings if f.code == code]
    expected = case.get("expect", [])
    assert len(found) == len(expected), [(f.line, f.message) for f in found]
    for finding, spec in zip(found, expected):
        assert finding.line == expected_line(spec, text, result), finding.message
        for other in spec.get("related", []):  # a place in last year's report: (line of text, cell)
            assert any(other in r.message or other == r.cell for r in finding.related), finding.related
        assert spec.get("message", "") in finding.message
        assert finding.severity == spec.get("severity", finding.severity)
        for cell in spec.get("cells", []):
            assert cell in [c.id for c in finding.cells]


def test_every_rule_has_a_case_file_with_passing_and_failing_cases():
    files = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in CASES.glob("*.yaml")}
    for rule in RULES:
        assert rule.code in files, f"tests/cases/{rule.code}.yaml is missing"
        cases = files[rule.code]["cases"]
        assert any(c.get("expect") for c in cases) and any(not c.get("expect") for c in cases), rule.code
