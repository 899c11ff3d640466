"""Properties over generated input (hypothesis)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclint.api import lint_bytes
from disclint.cli import main
from disclint.editions import load
from disclint.synth import LAYOUTS, generate

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

reports = st.fixed_dictionaries({
    "seed": st.integers(0, 10**6),
    "edition": st.sampled_from(["2019", "2021"]),
    "layout": st.sampled_from(LAYOUTS),
    "blank_lines": st.booleans(),
    "split_labels": st.booleans(),
    "busy": st.booleans(),
})


@SETTINGS
@given(reports)
def test_generated_reports_lint_clean_and_extract_exactly(options):
    synthetic = generate(**options)
    result = lint_bytes("r.txt", synthetic.text.encode("utf-8"))
    assert [(f.code, f.line, f.message) for f in result.findings] == []
    assert result.edition == options["edition"]
    for cell_id, value in synthetic.values.items():
        assert result.report.cells[cell_id].value == value, cell_id


def _balanced_cells(edition):
    return [c for c in load(edition).cell_ids if c.startswith(("s3.", "s4."))]


@SETTINGS
@given(reports, st.data())
def test_any_changed_number_of_tables_three_and_four_is_a_balance_finding_citing_it(options, data):
    cell_id = data.draw(st.sampled_from(_balanced_cells(options["edition"])))
    delta = data.draw(st.integers(1, 50))
    original = generate(**options).values[cell_id]
    synthetic = generate(**options, overrides={cell_id: str(original + delta)})
    result = lint_bytes("r.txt", synthetic.text.encode("utf-8"))
    line = result.cells[cell_id]["line"]  # in the file (for HTML, the line of the <td>)
    cited = {(c.id, c.line) for f in result.findings if f.family == "balance" for c in f.cells}
    assert (cell_id, line) in cited


@SETTINGS
@given(reports, st.data())
def test_one_changed_cell_of_table_three_is_named_exactly_and_of_table_four_by_its_block(options, data):
    template = load(options["edition"])
    cell_id = data.draw(st.sampled_from(_balanced_cells(options["edition"])))
    original = generate(**options).values[cell_id]
    changed = original + data.draw(st.integers(1, 50))
    result = lint_bytes("r.txt", generate(**options, overrides={cell_id: str(changed)}).text.encode("utf-8"))
    [finding] = [f for f in result.findings if f.family == "balance"]  # one wrong cell, one finding
    if cell_id.startswith("s3."):
        assert finding.cells[0].id == cell_id and (finding.actual, finding.expected) == (changed, original)
        assert finding.message.startswith(f"{template.cell_label(cell_id)}为 {changed}，按勾稽关系应为 {original}")
    else:  # any cell of the block explains it: the block is named, no value is guessed
        group = template.tables["s4"].row(cell_id.split(".")[1])
        assert finding.expected is None and f"“{group.name}”" in finding.message
        assert cell_id in [c.id for c in finding.cells]


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text):
    lint_bytes("x.txt", text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_the_cli(tmp_path, capsys, data):
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    assert main(["check", str(path), "--format", "json"]) in (0, 1)
    out, err = capsys.readouterr()
    assert err == ""


@SETTINGS
@given(reports, st.data())
def test_mutated_reports_never_raise_and_give_the_same_findings_twice(options, data):
    from fuzz import edit_lines  # the fuzz target's mutations, on every layout of the generator

    lines = edit_lines(generate(**options).text.split("\n"), data)
    raw = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    first, second = lint_bytes("m.txt", raw), lint_bytes("m.txt", raw)
    assert [f.to_json() for f in first.findings] == [f.to_json() for f in second.findings]
