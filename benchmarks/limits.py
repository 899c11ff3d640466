"""Scaling and limits (a script, not a test): time and peak memory of one disclint process per input, as
inputs grow to the largest accepted (20 MB) and past the limits (docs/performance.md, "Limits").

    python benchmarks/limits.py [--quick]

Each input is checked in a fresh process (``disclint check --format json``) three times (once with
--quick); the table gives the median wall time, the peak resident memory, the time per MiB and the
findings' codes (a refused input shows P001). Inputs: a generated report with its narrative repeated (more
lines), its paragraphs made long (more bytes in fewer lines), one paragraph of the whole size, one table row
of many cells, a crawler's run-together copy repeated, a web page of many rows, and two hostile Word drafts
(a zip bomb declaring 1 GB, 50 MB of empty paragraphs).
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIB = 1 << 20
#: The child measures itself, so that the figures are disclint's own and not the shell's.
#: Peak memory is the process's high-water mark (VmHWM): ru_maxrss would count the pages a child shares
#: with the benchmark it was forked from.
CHILD = """
import resource, sys, time
start = time.perf_counter()
from disclint.cli import main
code = main(["check", "--format", "json", "--output-file", sys.argv[2], sys.argv[1]])
elapsed = time.perf_counter() - start
try:
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(elapsed, peak, code)
"""
#: The largest input accepted, less room for the report's head and tail.
LARGEST = 20 * (1 << 20) - (64 << 10)


def report(layout: str = "cells") -> str:
    from disclint.synth import generate

    return generate(seed=1, busy=True, layout=layout).text


def _narrative(text: str) -> tuple[str, str, str]:
    head, tail = text.split("二、主动公开政府信息情况", 1)
    intro, body = head.split("一、总体情况", 1)
    return intro + "一、总体情况", body, "二、主动公开政府信息情况" + tail


def more_lines(times: int) -> bytes:
    head, body, tail = _narrative(report())
    return (head + body * times + tail).encode()


def long_paragraphs(size: int) -> bytes:
    """Paragraphs of 10 KB each, as many as make ``size`` bytes."""
    head, body, tail = _narrative(report())
    sentences = [line for line in body.split("\n") if line.strip()]
    paragraph = "".join(sentences)
    paragraph = (paragraph * (10_000 // len(paragraph.encode()) + 1)) + "\n"
    return (head + "\n" + paragraph * max(1, size // len(paragraph.encode())) + tail).encode()


def one_line(size: int) -> bytes:
    head, body, tail = _narrative(report())
    line = body.replace("\n", "")
    return (head + "\n" + line * max(1, size // len(line.encode())) + "\n" + tail).encode()


def wide_row(cells: int) -> bytes:
    return ("一、总体情况\n三、收到和处理政府信息公开申请情况\n| 一、本年新收政府信息公开申请数量 |" + " 0 |" * cells + "\n").encode()


def crawler(size: int) -> bytes:
    page = report("crawler")
    return (page * max(1, size // len(page.encode()))).encode()


def html_rows(size: int) -> bytes:
    row = "<tr><td>行政处罚</td><td>0</td><td>0</td><td>0</td></tr>\n"
    return (f"<html><body><p>一、总体情况</p><table>{row * max(1, size // len(row.encode()))}</table></body></html>").encode()


def word(stream) -> bytes:
    namespace = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document ' + namespace + b"><w:body>")
            for chunk in stream:
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def inputs():
    yield "report ×1 (lines)", "r.txt", more_lines(1)
    yield "report ×10 (lines)", "r.txt", more_lines(10)
    yield "report ×100 (lines)", "r.txt", more_lines(100)
    yield "report ×1000 (lines)", "r.txt", more_lines(1000)
    yield "report ×4000 (lines)", "r.txt", more_lines(4000)
    yield "report ×10000 (lines)", "r.txt", more_lines(10_000)
    for size in (MIB, 10 * MIB, LARGEST):
        yield f"10 KB paragraphs, {round(size / MIB)} MiB", "r.txt", long_paragraphs(size)
    for size in (MIB, 10 * MIB, LARGEST):
        yield f"one paragraph of {round(size / MIB)} MiB", "r.txt", one_line(size)
    yield "a file over 20 MiB", "r.txt", one_line(21 * MIB)
    for cells in (1_000, 10_000, 99_000, 200_000):
        yield f"one row of {cells:,} cells", "r.md", wide_row(cells)
    for size in (1, 10):
        yield f"crawler copy, {size} MiB", "r.txt", crawler(size * MIB)
    for size in (1, 10):
        yield f"web page of table rows, {size} MiB", "r.html", html_rows(size * MIB)
    block = b"<w:p/>" * (1 << 17)
    yield "Word zip bomb (1 GiB inflated)", "r.docx", word(block for _ in range(1024 * MIB // len(block)))
    yield "Word, 50 MiB of empty paragraphs", "r.docx", word(block for _ in range(50 * MIB // len(block)))


def measure(path: Path, out: Path, repeat: int) -> tuple[float, float, str]:
    runs, memory = [], 0.0
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(out)], capture_output=True, text=True,
                              check=True)
        seconds, mib, _ = done.stdout.split()
        runs.append(float(seconds))
        memory = max(memory, float(mib))
    findings = json.loads(out.read_text(encoding="utf-8"))["files"][0]["findings"]
    codes = sorted({f["code"] for f in findings})
    return statistics.median(runs), memory, ",".join(codes) or "—"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one run per input")
    repeat = 1 if parser.parse_args().quick else 3
    print(f"{'input':<46} {'size':>9} {'time':>8} {'s/MiB':>6} {'memory':>9}  findings")
    with tempfile.TemporaryDirectory() as tmp:
        for name, file_name, data in inputs():
            path, out = Path(tmp) / file_name, Path(tmp) / "out.json"
            path.write_bytes(data)
            started = time.perf_counter()
            seconds, memory, codes = measure(path, out, repeat)
            assert time.perf_counter() - started < 120 * repeat, name
            size = len(data) / MIB
            print(f"{name:<46} {size:7.2f} MiB {seconds:7.2f}s {seconds / size:6.2f} {memory:6.0f} MiB  {codes}",
                  flush=True)


if __name__ == "__main__":
    main()
