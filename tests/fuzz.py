"""A fuzz target: real-style reports in every input form, mutated, must never break disclint's promises.

For each case a generated report (tables that balance, narrative that agrees) is written in one of the forms
reports reach a reviewer in (one cell per line, pipes, tabs, a crawler's run-together copy, a web page,
Markdown, a Word draft, a PDF), then mutated as real copies and adversaries mutate them: lines deleted,
repeated, shuffled or cut off; numbers of 5,000 digits, ``1e400`` or ``−0`` written into cells; NUL, escape,
bidirectional and zero-width characters, lone surrogates, tabs and wide characters inserted; CR, CRLF or
mixed line ends; one line repeated into a very long one; tags left open in a page; bytes flipped, cut or
inserted. Then:

- linting raises nothing and reports no parse.internal-error (a defect of disclint);
- every finding's line and column exist in the file (for Word and PDF, in the lines read from it), the end
  is never before the start, and cited cells stand on lines of the file;
- linting the same bytes twice gives the same findings.

The command line (``cli_case``) is checked on folders of such files: exit code in {0, 1, 2}, output
byte-identical with ``--jobs 1`` and ``--jobs 2``, the files unchanged.

The test suite runs a few hundred cases (tests/test_fuzz.py). Before a release run the long mode:

    python tests/fuzz.py --cases 10000 --jobs 2   # hypothesis, about 20 minutes on 2 cores
    python tests/fuzz.py --atheris -- -runs=20000    # coverage-guided, where atheris installs
"""
from __future__ import annotations

import functools
import hashlib
import re
import sys
from pathlib import Path

from hypothesis import reject
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

FORMS = ("cells", "pipes", "tabs", "crawler", "html", "markdown", "docx", "pdf")
#: Forms made by a word processor: slower to make, so drawn less often.
SLOW = ("docx", "pdf")
NUMBERS = ("9" * 16, "9" * 400, "9" * 5000, "1e400", "−0", "-0", "0.000000000000001", "1,000,000", "１２", "12件",
           "", "—", "3.", ".5", "+-3", "1" * 15)
CHARACTERS = ("\x00", "\x1b", "\x7f", "\u202e", "\u200f", "\u200b", "\ufeff", "\ud800", "\udfff", "\t", "\r", "\x0c",
              "Ｗ", "😀", "\u0301", "|", " | ", "<", "&amp;", "&#xD800;", "\u3000", "\u2028", "\x85")
MARKUP = ("<table>", "</td>", "<td>", "<tr>", "<!--", "<script>", "]]>", "<p", "</table></table>", "<br/>" * 50)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def edit_lines(lines: list[str], data) -> list[str]:
    operation = data.draw(st.sampled_from(["delete", "duplicate", "shuffle", "truncate", "insert", "number",
                                           "character", "long line"]))
    start = data.draw(st.integers(0, max(0, len(lines) - 1)))
    stop = data.draw(st.integers(start, min(len(lines), start + 40)))
    if operation == "delete":
        del lines[start:stop]
    elif operation == "duplicate":
        lines[start:start] = lines[start:stop]
    elif operation == "shuffle":
        chunk = lines[start:stop]
        data.draw(st.randoms(use_true_random=False)).shuffle(chunk)
        lines[start:stop] = chunk
    elif operation == "truncate":
        del lines[start:]
    elif operation == "insert":
        lines.insert(start, data.draw(st.text(max_size=60)))
    elif operation == "number":
        numbered = [i for i, line in enumerate(lines) if re.search(r"\d", line)]
        if numbered:
            index = data.draw(st.sampled_from(numbered))
            found = list(re.finditer(r"\d+(?:\.\d+)?", lines[index]))
            match = data.draw(st.sampled_from(found))
            lines[index] = lines[index][:match.start()] + data.draw(st.sampled_from(NUMBERS)) + lines[index][match.end():]
    elif operation == "character" and lines:
        line = lines[start]
        at = data.draw(st.integers(0, len(line)))
        lines[start] = line[:at] + data.draw(st.sampled_from(CHARACTERS)) + line[at:]
    elif operation == "long line" and lines:
        times = data.draw(st.integers(2, 2000))
        lines[start] = " ".join([lines[start]] * max(1, min(times, 500_000 // (len(lines[start]) + 1))))
    return lines


def _as_bytes(form: str, text: str, data) -> tuple[str, bytes]:
    """The report text in its form, as (file name, bytes)."""
    if form in SLOW:
        text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]", "", text)
        if form == "docx":
            from documents import as_docx

            return "r.docx", as_docx(text)
        from documents import as_pdf

        if max(map(len, text.split("\n")), default=0) > 20_000:
            reject()  # reportlab breaks a long CJK line in quadratic time: the text forms test long lines
        try:
            return "r.pdf", as_pdf(text.replace("&", "＆").replace("<", "＜").replace(">", "＞"))
        except Exception:  # more than reportlab lays out (a cell taller than a page): no case
            reject()
    ending = data.draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    lines = text.split("\n")
    if ending == "mixed":
        breaks = data.draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=5))
        text = "".join(line + breaks[i % len(breaks)] for i, line in enumerate(lines))
    else:
        text = ending.join(lines)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    raw = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    name = {"html": "r.html", "markdown": "r.md"}.get(form, "r.txt")
    return name, raw


