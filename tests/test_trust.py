"""Trust (issue 24): what a careful user or an attacker meets after the input is survived: files rewritten
in place, outputs opened in a browser or Excel, the terminal, configuration files and batch processes."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclint.synth import generate


def _fixable(seed=2, layout="cells"):
    """A generated report with three safe fixes: a heading's wording, a "/" in a count, a lost bracket."""
    text = generate(seed=seed, layout=layout, overrides={"s2.20-6.penalty.decisions": "/"}).text
    text = text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    return text.replace("（某府办发〔2023〕12号）", "（某府办发〔202312号）")


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(_fixable(), encoding="utf-8")
    return path


# --fix: whole or not at all ------------------------------------------------------------------------------------

KILLED_AT = """
import os, signal, sys
from disclint.cli import main
os.{name} = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
main(["check", sys.argv[1], "--fix"])
"""


@pytest.mark.parametrize("name", ["fsync", "replace"])
def test_fix_killed_while_writing_leaves_the_report_whole(report, name):
    before = report.read_bytes()
    run = subprocess.run([sys.executable, "-c", KILLED_AT.format(name=name), str(report)], capture_output=True)
    assert run.returncode == -signal.SIGKILL
    assert report.read_bytes() == before


def test_fix_that_cannot_be_written_says_so_and_leaves_the_report_whole(capsys, report, monkeypatch):
    import errno

    before = report.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run(capsys, "check", report, "--fix")
    assert code == 2 and "无法写入" in err and "未修复" in err and "已修复" not in err.replace("共修复 0 处", "")
    assert report.read_bytes() == before
    assert sorted(os.listdir(report.parent)) == ["r.txt"]  # no partial file left beside it


def test_a_report_changed_after_it_was_checked_is_not_fixed(capsys, report, monkeypatch):
    import disclint.api

    checked = disclint.api.collect

    def then_edited(*args, **kwargs):  # an editor (or a second --fix) saves while the batch runs
        results = checked(*args, **kwargs)
        with open(report, "ab") as handle:
            handle.write("编辑刚加的一行\n".encode())
        return results

    monkeypatch.setattr(disclint.api, "collect", then_edited)
    code, _, err = run(capsys, "check", report, "--fix")
    assert code == 2 and "文件在检查之后已被改动，未修复" in err and "已修复 3 处" not in err
    assert report.read_text(encoding="utf-8").endswith("编辑刚加的一行\n")


def test_a_report_grown_past_the_limit_is_not_cut(capsys, report, monkeypatch):
    import disclint.api
    from disclint.readers import MAX_BYTES

    checked = disclint.api.collect

    def then_grown(*args, **kwargs):
        results = checked(*args, **kwargs)
        with open(report, "ab") as handle:
            handle.write(b"\n" * (MAX_BYTES + 10))
        return results

    monkeypatch.setattr(disclint.api, "collect", then_grown)
    code, _, err = run(capsys, "check", report, "--fix")
    size = report.stat().st_size
    assert "未修复" in err and "已修复" not in err.replace("共修复 0 处", "") and size > MAX_BYTES + 10


def test_a_file_changed_between_reading_and_renaming_is_kept(tmp_path):
    from disclint.fixes import Changed, _replace

    path = tmp_path / "r.txt"
    path.write_bytes(b"old")
    seen = os.stat(path)
    path.write_bytes(b"edited meanwhile")
    with pytest.raises(Changed):
        _replace(str(path), b"fixed", seen)
    assert path.read_bytes() == b"edited meanwhile" and os.listdir(tmp_path) == ["r.txt"]


