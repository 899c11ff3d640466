"""One YAML case file per rule (tests/cases/<code>.yaml): inputs that must pass or fail that rule. This
docstring is the reference of the format.

A file holds ``rule`` (the rule's code) and ``cases``, a list; each case has a ``name`` and these keys:

The input
    ``text``: the report written out in full; or ``synth``: arguments of ``disclint.synth.generate`` (a
    compliant report; ``seed`` 1, no blank lines, a quiet year unless they say otherwise). ``edit``: pairs
    ``[old, new]``, each ``old`` replaced once (it must be there). ``truncate_after``: the text cut after the
    first occurrence of this (a copy cut off part-way). ``path``: the file's name (default ``report.txt``;
    its suffix chooses the reader, ``page.html`` an HTML page). ``form: pdf``: the (pipe-layout) input linted
    as the PDF a word processor exports (tests/documents.py), ``scanned_page`` replacing that page (0-based)
    by a scan.

How it is checked
    The input is written to a file and checked as ``disclint check FILE`` checks it: the run is planned by
    ``disclint.api.plan`` with the case's configuration, so rule selection, levels, options and edition
    come from the real configuration loader. ``config``: a mapping as a ``.disclint.yaml`` holds it
    (``rules: {A401: {tolerance: 0.01}}``, ``rules: {A401: {level: warning}}``, ``edition: "2019"``,
    ``select``, ``ignore``, … see docs/configuration.md); it is written to a ``.disclint.yaml`` and named
    with ``--config``, so a configuration outside the test never applies. ``select``: the rules listed run
    alone, as ``--select`` does (a rule off by default runs only when selected). ``fault: CODE`` makes that
    rule raise, standing for a defect of disclint (parse.internal-error).

    A case is refused when the file's rule does not run (deselected, ignored, its level ``off``; or skipped
    by the engine: a report without what the rule ``needs``, such as tables for a rule on cells, or a pair
    rule's report that was not compared with last year's): a case expecting nothing would pass without
    testing anything. A case about a rule not running says ``runs: false``, and it is then refused when
    the rule does run.

Two years (``pair.*`` rules)
    ``pair``: arguments of ``disclint.synth.series`` (last year's and this year's reports of one agency, the
    one following from the other); or ``previous``: last year's input, built as a case's input is (``text``
    or ``synth``, ``edit``, …). ``edit_previous`` edits last year's text; the pair is checked as
    ``disclint check this --previous last`` checks it.

A region (``region.*`` rules)
    ``region``: a region of tests/regions.py (a county government and its departments, whose tables 三 and
    四 are their sums) in ``year`` (default 2023) and the year before, with ``figures``: agency → cells of
    ``year`` written instead of the drawn ones, and ``missing``: departments whose report of ``year`` is left
    out (the year before shows they report); checked as ``disclint region
    FOLDER`` checks it, and the findings expected are those on the county government's report.

What is expected
    ``expect``: exactly the findings of the file's rule, in order (none when empty or absent). A finding
    is placed by ``line`` (a number), ``line_of`` (the first line, or the ``nth``, containing that text) or
    ``at_cell`` (the line the cell is written on), and may give ``message`` (text the message contains),
    ``severity``, ``cells`` (cell ids it must cite) and ``related`` (places in last year's report: text of
    the place's description, or a cell id).

    ``fixed``: the whole text after ``disclint check FILE --fix`` (the fixes of every rule that ran, made
    by linter/fixes.py as the command makes them; only text, Markdown and HTML files are ever fixed); or
    ``fixed_edit``: pairs ``[old, new]`` applied to the input as ``edit`` is, when that reads better than
    the whole text. A ``fixed`` equal to the input says that --fix leaves the file as it is. The fixed file
    is then checked again, and the rule must have nothing left to fix (a second ``--fix`` changes nothing
    of it). Every fixable rule has a case whose fix changes the input; every option of a rule is set by a
    case of its file.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from disclint.api import collect, lint_bytes, plan, run
from disclint.fixes import fix
from disclint.rules.registry import RULES, by_code
from disclint.synth import generate, series

CASES = Path(__file__).parent / "cases"
INPUT_KEYS = {"text", "synth", "edit", "truncate_after"}
CASE_KEYS = INPUT_KEYS | {"name", "path", "form", "scanned_page", "config", "select", "fault", "runs", "pair", "region",
                          "previous", "edit_previous", "expect", "fixed", "fixed_edit"}
FINDING_KEYS = {"line", "line_of", "nth", "at_cell", "message", "severity", "cells", "related"}


def _files() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CASES.glob("*.yaml"))}


def _load():
    for stem, data in _files().items():
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{stem}:{case['name']}")


def build(case, text: str | None = None, edits: str = "edit") -> str:
    """The case's input: ``text`` (if given, else the case's own text or generated report) with its edits."""
    if text is not None:
        pass
    elif "text" in case:
        text = case["text"]
    else:
        text = generate(**{"blank_lines": False, "busy": False, "seed": 1, **case.get("synth", {})}).text
    text = _edited(text, case.get(edits, []))
    if "truncate_after" in case:  # a report cut off part-way, as copies of web pages often are
        text = text[:text.index(case["truncate_after"]) + len(case["truncate_after"])]
    return text


def _edited(text: str, pairs) -> str:
    for old, new in pairs:
        assert old in text, f"edit target not in the input: {old!r}"
        text = text.replace(old, new, 1)
    return text


def expected_line(spec, text: str, result) -> int:
    if "line" in spec:
        return spec["line"]
    if "line_of" in spec:
        lines = [i for i, line in enumerate(text.split("\n"), 1) if spec["line_of"] in line]
        return lines[spec.get("nth", 1) - 1]
    return result.cells[spec["at_cell"]]["line"]  # its place in the file, in every form


def _broken(rule):
    class Broken(rule):
        def check(self, report):
            yield from super().check(report)
            raise RuntimeError("injected fault")

    return Broken


def _inputs(case, tmp_path: Path) -> tuple[str, Path, bytes, Path | None]:
    """The case's text, the file it is checked as and that file's bytes, and last year's file (or None)."""
    previous = None
    if "pair" in case:
        before, now = (r.text for r in series(**case["pair"])[-2:])
        text, last = build(case, now), build(case, before, "edit_previous")
    else:
        text = build(case)
        last = _edited(build(case["previous"]), case.get("edit_previous", [])) if "previous" in case else None
    if last is not None:
        previous = tmp_path / "last.txt"
        previous.write_text(last, encoding="utf-8", newline="")
    path, data = tmp_path / case.get("path", "this.txt" if previous else "report.txt"), text.encode("utf-8")
    if case.get("form") == "pdf":
        from documents import as_pdf, with_scanned_page

        path, data = tmp_path / "report.pdf", as_pdf(text)
        if "scanned_page" in case:
            data = with_scanned_page(data, case["scanned_page"])
    path.write_bytes(data)
    return text, path, data, previous