def _edit_bytes(raw: bytes, data) -> bytes:
    operation = data.draw(st.sampled_from(["flip", "cut", "insert"]))
    at = data.draw(st.integers(0, max(0, len(raw) - 1)))
    if operation == "flip" and raw:
        return raw[:at] + bytes([raw[at] ^ data.draw(st.integers(1, 255))]) + raw[at + 1:]
    if operation == "cut":
        return raw[:at]
    return raw[:at] + data.draw(st.binary(min_size=1, max_size=64)) + raw[at:]


@st.composite
def cases(draw, forms=FORMS):
    """(file name, bytes) of a mutated real-style report."""
    from disclint.synth import generate

    form = draw(st.sampled_from(forms))
    options = dict(seed=draw(st.integers(0, 10**6)), edition=draw(st.sampled_from(["2019", "2021"])),
                   busy=draw(st.booleans()))
    layout = {"cells": "cells", "tabs": "pipes", "markdown": "pipes", "docx": "pipes", "pdf": "pipes"}.get(form, form)
    if layout in ("cells",):
        options.update(blank_lines=draw(st.booleans()), split_labels=draw(st.booleans()))
    text = generate(layout=layout, **options).text
    if form in ("tabs", "markdown"):
        from transforms import as_markdown, as_tabs

        text = as_tabs(text) if form == "tabs" else as_markdown(text)
    lines = text.split("\n")
    for _ in range(draw(st.integers(0 if form in SLOW else 1, 3))):
        lines = edit_lines(lines, _Drawer(draw))
    text = "\n".join(lines)
    if form == "html" and draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(MARKUP)) + text[at:]
    name, raw = _as_bytes(form, text, _Drawer(draw))
    if draw(st.integers(0, 9)) == 0:
        raw = _edit_bytes(raw, _Drawer(draw))
    return name, raw


class _Drawer:
    """``draw`` of a composite strategy with the ``data.draw`` interface the editors use."""

    def __init__(self, draw):
        self.draw = draw


def _inside(finding, lines: list[str]) -> bool:
    """Whether a finding's span and the lines of its cells exist in these lines."""
    def exists(line: int, column: int) -> bool:
        return 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1

    return exists(finding.line, finding.column) and exists(finding.end_line, finding.end_column) and \
        all(cell.line is None or 1 <= cell.line <= len(lines) for cell in finding.cells)


def check(name: str, raw: bytes) -> None:
    """The promises for one file, in-process: no exception, no internal error, positions inside, stable."""
    from disclint.api import lint_bytes

    first = lint_bytes(name, raw)
    internal = [f.message for f in first.findings if f.code == "P004"]
    assert not internal, internal
    # the lines read; for a file that could not be read, the file as an editor may show it (UTF-8 or GBK)
    readings = [list(first.lines)] if first.lines else \
        [_LINE_BREAK.split(raw.decode(encoding, "replace")) for encoding in ("utf-8", "gb18030")]
    for finding in first.findings:
        where = (finding.code, finding.line, finding.column, finding.end_line, finding.end_column)
        assert (finding.end_line, finding.end_column) >= (finding.line, finding.column), where
        assert any(_inside(finding, lines) for lines in readings), (where, readings[0][finding.line - 1][:80]
                                                                   if finding.line <= len(readings[0]) else None)
    second = lint_bytes(name, raw)
    assert [f.to_json() for f in first.findings] == [f.to_json() for f in second.findings]
    for finding in _paired(first):  # the mutated report against a clean one of the year before
        assert any(_inside(finding, lines) for lines in readings), (finding.code, finding.line, finding.column)


@functools.cache
def _last_year(year: int):
    """The side of a generated report of the year before ``year`` (the agency the mutated reports have)."""
    from disclint.api import lint_bytes
    from disclint.editions import edition_for_year
    from disclint.pairs import side
    from disclint.synth import generate

    edition = edition_for_year(year - 1)
    if edition is None:
        return None
    return side(lint_bytes("last.txt", generate(seed=1, edition=edition, year=year - 1).text.encode()).report)