def test_fix_keeps_the_mode_and_a_link_inside_its_folder(capsys, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(_fixable(), encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    code, _, err = run(capsys, "check", link, "--fix")
    assert "已修复 3 处" in err
    assert link.is_symlink() and os.stat(real).st_mode & 0o777 == 0o640
    assert "五、存在的主要问题及改进情况" in real.read_text(encoding="utf-8")


def test_fix_never_follows_a_link_out_of_its_folder(capsys, tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "elsewhere").mkdir()
    outside = tmp_path / "elsewhere" / "r.txt"
    outside.write_text(_fixable(), encoding="utf-8")
    before = outside.read_bytes()
    (tmp_path / "reports" / "r.txt").symlink_to(outside)
    code, _, err = run(capsys, "check", tmp_path / "reports", "--fix")
    assert code == 2 and "符号链接" in err and "未修复" in err
    assert outside.read_bytes() == before and (tmp_path / "reports" / "r.txt").is_symlink()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.sampled_from(["cells", "pipes", "html"]))
def test_fixing_twice_changes_nothing_the_second_time(seed, layout):
    from disclint.api import lint_bytes
    from disclint.fixes import apply, edits

    kind = "html" if layout == "html" else "text"
    name = "r.html" if layout == "html" else "r.txt"
    data = _fixable(seed, layout).encode("utf-8")
    once, made, _ = apply(data, kind, edits(lint_bytes(name, data)))
    assert made
    twice, again, _ = apply(once, kind, edits(lint_bytes(name, once)))
    assert twice == once and again == []


# spreadsheets: no formula, no character a workbook cannot hold --------------------------------------------------

HOSTILE_TITLE = "=1+2某某县\x0b\x03数据资源局"


def _hostile(tmp_path, monkeypatch):
    """A report whose title and agency begin as a formula and hold control characters, in a file whose name
    does too (given relative, as a batch names files)."""
    monkeypatch.chdir(tmp_path)
    name = "=1+2\x0b.txt"
    (tmp_path / name).write_text(generate(seed=2, overrides={"s3.r1.total": "3"}).text
                                 .replace("某某县数据资源局", HOSTILE_TITLE, 1), encoding="utf-8")
    return name


@pytest.mark.parametrize("command", [("check", "--format", "xlsx"), ("extract", "--format", "xlsx")])
def test_xlsx_cells_are_never_formulas_and_hold_any_title(capsys, tmp_path, monkeypatch, command):
    from openpyxl import load_workbook

    name = _hostile(tmp_path, monkeypatch)
    code, _, err = run(capsys, command[0], name, *command[1:], "--output-file", "out.xlsx")
    assert "内部错误" not in err and code in (0, 1)
    book = load_workbook(tmp_path / "out.xlsx")
    texts = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert "'=1+2\ufffd.txt" in texts
    assert any(t.startswith("'=1+2某某县\ufffd\ufffd数据资源局2023年") for t in texts)


@pytest.mark.parametrize("command", [("check", "--format", "csv"), ("extract", "--format", "csv"),
                                     ("extract", "--format", "long")])
def test_csv_cells_that_begin_as_a_formula_are_neutralised(capsys, tmp_path, monkeypatch, command):
    import csv
    import io

    name = _hostile(tmp_path, monkeypatch)
    _, out, _ = run(capsys, command[0], name, *command[1:])
    cells = [c for row in csv.reader(io.StringIO(out.lstrip("\ufeff"))) for c in row]
    assert "'=1+2\x0b.txt" in cells and not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [c for c in cells if c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit()]


@given(st.text(max_size=20))
def test_inert_text_never_begins_as_a_formula_and_numbers_stay(text):
    from disclint.outputs.csv import inert

    assert not inert(text).startswith(("=", "+", "@", "\t", "\r")) or inert(text)[1:].replace(".", "").isdigit()
    assert inert(text).endswith(text) and inert(-3) == -3 and inert("-3.5") == "-3.5" and inert("-x") == "'-x"


# the terminal: nothing a report or a name brings can act on the screen -------------------------------------------

ACTING = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u200b")


@pytest.mark.parametrize("fmt", ["human", "concise", "github"])
def test_escape_sequences_in_a_report_or_a_file_name_never_reach_the_terminal(capsys, tmp_path, fmt):
    name = tmp_path / "r\x1b]0;pwned\x07\u202e.txt"
    text = generate(seed=2, overrides={"s3.r1.total": "3\x1b[2J"}).text
    text = text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及\x1b[31m整改\u200b措施\x9b")
    name.write_text(text, encoding="utf-8")
    missing = tmp_path / "gone\x1b[2J.txt"
    code, out, err = run(capsys, "check", name, missing, "--format", fmt)
    assert code == 2 and "gone\\x1b[2J.txt" in err
    assert not [c for c in ACTING if c in out + err]
    assert "r\\x1b]0;pwned\\x07\\u202e.txt" in out


def test_concise_escapes_a_newline_in_a_file_name(capsys, tmp_path):
    name = tmp_path / "a\nb.txt"
    name.write_text(generate(seed=2, overrides={"s3.r1.total": "3"}).text, encoding="utf-8")
    _, out, _ = run(capsys, "check", name, "--format", "concise")
    lines = out.splitlines()
    assert all(line.startswith(f"{tmp_path}/a\\x0ab.txt:") for line in lines[:-1]) and len(lines) == 2


def test_stderr_is_restored_after_main(capsys):
    before = sys.stderr
    run(capsys, "rules")
    assert sys.stderr is before


# configuration files: bounded, and only regular files --------------------------------------------------------------

def _bomb(depth: int, at: str) -> str:
    """A YAML “billion laughs” of ``depth`` levels of nine aliases each, set as the value at ``at``."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{k}: &l{k} [{','.join([f'*l{k - 1}'] * 9)}]" for k in range(1, depth)]
    value = f"[{','.join([f'*l{depth - 1}'] * 9)}]"
    return "\n".join(lines) + "\n" + at.format(value) + "\n"


@pytest.mark.parametrize("at", ["edition: {}", "rules:\n  B301:\n    level: {}", "rules:\n  A401:\n    tolerance: {}"])
def test_a_yaml_alias_bomb_is_refused_at_once(capsys, tmp_path, at):
    import time

    config = tmp_path / ".disclint.yaml"
    config.write_text(_bomb(8, at), encoding="utf-8")
    assert len(config.read_bytes()) < 600
    (tmp_path / "r.txt").write_text(generate(seed=2).text, encoding="utf-8")
    start = time.perf_counter()
    code, _, err = run(capsys, "check", tmp_path / "r.txt")
    assert time.perf_counter() - start < 5
    assert code == 2 and "YAML 别名展开后超过 10000 个值" in err


@pytest.mark.parametrize("at", ["edition: {}", "rules:\n  B301:\n    level: {}", "rules:\n  A401:\n    tolerance: {}",
                                "{}: 1"])
def test_an_error_message_quotes_a_large_value_briefly(capsys, tmp_path, at):
    config = tmp_path / ".disclint.yaml"
    config.write_text(_bomb(3, at).replace("{}: 1", "? " + "x" * 5000 + "\n: 1"), encoding="utf-8")
    (tmp_path / "r.txt").write_text(generate(seed=2).text, encoding="utf-8")
    code, _, err = run(capsys, "check", tmp_path / "r.txt")
    assert code == 2 and "配置错误" in err and len(err) < 400


def test_a_recursive_alias_is_refused(capsys, tmp_path):
    config = tmp_path / ".disclint.yaml"
    config.write_text("edition: &a [*a]\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--config", config, "-")
    assert code == 2 and "配置" in err and "内部错误" not in err


@pytest.mark.parametrize("option", ["--config", "--baseline", "extends"])
def test_a_fifo_disclint_would_read_is_refused_without_blocking(tmp_path, option):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    (tmp_path / "r.txt").write_text(generate(seed=2).text, encoding="utf-8")
    args = [option, str(fifo)]
    if option == "extends":
        (tmp_path / ".disclint.yaml").write_text("extends: fifo.yaml\n", encoding="utf-8")
        args = []
    run = subprocess.run([sys.executable, "-m", "disclint", "check", str(tmp_path / "r.txt"), *args],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 2 and "不是普通文件" in run.stderr and "Traceback" not in run.stderr


def test_a_fifo_in_the_cache_is_passed_over(tmp_path):
    env = {**os.environ, "DISCLINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "r.txt").write_text(generate(seed=2).text, encoding="utf-8")
    command = [sys.executable, "-m", "disclint", "check", str(tmp_path / "r.txt")]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    entries = list((tmp_path / "cache").iterdir())
    assert entries
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)


def test_extends_says_only_that_a_file_is_no_configuration(capsys, tmp_path):
    secret = tmp_path / "secrets.yaml"
    secret.write_text("database_password: hunter2\n", encoding="utf-8")
    config = tmp_path / ".disclint.yaml"
    config.write_text("extends: secrets.yaml\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--config", config, tmp_path)
    assert code == 2 and f"“extends”指向的 {secret} 不是 disclint 的配置文件" in err
    assert "database_password" not in err and "hunter2" not in err


# the library ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("edition", ["1999", 2021, "auto"])
def test_an_unknown_edition_is_a_usage_error(tmp_path, edition):
    import disclint
    from disclint.errors import UsageError

    (tmp_path / "r.txt").write_text(generate(seed=2).text, encoding="utf-8")
    for call in (disclint.lint, disclint.extract):
        with pytest.raises(UsageError, match="未知的格式版本"):
            call([str(tmp_path / "r.txt")], edition=edition)
    assert disclint.lint([str(tmp_path / "r.txt")], edition="2021").files[0].edition == "2021"


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="children found in /proc")
def test_sigterm_to_a_batch_ends_its_workers(tmp_path):
    import time

    text = generate(seed=2).text
    for k in range(400):
        (tmp_path / f"r{k}.txt").write_text(text, encoding="utf-8")
    batch = subprocess.Popen([sys.executable, "-m", "disclint", "check", "--jobs", "2", "--format", "json", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        try:
            with open(f"/proc/{batch.pid}/task/{batch.pid}/children") as handle:
                return [int(pid) for pid in handle.read().split()]
        except OSError:
            return []

    deadline = time.monotonic() + 30
    while len(children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children()
    assert len(workers) >= 2
    batch.send_signal(signal.SIGTERM)
    assert batch.wait(timeout=30) == -signal.SIGTERM

    def living() -> list[int]:
        out = []
        for pid in workers:
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    if stat.read().split()[2] != "Z":
                        out.append(pid)
            except OSError:  # gone
                pass
        return out

    deadline = time.monotonic() + 10  # a loaded machine may take a moment to end them
    while living() and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = living()
    for pid in alive:  # the test ends what it started, should the fix fail
        os.kill(pid, signal.SIGKILL)
    assert alive == []


# --annotate on a draft that has comments already ---------------------------------------------------------------------

def _valid_comments(data: bytes) -> list[str]:
    """What is wrong in a Word package's comments: references to comments that do not exist, comments
    relationships other than one, duplicate relationship ids, a comments part without its content type."""
    import io
    import zipfile
    from xml.etree import ElementTree

    package = zipfile.ZipFile(io.BytesIO(data))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    rels = ElementTree.fromstring(package.read("word/_rels/document.xml.rels"))
    ids = [r.get("Id") for r in rels]
    comments = [r for r in rels if r.get("Type", "").endswith("/comments")]
    problems = [f"{len(comments)} comments relationships"] if len(comments) != 1 else []
    problems += ["duplicate relationship id"] if len(ids) != len(set(ids)) else []
    if comments:
        target = comments[0].get("Target").lstrip("/")
        name = target if target.startswith("word/") else "word/" + target
        part = ElementTree.fromstring(package.read(name))
        made = {c.get(W + "id") for c in part.iter(W + "comment")}
        document = ElementTree.fromstring(package.read("word/document.xml"))
        cited = {e.get(W + "id") for tag in ("commentRangeStart", "commentRangeEnd", "commentReference")
                 for e in document.iter(W + tag)}
        problems += [f"comments {sorted(cited - made)} do not exist"] if cited - made else []
        problems += ["duplicate comment ids"] if len(made) != len(list(part.iter(W + "comment"))) else []
        types = package.read("[Content_Types].xml").decode()
        problems += ["no content type"] if f'PartName="/{name}"' not in types else []
    return problems


def _rewritten(data: bytes, changes: dict) -> bytes:
    """A Word package with some parts' text changed by functions (part name → function of its text)."""
    import io
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            text = source.read(info.filename)
            copy.writestr(info, changes[info.filename](text.decode()).encode() if info.filename in changes else text)
    return out.getvalue()


RELS, COMMENTS = "word/_rels/document.xml.rels", "word/comments.xml"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DRAFTS_WITH_COMMENTS = {
    "as disclint wrote it": {},
    "Target before Type": {RELS: lambda t: t.replace('Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                                     'relationships/comments" Target="comments.xml"',
                                                     'Target="comments.xml" Type="http://schemas.openxmlformats.org/'
                                                     'officeDocument/2006/relationships/comments"')},
    "an absolute target": {RELS: lambda t: t.replace('Target="comments.xml"', 'Target="/word/comments.xml"')},
    "another prefix": {COMMENTS: lambda t: t.replace("w:", "x:").replace("xmlns:w=", "xmlns:x=")},
    "no comments yet": {COMMENTS: lambda t: t[:t.index("<w:comments")] + f"<w:comments {_W}/>",
                        "word/document.xml": lambda t: re.sub(r'<w:commentRange(Start|End) w:id="\d+"/>|<w:r><w:rPr>'
                                                              r'<w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference'
                                                              r' w:id="\d+"/></w:r>', "", t)},
    "our relationship id taken": {RELS: lambda t: t.replace('Id="rIdDisclintComments" Type="http://schemas.openxml'
                                                            'formats.org/officeDocument/2006/relationships/comments"',
                                                            'Id="rIdDisclintComments" Type="x/other"')},
}


@pytest.mark.parametrize("variant", DRAFTS_WITH_COMMENTS)
def test_annotate_adds_to_the_comments_a_draft_has(capsys, tmp_path, variant):
    from documents import as_docx

    draft = tmp_path / "draft.docx"
    draft.write_bytes(as_docx(generate(seed=2, layout="pipes", overrides={"s3.r1.total": "3"}).text
                              .replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")))
    code, _, err = run(capsys, "check", draft, "--annotate", tmp_path / "once.docx")
    assert code == 1 and not _valid_comments((tmp_path / "once.docx").read_bytes())
    commented = tmp_path / "commented.docx"
    commented.write_bytes(_rewritten((tmp_path / "once.docx").read_bytes(), DRAFTS_WITH_COMMENTS[variant]))
    code, _, err = run(capsys, "check", commented, "--annotate", tmp_path / "twice.docx")
    assert code == 1 and "条批注写入" in err, err
    assert _valid_comments((tmp_path / "twice.docx").read_bytes()) == []


def test_a_refused_annotate_exits_non_zero(capsys, tmp_path):
    from documents import as_docx

    draft = tmp_path / "draft.docx"
    draft.write_bytes(as_docx(generate(seed=2, layout="pipes", overrides={"s3.r1.total": "3"}).text))
    run(capsys, "check", draft, "--annotate", tmp_path / "once.docx")
    foreign = tmp_path / "foreign.docx"  # its comments part is not WordprocessingML's
    foreign.write_bytes(_rewritten((tmp_path / "once.docx").read_bytes(), {COMMENTS: lambda t: "<comments/>"}))
    code, _, err = run(capsys, "check", foreign, "--annotate", tmp_path / "out.docx")
    assert code == 2 and "未写批注副本" in err and not (tmp_path / "out.docx").exists()


# the review page ---------------------------------------------------------------------------------------------------

INJECTED = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\u202egnp.exe\u200b'


def test_the_review_pages_escape_everything_a_report_brings(capsys, tmp_path):
    import base64
    import hashlib
    import html.parser

    names = [tmp_path / "a<b\">\u202e.txt", tmp_path / "b.txt"]
    for name in names:
        text = generate(seed=2, overrides={"s3.r1.total": INJECTED}).text
        name.write_text(text.replace("某某县数据资源局", "某某县" + INJECTED + "局", 2)
                        .replace("五、存在的主要问题及改进情况", "五、存在的主要问题及" + INJECTED), encoding="utf-8")
    code, _, err = run(capsys, "check", *names, "--format", "html", "--output-file", tmp_path / "review")
    assert "内部错误" not in err
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "review").iterdir()}
    assert len(pages) == 3 and any(INJECTED.split(">")[0].replace("<", "&lt;") in page for page in pages.values())

    class Elements(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.scripts, self.policy, self.inside = [], [], None, False

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            attrs = dict(attrs)
            self.inside = tag == "script"
            if attrs.get("http-equiv") == "Content-Security-Policy":
                self.policy = attrs["content"]
            assert not [a for a in attrs if a.startswith("on")]

        def handle_data(self, data):
            if self.inside:
                self.scripts.append(data)
                self.inside = False

    for name, page in pages.items():
        parsed = Elements()
        parsed.feed(page)
        assert "img" not in parsed.tags and not [c for c in ("\u202e", "\u200b") if c in page]
        assert "default-src 'none'" in parsed.policy
        if name == "index.html":
            digest = base64.b64encode(hashlib.sha256(parsed.scripts[0].encode()).digest()).decode()
            assert len(parsed.scripts) == 1 and f"script-src 'sha256-{digest}'" in parsed.policy
        else:
            assert parsed.scripts == [] and "script-src 'none'" in parsed.policy


# PDFs that draw more than any report ------------------------------------------------------------------------------

def _pdf(content: bytes, form: bytes | None = None) -> bytes:
    """A one-page PDF written by hand: ``content`` (Flate-compressed) with a line of text, and ``form`` as the
    form XObject /F it may use."""
    import zlib

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        packed = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n%s\nendstream" % (len(packed), extra, packed)

    resources = b"/Font << /T 4 0 R >>" + (b" /XObject << /F 6 0 R >>" if form else b"")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << %s >> /Contents 5 0 R >>" % resources,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               stream(b"BT /T 12 Tf 72 720 Td (annual report 2023) Tj ET\n" + content)]
    if form:
        objects.append(stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800]"))
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return bytes(out)


FORM_BOMB = _pdf(b"/F Do\n" * 4000, b"0 0 m 1 1 l S\n" * 5000)  # measured: abort at 4 GB after 26 s; now 0.2 s, 23 MB
SEGMENTS = _pdf(b"0 0 m\n" + b"1 1 l\n" * 3_000_000 + b"S\n")  # measured: 22 s, 507 MB; now 0.25 s, 58 MB


from disclint.readers.pdf import TOO_COMPLEX  # noqa: E402  (beside the tests that need it)


@pytest.mark.parametrize("data", [FORM_BOMB, SEGMENTS], ids=["a form used 4,000 times", "3 million segments"])
def test_a_pdf_that_draws_more_than_any_report_is_one_finding_at_once(tmp_path, data):
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    assert len(data) < 140_000
    run = subprocess.run([sys.executable, "-c", "import resource, sys\n"
                          "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a bomb fails here, not the machine\n"
                          "from disclint.cli import main\nsys.exit(main(sys.argv[1:]))",
                          "check", str(path), "--format", "concise"], capture_output=True, text=True, timeout=20)
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines()[0] == f"{path}:1:1: P001 [error] {TOO_COMPLEX}" and run.stdout.count("P001") == 1


def test_a_page_is_bounded_before_its_segments_are_collected(monkeypatch):
    """What the file's streams do not show (a filter read only by PDFium) is bounded on the loaded page."""
    import disclint.readers.pdf as pdf
    from disclint.api import lint_bytes

    monkeypatch.setattr(pdf, "_drawing", lambda data: 0)
    monkeypatch.setattr(pdf, "MAX_SEGMENTS", 1_000)
    result = lint_bytes("r.pdf", _pdf(b"0 0 m\n" + b"1 1 l\n" * 1_001 + b"S\n"))
    assert [(f.code, f.message) for f in result.findings] == [("P001", pdf.TOO_COMPLEX)]
    assert lint_bytes("r.pdf", _pdf(b"0 0 m\n" + b"1 1 l\n" * 999 + b"S\n")).status != "unreadable"


def _lzw_encoded(data: bytes) -> bytes:
    """LZWEncode as PDF writers do it (9- to 12-bit codes, early change, a clear code before the table is full)."""
    table, following, out, buffer, bits, word = {bytes([k]): k for k in range(256)}, 258, bytearray(), 0, 0, b""

    def emit(code):
        nonlocal buffer, bits
        buffer, bits = (buffer << following.bit_length()) | code, bits + following.bit_length()
        while bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xFF)

    emit(256)
    for byte in data:
        if word + bytes([byte]) in table:
            word += bytes([byte])
            continue
        emit(table[word])
        table[word + bytes([byte])], following, word = following, following + 1, bytes([byte])
        if following == 4094:
            emit(256)
            table, following = {bytes([k]): k for k in range(256)}, 258
    emit(table[word])
    emit(257)
    return bytes(out) + (bytes([(buffer << (8 - bits)) & 0xFF]) if bits else b"")


def test_the_estimate_reads_the_filters_pdf_writers_use():
    import base64
    import zlib

    from disclint.readers.pdf import _drawing, _lzw

    varied = b"".join(b"%d %d m %d %d l S\n" % (k, k * 7 % 1000, k % 97, k * 3) for k in range(3000))
    assert _lzw(_lzw_encoded(varied), 1 << 30) == varied  # past 9, 10 and 11 bits, and a clear code
    drawing = b"0 0 m 1 1 l 2 2 l S 0 0 10 10 re f\n" * 10  # 30 segments and 10 rectangles: 70
    for filters, data in [(b"", drawing), (b"/Filter /FlateDecode", zlib.compress(drawing)),
                          (b"/Filter [/ASCII85Decode /FlateDecode]", base64.a85encode(zlib.compress(drawing)) + b"~>"),
                          (b"/Filter /AHx", drawing.hex().encode() + b">"), (b"/Filter /LZWDecode", _lzw_encoded(drawing)),
                          (b"/Filter /RunLengthDecode", b"".join(bytes([len(drawing[k:k + 128]) - 1]) + drawing[k:k + 128]
                                                                 for k in range(0, len(drawing), 128)) + b"\x80")]:
        pdf = b"1 0 obj\n<< /Length %d %s >>\nstream\n%s\nendstream\nendobj\n" % (len(data), filters, data)
        assert _drawing(pdf) == 70, filters


def test_a_dense_grid_of_ruling_lines_is_refused_at_once(tmp_path):
    """400 segments drawing a 200 × 200 grid: 40,000 corners, which took the table finder minutes."""
    import time

    from disclint.api import lint_bytes

    grid = b"".join(b"0 %d m 800 %d l S\n%d 0 m %d 800 l S\n" % (4 * k, 4 * k, 4 * k, 4 * k) for k in range(200))
    start = time.perf_counter()
    result = lint_bytes("r.pdf", _pdf(grid))
    assert time.perf_counter() - start < 3
    assert [(f.code, f.message) for f in result.findings] == [("P001", TOO_COMPLEX)]


def test_the_table_finder_finds_a_large_table_as_before():
    from disclint.readers.lattice import tables

    lines = [(0, 10 * k, 500, 10 * k) for k in range(61)] + [(50 * k, 0, 50 * k, 600) for k in range(11)]
    found = tables(lines)
    assert len(found) == 1 and len(found[0].cells) == 600 and len(found[0].grid()) == 60


# conventions ---------------------------------------------------------------------------------------------------------

def test_concise_is_path_line_col_for_every_form(capsys, tmp_path):
    from documents import as_docx, as_pdf

    text = generate(seed=2, layout="pipes", overrides={"s3.r1.total": "3"}).text \
        .replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    (tmp_path / "d.docx").write_bytes(as_docx(text))
    (tmp_path / "p.pdf").write_bytes(as_pdf(text))
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "check", tmp_path, "--format", "concise")
    lines = out.splitlines()[:-1]
    pattern = re.compile(rf"^{re.escape(str(tmp_path))}/[dpt]\.(docx|pdf|txt):\d+:\d+: [A-Z]\d{{3}} \[(error|warning|info)\] ")
    assert len(lines) == 6 and all(pattern.match(line) for line in lines), lines
    assert f"{tmp_path}/d.docx:13:1: S104 [warning] 第13段：章节标题应为" in out
    assert f"{tmp_path}/d.docx:1:1: B303 [error] 表2 第7行 第8列（表三）：表三“（一）予以公开”行" in out
    assert f"{tmp_path}/p.pdf:2:1: S104 [warning] 第2页：章节标题应为" in out


def test_a_run_that_finds_no_report_says_so(capsys, tmp_path):
    (tmp_path / "notes.wps.bak").write_text("x", encoding="utf-8")
    for command in ("check", "extract"):
        code, _, err = run(capsys, command, tmp_path)
        assert code == 0 and "未找到报告文件" in err


def test_html_for_several_files_wants_a_folder_not_a_page_name(capsys, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(generate(seed=2).text, encoding="utf-8")
    code, _, err = run(capsys, "check", tmp_path / "a.txt", tmp_path / "b.txt", "--format", "html",
                       "--output-file", tmp_path / "x.html")
    assert code == 2 and "需要 --output-file 目录" in err and not (tmp_path / "x.html").exists()


def test_openpyxl_is_a_dependency_imported_only_for_xlsx():
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("openpyxl") for d in project["dependencies"])
    run = subprocess.run([sys.executable, "-c", "import sys\nfrom disclint.cli import main\nmain(['rules'])\n"
                          "print('openpyxl' in sys.modules)"], capture_output=True, text=True)
    assert run.stdout.splitlines()[-1] == "False"


def test_the_pre_commit_documentation_names_no_revision_that_does_not_exist():
    from pathlib import Path

    docs = (Path(__file__).parent.parent / "docs" / "integration.md").read_text(encoding="utf-8")
    revisions = re.findall(r"^\s*rev:\s*(\S+)", docs, re.M)
    tags = subprocess.run(["git", "tag"], capture_output=True, text=True, cwd=Path(__file__).parent).stdout.split()
    assert revisions and all(r.startswith("<") or r in tags for r in revisions)


@pytest.mark.parametrize("platform, variable, expected", [
    ("win32", "LOCALAPPDATA", "{value}/disclint"), ("darwin", "XDG_CACHE_HOME", "{home}/Library/Caches/disclint"),
    ("linux", "XDG_CACHE_HOME", "{value}/disclint")])
def test_the_cache_lives_in_the_platforms_cache_folder(tmp_path, monkeypatch, platform, variable, expected):
    from disclint import cache

    monkeypatch.delenv("DISCLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(variable, str(tmp_path / "value"))
    monkeypatch.setattr(sys, "platform", platform)
    assert cache.folder() == expected.format(value=tmp_path / "value", home=tmp_path / "home").replace("/", os.sep)


def test_a_read_only_cache_is_read(tmp_path, monkeypatch):
    from disclint import cache

    monkeypatch.setenv("DISCLINT_CACHE_DIR", str(tmp_path))
    assert cache.load_or_build("t", (__file__,), lambda: {"a": 1}) == {"a": 1}
    real = os.open
    monkeypatch.setattr(os, "open", lambda path, flags, *a: (_ for _ in ()).throw(PermissionError(13, "read-only"))
                        if flags & os.O_CREAT else real(path, flags, *a))
    monkeypatch.setattr(os, "access", lambda path, mode: not mode & os.W_OK)
    assert cache.load_or_build("t", (__file__,), lambda: pytest.fail("rebuilt")) == {"a": 1}
    assert cache.load_or_build("u", (__file__,), lambda: {"b": 2}) == {"b": 2}


# editors read Chinese only ------------------------------------------------------------------------------------------

def _slugs(text: str) -> list[str]:
    """The rules' English names (balance.row-total) in ``text``."""
    from disclint.rules.registry import RULES

    return [rule.name for rule in RULES if rule.name in text]


def test_editors_outputs_name_rules_in_chinese_never_by_slug(capsys, tmp_path):
    import zipfile

    from documents import as_docx

    text = generate(seed=2, layout="pipes", overrides={"s3.r1.total": "3"}).text \
        .replace("（某府办发〔2023〕12号）", "（某府办发〔202312号）")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    _, human, _ = run(capsys, "check", tmp_path / "r.txt")
    assert not _slugs(human) and "B303" in human and "表三某行总计不等于各申请人类别之和" in human
    _, page, _ = run(capsys, "check", tmp_path / "r.txt", "--format", "html")
    assert not _slugs(page) and "表三某行总计不等于各申请人类别之和" in page
    (tmp_path / "d.docx").write_bytes(as_docx(text))
    run(capsys, "check", tmp_path / "d.docx", "--annotate", tmp_path / "out.docx")
    comments = zipfile.ZipFile(tmp_path / "out.docx").read("word/comments.xml").decode()
    assert "B303 错误（表三某行总计不等于各申请人类别之和）" in comments and not _slugs(comments)
    _, out, _ = run(capsys, "check", tmp_path / "r.txt", "--format", "json")
    assert "balance.row-total" in out  # the machine formats keep the slugs


def test_rule_documentation_is_rendered_not_shown_as_markdown(capsys):
    code, out, _ = run(capsys, "rule", "B303")
    assert code == 0 and "**" not in out and "检查内容。 E3" in out
    assert not [line for line in out.splitlines() if line != line.rstrip()]


def test_the_review_page_marks_only_the_cell_a_finding_is_about(capsys, tmp_path):
    (tmp_path / "r.txt").write_text(generate(seed=2, overrides={"s3.r1.total": "3"}).text, encoding="utf-8")
    _, page, _ = run(capsys, "check", tmp_path / "r.txt", "--format", "html")
    flagged = re.findall(r'<td id="cell-([^"]+)"[^>]*class="flag-', page)
    assert flagged == ["s3.r1.total"]
    assert "应为 7，实为 3" in page and "None" not in page
    assert "<small>（三）不予公开</small> 1.属于国家秘密" in page


def test_the_unfilled_template_says_so_and_fails_strict(capsys, tmp_path):
    from disclint.api import template

    (tmp_path / "r.txt").write_text(template(year=2024), encoding="utf-8")
    code, out, _ = run(capsys, "check", tmp_path / "r.txt", "--strict")
    assert code == 1 and "1 个文件尚未填完报告框架" in out.splitlines()[-1]


# encodings said -----------------------------------------------------------------------------------------------------

def _utf8_twice(text: str, decoder: str) -> bytes:
    return text.encode("utf-8").decode(decoder, errors="replace").encode("utf-8")


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["cells", "pipes", "html"]),
       st.sampled_from(["utf-7", "cp1252", "latin-1"]))
