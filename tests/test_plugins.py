"""Rule packs of other packages (entry point group ``disclint.rules``, linter/plugins.py): run only when asked
for, in batch workers too, refused whole when broken. The packs are fake distributions made in tmp_path and
put on sys.path: nothing is installed."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from disclint import api
from disclint.cli import main
from disclint.errors import UsageError
from disclint.rules.registry import RULES
from disclint.synth import generate

PACK = '''
from disclint.findings import WARNING
from disclint.rule import Rule


class Signed(Rule):
    """检查报告是否写明联系人（规则包示例）。

    **选项。** 无。
    """

    code, name, severity, summary = "X901", "local.contact", WARNING, "未写明联系人"

    def check(self, report):
        if not any("联系人" in para.text for para in report.paragraphs()):
            yield self.at(None, "报告未写明联系人")


RULES = (Signed,)
'''


def _pack(folder, entry: str = "fakepack:RULES", source: str = PACK) -> None:
    """A distribution ``fakepack`` in ``folder``: its module, and its metadata with one entry point."""
    (folder / "fakepack.py").write_text(source, encoding="utf-8")
    info = folder / "fakepack-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakepack\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[disclint.rules]\nlocal = {entry}\n", encoding="utf-8")


@pytest.fixture
def packs(tmp_path, monkeypatch):
    """A folder on sys.path for fake distributions; the registry of this process as it was afterwards."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("PYTHONPATH", str(folder))  # for the batch workers, however they are started
    monkeypatch.setattr(api, "_PLUGINS", ())
    monkeypatch.delitem(sys.modules, "fakepack", raising=False)
    return folder


def _codes(capsys, *args) -> list[list[str]]:
    code = main([str(a) for a in args] + ["--format", "json"])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    return [[f["code"] for f in file["findings"]] for file in json.loads(out)["files"]]


def test_a_pack_runs_only_when_asked_for_and_in_every_worker(packs, tmp_path, capsys):
    _pack(packs)
    reports = []
    for agency in ("某某县民政局", "某某县财政局"):
        reports.append(tmp_path / f"{agency}.txt")
        reports[-1].write_text(generate(seed=3, agency=agency).text, encoding="utf-8")
    assert _codes(capsys, "check", *reports, "--jobs", "1") == [[], []]
    assert _codes(capsys, "check", *reports, "--jobs", "2", "--plugins") == [["X901"], ["X901"]]
    assert _codes(capsys, "check", reports[0], "--plugins", "--ignore", "local") == [[]]
    assert main(["rule", "X901", "--plugins"]) == 0 and "检查报告是否写明联系人" in capsys.readouterr().out
    assert main(["rules", "--plugins"]) == 0 and capsys.readouterr().out.splitlines()[-1].startswith("X901  local.contact")


@pytest.mark.parametrize("entry, source, refused", [
    ("fakepack:NOTHING", PACK, "无法加载：AttributeError"),
    ("fakepack:RULES", PACK.replace("(Signed,)", "(Signed, 'S101')"), "'S101' 不是规则类"),
    ("fakepack:RULES", PACK.replace('"X901", "local.contact"', '"S101", "local.contact"'),
     "规则 S101（local.contact）与已有规则的代码或名称相同"),
])
def test_a_broken_pack_is_refused_whole(packs, entry, source, refused):
    _pack(packs, entry, source)
    with pytest.raises(UsageError, match=refused):
        api.use_plugins()
    assert api.registry() == RULES  # nothing of it was added


def test_start_up_does_not_read_the_installed_distributions():
    """Finding entry points reads every installed distribution's metadata: only --plugins pays for it."""
    probe = ("import sys; from disclint.cli import main; from disclint.synth import generate; "
             "open(sys.argv[1], 'w', encoding='utf-8').write(generate(seed=1).text); main(['check', sys.argv[1], "
             "'--format', 'json', '--output-file', sys.argv[1] + '.json']); print('importlib.metadata' in sys.modules)")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([sys.executable, "-c", probe, f"{folder}/r.txt"], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_a_worker_that_was_not_forked_reads_the_packs_its_parent_uses(packs):
    """A process pool that spawns its workers (macOS, Windows, forkserver) starts each with _worker_start."""
    _pack(packs)
    probe = "from disclint import api; api._worker_start(True); print(api.registry()[-1].code)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "X901", done.stderr
