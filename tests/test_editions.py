"""Editions are data: a fictitious edition added from a fixture YAML (tests/fixtures/editions/2026.yaml)
works with every command, and no rule spells a cell id."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from disclint.editions import load
from disclint.editions.build import build
from disclint.editions.schema import EDITION
from disclint.errors import EditionError

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "editions"


def disclint(*args, cwd=None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The CLI in a fresh process that knows the fictitious edition."""
    env = {**os.environ, "DISCLINT_EDITIONS": str(FIXTURE)}
    return subprocess.run([sys.executable, "-m", "disclint", *map(str, args)], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> Path:
    done = disclint("template", "--edition", "2026", "--year", "2026", "--agency", "某某市某某局")
    assert done.returncode == 0, done.stderr
    path = tmp_path_factory.mktemp("edition") / "report-2026.txt"
    path.write_text(done.stdout, encoding="utf-8")
    return path


def test_the_template_of_a_new_edition_is_written_from_its_file(skeleton):
    text = skeleton.read_text(encoding="utf-8")
    assert "第二十条第（十二）项" in text and "本年新制发件数" in text and "工作要点" in text


def test_check_recognises_the_new_edition_and_finds_nothing(skeleton):
    done = disclint("check", "--format", "json", skeleton)
    [file] = json.loads(done.stdout)["files"]
    left = [f for f in file["findings"] if f["code"] != "W707"]  # but the template's 【请填写】 placeholders
    assert (done.returncode, file["edition"], file["report_year"], left) == (0, "2026", 2026, [])


def test_its_required_statements_and_instrument_are_its_own(skeleton):
    text = re.sub(r"【请填写：[^】]*政务公开工作要点[^】]*】", "", skeleton.read_text(encoding="utf-8"))
    done = disclint("check", "--format", "concise", "-", stdin=text)
    assert "S109 [warning] 第六部分应说明落实年度政务公开工作要点的情况" in done.stdout
    early = skeleton.read_text(encoding="utf-8").replace("2027", "2024").replace("2026", "2023")  # the new format in 2023
    done = disclint("check", "--format", "concise", "-", stdin=early)
    assert "S105 [error] 2023年度报告应使用国办公开办函〔2021〕30号（2021年度起）格式，表格却使用国办公开办函〔2026〕8号格式" \
        in done.stdout


def test_one_label_of_another_edition_is_a_slip_not_that_edition():
    """A 2023 report on its own format with one header of the new one (本年新制发件数) is read on its year's format:
    the header is a wording slip (table.header-wording), never structure.edition-mismatch."""
    slip = disclint("template", "--edition", "2021", "--year", "2023").stdout.replace("本年制发件数", "本年新制发件数")
    done = disclint("check", "--format", "concise", "-", stdin=slip)
    assert "S105" not in done.stdout and "T213 [warning] 表头应为“本年制发件数”，实为“本年新制发件数”" in done.stdout


def test_extract_rules_config_and_edition_flag_accept_it(skeleton, tmp_path):
    cells = json.loads(disclint("extract", skeleton).stdout)["files"][0]["cells"]
    assert cells["s2.20-12.emergency.plans"]["value"] == 0 and "s2.20-9.procurement.amount" not in cells
    assert disclint("rules").returncode == 0
    assert disclint("check", "--edition", "2026", skeleton).returncode == 0
    copy = tmp_path / "r.txt"
    copy.write_text(skeleton.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".disclint.yaml").write_text("edition: 2031\n", encoding="utf-8")
    done = disclint("check", copy)
    assert done.returncode == 2 and "auto、2019、2021、2026 之一" in done.stderr


def test_check_and_extract_agree_on_the_edition_the_configuration_sets(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(disclint("template", "--edition", "2021", "--year", "2023").stdout, encoding="utf-8")
    (tmp_path / ".disclint.yaml").write_text("edition: 2026\n", encoding="utf-8")
    checked = json.loads(disclint("check", "--format", "json", report).stdout)["files"][0]
    extracted = json.loads(disclint("extract", report).stdout)["files"][0]
    assert checked["edition"] == extracted["edition"] == "2026"
    assert "s2.20-12.emergency.plans" in extracted["cells"]


def test_no_rule_spells_a_cell_id():
    cell_id = re.compile(r"\bs[234]\.[\w-]+\.\w+")
    for path in (ROOT / "rules").glob("*.py"):
        found = cell_id.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} spells cell ids: {found}"


# -- editions as validated data: a revision is a short file, and a defect is named with its file and line ----

EDITIONS = ROOT / "linter" / "editions"
COMMON = EDITIONS / "common.yaml"
REVISION = Path(__file__).parent / "fixtures" / "revision"   # 2027: a row added to table 三, a column renamed


def _files(*extra: Path) -> dict[str, str]:
    """Edition name → file: the shipped editions, the fixture 2026, and ``extra``."""
    paths = [*EDITIONS.glob("20*.yaml"), FIXTURE / "2026.yaml", *extra]
    return {p.stem: str(p) for p in paths}


def _build(name: str, *extra: Path, common: Path = COMMON):
    return build(name, _files(*extra), str(common))


def _refused(tmp_path: Path, text: str, name: str = "2031", common: Path = COMMON) -> tuple[str, Path]:
    """The message of the EditionError an edition file ``text`` (named ``name``) is refused with, and its path."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        _build(name, path, common=common)
    return str(caught.value), path


def _line(text: str, words: str) -> int:
    """The line (from 1) of the first line holding ``words`` outside a comment."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if words in line.split("#")[0])


def _full_2021(name: str = "2031") -> str:
    return (EDITIONS / "2021.yaml").read_text(encoding="utf-8").replace('edition: "2021"', f'edition: "{name}"')


def test_a_misspelt_key_is_refused_with_its_file_and_line(tmp_path):
    text = _full_2021().replace("years: [2021, null]", "yeras: [2021, null]")
    message, path = _refused(tmp_path, text)
    assert message == f"{path}:{_line(text, 'yeras')}: 未知的键“yeras”（是否应为“years”？）"
    nested = _full_2021().replace("{id: made, label: 本年制发件数}", "{id: made, lable: 本年制发件数}")
    message, path = _refused(tmp_path, nested)
    assert message == f"{path}:{_line(nested, 'lable')}: 未知的键“s2.items[0].columns[0].lable”（是否应为“label”？）"


@pytest.mark.parametrize("text, line, message", [
    ('edition: "2031"\nyears: [2031, null\ninstrument: x\n', 3, "不是有效的 YAML（"),
    ('edition: "2031"\nyears: [2031, null]\nyears: [2032, null]\n', 3, "键“years”重复"),
    ("- a list\n", None, "版本文件应为键值表（键: 值）"),
    ('edition: "2031"\ninstrument: x\nyears: [2031]\nextends: "2021"\n', 3, "“years”应有 2 项，而不是 1 项"),
    ('edition: "2031"\ninstrument: x\nyears: [2031, "2032"]\nextends: "2021"\n', 3, "“years[1]”应为整数或null"),
    ('edition: "2031"\ninstrument: x\nyears: [2031, null]\nextends: "2021"\nchanges:\n  - add_row: {table: s3, after: r1}\n',
     6, "“changes[0].add_row”缺少键“row”"),
])
def test_a_file_that_is_not_an_edition_is_refused_with_its_place(tmp_path, text, line, message):
    found, path = _refused(tmp_path, text)
    assert found.startswith(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def test_an_edition_file_not_in_utf8_is_refused(tmp_path):
    path = tmp_path / "2031.yaml"
    path.write_bytes(_full_2021().encode("gb18030"))
    with pytest.raises(EditionError, match=r"2031.yaml: 版本文件不是 UTF-8 编码"):
        _build("2031", path)


def test_a_tables_key_in_an_edition_file_is_refused_not_ignored(tmp_path):
    text = _full_2021() + "tables:\n  s3:\n    name: 表三\n"
    message, path = _refused(tmp_path, text)
    assert message.startswith(f"{path}:{_line(text, 'tables:')}: 未知的键“tables”（可用的键：edition、instrument、years")


def test_a_missing_years_key_is_refused_with_the_file_not_an_internal_error(tmp_path):
    text = _full_2021().replace("years: [2021, null]\n", "")
    message, path = _refused(tmp_path, text)
    assert message == f"{path}:{_line(text, 'edition:')}: 文件缺少键“years”"
    report = tmp_path / "r.txt"
    report.write_text(disclint("template", "--edition", "2021", "--year", "2023").stdout, encoding="utf-8")
    for command in (("check", report), ("extract", report), ("template", "--edition", "2031")):
        done = subprocess.run([sys.executable, "-m", "disclint", *map(str, command)], capture_output=True, text=True,
                              encoding="utf-8", env={**os.environ, "DISCLINT_EDITIONS": str(path)})
        assert (done.returncode, done.stderr) == (2, f"disclint: 格式版本文件错误: {message}\n"), command


def test_columns_changed_without_header_rows_are_refused(tmp_path):
    common = COMMON.read_text(encoding="utf-8")
    changed = tmp_path / "common.yaml"
    changed.write_text(common.replace("{id: social, label: 社会公益组织,", "{id: social, label: 社会组织,"), encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        _build("2021", common=changed)
    header = _line(common, "header_rows:")  # table 三's, the first
    assert str(caught.value) == f"{changed}:{header}: 表三的表头（header_rows）中没有“社会组织”：改了 columns 就要一并改 header_rows"


def test_a_row_added_to_a_group_but_not_to_the_sums_over_it_is_refused(tmp_path):
    """The dry run's silent drop: a row added to （六） in a full edition file, s3_result_rows left as it was."""
    added = "    - {id: r6-4, label: 4.申请人撤回申请, group: （六）其他处理}\n"
    text = _full_2021().replace("\ns2:\n", added + "\ns2:\n", 1)
    message, path = _refused(tmp_path, text)
    assert message == f"{path}:{_line(text, 's3_result_rows')}: 集合“s3_result_rows”有“（六）其他处理”的 3 行，却缺少同组的行 r6-4"
    text = text.replace("r6-1, r6-2, r6-3]", "r6-1, r6-2, r6-3, r6-4]")
    message, path = _refused(tmp_path, text)  # and the named fact of the group
    assert message == (f"{path}:{_line(text, 'outcomes.other')}: 事实“outcomes.other”有“（六）其他处理”的 3 行，"
                       "却缺少同组的 s3.r6-4.total")


def _revision(changes: str, name: str = "2031") -> str:
    return f'edition: "{name}"\nextends: "2021"\ninstrument: 某号\nyears: [2031, null]\nchanges:\n{changes}'


@pytest.mark.parametrize("changes, words, message", [
    ("  - add_row: {table: s3, after: r9, row: {id: x, label: 新行}}\n", "after: r9", "表格“s3”没有“r9”（有：new、carried、"),
    ("  - add_row: {table: s9, after: r1, row: {id: x, label: 新行}}\n", "table: s9", "没有表格“s9”（有：s2.20-1、"),
    ("  - add_row: {table: s3, after: r1, row: {id: r2, label: 新行}}\n", "id: r2", "表格“s3”已有行“r2”"),
    ("  - rename_column: {table: s3, column: people, label: 个人}\n", "people", "表格“s3”没有“people”（有：natural、"),
    ("  - replace_equation: {id: E2, each: {c: s3_columns}, sum: {r: s3_result_rowz}, left: ['s3.total.{c}'],"
     " right: ['s3.{r}.{c}']}\n", "E2", "“E2”用到的集合“s3_result_rowz”不存在"),
    ("  - replace_equation: {id: E2, each: {c: s3_columns}, left: ['s3.total.{c}'], right: ['s3.r9.{c}']}\n", "E2",
     "“E2”的“s3.r9.{c}”指向不存在的单元格 s3.r9.natural"),
    ("  - replace_equation: {id: E9, each: {c: s3_columns}, left: ['s3.total.{c}'], right: ['s3.r1.{c}']}\n", "E9",
     "勾稽关系中没有“E9”（有：E1、E2、E3、E4）"),
    ("  - add_table: {after: 20-99, table: {id: 20-12, caption: 第二十条第（十二）项, columns: [], rows: []}}\n", "20-99",
     "表二没有子表“20-99”"),
    ("  - add_row: {table: s3, after: r1, row: {id: x, label: 新行}}\n    rename_column: {table: s3, column: natural, label: 个人}\n",
     "add_row", "“changes[0]”应只写一项，如：add_row、rename_column、add_table、replace_equation"),
])
def test_a_change_naming_what_does_not_exist_is_refused_at_its_line(tmp_path, changes, words, message):
    text = _revision(changes)
    found, path = _refused(tmp_path, text)
    assert found.startswith(f"{path}:{_line(text, words)}: {message}")


def test_facts_cycles_and_tables_in_an_extension_are_refused(tmp_path):
    text = _revision("  []\n") + "facts:\n  outcomes.other: [s3.r7.total]\n"
    assert _refused(tmp_path, text)[0].endswith(f":{_line(text, 'outcomes.other')}: 事实“outcomes.other”的单元格不存在：s3.r7.total")
    text = _revision("  []\n").replace('extends: "2021"', 'extends: "2031"')
    assert _refused(tmp_path, text)[0].endswith(":2: 版本的扩展成环：2031 → 2031")
    text = _revision("  []\n") + "s2: {name: 表二, headers: [], items: []}\n"
    assert "“s2”不能出现在这里（扩展另一版本的文件用 changes 修改表格" in _refused(tmp_path, text)[0]
    text = _revision("  []\n").replace('extends: "2021"', 'extends: "2030"')
    assert _refused(tmp_path, text)[0].endswith(":2: 没有版本“2030”（已有：2019、2021、2026、2031）")


def test_the_revision_puts_its_new_row_in_every_equation_and_fact_of_its_group_and_renames_the_header():
    template, base = _build("2027", REVISION / "2027.yaml"), _build("2026")
    s3 = template.tables["s3"]
    ids = [r.id for r in base.tables["s3"].rows]
    assert [r.id for r in s3.rows] == ids[:ids.index("r5-5") + 1] + ["r5-6"] + ids[ids.index("r5-5") + 1:]
    before = {e.key: e for e in base.equations}
    for column in s3.columns:
        [total] = [e for e in template.equations if e.key == f"E2[{column.id}]"]
        right = list(before[total.key].right)
        assert total.right == (*right[:right.index(f"s3.r5-5.{column.id}") + 1], f"s3.r5-6.{column.id}",
                               *right[right.index(f"s3.r5-5.{column.id}") + 1:])
    assert [e.cells for e in template.equations if e.key == "E3[r5-6]"] == \
        [("s3.r5-6.total", *(f"s3.r5-6.{c}" for c in ("natural", "commercial", "research", "social", "legal", "other")))]
    assert template.facts["outcomes.not-processed"] == (*base.facts["outcomes.not-processed"], "s3.r5-6.total")
    assert template.facts["outcomes.not-processed.repeated"] == base.facts["outcomes.not-processed.repeated"]
    assert s3.header_rows[2] == ("商业企业", "科研机构", "社会组织", "法律服务机构", "其他")
    assert template.columns_by_cell["s3.new.social"].label == "社会组织"
    assert template.tables["s2.20-1"].header_rows == base.tables["s2.20-1"].header_rows  # what 2026 changed stays


def test_the_fixture_2026_is_a_short_revision_of_2021():
    template, base = _build("2026"), _build("2021")
    assert list(template.tables) == ["s2.20-1", "s2.20-5", "s2.20-6", "s2.20-12", "s2.20-8", "s3", "s4"]
    assert template.tables["s2.20-1"].header_rows == (("信息内容", "本年新制发件数", "本年废止件数", "现行有效件数"),)
    assert [s.id for s in template.statements] == ["processing-fee", "key-points"]
    assert (template.equations, template.facts, template.relations) == (base.equations, base.facts, base.relations)


@pytest.mark.parametrize("after", [r.id for r in load("2021").tables["s3"].rows if r.group])
def test_a_row_added_anywhere_in_a_group_joins_its_sums(tmp_path, after):
    group = load("2021").tables["s3"].row(after).group
    text = _revision(f"  - add_row: {{table: s3, after: {after}, row: {{id: added, label: 新增的行, group: {group}}}}}\n")
    path = tmp_path / "2031.yaml"
    path.write_text(text, encoding="utf-8")
    template = _build("2031", path)
    for equation in template.equations:
        if f"s3.{after}.natural" in equation.right and equation.id == "E2":
            assert "s3.added.natural" in equation.right
    for fact, cells in template.facts.items():
        if f"s3.{after}.total" in cells:
            siblings = [r.id for r in template.tables["s3"].rows if r.group == group]
            assert ("s3.added.total" in cells) == (len([c for c in cells if c.split(".")[1] in siblings]) > 2), fact


def _revision_cli(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DISCLINT_EDITIONS": os.pathsep.join((str(FIXTURE), str(REVISION)))}
    return subprocess.run([sys.executable, "-m", "disclint", *map(str, args)], env=env, input=stdin,
                          capture_output=True, text=True, encoding="utf-8")


def test_every_command_works_with_the_revision(tmp_path):
    done = _revision_cli("template", "--edition", "2027", "--year", "2027", "--agency", "某某市某某局")
    assert done.returncode == 0 and "6.申请人撤回申请" in done.stdout and "社会组织" in done.stdout
    lines = done.stdout.splitlines()
    report = tmp_path / "report-2027.txt"
    report.write_text(done.stdout, encoding="utf-8")
    [file] = json.loads(_revision_cli("check", "--format", "json", report).stdout)["files"]
    assert (file["edition"], [f for f in file["findings"] if f["code"] != "W707"]) == ("2027", [])
    cells = json.loads(_revision_cli("extract", report).stdout)["files"][0]["cells"]
    assert {c for c in cells if c.startswith("s3.r5-6.")} == {f"s3.r5-6.{c}" for c in
                                                               ("natural", "commercial", "research", "social", "legal", "other", "total")}
    codebook = _revision_cli("extract", "--codebook").stdout.splitlines()
    assert "s3.r5-6.social,表三,（五）不予处理·6.申请人撤回申请,法人或其他组织·社会组织,2027,件" in codebook
    page = _revision_cli("check", "--format", "html", report).stdout
    assert "6.申请人撤回申请" in page and "社会组织" in page
    at = lines.index("6.申请人撤回申请") + 2  # its first value (自然人), one cell a line
    broken = "\n".join([*lines[:at], "1", *lines[at + 1:]]) + "\n"
    done = _revision_cli("check", "--format", "concise", "-", stdin=broken)
    [finding] = [line for line in done.stdout.splitlines() if " B302 " in line]
    assert f"-:{at + 1}:1: B302 [error] 表三“（五）不予处理·6.申请人撤回申请”行“自然人”列为 1，按勾稽关系应为 0：" \
           "“自然人”列：（七）总计 = 各项办理结果之和（0 ≠ 合计 1）；“（五）不予处理·6.申请人撤回申请”行：总计" in finding


def test_the_published_schema_is_current_and_a_full_validator_agrees(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    assert json.loads((ROOT / "docs" / "edition.schema.json").read_text(encoding="utf-8")) == EDITION, \
        "docs/edition.schema.json is stale: run python -m disclint.docs docs"
    validator = jsonschema.Draft202012Validator(EDITION)
    for path in [*EDITIONS.glob("20*.yaml"), FIXTURE / "2026.yaml", REVISION / "2027.yaml"]:
        validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    for text in (_full_2021().replace("years: [2021, null]", "yeras: [2021, null]"), _full_2021() + "tables: {}\n",
                 _revision("  []\n") + "s2: {name: 表二, headers: [], items: []}\n", _full_2021() + "changes: []\n"):
        assert not validator.is_valid(yaml.safe_load(text))
        _refused(tmp_path, text)


def test_an_edition_is_checked_when_its_cache_entry_is_built_not_on_every_start(tmp_path):
    probe = ("import sys; from disclint.editions import load, vocabulary; load('2021'); vocabulary(); "
             "print('disclint.editions.schema' in sys.modules, 'yaml' in sys.modules)")
    env = {**os.environ, "DISCLINT_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True).stdout for _ in "ab"]
    assert runs == ["True True\n", "False False\n"]


@pytest.mark.parametrize("source", [EDITIONS / "2021.yaml", FIXTURE / "2026.yaml"])
def test_any_line_lost_or_any_key_misspelt_is_an_edition_error_at_a_line_never_an_internal_one(tmp_path, source):
    """Every line of an edition deleted, and every key on it misspelt: the edition still builds (a comment, a
    fact renamed) or is refused with an EditionError naming a file and a line of it; nothing else escapes."""
    lines = source.read_text(encoding="utf-8").replace(f'edition: "{source.stem}"', 'edition: "2031"').splitlines()
    path = tmp_path / "2031.yaml"
    refused = 0
    for at, line in enumerate(lines):
        key = re.match(r"^(\s*(?:- )?\{?)(\w+):", line)
        for text in ([*lines[:at], *lines[at + 1:]],
                     [*lines[:at], f"{key.group(1)}{key.group(2)}x:{line[key.end():]}", *lines[at + 1:]] if key else None):
            if text is None:
                continue
            path.write_text("\n".join(text) + "\n", encoding="utf-8")
            try:
                build("2031", {**_files(), "2031": str(path)}, str(COMMON))
            except EditionError as exc:
                refused += 1
                place = re.match(r"(.+\.yaml):(\d+): ", str(exc))  # this file, or where common.yaml uses what it lost
                assert place, (at, str(exc))
                assert 1 <= int(place.group(2)) <= len(Path(place.group(1)).read_text(encoding="utf-8").splitlines())
    assert refused > len(lines) // 2
