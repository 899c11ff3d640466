"""docs/serve.md is true: every command and request it shows is run here (the curl requests against a real
server, the documented ``disclint serve`` lines started and asked for their health, the backup made), and
what cannot run on this machine (a Windows service, a systemd unit, the install) is checked for what it
says: its ``disclint serve`` options are the parser's, the extra it installs exists."""
from __future__ import annotations

import configparser
import io
import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest
from documents import as_docx

from disclint.cli import build_parser
from disclint.synth import generate, series

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from servers import Server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC, re.S)
SH = [line for kind, block in BLOCKS if kind == "sh" for line in block.splitlines() if line.strip()]
PLACEHOLDER = "换成生成的令牌"  # the docs' token, which a reader replaces (and the tests with an ASCII one)


def test_the_docs_show_every_kind_of_command():
    assert {kind for kind, _ in BLOCKS} == {"sh", "bat", "ini"}
    assert sum(line.startswith("curl") for line in SH) == 6


def serve_arguments(command: str) -> list[str]:
    """The arguments after ``serve`` of a documented command line (a Windows one too; a scheduled task's
    command is the one quoted after /TR)."""
    words = shlex.split(command.replace("\\", "/"))
    if "/TR" in words:
        words = shlex.split(words[words.index("/TR") + 1])
    assert re.search(r"disclint(\.exe)?$", words[words.index("serve") - 1])
    return words[words.index("serve") + 1:]


def documented_serves() -> list[str]:
    return [line for kind, block in BLOCKS for line in block.splitlines() if re.search(r"disclint(\.exe)? serve", line)]


def test_every_documented_serve_command_has_the_parsers_options():
    lines = documented_serves()
    assert len(lines) == 5  # two to run, the systemd unit, NSSM, the scheduled task
    for line in lines:
        args = build_parser().parse_args(["serve", *serve_arguments(line)])
        assert args.command == "serve"
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str
    unit.read_string(next(block for kind, block in BLOCKS if kind == "ini"))
    assert unit["Service"]["ExecStart"].split()[1:2] == ["serve"]
    assert unit["Service"]["Environment"].startswith("DISCLINT_TOKEN=")


def test_the_install_commands_name_the_serve_extra_and_it_installs_what_the_service_imports():
    installs = [line for kind, block in BLOCKS for line in block.splitlines() if "pip install" in line]
    assert installs and all(re.search(r"""pip install ['"]\.\[serve\]['"]""", line) for line in installs)
    extra = re.search(r"^serve = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)
    names = re.findall(r'"([\w-]+)', extra)  # tomllib is Python 3.11's; the project runs on 3.10
    assert names == ["starlette", "uvicorn", "python-multipart"]
    assert all(find_spec(name.replace("-", "_")) for name in names)


@pytest.mark.parametrize("line", [line for line in SH if re.search(r"disclint serve", line)])
def test_a_documented_serve_command_starts_a_service(tmp_path, line):
    env, words = {}, shlex.split(line.replace(PLACEHOLDER, "docs-token-123"))
    while "=" in words[0]:
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    options, rest = [], words[2:]
    while rest:  # the port and the folder are the test's; the rest as documented
        word = rest.pop(0)
        if word in ("--port", "--data"):
            rest.pop(0)
        elif word != "--no-open":
            options.append(word)
    server = Server(str(tmp_path), *options, env={"DISCLINT_TOKEN": "", **env}).start()
    try:
        bearer = {"Authorization": f"Bearer {env['DISCLINT_TOKEN']}"} if "DISCLINT_TOKEN" in env else {}
        assert server.get("/api/health", headers=bearer).json()["status"] == "ok"
        if bearer:
            assert server.get("/api/health").status == 401
    finally:
        server.stop()


def test_the_documented_token_command_makes_a_token():
    line = next(line for line in SH if "secrets" in line)
    token = subprocess.run(shlex.split(line.replace("python3", sys.executable, 1)), capture_output=True, text=True).stdout.strip()
    assert re.fullmatch(r"[\w-]{32}", token)


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl on this machine")
def test_the_documented_requests_answer_as_documented(server, tmp_path, capsys):
    from conftest import run

    before, this = series(seed=31, years=(2023, 2024))
    (tmp_path / "年度报告.docx").write_bytes(as_docx(generate(seed=30, layout="pipes").text))
    (tmp_path / "2023年度报告.txt").write_text(before.text, encoding="utf-8")
    (tmp_path / "2024年度报告.txt").write_text(this.text, encoding="utf-8")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("报告/2023年度报告.txt", before.text)
        out.writestr("报告/2024年度报告.txt", this.text)
    (tmp_path / "全部报告.zip").write_bytes(archive.getvalue())
    answers, batch = [], None
    for line in (line for line in SH if line.startswith("curl")):
        command = line.replace("http://127.0.0.1:8765", server.url)
        if batch:
            command = command.replace("批次号", batch)
        done = subprocess.run(["bash", "-c", "curl -sS --fail " + command[5:]], cwd=tmp_path, capture_output=True,
                              env={"PATH": "/usr/bin:/bin", "DISCLINT_TOKEN": ""})
        assert done.returncode == 0, (command, done.stderr)
        answers.append(done.stdout)
        if "/api/batches " in command + " ":
            batch = json.loads(done.stdout)["id"]
            while server.get(f"/api/batches/{batch}").json()["state"] != "done":  # the next request asks for it
                time.sleep(0.1)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        assert json.loads(answers[0]) == json.loads(run(capsys, "check", "--format", "json", "年度报告.docx")[1])
        assert json.loads(answers[1]) == json.loads(run(capsys, "check", "--format", "json", "2024年度报告.txt",
                                                        "--previous", "2023年度报告.txt")[1])
    assert json.loads(answers[2])["files"] == 2
    assert json.loads(answers[3])["state"] == "done"
    assert (tmp_path / "汇总.xlsx").read_bytes()[:2] == b"PK"
    assert json.loads(answers[5])["status"] == "ok"


def test_the_documented_backup_copies_the_batches(server, tmp_path):
    batch = server.batch([("files", "a.txt", generate(seed=32).text.encode())])
    line = next(line for line in SH if ".backup(" in line)
    data = Path(server.data)
    subprocess.run(shlex.split(line.replace("python3", sys.executable, 1)), cwd=data, check=True)
    copy = data / "备份.sqlite3"
    try:
        assert sqlite3.connect(copy).execute("SELECT state FROM batch WHERE id = ?", (batch,)).fetchall() == [("done",)]
    finally:
        copy.unlink()
