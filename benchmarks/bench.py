"""Benchmarks of disclint on this machine (a script, not a test): medians of repeated runs, min–max,
and each figure as a ratio to ``python -c pass`` measured in the same run.

    python benchmarks/bench.py [--quick] [--pdf] [--pairs]

Measures cold start (JSON and human output on one report), throughput on a folder of generated reports
with --jobs 1 and the default jobs, the batch's peak memory per process, scaling with report length
(in-process, so that start-up does not hide it), and PDFs (``--pdf``: these alone): a 6-page report against
the PDF library's own text extraction, and a folder of 200 PDFs with --jobs 2 (the PDFs are made by
tests/documents.py, with reportlab from the test extras; without it the PDF part is skipped).
Uses the seed report beside the checkout when present, a generated report otherwise.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_026ff46b06e7a98a.txt"
DISCLINT = [sys.executable, "-m", "disclint"]


def timed(command, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        runs.append(time.perf_counter() - start)
    return runs


def describe(name: str, runs: list[float], baseline: float, unit: str = "ms", scale: float = 1000) -> str:
    median = statistics.median(runs)
    return (f"{name:<44} {median * scale:9.1f} {unit}  (min {min(runs) * scale:.1f}, max {max(runs) * scale:.1f})"
            f"  ×{median / baseline:.1f} python")


def generate_folder(folder: Path, count: int, scale: int = 1) -> None:
    from disclint.synth import generate

    for index in range(count):
        synthetic = generate(seed=index, edition=("2019", "2021")[index % 2], busy=True, blank_lines=True)
        text = synthetic.text
        if scale > 1:  # more narrative: section 一 repeated
            head, tail = text.split("二、主动公开政府信息情况", 1)
            body = head.split("一、总体情况", 1)[1]
            text = head + body * (scale - 1) + "二、主动公开政府信息情况" + tail
        (folder / f"report-{index:05d}.txt").write_text(text, encoding="utf-8")


def peak_memory_mib(command) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a smaller batch")
    parser.add_argument("--pairs", action="store_true", help="only the cost of pairing years in a batch")
    parser.add_argument("--pdf", action="store_true", help="only the PDF measures")
    args = parser.parse_args()
    repeat, batch = (5, 400) if args.quick else (15, 2000)
    if args.pairs:
        pairing(batch, 3 if args.quick else 7)
        return
    if args.pdf:
        with tempfile.TemporaryDirectory() as tmp:
            pdfs(Path(tmp), repeat)
        return

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = SEED if SEED.exists() else tmp / "report.txt"
        if not SEED.exists():
            generate_folder(tmp, 1)
            (tmp / "report-00000.txt").rename(report)
        subprocess.run(DISCLINT + ["check", str(report)], capture_output=True)  # warm the caches
        python = statistics.median(timed([sys.executable, "-c", "pass"], repeat))
        print(f"{'python -c pass':<44} {python * 1000:9.1f} ms")
        print(describe("cold start, --format json", timed(DISCLINT + ["check", "--format", "json", str(report)], repeat), python))
        print(describe("cold start, --format human", timed(DISCLINT + ["check", "--format", "human", str(report)], repeat), python))

        folder = tmp / "batch"
        folder.mkdir()
        generate_folder(folder, batch)
        for jobs in ("1", str(os.cpu_count() or 1)):
            command = DISCLINT + ["check", "--format", "json", "--jobs", jobs, str(folder)]
            runs = timed(command, 3)
            median = statistics.median(runs)
            print(f"{f'{batch} reports, --jobs {jobs}':<44} {median:9.2f} s   ({batch / median:.0f} reports/s, "
                  f"min {min(runs):.2f}, max {max(runs):.2f})  ×{median / python:.0f} python")
        print(f"{'peak memory of one process (batch, --jobs 1)':<44} "
              f"{peak_memory_mib(DISCLINT + ['check', '--format', 'json', '--jobs', '1', str(folder)]):9.1f} MiB")

        scaling()
        pdfs(tmp, repeat)
    pairing(batch, 3 if args.quick else 7)


def pairing(batch: int, repeat: int) -> None:
    """What pairing years adds to a batch: a folder of ``batch`` reports, one agency in five consecutive
    years each (an edition change among them), checked with the pair rules and without (``--ignore pair``),
    the two runs alternating so that the machine's drift falls on both."""
    from disclint.synth import series

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for agency in range(batch // 5):
            for report in series(seed=agency * 5, years=range(2019, 2024), agency=f"某某县第{agency}局"):
                (folder / f"{agency:04d}-{report.year}.txt").write_text(report.text, encoding="utf-8")
        jobs = str(os.cpu_count() or 1)
        command = DISCLINT + ["check", "--format", "json", "--jobs", jobs, str(folder)]
        subprocess.run(command, capture_output=True)
        paired, alone = [], []
        for _ in range(repeat):
            paired += timed(command, 1)
            alone += timed(command + ["--ignore", "pair"], 1)
        with_pairs, without = statistics.median(paired), statistics.median(alone)
        print(f"{f'{batch} reports of {batch // 5} agencies × 5 years, --jobs {jobs}':<44} {with_pairs:9.2f} s paired, "
              f"{without:.2f} s without pair rules: ×{with_pairs / without:.3f} ({repeat} alternating runs each)")


def pdfs(tmp: Path, repeat: int) -> None:
    """A 6-page PDF report (the command, and in-process), and a folder of 200 with --jobs 2, against
    pypdfium2's (and pdfplumber's) own extraction. Half the PDFs are drawn in the official layout (表三's
    vertical group cells, the header repeated where a table breaks), half as a word processor draws pipe rows."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from documents import as_official_pdf, as_pdf
    except ImportError:
        print("PDF measures skipped: reportlab is not installed (pip install '.[test]')")
        return
    from disclint.api import lint_bytes
    from disclint.synth import generate

    def report(seed: int) -> bytes:
        edition = ("2019", "2021")[seed % 2]
        text = generate(seed=seed, edition=edition, busy=True, layout="pipes").text
        head, tail = text.split("二、主动公开政府信息情况", 1)
        body = head.split("一、总体情况", 1)[1]
        text = head + body * 16 + "二、主动公开政府信息情况" + tail  # 6 pages
        return as_official_pdf(text, edition) if seed % 4 < 2 else as_pdf(text)

    one = tmp / "report.pdf"
    one.write_bytes(report(0))
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(one)))
    python = statistics.median(timed([sys.executable, "-c", "pass"], repeat))
    subprocess.run(DISCLINT + ["check", str(one)], capture_output=True)
    print(describe(f"one PDF of {pages} pages, check --format json", timed(DISCLINT + ["check", "--format", "json", str(one)],
                                                                     repeat), python))
    data, inside = one.read_bytes(), []
    lint_bytes(one.name, data)
    for _ in range(repeat):
        start = time.perf_counter()
        lint_bytes(one.name, data)
        inside.append(time.perf_counter() - start)
    print(describe("  the same, in-process (start-up excluded)", inside, python))
    extract = ("import sys, pypdfium2; d = pypdfium2.PdfDocument(sys.argv[1]); "
               "[p.get_textpage().get_text_range() for p in d]")
    print(describe("  pypdfium2's own text extraction alone", timed([sys.executable, "-c", extract, str(one)], repeat),
                   python))
    plumber = "import sys, pdfplumber; [p.extract_text() for p in pdfplumber.open(sys.argv[1]).pages]"
    if subprocess.run([sys.executable, "-c", "import pdfplumber"], capture_output=True).returncode == 0:
        print(describe("  pdfplumber's extract_text alone (not used)", timed([sys.executable, "-c", plumber, str(one)], 5),
                       python))
    folder = tmp / "pdfs"
    folder.mkdir()
    for index in range(200):
        (folder / f"report-{index:03d}.pdf").write_bytes(report(index))
    runs = timed(DISCLINT + ["check", "--format", "json", "--jobs", "2", str(folder)], 3)
    median = statistics.median(runs)
    print(f"{'200 PDFs, --jobs 2':<44} {median:9.2f} s   ({200 / median:.1f} reports/s, "
          f"min {min(runs):.2f}, max {max(runs):.2f})")
    print(f"{'peak memory of one process (200 PDFs, --jobs 1)':<44} "
          f"{peak_memory_mib(DISCLINT + ['check', '--format', 'json', '--jobs', '1', str(folder)]):9.1f} MiB")


def scaling() -> None:
    """Time per MiB of one report made 10× and 100× longer, in-process (start-up excluded)."""
    from disclint.api import lint_bytes

    base = None
    for scale in (1, 10, 100):
        folder = Path(tempfile.mkdtemp())
        generate_folder(folder, 1, scale)
        data = next(folder.iterdir()).read_bytes()
        lint_bytes("warm.txt", data)
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            lint_bytes("r.txt", data)
            runs.append(time.perf_counter() - start)
        median = statistics.median(runs)
        base = base or median
        print(f"{f'report ×{scale} ({len(data) / 1024:.0f} KiB), in-process':<44} {median * 1000:9.1f} ms  "
              f"(×{median / base:.1f} the time of ×1; {median / (len(data) / 1048576):.2f} s per MiB)")


if __name__ == "__main__":
    main()
