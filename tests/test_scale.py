"""The API engines map onto (docs/scale.md): check_bytes, the partition's rows, the engine fingerprint and
the pairing of years as a second stage; with dask[distributed] installed, the recipe on a local cluster."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from documents import as_docx, as_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import disclint
from disclint import scale
from disclint.errors import ConfigError, UsageError
from disclint.findings import sha256
from disclint.synth import generate

CLI = os.path.join(os.path.dirname(sys.executable), "disclint")


def _forms(folder) -> list[str]:
    """One report of each form, each of its own agency (a folder run pairs one agency's years), each with
    findings: a text, pipes, a web page, a Word draft, a PDF, bytes that are no text, a damaged PDF."""
    made = {
        "cells.txt": generate(seed=1, edition="2019", agency="甲县民政局", overrides={"s3.new.natural": "x"}).text,
        "pipes.txt": generate(seed=2, layout="pipes", agency="乙县交通运输局", overrides={"s3.new.total": "7"}).text,
        "page.html": generate(seed=3, layout="html", agency="丙县财政局", overrides={"s3.new.total": "7"}).text,
        "draft.docx": as_docx(generate(seed=4, layout="pipes", agency="丁县水利局",
                                       overrides={"s3.new.total": "7"}).text),
        "print.pdf": as_pdf(generate(seed=5, layout="pipes", agency="戊县教育局",
                                     overrides={"s3.new.total": "7"}).text),
        "binary.txt": bytes(range(256)) * 4,
        "broken.pdf": b"%PDF-1.7\n%%EOF",
    }
    for name, content in made.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return sorted(str(folder / name) for name in made)


def _cli_files(*args) -> list[dict]:
    out = subprocess.run([CLI, "check", "--format", "json", *args], capture_output=True, check=False)
    return json.loads(out.stdout)["files"]


def test_check_bytes_is_the_entry_the_command_writes_for_every_form(tmp_path):
    paths = _forms(tmp_path)
    entries = _cli_files(*paths)
    assert [e["path"] for e in entries] == paths
    assert {e["status"] for e in entries} == {"checked", "unreadable"}
    assert all(e["findings"] for e in entries)  # every entry has something to compare
    for path, entry in zip(paths, entries):
        with open(path, "rb") as handle:
            assert disclint.check_bytes(path, handle.read()) == entry, path


def test_check_bytes_takes_the_configuration_and_edition_it_is_given(tmp_path):
    report = generate(seed=4, edition="2021", overrides={"s3.new.total": "7"}).text.encode("utf-8")
    config = tmp_path / "strict.yaml"
    config.write_text("rules:\n  C505:\n    level: off\nignore: [T204]\nper-file-ignores:\n  'r.txt': [B301]\n",
                      encoding="utf-8")
    forced = disclint.check_bytes("r.txt", report, config=str(config), edition="2019")
    assert forced["edition"] == "2019"
    path = tmp_path / "r.txt"
    path.write_bytes(report)
    assert forced == _cli_files("--config", str(config), "--edition", "2019", str(path))[0] | {"path": "r.txt"}
    assert not {"C505", "T204", "B301"} & {f["code"] for f in forced["findings"]}
    assert [f["code"] for f in disclint.check_bytes("s.txt", report)["findings"]] == ["C505", "B301"]
    assert [f["code"] for f in disclint.check_bytes("s.txt", report, config=str(config))["findings"]] == ["B301"]
    assert disclint.check_bytes("r.txt", report, config=str(config))["findings"] == []  # B301 ignored for r.txt
    (tmp_path / "levels.yaml").write_text("rules:\n  B301:\n    level: info\n", encoding="utf-8")
    levelled = disclint.check_bytes("s.txt", report, config=str(tmp_path / "levels.yaml"))["findings"]
    assert [(f["code"], f["severity"]) for f in levelled] == [("C505", "error"), ("B301", "info")]


def test_a_bad_request_raises_before_any_file_and_a_bad_file_never_does(tmp_path):
    with pytest.raises(UsageError, match="未知的格式版本"):
        disclint.check_bytes("r.txt", b"", edition=2021)
    with pytest.raises(UsageError):
        next(scale.partition([("r.txt", b"")], edition="2030"))
    (tmp_path / "bad.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.yaml"):
        disclint.check_bytes("r.txt", b"", config=str(tmp_path / "bad.yaml"))
    empty = disclint.check_bytes("r.txt", b"")
    assert empty["status"] == "not-a-report" and empty["sha256"] == sha256(b"")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["r.txt", "r.html", "r.docx", "r.pdf", "r", "目录/报告.md"]), st.binary(max_size=300))
def test_any_bytes_give_a_file_object_and_never_an_exception(name, data):
    entry = disclint.check_bytes(name, data)
    assert entry["path"] == name and entry["sha256"] == sha256(data)
    assert entry["status"] in ("checked", "not-a-report", "unreadable")  # never failed: no internal error


def test_the_partition_yields_a_file_row_then_its_findings_with_one_schema(tmp_path):
    paths = _forms(tmp_path)
    pairs = [(path, open(path, "rb").read()) for path in paths]
    rows = list(scale.partition(pairs))
    assert all(tuple(row) == scale.COLUMNS for row in rows)
    engine = scale.fingerprint()
    assert {row["engine"] for row in rows} == {engine}
    files = [row for row in rows if row["kind"] == "file"]
    assert [row["path"] for row in files] == paths
    at = 0
    for (path, data), file_row in zip(pairs, files):
        entry = disclint.check_bytes(path, data)
        assert rows[at] is file_row
        found = rows[at + 1:at + 1 + len(entry["findings"])]
        at += 1 + len(found)
        assert all(row["kind"] == "finding" and row["sha256"] == sha256(data) for row in found)
        assert [(r["code"], r["line"], r["column"], r["message"], r["place"]) for r in found] == \
            [(f["code"], f["line"], f["column"], f["message"], f.get("place")) for f in entry["findings"]]
        assert all(file_row[k] == entry[k] for k in ("status", "edition", "report_year", "agency", "title", "sha256"))
        assert file_row["errors"] == sum(f["severity"] == "error" for f in entry["findings"])
        assert all(file_row[k] is None for k in scale.FINDING_COLUMNS)
    assert at == len(rows)


def test_every_value_of_a_row_is_of_its_column_type(tmp_path):
    """scale.DTYPES is what a data frame or parquet schema is made from: no row may hold another type."""
    paths = _years(tmp_path) + _forms(tmp_path)
    rows = list(scale.partition(map(_read, paths)))
    rows += list(scale.pair(row for row in rows if row["kind"] == "file"))
    assert tuple(scale.DTYPES) == scale.COLUMNS
    kinds = {"Int64": int, "float64": (int, float), "string": str}
    for row in rows:
        for column, value in row.items():
            assert value is None or (isinstance(value, kinds[scale.DTYPES[column]]) and not isinstance(value, bool)), \
                (column, value)
    assert {row["kind"] for row in rows} == {"file", "finding"} and any(row["expected"] is not None for row in rows)


def test_a_file_row_says_how_much_of_the_tables_was_read():
    full = generate(seed=7, edition="2021")
    [row] = [r for r in scale.partition([("r.txt", full.text.encode("utf-8"))]) if r["kind"] == "file"]
    cells = json.loads(row["cells"])
    assert row["cells_read"] == row["cells_total"] == len(cells) > 50
    assert row["equations_complete"] == row["equations_total"] > 10
    blank = generate(seed=7, edition="2021", layout="pipes", overrides={"s3.new.natural": ""}).text.encode("utf-8")
    [row] = [r for r in scale.partition([("r.txt", blank)]) if r["kind"] == "file"]
    assert json.loads(row["cells"])["s3.new.natural"] is None
    assert row["cells_read"] == row["cells_total"] - 1
    assert 0 < row["equations_complete"] < row["equations_total"]
    [row] = [r for r in scale.partition([("r.pdf", b"%PDF")]) if r["kind"] == "file"]
    assert (row["status"], row["cells"], row["cells_total"], row["equations_total"]) == ("unreadable", None, 0, 0)


def test_rows_of_unchanged_files_under_the_same_engine_are_not_made_again(tmp_path):
    """The re-check recipe of docs/scale.md: a file is checked again only when its bytes or the engine change."""
    import hashlib

    pairs = [(f"r{seed}.txt", generate(seed=seed).text.encode("utf-8")) for seed in range(3)]
    rows = list(scale.partition(pairs))
    engine = scale.fingerprint()
    done = {(r["path"], r["sha256"]) for r in rows if r["kind"] == "file" and r["engine"] == engine}
    pairs[1] = ("r1.txt", pairs[1][1].replace(b"\n", b"\r\n", 1))
    todo = [(path, data) for path, data in pairs if (path, hashlib.sha256(data).hexdigest()) not in done]
    assert [path for path, _ in todo] == ["r1.txt"]


def test_the_fingerprint_changes_with_every_setting_and_the_edition_only(tmp_path):
    settings = ("ignore: [T204]", "select: [balance]", "rules:\n  S101:\n    level: warning",
                "per-file-ignores:\n  '*.txt': [T204]", "agencies:\n  某局: 某某局", "edition: '2019'")
    configs = []
    for number, text in enumerate(settings):
        configs.append(tmp_path / f"c{number}.yaml")
        configs[-1].write_text(text + "\n", encoding="utf-8")
    plain = scale.fingerprint()
    assert plain == scale.fingerprint() and plain.startswith(disclint.__version__ + "+")
    made = [scale.fingerprint(str(config)) for config in configs] + [scale.fingerprint(edition="2019")]
    assert len({plain, *made}) == len(settings) + 2
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    (moved / "c0.yaml").write_text(settings[0] + "\n", encoding="utf-8")
    assert scale.fingerprint(str(moved / "c0.yaml")) == made[0]  # not where it lies


def test_the_fingerprint_is_the_same_in_every_process(tmp_path):
    """Workers on other machines, with other hash seeds and an empty cache, label their rows alike."""
    code = "from disclint import scale; print(scale.fingerprint())"
    seen = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, DISCLINT_CACHE_DIR=str(tmp_path / seed))
        seen.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout.strip())
    assert seen == {scale.fingerprint()}


def test_the_fingerprint_follows_the_editions(tmp_path, monkeypatch):
    """An edition added (DISCLINT_EDITIONS) is a different engine: every row is made anew."""
    from disclint import editions

    before = scale.fingerprint()
    with open(editions._edition_files()["2021"], encoding="utf-8") as handle:
        text = handle.read()
    local = tmp_path / "2021local.yaml"
    local.write_text(text.replace('edition: "2021"', 'edition: "2021local"'), encoding="utf-8")
    monkeypatch.setenv("DISCLINT_EDITIONS", str(local))
    for cached in (editions._edition_files, scale._engine):
        cached.cache_clear()
    try:
        assert "2021local" in editions.editions() and scale.fingerprint() != before
    finally:
        monkeypatch.delenv("DISCLINT_EDITIONS")
        for cached in (editions._edition_files, scale._engine):
            cached.cache_clear()
    assert scale.fingerprint() == before


def _years(tmp_path):
    """Two years of one agency whose carry-over disagrees (pair.carry-over), and a third agency's report."""
    last = generate(seed=8, edition="2021", year=2022, agency="某某县民政局")
    this = generate(seed=9, edition="2021", year=2023, agency="某某县民政局", previous=last,
                    overrides={"s3.carried.natural": "99"})
    other = generate(seed=10, edition="2021", year=2023, agency="某某县财政局")
    paths = []
    for name, report in (("2022.txt", last), ("2023.txt", this), ("other.txt", other)):
        (tmp_path / name).write_text(report.text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    return paths


def test_pairing_is_a_second_stage_over_the_file_rows_as_a_folder_run_pairs(tmp_path):
    paths = _years(tmp_path)
    rows = list(scale.partition((path, open(path, "rb").read()) for path in paths))
    files = [row for row in rows if row["kind"] == "file"]
    assert all(row["side"] for row in files)
    assert [scale.pairing_key(row) for row in files] == ["民政局", "民政局", "财政局"]
    paired = list(scale.pair(files))
    assert all(tuple(row) == scale.COLUMNS and row["kind"] == "finding" for row in paired)
    first = {row["code"] for row in rows if row["kind"] == "finding"}
    assert not any(code.startswith("Y") for code in first)  # the first stage runs no pair rule
    expected = [(path, f["code"], f["line"], f["message"]) for path, entry in zip(paths, _cli_files(*paths))
                for f in entry["findings"] if f["code"].startswith("Y")]
    assert "Y101" in {code for _, code, _, _ in expected}
    assert [(r["path"], r["code"], r["line"], r["message"]) for r in paired] == expected
    assert {r["sha256"] for r in paired} == {files[1]["sha256"]}
    # grouped by the key, as an engine's groupby hands the groups over: the same findings
    groups: dict = {}
    for row in files:
        groups.setdefault(scale.pairing_key(row), []).append(row)
    assert [r for group in groups.values() for r in scale.pair(group)] == paired


def test_pairing_without_pair_rules_has_no_sides(tmp_path):
    paths = _years(tmp_path)
    config = tmp_path / "c.yaml"
    config.write_text("ignore: [pair]\n", encoding="utf-8")
    rows = list(scale.partition(((p, open(p, "rb").read()) for p in paths), config=str(config)))
    files = [row for row in rows if row["kind"] == "file"]
    assert all(row["side"] is None for row in files)
    assert [scale.pairing_key(row) for row in files] == [None, None, None]
    assert list(scale.pair(files, config=str(config))) == []


def _installed(*modules) -> bool:
    import importlib.util

    return all(importlib.util.find_spec(module) is not None for module in modules)


def _read(path):
    with open(path, "rb") as handle:
        return path, handle.read()


def test_the_dask_recipe_on_a_two_worker_local_cluster(tmp_path):
    """docs/scale.md: a bag of paths, read and checked in the workers; pairing over the file rows."""
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("dask.distributed")
    import dask.bag as db

    paths = _years(tmp_path) + _forms(tmp_path)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        bag = db.from_sequence(paths, npartitions=2).map(_read).map_partitions(lambda pairs: list(scale.partition(pairs)))
        rows = client.compute(bag).result(timeout=60)  # a task that fails to cross to the client would hang
        files = db.from_sequence([row for row in rows if row["kind"] == "file"], npartitions=2)
        groups = files.groupby(scale.pairing_key).filter(lambda group: group[0] is not None)
        paired = client.compute(groups.map(lambda group: list(scale.pair(group[1]))).flatten()).result(timeout=60)
        if _installed("dask.dataframe", "pyarrow"):  # and into parquet, typed as scale.DTYPES says
            import pandas

            meta = pandas.DataFrame({column: pandas.Series(dtype=kind) for column, kind in scale.DTYPES.items()})
            bag = db.concat([db.from_sequence(rows, npartitions=2), db.from_sequence(paired, npartitions=1)])
            client.compute(bag.to_dataframe(meta=meta).to_parquet(str(tmp_path / "rows"), compute=False)).result(timeout=60)
            frame = pandas.read_parquet(tmp_path / "rows")
            assert len(frame) == len(rows) + len(paired) and list(frame.columns) == list(scale.COLUMNS)
            assert frame[frame.kind == "file"].report_year.notna().sum() == len([r for r in rows if r["report_year"]])
    assert rows == list(scale.partition(map(_read, paths)))
    assert sorted((r["path"], r["code"], r["line"]) for r in paired) == \
        sorted((r["path"], r["code"], r["line"]) for r in scale.pair(row for row in rows if row["kind"] == "file"))
    assert any(r["code"] == "Y101" for r in paired)