def check(code: str, case: dict, path: Path, data: bytes, previous: Path | None):
    """The result of the case's file, checked as ``disclint check`` checks it with the case's configuration
    (and ``--previous``): refused when the file's rule does not run and the case does not say so."""
    config = path.parent / ".disclint.yaml"
    config.write_text(yaml.safe_dump(case.get("config", {}), allow_unicode=True), encoding="utf-8")
    tasks = plan([str(path)], select=case.get("select", ()), config=str(config), keep=("cells",),
                 previous=[str(previous)] if previous else ())
    table = by_code()
    if previous is not None:
        results = collect(run(tasks, jobs=1), tasks)
        assert not results.errors
        result = results.files[0]
    else:  # the rules the plan chose, made with its settings; the faulty one broken
        rules = [(_broken(table[c]) if c == case.get("fault") else table[c])(tasks[0].settings.get(c))
                 for c in tasks[0].rules]
        result = lint_bytes(tasks[0].path, data, rules, tasks[0].edition)
    runs = code in tasks[0].rules and _reached(table[code](), result)
    assert runs == case.get("runs", True), \
        f"{code} {'runs' if runs else 'did not run'}: the case {'must say runs: false' if not runs else 'says runs: false'}"
    assert runs or not case.get("expect"), "a rule that does not run finds nothing"
    return result


