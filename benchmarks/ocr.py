"""OCR of scanned pages on this machine (a script, not a test): the median time to lint one scanned page and
the peak memory of linting a scanned report, with the OCR extra (``pip install '.[ocr]'``) and reportlab
(the test extra) installed.

    python benchmarks/ocr.py [--reports N] [--dpi D]

Scans are made from generated reports of both editions (tests/documents.py: a PDF, its pages rendered at
``--dpi`` and put back into a PDF without text, as a scanner gives it). Each page is linted alone, in this
process, after one page read to load the models (a batch loads them once per worker); the peak memory is
that of a fresh ``disclint`` process checking a whole scanned report, models and all.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import DISCLINT, peak_memory_mib  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2, help="generated reports to scan (3 pages each)")
    parser.add_argument("--dpi", type=int, default=200, help="the resolution of the scans")
    args = parser.parse_args()

    from documents import as_pdf, as_scan

    from disclint.api import lint_bytes
    from disclint.readers import ocr
    from disclint.synth import generate

    if not ocr.available():
        sys.exit("the OCR extra is not installed: pip install '.[ocr]'")
    scans = [as_scan(as_pdf(generate(seed=k, edition=("2021", "2019")[k % 2], busy=True, layout="pipes").text), args.dpi)
             for k in range(args.reports)]
    pages = [page for scan in scans for page in pages_of(scan)]
    lint_bytes("warm-up.pdf", pages[0])  # the models load once per process
    runs = []
    for page in pages:
        start = time.perf_counter()
        lint_bytes("page.pdf", page)
        runs.append(time.perf_counter() - start)
    print(f"OCR'd page ({len(pages)} pages of {args.reports} scanned reports at {args.dpi} dpi): "
          f"median {statistics.median(runs):.2f} s, min {min(runs):.2f} s, max {max(runs):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scan.pdf"
        path.write_bytes(scans[0])
        start = time.perf_counter()
        peak = peak_memory_mib([*DISCLINT, "check", str(path), "--format", "json", "--exit-zero"])
        print(f"one scanned report ({len(pages_of(scans[0]))} pages) in a fresh process: "
              f"{time.perf_counter() - start:.1f} s, peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
