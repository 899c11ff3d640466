"""OCR of scanned pages on this machine (a script, not a test): the median time to lint one scanned page and
the peak memory of linting a scanned report, with the OCR extra (``pip install '.[ocr]'``) and reportlab
(the test extra) installed.

    python benchmarks/ocr.py [--reports N] [--dpi D] [--runs R]

Scans are made from generated reports of both editions (tests/documents.py: a PDF, its pages rendered at
``--dpi`` and put back into a PDF without text, as a scanner gives it). Each page is linted alone, in this
process, ``--runs`` times, after one page read to load the models (a batch loads them once per worker);
the peak memory is that of a fresh ``disclint`` process checking a whole scanned report, models and all,
each of ``--runs`` processes measured alone and before this process loads the models (a child's peak
counts its parent's at the fork); it varies by some tens of MiB from run to run. The machine's load
average is printed with the figures: on a shared machine they move with it.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import DISCLINT  # noqa: E402


def pages_of(data: bytes) -> list[bytes]:
    """Each page of a PDF as a PDF of its own."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(data)
    out = []
    for index in range(len(source)):
        single = pdfium.PdfDocument.new()
        single.import_pages(source, [index])
        buffer = io.BytesIO()
        single.save(buffer)
        out.append(buffer.getvalue())
    return out


def fresh_run(command: list[str]) -> tuple[float, float]:
    """The wall time (s) and peak memory (MiB) of one process running ``command``: its own resource usage,
    as the kernel accounts it when the process is reaped."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait for it
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2, help="generated reports to scan (3 pages each)")
    parser.add_argument("--dpi", type=int, default=200, help="the resolution of the scans")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure")
    args = parser.parse_args()

    from documents import as_pdf, as_scan

    from disclint.api import lint_bytes
    from disclint.readers import ocr
    from disclint.synth import generate

    if not ocr.available():
        sys.exit("the OCR extra is not installed: pip install '.[ocr]'")
    scans = [as_scan(as_pdf(generate(seed=k, edition=("2021", "2019")[k % 2], busy=True, layout="pipes").text), args.dpi)
             for k in range(args.reports)]
    with tempfile.TemporaryDirectory() as tmp:  # first: a child's peak counts its parent's at the fork
        path = Path(tmp) / "scan.pdf"
        path.write_bytes(scans[0])
        fresh = [fresh_run([*DISCLINT, "check", str(path), "--format", "json", "--exit-zero"]) for _ in range(args.runs)]
    print(f"one scanned report ({len(pages_of(scans[0]))} pages) in a fresh process, {args.runs} runs: "
          f"median {statistics.median(t for t, _ in fresh):.1f} s, peak memory median "
          f"{statistics.median(m for _, m in fresh):.0f} MiB, max {max(m for _, m in fresh):.0f} MiB ({load()})")
    pages = [page for scan in scans for page in pages_of(scan)]
    lint_bytes("warm-up.pdf", pages[0])  # the models load once per process
    runs = []
    for _ in range(args.runs):
        for page in pages:
            start = time.perf_counter()
            lint_bytes("page.pdf", page)
            runs.append(time.perf_counter() - start)
    print(f"OCR'd page ({len(pages)} pages of {args.reports} scanned reports at {args.dpi} dpi, {args.runs} runs each): "
          f"median {statistics.median(runs):.2f} s, min {min(runs):.2f} s, max {max(runs):.2f} s ({load()})")

if __name__ == "__main__":
    main()