def _reached(rule, result) -> bool:
    """Whether the engine ran a rule the plan chose: a pair rule when the file was compared with last
    year's report; another when the report met its needs (``Rule.applies``). A file that became no report
    (unreadable) reaches no rule's check: its findings are the engine's own (parse.*), so it counts as run."""
    if rule.needs == ("pair",):
        return result.previous is not None
    return result.report is None or rule.applies(result.report)


def run_case(code: str, case: dict, tmp_path: Path) -> None:
    unknown = (set(case) - CASE_KEYS) | (set(case.get("previous", ())) - INPUT_KEYS) \
        | {k for spec in case.get("expect") or () for k in set(spec) - FINDING_KEYS}
    assert not unknown, f"unknown keys in the case: {sorted(unknown)}"
    assert not ("fixed" in case and "fixed_edit" in case), "give fixed or fixed_edit, not both"
    tmp_path.mkdir(parents=True, exist_ok=True)
    if "region" in case:
        return _region_case(code, case, tmp_path)
    text, path, data, previous = _inputs(case, tmp_path)
    result = check(code, case, path, data, previous)
    _expect(code, case, text, result)
    if "fixed" in case or "fixed_edit" in case:
        fix(result, write=True)  # what --fix makes of the file: every fix of the run, by the real machinery
        after = path.read_bytes()
        expected = case["fixed"] if "fixed" in case else _edited(text, case["fixed_edit"])
        assert after.decode("utf-8") == expected
        again = check(code, case, path, after, previous)
        left = [f.message for f in again.findings if f.code == code and f.fix is not None]
        assert not left, f"after --fix, {code} still has a fix: {left}"


def _region_case(code: str, case: dict, tmp_path: Path) -> None:
    """A ``region`` case: the region written out, its tables read as ``disclint region`` reads them, and the
    county government's findings compared with ``expect``."""
    from regions import COUNTY, write_region

    from disclint import region
    from disclint.api import extract

    spec = case["region"]
    assert not set(spec) - {"year", "figures", "missing"}, f"unknown keys in region: {sorted(set(spec))}"
    year = spec.get("year", 2023)
    write_region(tmp_path, years=(year - 1, year), townships=(),
                 figures={(agency, year): cells for agency, cells in (spec.get("figures") or {}).items()})
    for agency in spec.get("missing", ()):
        (tmp_path / f"{year}-{agency}.txt").unlink()
    results, errors = extract([str(tmp_path)], jobs=1)
    assert not errors
    county = next(r for r in results if r.agency == COUNTY and r.report_year == year)
    findings = [f for c in region.check(results) if c.path == county.path for f in c.findings]
    _expect(code, case, (tmp_path / f"{year}-{COUNTY}.txt").read_text(encoding="utf-8"),
            county._replace(findings=tuple(findings)))


@pytest.mark.parametrize("code, case", list(_load()))
def test_rule_case(code, case, tmp_path):
    run_case(code, case, tmp_path)


def _expect(code, case, text, result):
    found = [f for f in result.findings if f.code == code]
    expected = case.get("expect") or []
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
    files = _files()
    for rule in RULES:
        assert rule.code in files, f"tests/cases/{rule.code}.yaml is missing"
        cases = files[rule.code]["cases"]
        assert any(c.get("expect") for c in cases) and any(not c.get("expect") for c in cases), rule.code