def _paired(result) -> list:
    """The pair rules' findings on a result against last year's clean report (none without a year)."""
    from disclint.pairs import side
    from disclint.rules.pair import PairRule
    from disclint.rules.registry import RULES

    report = result.report
    if report is None or report.year is None or report.edition is None or not 2019 < report.year < 2100:
        return []
    before = _last_year(report.year)
    if before is None:
        return []
    this = side(report)
    return [f for rule in RULES if issubclass(rule, PairRule) for f in rule().check_pair(this, before, True)]


def cli_case(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """The promises of the command line on a folder of files: exit code, --jobs, inputs unchanged."""
    import subprocess

    for number, (name, raw) in enumerate(files):
        (folder / f"{number:03d}-{name}").write_bytes(raw)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    outputs = []
    for jobs in ("1", "2"):
        run = subprocess.run([sys.executable, "-m", "disclint", "check", "--format", "json", "--jobs", jobs, str(folder)],
                             capture_output=True, check=False)
        assert run.returncode in (0, 1, 2), run.stderr
        assert b"Traceback" not in run.stderr and "内部错误".encode() not in run.stderr, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == before


def _atheris(argv: list[str]) -> None:
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed here (pip install atheris; it builds on Linux with clang)")
    from hypothesis import given, settings

    import disclint.binder
    import disclint.engine
    import disclint.readers.docx
    import disclint.readers.html
    import disclint.readers.pdf
    import disclint.rules.registry  # noqa: F401  (everything a lint runs, loaded to be instrumented)

    atheris.instrument_all()

    @settings(database=None, deadline=None)
    @given(cases())
    def one(case):
        check(*case)

    atheris.Setup([sys.argv[0], "-max_len=65536", "-len_control=0", *argv], one.hypothesis.fuzz_one_input)
    atheris.Fuzz()


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases to run (default 10,000)")
    parser.add_argument("--folders", type=int, default=20, help="command-line runs over folders of up to 5 cases")
    parser.add_argument("--jobs", type=int, default=1, help="processes, each running its share with its own seed")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided with atheris; arguments after --")
    args, rest = parser.parse_known_args()
    if args.atheris:
        _atheris([a for a in rest if a != "--"])
    elif args.jobs > 1:
        _jobs(args)
    else:
        _run(args.cases, args.folders, args.seed)


def _jobs(args) -> None:
    """The cases shared among processes; each prints its own summary line, and fails alone."""
    import random
    import subprocess

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    shares = [(args.cases + i) // args.jobs for i in range(args.jobs)]
    folders = [max(1, (args.folders + i) // args.jobs) for i in range(args.jobs)]
    children = [subprocess.Popen([sys.executable, __file__, "--cases", str(n), "--folders", str(f), "--seed", str(seed + i)])
                for i, (n, f) in enumerate(zip(shares, folders))]
    codes = [child.wait() for child in children]
    print(f"{args.cases} cases in {args.jobs} processes (seeds {seed}–{seed + args.jobs - 1}): "
          + ("no failure" if not any(codes) else f"failures in {sum(bool(c) for c in codes)} of them"))
    sys.exit(1 if any(codes) else 0)


def _run(count: int, folders: int, seed: int | None) -> None:
    import tempfile
    import time

    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as seeded

    seen: dict[str, int] = {}
    start = time.perf_counter()
    options = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}

    def seeding(test):
        return seeded(seed)(test) if seed is not None else test

    @seeding
    @settings(max_examples=count, **options)
    @given(cases())
    def in_process(case):
        form = case[0].rsplit(".", 1)[1]
        seen[form] = seen.get(form, 0) + 1
        if sum(seen.values()) % 1000 == 0:
            print(f"  {sum(seen.values())} cases, {time.perf_counter() - start:.0f} s", flush=True)
        check(*case)

    @seeding
    @settings(max_examples=max(1, folders), **options)
    @given(st.lists(cases(), min_size=1, max_size=5))
    def command_line(files):
        with tempfile.TemporaryDirectory() as folder:
            cli_case(Path(folder), files)

    in_process()
    middle = time.perf_counter()
    command_line()
    print(f"{count} cases in process ({', '.join(f'{k} {v}' for k, v in sorted(seen.items()))}): "
          f"{middle - start:.0f} s; {folders} folders on the command line: {time.perf_counter() - middle:.0f} s; "
          f"no failure{f' (seed {seed})' if seed is not None else ''}", flush=True)


if __name__ == "__main__":
    main()