def test_utf7_and_double_encoded_utf8_are_named_in_one_finding(seed, layout, how):
    from disclint.api import lint_bytes

    text = generate(seed=seed, layout=layout).text
    data = text.encode("utf-7") if how == "utf-7" else _utf8_twice(text, how)
    result = lint_bytes("r.html" if layout == "html" else "r.txt", data)
    assert [f.code for f in result.findings] == ["P001"]
    said = result.findings[0].message
    assert ("UTF-7 编码" in said) if how == "utf-7" else ("两次编码的 UTF-8 乱码" in said)
    assert "另存为 UTF-8" in said or "按 UTF-8 另存" in said
    assert lint_bytes("r.txt", text.encode("utf-8")).status == "checked"


@given(st.text(max_size=300), st.sampled_from(["", "政府信息公开工作年度报告" * 3]))
def test_text_without_a_hidden_report_is_never_called_misencoded(text, chinese):
    from disclint.readers.text import _misencoded

    assert _misencoded(chinese + text) is None


def test_two_fix_runs_on_one_file_never_lose_either_edit(tmp_path):
    """Both checked the same bytes; the first writes its fixes; the second, whose fixes were planned on the
    old bytes, is refused, and a run after both finds the first's edits kept and nothing left to fix."""
    import disclint
    from disclint.fixes import Changed, fix

    path = tmp_path / "r.txt"
    path.write_text(_fixable(), encoding="utf-8")
    first, second = (disclint.lint([str(path)], keep=("sha256",)).files[0] for _ in range(2))
    made, _, _ = fix(first, write=True)
    fixed = path.read_bytes()
    with pytest.raises(Changed):
        fix(second, write=True)
    assert len(made) == 3 and path.read_bytes() == fixed
    assert fix(disclint.lint([str(path)], keep=("sha256",)).files[0], write=True)[0] == []