def _changes_the_text(case) -> bool:
    """Whether the case states a text after --fix other than its input."""
    if "fixed_edit" in case:
        return any(old != new for old, new in case["fixed_edit"])
    return "fixed" in case and "pair" not in case and case["fixed"] != build(case)


def test_every_fixable_rule_has_a_case_with_a_fix():
    files = _files()
    for rule in RULES:
        if rule.fixable:
            assert any(c.get("expect") and _changes_the_text(c) for c in files[rule.code]["cases"]), \
                f"tests/cases/{rule.code}.yaml has no case whose fixed or fixed_edit changes the input"
        else:  # a rule that never fixes cannot show a fix: such a case would state the input unchanged
            assert not any("fixed" in c or "fixed_edit" in c for c in files[rule.code]["cases"]), rule.code


def test_every_option_of_a_rule_is_set_by_a_case():
    files = _files()
    for rule in RULES:
        set_by_cases = {option for case in files[rule.code]["cases"]
                        for key, settings in case.get("config", {}).get("rules", {}).items()
                        if key in (rule.code, rule.name) for option in settings}
        missing = set(rule.options) - set_by_cases
        assert not missing, f"tests/cases/{rule.code}.yaml: no case sets {sorted(missing)}"


# The runner itself: a case that would pass without testing anything is refused.

SLIP = "一、总体情况\n主动公开方面,全年公开信息。\n"  # a half-width comma: W704, off by default


@pytest.mark.parametrize("case, refusal", [
    ({"name": "off by default", "text": SLIP}, "W704 did not run"),
    ({"name": "level off", "text": SLIP, "select": ["W704"], "config": {"rules": {"W704": {"level": "off"}}}},
     "W704 did not run"),
    ({"name": "ignored", "text": SLIP, "select": ["W704"], "config": {"ignore": ["text"]}}, "W704 did not run"),
    ({"name": "said not to run", "text": SLIP, "select": ["W704"], "runs": False}, "W704 runs"),
    ({"name": "expects of a rule not run", "text": SLIP, "runs": False, "expect": [{"line": 2}]}, "finds nothing"),
    ({"name": "a misspelt key", "text": SLIP, "select": ["W704"], "fixd": SLIP}, "unknown keys"),
    ({"name": "a misspelt finding key", "text": SLIP, "select": ["W704"], "expect": [{"lines": 2}]}, "unknown keys"),
    ({"name": "a misspelt key of last year's", "text": SLIP, "select": ["W704"], "previous": {"txt": SLIP}},
     "unknown keys"),
])
def test_the_runner_refuses_a_case_that_tests_nothing(case, refusal, tmp_path):
    with pytest.raises(AssertionError, match=refusal):
        run_case("W704", case, tmp_path)


@pytest.mark.parametrize("code, case", [
    ("T204", {"name": "a rule on cells, a text without tables", "text": "一、总体情况\n本年度主动公开政府信息。\n"}),
    ("Y104", {"name": "last year's report is two years back", "synth": {"seed": 2, "year": 2024, "busy": True},
              "previous": {"synth": {"seed": 1, "year": 2022, "busy": True}}}),
])
def test_the_runner_refuses_a_case_whose_rule_the_engine_skipped(code, case, tmp_path):
    with pytest.raises(AssertionError, match=f"{code} did not run"):
        run_case(code, case, tmp_path)
    run_case(code, {**case, "runs": False}, tmp_path / "said")


def test_the_runner_compares_the_fixed_text(tmp_path):
    case = {"name": "a heading", "synth": {}, "edit": [["五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施"]],
            "expect": [{"line_of": "整改措施"}]}
    run_case("S104", {**case, "fixed_edit": [["整改措施", "改进情况"]]}, tmp_path / "right")
    with pytest.raises(AssertionError):
        run_case("S104", {**case, "fixed_edit": [["整改措施", "改进措施"]]}, tmp_path / "wrong")
