"""Latency of the review service on this machine (a script, not a test): ``disclint serve`` started on a free
loopback port, one report of each form sent to it, alone and as 8 uploads at once.

    python benchmarks/serve.py [--repeat N]

For text, a web page, a Word draft and a 6-page PDF (made by tests/documents.py, with reportlab from the test
extras): the median and p95 of ``POST /api/check`` (the JSON document) and of the editor's page (``POST
/review`` and the review page it leads to: the check, the page, the downloads made and stored), one request
at a time, then 8 at once (each round 8 concurrent uploads of the same form). Figures: docs/performance.md.
"""
from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def reports() -> dict[str, tuple[str, bytes]]:
    """form → (file name, bytes): one generated report as text, HTML, Word, and a 6-page PDF."""
    from documents import as_docx, as_pdf

    from disclint.synth import generate

    pipes = generate(seed=1, layout="pipes").text
    head, tail = pipes.split("二、主动公开政府信息情况", 1)
    body = head.split("一、总体情况", 1)[1]
    import pypdfium2

    for copies in range(10, 40):
        pdf = as_pdf(head + body * copies + "二、主动公开政府信息情况" + tail)
        if len(pypdfium2.PdfDocument(pdf)) >= 6:
            break
    return {"text": ("report.txt", generate(seed=1).text.encode()),
            "HTML": ("report.html", generate(seed=1, layout="html").text.encode()),
            "Word": ("report.docx", as_docx(pipes)),
            f"PDF ({len(pypdfium2.PdfDocument(pdf))} pages)": ("report.pdf", pdf)}


def p95(runs: list[float]) -> float:
    ordered = sorted(runs)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def timed(send, repeat: int, concurrent: int) -> list[float]:
    """Latency of each request: ``repeat`` rounds of ``concurrent`` requests sent at once."""
    def one(_):
        start = time.perf_counter()
        send()
        return time.perf_counter() - start

    runs = []
    with ThreadPoolExecutor(concurrent) as pool:
        for _ in range(repeat):
            runs += list(pool.map(one, range(concurrent)))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10, help="rounds of each measure (default 10)")
    args = parser.parse_args()
    from servers import Server

    with tempfile.TemporaryDirectory() as data:
        server = Server(data, "--workers", str(os.cpu_count() or 1)).start()
        try:
            print(f"{os.cpu_count()} cores; medians and p95 of {args.repeat} rounds, in ms")
            print(f"{'form':<16}{'request':<14}{'alone: median':>14}{'p95':>8}{'8 at once: median':>19}{'p95':>8}")
            for form, (name, data) in reports().items():
                for what, path in (("/api/check", "/api/check"), ("editor's page", "/review")):
                    def send():
                        answer = server.post(path, [("file", name, data)])
                        assert answer.status == 200, answer.text[:200]

                    send()  # the first request of a form warms its reader up in every worker
                    alone = timed(send, args.repeat, 1)
                    together = timed(send, max(2, args.repeat // 2), 8)
                    print(f"{form:<16}{what:<14}{statistics.median(alone) * 1000:>14.0f}{p95(alone) * 1000:>8.0f}"
                          f"{statistics.median(together) * 1000:>19.0f}{p95(together) * 1000:>8.0f}", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