def test_annotate_refuses_to_write_over_its_input(capsys, tmp_path):
    from documents import as_docx

    draft = tmp_path / "draft.docx"
    draft.write_bytes(as_docx(generate(seed=2, layout="pipes", overrides={"s3.r1.total": "3"}).text))
    before = draft.read_bytes()
    (tmp_path / "same.docx").symlink_to(draft)
    for target in (draft, tmp_path / "same.docx"):
        code, _, err = run(capsys, "check", draft, "--annotate", target)
        assert code == 2 and "不能是被检查的文件本身" in err and draft.read_bytes() == before


def test_an_encrypted_pdf_whose_drawing_cannot_be_estimated_is_read_apart(tmp_path):
    """An encrypted file's streams do not decode, so a form bomb in one is not seen before PDFium loads the
    page: the page is loaded in a child of bounded memory, whose death is one finding, not disclint's."""
    path = tmp_path / "r.pdf"
    path.write_bytes(FORM_BOMB.replace(b"%PDF-1.7\n", b"%PDF-1.7\n% /Encrypt\n", 1))  # seen as encrypted
    code = ("import sys\nimport disclint.readers.pdf as pdf\npdf._drawing = lambda data: 0\n"
            "pdf.CHILD_MEMORY = 512 << 20\nfrom disclint.cli import main\nsys.exit(main(sys.argv[1:]))")
    run = subprocess.run([sys.executable, "-c", code, "check", str(path), "--format", "concise"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and run.stdout.splitlines()[0] == f"{path}:1:1: P001 [error] {TOO_COMPLEX}"


def test_an_encrypted_pdf_is_read_as_any_other():
    from documents import as_pdf

    from disclint.api import lint_bytes

    data = as_pdf(generate(seed=2, layout="pipes", overrides={"s3.r1.total": "3"}).text)
    plain = lint_bytes("r.pdf", data)
    isolated = lint_bytes("r.pdf", data.replace(b"\n", b"\n% /Encrypt\n", 1))
    assert [f.to_json() for f in isolated.findings] == [f.to_json() for f in plain.findings]
    assert [f.code for f in plain.findings] == ["B303"]
